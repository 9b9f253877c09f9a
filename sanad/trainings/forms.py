from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import DATE, PeriodFilterForm, VersionedModelForm
from sanad.network.models import Organisation, OrganisationKind, OrganisationStatus
from sanad.trainings.models import Question, Training


class TrainingFilterForm(PeriodFilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All"))] + Training.State.choices
    )
    field_order = ["q", "state", "since", "until"]


class TrainingForm(VersionedModelForm):
    link = forms.URLField(label=_("online session link"), required=False, assume_scheme="https")

    class Meta:
        model = Training
        fields = [
            "title_fr",
            "title_ar",
            "topic_fr",
            "topic_ar",
            "trainers",
            "starts_on",
            "ends_on",
            "hours",
            "mode",
            "place",
            "link",
            "materials",
        ]
        widgets = {
            "title_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "topic_fr": forms.Textarea(attrs={"rows": 3}),
            "topic_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl"}),
            "starts_on": DATE,
            "ends_on": DATE,
            "materials": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = materials

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day is before the first day."))
        if data.get("mode") == Training.Mode.ONLINE and not data.get("link"):
            self.add_error("link", _("Give the link of an online session."))
        return data


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["label_fr", "label_ar", "choices_fr", "choices_ar", "correct"]
        widgets = {
            "label_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "choices_fr": forms.Textarea(attrs={"rows": 4}),
            "choices_ar": forms.Textarea(attrs={"rows": 4, "dir": "rtl"}),
        }


class InviteForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations whose focal point and field workers are invited"),
        queryset=Organisation.objects.filter(
            kind=OrganisationKind.PARTNER_CSO, status=OrganisationStatus.ACTIVE
        ).order_by("name_fr"),
        widget=forms.CheckboxSelectMultiple,
    )


class AttendanceForm(forms.Form):
    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"] = forms.ModelMultipleChoiceField(
            label=_("Who attended"),
            queryset=participants,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["present"].label_from_instance = lambda p: (
            f"{p.user.display_name} — {p.organisation}"
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is cancelled (sent to the people invited)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class AnswersForm(forms.Form):
    """One question per field, each with its typed choices, all to be answered."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[str(question.pk)] = forms.ChoiceField(
                label=question.label, choices=question.choices(), widget=forms.RadioSelect
            )
