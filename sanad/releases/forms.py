from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import DATE, PlausibleDates, VersionedModelForm
from sanad.releases.models import ExpectedRelease, FollowUp, PlanItem, Release, Source


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


class PlanItemForm(VersionedModelForm):
    class Meta:
        model = PlanItem
        fields = ["owner", "due_on", "done_on", "note", "partner", "actor", "referral", "answer"]
        widgets = {
            "due_on": DATE,
            "done_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
            "answer": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, owners, partners, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.display_name
        self.fields["partner"].queryset = partners
        self.fields["actor"].queryset = actors

    def clean(self):
        data = super().clean()
        if data.get("partner") and data.get("actor"):
            self.add_error("actor", _("Refer to one service: a partner CSO or an outside one."))
        if data.get("referral") and not (data.get("partner") or data.get("actor")):
            self.add_error("referral", _("Choose the service it is referred to."))
        return data


class ReleaseEventForm(PlausibleDates, forms.ModelForm):
    follow_up_consent = forms.TypedChoiceField(
        label=_("Asked today: does the person agree to be followed after release?"),
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No: the record is closed"))],
        coerce=lambda value: value == "yes",
    )

    class Meta:
        model = Release
        fields = ["released_on", "circumstances", "follow_up_consent", "note"]
        widgets = {"released_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class FollowUpForm(VersionedModelForm):
    family_contact = forms.NullBooleanField(
        label=_("In contact with the family"),
        required=False,
        widget=forms.Select(choices=[("unknown", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = FollowUp
        fields = ["done_on", "housing", "activity", "family_contact", "health", "justice", "note"]
        widgets = {"done_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}


class FollowUpFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Follow-ups"),
        required=False,
        choices=[("", _("Due soon or late")), ("missed", _("Missed")), ("done", _("Done"))],
    )
