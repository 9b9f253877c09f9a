from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.beneficiaries.models import NeedCategory
from sanad.lib.forms import DATE, KeptModelChoiceField, PlausibleDates, VersionedModelForm
from sanad.network.models import Organisation, OrganisationKind
from sanad.reference.models import Establishment, Region
from sanad.reports import release
from sanad.reports.indicators import DEFINITIONS, Scope
from sanad.reports.models import DonorReport, Indicator, Objective, Project, Target


class ScopeForm(PlausibleDates, forms.Form):
    """Period and filters of a dashboard; a CSO chooses only among its own organisations."""

    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("To"), widget=DATE, required=False)
    region = KeptModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    establishment = KeptModelChoiceField(
        label=_("Establishment"),
        queryset=Establishment.objects.order_by("name_fr"),
        required=False,
        empty_label=_("All"),
    )
    category = forms.ChoiceField(
        label=_("Specific needs"), choices=[("", _("All"))] + NeedCategory.choices, required=False
    )
    organisation = KeptModelChoiceField(
        label=_("CSO"), queryset=Organisation.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, reader, **kwargs):
        super().__init__(*args, **kwargs)
        self.reader = reader
        if reader.protected:
            self._published_only()
            return
        csos = Organisation.objects.filter(kind=OrganisationKind.PARTNER_CSO).order_by("name_fr")
        if reader.organisations is not None:
            csos = csos.filter(pk__in=reader.organisations)
            self.fields["organisation"].empty_label = None
            self.fields["organisation"].required = False
        self.fields["organisation"].queryset = csos

    def _published_only(self):
        """Readers of aggregates choose among the published periods, without filters: any
        other choice would be a second table to subtract from the first (reports/release)."""
        self.periods = {p.key: p for p in release.reader_periods()}
        self.fields = {
            "period": forms.ChoiceField(
                label=_("Period"),
                choices=[(key, p.label) for key, p in self.periods.items()],
                required=False,
            )
        }

    def scope(self) -> Scope:
        """The scope chosen, the current year by default; a CSO always sees its own work."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.reader.protected:
            chosen = self.periods.get(data.get("period")) or next(iter(self.periods.values()), None)
            today = timezone.localdate()
            return Scope(chosen.start, chosen.end) if chosen else Scope(today, today)
        today = timezone.localdate()
        start = data.get("start") or date(today.year, 1, 1)
        end = data.get("end") or today
        if end < start:
            start, end = end, start
        organisation = data.get("organisation")
        if self.reader.organisations is not None:
            allowed = self.reader.organisations
            organisation_id = organisation.pk if organisation else (allowed[0] if allowed else 0)
        else:
            organisation_id = organisation.pk if organisation else None
        return Scope(
            start=start,
            end=end,
            region=data["region"].pk if data.get("region") else None,
            establishment=data["establishment"].pk if data.get("establishment") else None,
            category=data.get("category") or "",
            organisation=organisation_id,
        )


class ProjectForm(VersionedModelForm):
    class Meta:
        model = Project
        fields = [
            "name_fr", "name_ar", "overall_objective_fr", "overall_objective_ar", "donor",
            "starts_on", "ends_on",
        ]  # fmt: skip
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "name_fr": forms.TextInput(),
            "name_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "overall_objective_fr": forms.Textarea(attrs={"rows": 2}),
            "overall_objective_ar": forms.Textarea(attrs={"rows": 2, "dir": "rtl"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end must come after the start."))
        return data


class ObjectiveForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["parent", "number", "name_fr", "name_ar"]
        widgets = {
            "name_fr": forms.Textarea(attrs={"rows": 2}),
            "name_ar": forms.Textarea(attrs={"rows": 2, "dir": "rtl"}),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = project.objectives.filter(parent__isnull=True)
        self.fields["parent"].help_text = _("Leave empty for a specific objective.")


class IndicatorForm(VersionedModelForm):
    key = forms.ChoiceField(label=_("Computation"), choices=[(d.key, d.label) for d in DEFINITIONS])

    class Meta:
        model = Indicator
        fields = ["objective", "key", "baseline", "means_of_verification", "position"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = project.objectives.all()


class TargetForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Target
        fields = ["period_start", "period_end", "value"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end must come after the start."))
        return data


class CurrentReportForm(forms.Form):
    project = forms.ModelChoiceField(queryset=Project.objects.none(), label=_("Project"))
    language = forms.ChoiceField(choices=DonorReport.Language.choices, label=_("Language"))


class DonorReportForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = DonorReport
        fields = [
            "project", "period_start", "period_end", "language", "summary", "achievements",
            "difficulties", "next_steps",
        ]  # fmt: skip
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            **{
                f: forms.Textarea(attrs={"rows": 4})
                for f in ("summary", "achievements", "difficulties", "next_steps")
            },
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end must come after the start."))
        return data
