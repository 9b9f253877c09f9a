from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sanad.beneficiaries.models import (
    Beneficiary,
    ClosureReason,
    Consent,
    LegalStatus,
    NeedCategory,
    Relative,
    Status,
)
from sanad.lib.forms import (
    DATE,
    KeptModelChoiceField,
    LeanSelect,
    PlausibleDates,
    VersionedModelForm,
)
from sanad.lib.uploads import validate_document
from sanad.lib.widgets import Picker
from sanad.network.models import Organisation
from sanad.reference.models import Establishment, Region

IDENTITY_FIELDS = [
    "first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar", "sex",
    "date_of_birth", "birth_year", "nationalities", "languages", "interpreter_needed",
    "id_document_type", "id_document_number", "disability_type", "pregnant", "with_child",
    "serious_illness", "health_notes",
]  # fmt: skip


def _all(choices):
    return [("", _("All"))] + list(choices)


class IdentityForm(VersionedModelForm):
    # Rarely known at identification: folded away so the form fits a phone screen.
    MORE = (
        "nationalities",
        "languages",
        "interpreter_needed",
        "id_document_type",
        "id_document_number",
        "disability_type",
        "pregnant",
        "with_child",
        "serious_illness",
        "health_notes",
    )

    needs = forms.MultipleChoiceField(
        label=_("Specific needs"),
        choices=NeedCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Beneficiary
        fields = IDENTITY_FIELDS
        widgets = {
            "date_of_birth": DATE,
            "first_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "last_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "health_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["needs"].initial = list(
                self.instance.needs.values_list("category", flat=True)
            )

    def clean(self):
        data = super().clean()
        if not any(
            data.get(f)
            for f in ("first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar")
        ):
            raise forms.ValidationError(_("Give the name in Latin or in Arabic script."))
        dob, year = data.get("date_of_birth"), data.get("birth_year")
        today = timezone.localdate()
        if dob and dob > today:
            self.add_error("date_of_birth", _("The date of birth is in the future."))
        if year and not 1900 <= year <= today.year:
            self.add_error("birth_year", _("Enter a plausible year of birth."))
        if data.get("id_document_number") and not data.get("id_document_type"):
            self.add_error("id_document_type", _("Say which document this number is from."))
        return data

    def identity(self) -> dict:
        return {f: self.cleaned_data[f] for f in IDENTITY_FIELDS}

    def essential_fields(self):
        return [f for f in self.visible_fields() if f.name not in self.MORE]

    def more_fields(self):
        return [f for f in self.visible_fields() if f.name in self.MORE]

    def more_has_errors(self) -> bool:
        return any(f.errors for f in self.more_fields())


class RegistrationForm(IdentityForm):
    """Everything a field worker records on identification, on one phone-sized page."""

    field_order = [
        "first_name_ar",
        "last_name_ar",
        "first_name_latin",
        "last_name_latin",
        "sex",
        "date_of_birth",
        "birth_year",
        "needs",
        "establishment",
        "register_number",
        "placed_since",
        "legal_status",
    ]

    establishment = forms.ModelChoiceField(
        label=_("Establishment"), queryset=Establishment.objects.none(), required=False
    )
    register_number = forms.CharField(label=_("Prison register number"), required=False)
    placed_since = forms.DateField(
        label=_("Held there since"),
        required=False,
        widget=DATE,
        help_text=_("Required once an establishment is chosen."),
    )
    legal_status = forms.ChoiceField(
        label=_("Legal status"), choices=[("", "—")] + LegalStatus.choices, required=False
    )
    consent_collected = forms.BooleanField(
        label=_("Data-processing consent collected"), required=False
    )
    consent_given_on = forms.DateField(label=_("Consent given on"), required=False, widget=DATE)
    consent_language = forms.CharField(label=_("Language of the consent form"), required=False)
    consent_by_representative = forms.BooleanField(
        label=_("Given by a legal representative (minor)"), required=False
    )
    representative_name = forms.CharField(
        label=_("Name of the legal representative"), required=False
    )
    consent_document = forms.FileField(
        label=_("Signed form (scan)"), required=False, validators=[validate_document]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = Establishment.objects.open_on(
            timezone.localdate()
        ).order_by("name_fr")

    def clean(self):
        data = super().clean()
        if data.get("establishment") and not data.get("placed_since"):
            self.add_error("placed_since", _("Since when is the person held there?"))
        if data.get("consent_collected"):
            if not data.get("consent_given_on"):
                self.add_error("consent_given_on", _("When was the consent given?"))
            if not data.get("consent_language"):
                self.add_error("consent_language", _("In which language was it explained?"))
            if data.get("consent_by_representative") and not data.get("representative_name"):
                self.add_error("representative_name", _("Name the legal representative."))
        return data

    def placement(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("establishment"):
            return None
        return {
            "establishment": d["establishment"],
            "register_number": d["register_number"],
            "started_on": d["placed_since"],
        }

    def legal_status_record(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("legal_status"):
            return None
        return {"status": d["legal_status"], "since": d.get("placed_since") or timezone.localdate()}

    def consent(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("consent_collected"):
            return None
        return {
            "given_on": d["consent_given_on"],
            "language": d["consent_language"],
            "given_by": "representative" if d["consent_by_representative"] else "person",
            "representative_name": d["representative_name"],
            "document": d["consent_document"],
        }


class BeneficiaryFilterForm(PlausibleDates, forms.Form):
    q = forms.CharField(label=_("Name or register number"), required=False)
    status = forms.ChoiceField(
        widget=LeanSelect, label=_("Status"), required=False, choices=_all(Status.choices)
    )
    need = forms.ChoiceField(
        widget=LeanSelect,
        label=_("Specific need"),
        required=False,
        choices=_all(NeedCategory.choices),
    )
    region = KeptModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    establishment = KeptModelChoiceField(
        label=_("Establishment"),
        queryset=Establishment.objects.order_by("name_fr"),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    legal_status = forms.ChoiceField(
        widget=LeanSelect,
        label=_("Legal status"),
        required=False,
        choices=_all(LegalStatus.choices),
    )
    organisation = KeptModelChoiceField(
        label=_("Following CSO"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    age = forms.ChoiceField(
        widget=LeanSelect,
        label=_("Age"),
        required=False,
        choices=_all(
            [
                ("under18", _("Under 18")),
                ("18-20", _("18 to 20")),
                ("21-59", _("21 to 59")),
                ("60plus", _("60 and over")),
                ("turning18", _("Turning 18 within 30 days")),
            ]
        ),
    )
    sort = forms.ChoiceField(
        widget=LeanSelect,
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Newest first, by name for a search")),
            ("newest", _("Newest first")),
            ("name", _("Name")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class StatusForm(PlausibleDates, forms.Form):
    to_status = forms.ChoiceField(widget=forms.HiddenInput, choices=Status.choices)
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", "—")] + ClosureReason.choices
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlacementForm(PlausibleDates, forms.Form):
    establishment = forms.ModelChoiceField(
        label=_("Establishment"), queryset=Establishment.objects.none()
    )
    register_number = forms.CharField(label=_("Prison register number"), required=False)
    started_on = forms.DateField(label=_("From"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = Establishment.objects.open_on(
            timezone.localdate()
        ).order_by("name_fr")


class LegalStatusForm(PlausibleDates, forms.Form):
    status = forms.ChoiceField(label=_("Legal status"), choices=LegalStatus.choices)
    since = forms.DateField(label=_("Since"), widget=DATE)


class ConsentForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["kind", "given_on", "language", "given_by", "representative_name", "document"]
        widgets = {"given_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].validators.append(validate_document)
        self.fields["language"].initial = dict(settings.LANGUAGES).get("ar")

    def clean(self):
        data = super().clean()
        if data.get("given_by") == "representative" and not data.get("representative_name"):
            self.add_error("representative_name", _("Name the legal representative."))
        return data


class WithdrawConsentForm(PlausibleDates, forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RelativeForm(VersionedModelForm):
    class Meta:
        model = Relative
        fields = ["name", "relationship", "phone", "city", "language", "may_be_contacted"]
        widgets = {"phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _("Moroccan (06…) or international (+33…) number.")


class ShareForm(PlausibleDates, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner CSO"), queryset=Organisation.objects.none(), to_field_name="code"
    )
    transfer = forms.BooleanField(
        label=_("Transfer (the current organisations stop following the person)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind="partner_cso", status="active"
        )


def beneficiary_label(b: Beneficiary) -> str:
    """A person as the picker shows them: name, year of birth, establishment, register."""
    details = [str(b.birth_year or "")]
    if b.current_establishment:
        details.append(b.current_establishment.name)
    if b.current_register_number:
        details.append(b.current_register_number)
    return f"{b.display_name} ({' · '.join(d for d in details if d)})"


def beneficiary_picker(multiple=True, linking: str = "") -> Picker:
    """The person picker: people found by name (either script) or register number; with
    `linking`, only those the acting organisation may link to new work of that capability."""
    url = reverse_lazy("beneficiaries:beneficiary_pick")
    return Picker(
        format_lazy("{}?for={}", url, linking) if linking else url,
        _("Find a beneficiary by name or register number"),
        beneficiary_label,
        related=["current_establishment"],
        multiple=multiple,
    )
