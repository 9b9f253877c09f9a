from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import DATE, VersionedModelForm
from sanad.releases.models import ExpectedRelease, Source


class ReleaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("All"))] + [c for c in Source.choices if c[0] != Source.UNKNOWN],
    )


class ReleaseForm(VersionedModelForm):
    class Meta:
        model = ExpectedRelease
        fields = ["recorded_on", "remission_days", "note"]
        widgets = {"recorded_on": DATE}
