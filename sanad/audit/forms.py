from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import DATE


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor (e-mail)"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    action = forms.CharField(
        label=_("Action"), required=False, help_text=_("For example: membership or auth.login")
    )
    target = forms.CharField(label=_("Target (code or label)"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end date is before the start date."))
        return data
