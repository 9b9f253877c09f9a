from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse_lazy
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from sanad.beneficiaries.forms import beneficiary_picker
from sanad.beneficiaries.models import Beneficiary
from sanad.lib.forms import (
    DATE,
    KeptModelChoiceField,
    PeriodFilterForm,
    PlausibleDates,
    VersionedModelForm,
)
from sanad.lib.widgets import Picker
from sanad.network.models import Membership
from sanad.reference.models import Establishment
from sanad.visits.models import FollowUpAction, Observation, Visit
from sanad.visits.taxonomy import SUBITEM_CHOICES

OBSERVATION_ROWS = 4
ACTION_ROWS = 3
REINTEGRATION = [
    ("housing", _("Housing")), ("work", _("Work")), ("health", _("Health")),
    ("documents", _("Documents")), ("family", _("Family")),
]  # fmt: skip

# The establishment is required only for a visit in detention: the form says so.
DETENTION_NEEDS_PLACE = _("Required for a visit in detention.")


def visit_label(visit) -> str:
    """A visit as the picker shows it: its day, kind and establishment."""
    day = visit.visited_on or visit.planned_on
    parts = [
        formats.date_format(day, "SHORT_DATE_FORMAT") if day else "",
        visit.get_kind_display(),
        visit.establishment.name if visit.establishment else "",
    ]
    return " — ".join(part for part in parts if part)


def visit_picker() -> Picker:
    """The visit picker: one visit, found by its day or its establishment. A CSO makes
    thousands of visits a year at national scale, too many for a list to choose from."""
    return Picker(
        reverse_lazy("visits:visit_pick"),
        _("Find a visit by its date (dd/mm/yyyy) or establishment"),
        visit_label,
        related=["establishment"],
        multiple=False,
    )


def _beneficiaries(user, organisation):
    return (
        Beneficiary.objects.for_work_of(user, "visit.report", organisation)
        .exclude(status="rejected")
        .order_by("last_name_latin", "last_name_ar")
    )


class PlanForm(VersionedModelForm):
    class Meta:
        model = Visit
        fields = [
            "kind",
            "establishment",
            "planned_on",
            "beneficiaries",
            "permit",
            "permit_number",
            "permit_valid_until",
            "permit_refusal_reason",
        ]
        widgets = {
            "planned_on": DATE,
            "permit_valid_until": DATE,
            "permit_refusal_reason": forms.Textarea(attrs={"rows": 2}),
            "beneficiaries": beneficiary_picker(linking="visit.report"),
        }

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiaries"].queryset = _beneficiaries(user, organisation)
        self.fields["establishment"].queryset = Establishment.objects.open_on(
            timezone.localdate()
        ).order_by("name_fr")
        self.fields["planned_on"].required = True
        self.fields["establishment"].help_text = DETENTION_NEEDS_PLACE

    def clean(self):
        data = super().clean()
        if data.get("permit") == Visit.Permit.REFUSED and not data.get("permit_refusal_reason"):
            self.add_error("permit_refusal_reason", _("Give the reason the permit was refused."))
        if data.get("kind") == Visit.Kind.DETENTION and not data.get("establishment"):
            self.add_error("establishment", _("Which establishment?"))
        return data


class ReportForm(PlausibleDates, forms.ModelForm):
    """The visit report itself: short enough for a phone, right after the visit."""

    reintegration = forms.MultipleChoiceField(
        label=_("Reintegration (after release)"),
        choices=REINTEGRATION,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Visit
        fields = [
            "kind",
            "establishment",
            "visited_on",
            "beneficiaries",
            "discussed",
            "wellbeing",
            "legal_needs",
            "reintegration",
        ]
        widgets = {
            "visited_on": DATE,
            "discussed": forms.Textarea(attrs={"rows": 3}),
            "wellbeing": forms.Textarea(attrs={"rows": 2}),
            "legal_needs": forms.Textarea(attrs={"rows": 2}),
            "beneficiaries": beneficiary_picker(linking="visit.report"),
        }

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiaries"].queryset = _beneficiaries(user, organisation)
        self.fields["establishment"].queryset = Establishment.objects.order_by("name_fr")
        self.fields["visited_on"].required = True
        self.fields["establishment"].help_text = DETENTION_NEEDS_PLACE

    def clean(self):
        data = super().clean()
        if data.get("visited_on") and data["visited_on"] > timezone.localdate():
            self.add_error("visited_on", _("A report is for a visit that took place."))
        if data.get("kind") == Visit.Kind.DETENTION and not data.get("establishment"):
            self.add_error("establishment", _("Which establishment?"))
        return data


class ObservationForm(PlausibleDates, forms.ModelForm):
    """One observation row; an empty row is ignored."""

    class Meta:
        model = Observation
        fields = ["category", "item", "severity", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["item"].choices = [("", "—")] + SUBITEM_CHOICES

    def is_empty(self) -> bool:
        return not any(self.cleaned_data.get(f) for f in ("category", "text"))

    def clean(self):
        data = super().clean()
        if self.is_empty():
            return data
        for field in ("category", "severity", "text"):
            if not data.get(field):
                self.add_error(field, _("Needed for this observation."))
        item = data.get("item")
        if item and data.get("category") and not item.startswith(f"{data['category']}:"):
            self.add_error("item", _("This item belongs to another category."))
        return data


class ActionForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["owner"].queryset = owners

    def is_empty(self) -> bool:
        return not self.cleaned_data.get("description")

    def clean(self):
        data = super().clean()
        if not self.is_empty() and not data.get("due_on"):
            self.add_error("due_on", _("When is it due?"))
        return data


class VisitFilterForm(PeriodFilterForm):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All"))] + Visit.State.choices
    )
    kind = forms.ChoiceField(
        label=_("Kind of visit"), required=False, choices=[("", _("All"))] + Visit.Kind.choices
    )
    establishment = KeptModelChoiceField(
        label=_("Establishment"),
        queryset=Establishment.objects.order_by("name_fr"),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    field_order = ["state", "kind", "establishment", "since", "until"]


def _draft_initial(data: dict, prefix: str | None, form_class) -> dict:
    """Initial values for one form out of a saved draft (the raw fields as typed)."""
    initial = {}
    for name in form_class.base_fields:
        key = f"{prefix}-{name}" if prefix else name
        if key in data:
            values = data[key]
            multiple = name in ("beneficiaries", "reintegration")
            initial[name] = values if multiple else (values[0] if values else "")
    return initial


def report_forms(data, *, user, organisation, visit=None, source=None):
    """The report form, the observation rows and the action rows: bound to `data` (a POST,
    or a submission's fields), or filled from `source` (a saved draft's), or from the
    planned `visit`. Actions go to `organisation`'s members, the people to link are those it
    follows."""
    owners = get_user_model().objects.filter(
        id__in=Membership.objects.active().filter(organisation=organisation).values("user_id")
    )
    source = source if data is None and source else {}
    report = ReportForm(
        data,
        instance=visit,
        user=user,
        organisation=organisation,
        initial=_draft_initial(source, None, ReportForm) or None,
    )
    observations = [
        ObservationForm(
            data, prefix=f"obs{i}", initial=_draft_initial(source, f"obs{i}", ObservationForm)
        )
        for i in range(OBSERVATION_ROWS)
    ]
    actions = [
        ActionForm(
            data,
            prefix=f"act{i}",
            owners=owners,
            initial=_draft_initial(source, f"act{i}", ActionForm),
        )
        for i in range(ACTION_ROWS)
    ]
    return report, observations, actions
