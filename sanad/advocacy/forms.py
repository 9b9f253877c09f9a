from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.advocacy.figures import citable
from sanad.advocacy.models import Addressee, DialogueEvent, Recommendation, Status
from sanad.lib.forms import DATE, PlausibleDates, VersionedModelForm


class RecommendationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    addressee = forms.ChoiceField(
        label=_("Addressee"), required=False, choices=[("", _("All"))] + Addressee.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + Status.choices
    )


class RecommendationForm(VersionedModelForm):
    indicators = forms.MultipleChoiceField(
        label=_("Supporting figures (published indicators)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Recommendation
        fields = [
            "text_fr",
            "text_ar",
            "addressee",
            "addressee_detail",
            "event",
            "status_on",
            "indicators",
            "establishments",
            "brief",
        ]
        labels = {"status_on": _("Made on")}
        widgets = {
            "text_fr": forms.Textarea(attrs={"rows": 3}),
            "text_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl"}),
            "status_on": DATE,
            "establishments": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, events, briefs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = citable()
        self.fields["event"].queryset = events
        self.fields["brief"].queryset = briefs
        if self.instance.pk:  # the date it was made is its first status update's
            del self.fields["status_on"]


class StatusForm(PlausibleDates, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    on = forms.DateField(label=_("On"), widget=DATE)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: a letter, a circular, a meeting, an article…"),
    )


class EventForm(VersionedModelForm):
    class Meta:
        model = DialogueEvent
        fields = [
            "title_fr",
            "title_ar",
            "held_on",
            "place",
            "organisations",
            "actors",
            "other_participants",
            "minutes",
        ]
        widgets = {
            "title_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "held_on": DATE,
            "organisations": forms.CheckboxSelectMultiple,
            "actors": forms.SelectMultiple(attrs={"size": 8}),
            "other_participants": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }
