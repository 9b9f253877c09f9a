"""The questionnaire as a form, in the applicant's language, and the answers it stores."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.calls.models import Question
from sanad.lib.forms import DATE
from sanad.lib.i18n import choice_lines, joined, localized
from sanad.reference.models import ActionField, Establishment, Region

MAX_SHORT, MAX_LONG = 300, 8000


def choices_for(question: Question) -> list[tuple[str, str]]:
    """(value, label) pairs: reference data for mapped questions, else the typed lines."""
    if question.source == Question.Source.ACTION_FIELDS:
        rows = ActionField.objects.order_by("position", "code")
        return [(r.code, localized(r, "name")) for r in rows]
    if question.source == Question.Source.REGIONS:
        return [(r.code, r.name) for r in Region.objects.order_by("code")]
    if question.source == Question.Source.ESTABLISHMENTS:
        rows = Establishment.objects.select_related("region").order_by("region__code", "name_fr")
        return [(str(e.code), e.name) for e in rows]
    return choice_lines(question.choices_fr, question.choices_ar)


def _field(question: Question) -> forms.Field:
    label = f"{question.label} *" if question.required else question.label
    common = {"label": label, "help_text": question.help, "required": False}
    kind = question.kind
    if kind == Question.Kind.SHORT:
        return forms.CharField(max_length=MAX_SHORT, **common)
    if kind == Question.Kind.LONG:
        return forms.CharField(
            max_length=MAX_LONG, widget=forms.Textarea(attrs={"rows": 5}), **common
        )
    if kind == Question.Kind.CHOICE:
        return forms.ChoiceField(choices=[("", "—")] + choices_for(question), **common)
    if kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices_for(question), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.NUMBER:
        # What calls ask to count (years, staff, people followed) is whole and never negative.
        return forms.IntegerField(min_value=0, max_value=10**9, **common)
    return forms.DateField(widget=DATE, **common)


class AnswersForm(forms.Form):
    """Every question but files, none required while the application is a draft: the
    required ones are checked on submission."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q.kind != Question.Kind.FILE]
        for question in self.questions:
            self.fields[f"q{question.pk}"] = _field(question)

    def answers(self) -> dict:
        """The valid answers, as stored (text, lists of values, ISO dates, numbers as text)."""
        stored = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, int | Decimal):
                value = str(value)
            if value not in (None, "", []):
                stored[str(question.pk)] = value
        return stored


def initial(answers: dict) -> dict:
    return {f"q{pk}": value for pk, value in answers.items()}


def missing(questions, answers: dict, files) -> list[str]:
    """Labels of the required questions left without an answer (or a file)."""
    with_files = {f.question_id for f in files}
    return [
        q.label
        for q in questions
        if q.required
        and (q.pk not in with_files if q.kind == Question.Kind.FILE else not answers.get(str(q.pk)))
    ]


def readable(question: Question, value, labels: dict | None = None) -> str:
    """An answer as a reader sees it (choice labels, not their codes). Pass the question's
    `labels` when reading many answers to it (one query for them all)."""
    if value in (None, ""):
        return ""
    if question.kind in (Question.Kind.CHOICE, Question.Kind.MULTIPLE):
        labels = labels if labels is not None else dict(choices_for(question))
        values = value if isinstance(value, list) else [value]
        return joined(labels.get(v, v) for v in values)
    if question.kind == Question.Kind.NUMBER:
        try:
            return str(Decimal(value).normalize())
        except InvalidOperation:
            return str(value)
    return str(value)


def answer_rows(application) -> list[tuple]:
    """(question, readable answer, files) for every question of the application's call."""
    files = list(application.files.all())
    return [
        (
            q,
            readable(q, application.answers.get(str(q.pk))),
            [f for f in files if f.question_id == q.pk],
        )
        for q in application.call.questions.all()
    ]


REQUIRED_MISSING = _("Answer these required questions before submitting: %(questions)s")
