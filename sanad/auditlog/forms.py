from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import PeriodFilterForm, organisation_filter


class AuditFilterForm(PeriodFilterForm):
    actor = forms.CharField(label=_("Actor (e-mail)"), required=False)
    organisation = organisation_filter()
    action = forms.CharField(
        label=_("Action"), required=False, help_text=_("For example: membership or auth.login")
    )
    target = forms.CharField(label=_("Target (code or label)"), required=False)
    field_order = ["actor", "organisation", "action", "target", "since", "until"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
