from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import (
    DATE,
    PeriodFilterForm,
    PlausibleDates,
    VersionedModelForm,
    organisation_filter,
)
from sanad.lib.uploads import sniff, validate_document
from sanad.meetings.models import ActionItem, Attendance, Meeting, MeetingDocument
from sanad.network.models import Membership, Organisation

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(PlausibleDates, forms.ModelForm):
    link = forms.URLField(label=_("online meeting link"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Agenda (one item per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Open action items of earlier meetings are added first."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "mode",
            "place",
            "link",
            "invited_organisations",
            "invited_people",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "invited_organisations": forms.CheckboxSelectMultiple,
            "invited_people": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited_organisations"].queryset = Organisation.objects.filter(
            status="active"
        ).exclude(kind="donor")
        self.fields["invited_people"].queryset = get_user_model().objects.filter(
            is_active=True, id__in=Membership.objects.active().values("user_id")
        )

    def clean(self):
        return _checked(self, super().clean())

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["agenda"].splitlines() if line.strip()]


def _checked(form, data: dict) -> dict:
    """A meeting ends after it starts, and is online with a link or somewhere."""
    if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
        form.add_error("ends_at", _("The meeting must end after it starts."))
    if data.get("mode") == Meeting.Mode.ONLINE and not data.get("link"):
        form.add_error("link", _("Give the link of the online meeting."))
    if data.get("mode") == Meeting.Mode.IN_PERSON and not data.get("place"):
        form.add_error("place", _("Where does the meeting take place?"))
    return data


class MeetingChangeForm(VersionedModelForm):
    """A planned meeting's title, time and place; the invitees are told of any change."""

    link = forms.URLField(label=_("online meeting link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "mode", "place", "link"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def clean(self):
        return _checked(self, super().clean())


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled? (sent to the invitees)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeForm(PlausibleDates, forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}))
    decisions = forms.CharField(
        label=_("Decisions (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        for org in self.organisations:
            self.fields[f"attendance_{org.pk}"] = forms.ChoiceField(
                label=str(org), choices=Attendance.Status.choices, initial=Attendance.Status.PRESENT
            )

    def attendance(self) -> dict:
        return {org: self.cleaned_data[f"attendance_{org.pk}"] for org in self.organisations}

    def decision_list(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["decisions"].splitlines() if line.strip()
        ]


class ActionItemForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "owner_organisation", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def is_empty(self) -> bool:
        return not self.cleaned_data.get("description")

    def clean(self):
        data = super().clean()
        if not self.is_empty() and not data.get("due_on"):
            self.add_error("due_on", _("When is it due?"))
        return data


class MeetingFilterForm(PeriodFilterForm):
    q = forms.CharField(label=_("Title"), required=False)
    organisation = organisation_filter()
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *Meeting.State.choices]
    )
    field_order = ["q", "organisation", "state", "since", "until"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def filtered(self, meetings):
        """`meetings` narrowed to what was chosen (once valid)."""
        data = self.cleaned_data
        if data["q"]:
            meetings = meetings.filter(title__icontains=data["q"])
        if data["organisation"]:
            meetings = meetings.filter(invited_organisations=data["organisation"])
        if data["state"]:
            meetings = meetings.filter(state=data["state"])
        return self.within(meetings, "starts_at__date")


class ActionFilterForm(PeriodFilterForm):
    q = forms.CharField(label=_("Action or person"), required=False)
    organisation = organisation_filter()
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("open", _("To do")), ("done", _("Done"))],
    )
    field_order = ["q", "organisation", "state", "since", "until"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def filtered(self, items):
        """`items` narrowed to what was chosen (once valid); the period is the due date."""
        data = self.cleaned_data
        for word in data["q"].split():
            items = items.filter(
                Q(description__icontains=word) | Q(owner__full_name__icontains=word)
            )
        if data["organisation"]:
            items = items.filter(owner_organisation=data["organisation"])
        if data["state"]:
            items = items.filter(done_on__isnull=data["state"] == "open")
        return self.within(items, "due_on")


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingDocument.Kind.choices)
    file = forms.FileField(label=_("PDF file (10 MB at most)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_document(upload)  # size, and a type read from the bytes
        if sniff(upload) != "application/pdf":
            raise forms.ValidationError(_("Only PDF files are accepted for a meeting."))
        return upload
