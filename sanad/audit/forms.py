from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import PeriodFilterForm


class AuditFilterForm(PeriodFilterForm):
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
    field_order = ["actor", "organisation", "action", "target", "since", "until"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
