from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import DATE, PlausibleDates, VersionedModelForm
from sanad.privacy.models import RetentionPolicy, SubjectRequest


class PolicyForm(VersionedModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["keep_days", "legal_basis", "to_verify"]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3})}


class ReviewDecisionForm(PlausibleDates, forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    confirm = forms.BooleanField(
        label=_("I understand that anonymisation cannot be undone."), required=False
    )


class RequestForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = SubjectRequest
        fields = ["kind", "requested_by", "received_on", "details"]
        widgets = {"received_on": DATE, "details": forms.Textarea(attrs={"rows": 3})}


class AnswerForm(VersionedModelForm):
    class Meta:
        model = SubjectRequest
        fields = ["status", "answer", "answered_on"]
        widgets = {"answered_on": DATE, "answer": forms.Textarea(attrs={"rows": 4})}
