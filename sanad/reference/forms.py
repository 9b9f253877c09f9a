from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import DATE, KeptModelChoiceField, PlausibleDates, VersionedModelForm
from sanad.reference.models import (
    Court,
    Establishment,
    EstablishmentKind,
    HolidayKind,
    PublicHoliday,
    Region,
)


class EstablishmentForm(VersionedModelForm):
    class Meta:
        model = Establishment
        fields = [
            "name_fr",
            "name_ar",
            "kind",
            "city",
            "region",
            "houses_women",
            "houses_minors",
            "opened_on",
            "closed_on",
            "source",
        ]
        widgets = {
            "opened_on": DATE,
            "closed_on": DATE,
            "name_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if (
            data.get("opened_on")
            and data.get("closed_on")
            and data["closed_on"] < data["opened_on"]
        ):
            self.add_error("closed_on", _("An establishment cannot close before it opens."))
        return data


class CourtForm(VersionedModelForm):
    class Meta:
        model = Court
        fields = ["name_fr", "name_ar", "kind", "city", "region", "appeal_court", "to_verify"]
        widgets = {"name_ar": forms.TextInput(attrs={"dir": "rtl"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appeal_court"].queryset = Court.objects.filter(kind="appeal")


class PublicHolidayForm(VersionedModelForm):
    class Meta:
        model = PublicHoliday
        fields = ["date", "name_fr", "name_ar", "kind", "verified"]
        widgets = {"date": DATE, "name_ar": forms.TextInput(attrs={"dir": "rtl"})}


def _all(choices):
    return [("", _("All"))] + list(choices)


class EstablishmentFilterForm(PlausibleDates, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    region = KeptModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=_all(EstablishmentKind.choices)
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), ("closed", _("Closed"))],
    )


class CourtFilterForm(PlausibleDates, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)


class HolidayFilterForm(PlausibleDates, forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=_all(HolidayKind.choices))
    verified = forms.ChoiceField(
        label=_("Verified"),
        required=False,
        choices=[("", _("All")), ("1", _("Verified")), ("0", _("To verify"))],
    )
