from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sanad.calls.models import Call, Criterion, Question
from sanad.lib.forms import DATE, PlausibleDates, VersionedModelForm
from sanad.lib.i18n import joined

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
RTL = {"dir": "rtl"}


class ReviewerField(forms.ModelMultipleChoiceField):
    """Committee members by name, e-mail and organisation: two people may share a name."""

    def label_from_instance(self, user):
        places = joined(m.organisation.name for m in user.memberships.all() if m.is_active)
        return " — ".join(filter(None, [user.display_name, user.email, places]))


class CallForm(VersionedModelForm):
    reviewers = ReviewerField(
        label=_("Reviewers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Members of the selection committee (role: selection committee member)."),
    )

    class Meta:
        model = Call
        fields = [
            "title_fr", "title_ar", "text_fr", "text_ar", "eligibility_fr", "eligibility_ar",
            "selection_fr", "selection_ar", "documents_fr", "documents_ar", "deadline",
        ]  # fmt: skip
        widgets = {
            "deadline": DATETIME,
            "title_ar": forms.TextInput(attrs=RTL),
            **{
                f"{f}_fr": forms.Textarea(attrs={"rows": 4})
                for f in ("text", "eligibility", "selection", "documents")
            },
            **{
                f"{f}_ar": forms.Textarea(attrs={"rows": 4, **RTL})
                for f in ("text", "eligibility", "selection", "documents")
            },
        }
        help_texts = {"deadline": _("Date and time in Morocco (Africa/Casablanca).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.state != Call.State.DRAFT:
            self.fields["deadline"].disabled = True
            self.fields["deadline"].help_text = _(
                "A published call's deadline moves with “Close the call now” or “Extend the "
                "deadline” on its page, so that applicants are told."
            )
        self.fields["reviewers"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__role="reviewer", memberships__is_active=True, is_active=True
            )
            .distinct()
            .order_by("full_name", "email")
            .prefetch_related("memberships__organisation")
        )
        if self.instance.pk:
            self.fields["reviewers"].initial = list(self.instance.reviewers.all())

    def values(self) -> dict:
        return {k: v for k, v in super().values().items() if k != "reviewers"}


class QuestionForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "position", "kind", "label_fr", "label_ar", "help_fr", "help_ar", "required",
            "choices_fr", "choices_ar", "source", "fills",
        ]  # fmt: skip
        widgets = {
            "label_ar": forms.TextInput(attrs=RTL),
            "help_ar": forms.TextInput(attrs=RTL),
            "choices_fr": forms.Textarea(attrs={"rows": 3}),
            "choices_ar": forms.Textarea(attrs={"rows": 3, **RTL}),
        }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        choosing = kind in (Question.Kind.CHOICE, Question.Kind.MULTIPLE)
        if choosing and not data.get("source") and not data.get("choices_fr", "").strip():
            self.add_error(
                "choices_fr",
                _("Give the choices, one per line, or take them from the reference data."),
            )
        if data.get("source") and not choosing:
            self.add_error(
                "source", _("Only a choice question takes its choices from the reference data.")
            )
        return data


class CriterionForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["position", "label_fr", "label_ar", "weight", "max_score"]
        widgets = {"label_ar": forms.TextInput(attrs=RTL)}


class StartForm(PlausibleDates, forms.Form):
    email = forms.EmailField(label=_("E-mail address of the association"))
    # A field people do not see and robots fill in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)


class ConflictForm(PlausibleDates, forms.Form):
    note = forms.CharField(
        label=_("Nature of the conflict of interest"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(PlausibleDates, forms.Form):
    selected = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Select")), ("0", _("Do not select"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Sent to the applicant word for word in the e-mail announcing the decision: you "
            "will see the e-mail before it is sent."
        ),
    )


class ExtendForm(PlausibleDates, forms.Form):
    deadline = forms.DateTimeField(
        label=_("New deadline"),
        widget=DATETIME,
        help_text=_("Date and time in Morocco (Africa/Casablanca)."),
    )


class MinutesForm(PlausibleDates, forms.Form):
    met_on = forms.DateField(
        label=_("Committee met on"),
        widget=DATE,
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))


def review_form(criteria, data=None, initial=None):
    """A score (0 to the criterion's maximum) and a comment per criterion, and an overall
    comment."""
    form = forms.Form(data, initial=initial)
    for criterion in criteria:
        form.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
            label=criterion.label,
            choices=[("", "—")] + [(str(i), str(i)) for i in range(criterion.max_score + 1)],
            coerce=int,
            required=False,
            empty_value=None,
        )
        form.fields[f"comment_{criterion.pk}"] = forms.CharField(
            label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
    form.fields["comment"] = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    return form
