from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.beneficiaries.forms import beneficiary_picker
from sanad.beneficiaries.models import Beneficiary
from sanad.complaints.models import Category, Closure, Complaint, Referral, Status
from sanad.legal.forms import case_picker
from sanad.legal.models import LegalCase
from sanad.lib.forms import DATE, KeptModelChoiceField, PlausibleDates
from sanad.lib.uploads import validate_document
from sanad.reference.models import Establishment


class ComplaintForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Complaint
        fields = [
            "complainant",
            "complainant_name",
            "complainant_contact",
            "identity_disclosable",
            "channel",
            "received_on",
            "establishment",
            "beneficiary",
            "legal_case",
            "category",
            "sub_category",
            "urgent",
            "description",
        ]
        widgets = {
            "received_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "beneficiary": beneficiary_picker(multiple=False, linking="complaint.handle"),
            "legal_case": case_picker(linking="complaint.handle"),
        }

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = Beneficiary.objects.for_work_of(user, "complaint.handle", organisation)
        cases = LegalCase.objects.for_work_of(user, "complaint.handle", organisation)
        self.fields["beneficiary"].queryset = people
        self.fields["legal_case"].queryset = cases
        self.fields["establishment"].queryset = Establishment.objects.order_by("name_fr")

    def clean(self):
        data = super().clean()
        if data.get("received_on") and data["received_on"] > timezone.localdate():
            self.add_error("received_on", _("The date of receipt is in the future."))
        if data.get("complainant") == Complaint.Complainant.ANONYMOUS:
            data["complainant_name"] = data["complainant_contact"] = ""
            data["identity_disclosable"] = False
        return data


class QualifyForm(PlausibleDates, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    sub_category = forms.CharField(label=_("Sub-category"), required=False)
    urgent = forms.BooleanField(label=_("Urgent"), required=False)


class ReferralForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["authority", "authority_name", "sent_on", "channel", "language", "letter_text"]
        widgets = {"sent_on": DATE, "letter_text": forms.Textarea(attrs={"rows": 14})}


class AnswerForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["answered_on", "outcome", "answer", "answer_document"]
        widgets = {"answered_on": DATE, "answer": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].required = True
        self.fields["answer_document"].validators.append(validate_document)

    def clean(self):
        data = super().clean()
        if data.get("answered_on") and data["answered_on"] < self.instance.sent_on:
            self.add_error("answered_on", _("The answer cannot come before the referral."))
        return data


class CloseForm(PlausibleDates, forms.Form):
    closure = forms.ChoiceField(label=_("Outcome"), choices=Closure.choices)
    feedback = forms.CharField(
        label=_("Feedback given to the complainant"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ComplaintFilterForm(PlausibleDates, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + Status.choices
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All"))] + Category.choices
    )
    establishment = KeptModelChoiceField(
        label=_("Establishment"),
        queryset=Establishment.objects.order_by("name_fr"),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)
    waiting = forms.BooleanField(label=_("Waiting for an answer"), required=False)
    q = forms.CharField(label=_("Search"), required=False)


class PeriodForm(PlausibleDates, forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)
