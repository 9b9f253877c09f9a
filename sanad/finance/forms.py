from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.families.models import AwarenessSession
from sanad.finance.models import Allocation, BudgetLine, ExpenseClaim
from sanad.lib.forms import DATE, PeriodFilterForm, PlausibleDates, organisation_filter
from sanad.lib.uploads import validate_document
from sanad.meetings.models import Meeting
from sanad.visits.forms import visit_picker
from sanad.visits.models import Visit


class ClaimForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = ExpenseClaim
        fields = [
            "budget_line",
            "amount",
            "spent_on",
            "description",
            "visit",
            "meeting",
            "session",
            "receipt",
        ]
        widgets = {"spent_on": DATE, "visit": visit_picker()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the organisation's own activities can be chosen.
        self.fields["visit"].queryset = Visit.objects.filter(organisation=organisation)
        self.fields["session"].queryset = AwarenessSession.objects.filter(organisation=organisation)
        self.fields["meeting"].queryset = Meeting.objects.filter(invited_organisations=organisation)
        self.fields["receipt"].validators.append(validate_document)
        self.fields["amount"].widget.attrs.update(min="0.01", step="0.01")


class DecisionForm(PlausibleDates, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    reason = forms.CharField(
        label=_("Reason (for a rejection)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PaymentForm(PlausibleDates, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(label=_("Payment reference"))


class BudgetLineForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["name", "category", "amount", "period_start", "period_end"]
        widgets = {"period_start": DATE, "period_end": DATE}


class AllocationForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Allocation
        fields = ["budget_line", "organisation", "period_start", "period_end", "amount"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def clean(self):
        data = super().clean()
        if (
            data.get("period_start")
            and data.get("period_end")
            and (data["period_end"] < data["period_start"])
        ):
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class ClaimFilterForm(PeriodFilterForm):
    """The expense-claim list's filters; `organisations` None for those who see one."""

    q = forms.CharField(label=_("Description"), required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *ExpenseClaim.State.choices]
    )
    organisation = organisation_filter()
    budget_line = forms.ModelChoiceField(
        label=_("Budget line"),
        queryset=BudgetLine.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    field_order = ["q", "state", "organisation", "budget_line", "since", "until"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
