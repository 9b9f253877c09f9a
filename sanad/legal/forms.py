from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sanad.legal.models import CaseDocument, CaseNeed, Decision, Hearing, LegalCase, Remedy, Stage
from sanad.lib.forms import DATE, PlausibleDates, VersionedModelForm
from sanad.lib.uploads import validate_document
from sanad.lib.widgets import Picker
from sanad.network.models import Membership
from sanad.reference.models import LegalRule

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CaseForm(VersionedModelForm):
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=CaseNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = LegalCase
        fields = [
            "court",
            "case_number",
            "prosecution_number",
            "charges",
            "offence_class",
            "stage",
            "needs",
            "detained_since",
            "is_open",
        ]
        widgets = {"charges": forms.Textarea(attrs={"rows": 2}), "detained_since": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["is_open"]


class CaseFilterForm(PlausibleDates, forms.Form):
    q = forms.CharField(label=_("Name or case number"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All"))] + Stage.choices
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), ("closed", _("Closed"))],
    )


class MandateForm(PlausibleDates, forms.Form):
    lawyer = forms.ModelChoiceField(label=_("Lawyer"), queryset=get_user_model().objects.none())
    bar = forms.CharField(label=_("Bar"), required=False)
    starts_on = forms.DateField(label=_("From"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = get_user_model().objects.filter(
            id__in=Membership.objects.active().filter(role="lawyer").values("user_id")
        )


class HearingForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Hearing
        fields = ["scheduled_at", "court", "purpose"]
        widgets = {
            "scheduled_at": DATETIME,
            "court": Picker(
                reverse_lazy("reference:court_pick"),
                _("Find a court by its name, in French or Arabic"),
                str,
                multiple=False,
            ),
        }


class HearingOutcomeForm(PlausibleDates, forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))
    postponed_to = forms.DateTimeField(label=_("Postponed to"), required=False, widget=DATETIME)


class DecisionForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "level",
            "pronounced_on",
            "kind",
            "notified_on",
            "custodial_months",
            "suspended_months",
            "fine_mad",
            "life_sentence",
            "death_sentence",
            "summary",
        ]
        widgets = {
            "pronounced_on": DATE,
            "notified_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if (
            data.get("notified_on")
            and data.get("pronounced_on")
            and (data["notified_on"] < data["pronounced_on"])
        ):
            self.add_error(
                "notified_on", _("A decision cannot be notified before it is pronounced.")
            )
        if (data.get("suspended_months") or 0) > (data.get("custodial_months") or 0):
            self.add_error("suspended_months", _("The suspended part exceeds the sentence."))
        return data


class NotificationForm(PlausibleDates, forms.Form):
    notified_on = forms.DateField(label=_("Notified on"), widget=DATE)


class RemedyForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Remedy
        fields = ["kind", "filed_on", "status", "outcome"]
        widgets = {"filed_on": DATE, "outcome": forms.Textarea(attrs={"rows": 2})}


class RemedyUpdateForm(PlausibleDates, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Remedy.Status.choices)
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WaiveForm(PlausibleDates, forms.Form):
    reason = forms.CharField(
        label=_("Why is this deadline waived?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(PlausibleDates, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseDocument.Kind.choices)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG, 10 MB at most)"), validators=[validate_document]
    )


class LetterForm(PlausibleDates, forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("fr", _("French")), ("ar", _("Arabic"))]
    )
    body = forms.CharField(label=_("Text of the letter"), widget=forms.Textarea(attrs={"rows": 16}))
    template = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RuleForm(VersionedModelForm):
    class Meta:
        model = LegalRule
        fields = [
            "name_fr",
            "name_ar",
            "remedy",
            "applies_to",
            "court_level",
            "start",
            "period",
            "unit",
            "counting",
            "roll_forward",
            "legal_basis",
            "legal_basis_ar",
            "valid_from",
            "valid_to",
            "verified",
        ]
        widgets = {
            "valid_from": DATE,
            "valid_to": DATE,
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "legal_basis_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl"}),
        }


def case_label(case) -> str:
    return f"{case} — {case.beneficiary.display_name}"


def case_picker(multiple=False, linking: str = "") -> Picker:
    """The case picker: cases found by case number or by the person's name; with `linking`,
    only the cases of the people the acting organisation may link (see beneficiary_picker)."""
    url = reverse_lazy("legal:case_pick")
    return Picker(
        format_lazy("{}?for={}", url, linking) if linking else url,
        _("Find a case by number or by the person's name"),
        case_label,
        related=["beneficiary"],
        multiple=multiple,
    )
