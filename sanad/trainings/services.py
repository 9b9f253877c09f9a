"""Writes to trainings, each with its audit event; invitations e-mailed in each person's
language; certificates of attendance in the participant's language."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanad.audit.services import record, save_recorded
from sanad.lib.mail import send_templated_email
from sanad.lib.pdf import html_to_pdf
from sanad.network.roles import Role
from sanad.trainings.models import Participant, Question, Training

# The roles invited when an organisation is invited: its focal point and field workers.
INVITED_ROLES = (Role.CSO_MANAGER, Role.CSO_WORKER)


def _audit(actor, action, training, changes=None, organisation=None):
    record(
        actor=actor,
        action=action,
        target=training,
        organisation=organisation,
        label=training.title_fr,
        changes=changes or {},
    )


@transaction.atomic
def save_training(*, actor, training: Training, values: dict, expected_version=None):
    """Create `training` or save an edit started at `expected_version` (EditConflict when
    someone saved in between). Audited as `training.created` or `training.updated`."""
    save_recorded(
        actor=actor,
        instance=training,
        values=values,
        expected_version=expected_version,
        action="training",
        related=("materials",),
        on_create={"created_by": actor},
    )
    return training


def _unanswered(training: Training) -> None:
    if training.participants.exclude(answers={}).exists():
        raise ValidationError(
            _("Participants have answered the questionnaire: its questions can no longer change.")
        )


@transaction.atomic
def add_question(*, actor, training: Training, values: dict) -> Question:
    """Add a question while nobody has answered. Audited as `training.question_added`."""
    _unanswered(training)
    question = Question(training=training, position=training.questions.count(), **values)
    if not 1 <= question.correct <= len(question.choices()):
        raise ValidationError(_("The right choice must be one of the lines typed."))
    question.save()
    _audit(actor, "training.question_added", training, {"question": [None, question.label_fr]})
    return question


@transaction.atomic
def remove_question(*, actor, question: Question) -> None:
    """Remove a question while nobody has answered. Audited as `training.question_removed`."""
    _unanswered(question.training)
    question.delete()
    changes = {"question": [question.label_fr, None]}
    _audit(actor, "training.question_removed", question.training, changes)


@transaction.atomic
def invite(*, actor, training: Training, organisations) -> int:
    """Invite the focal points and field workers of `organisations` not yet invited, and
    e-mail each in their language. Returns how many; audited per organisation as
    `training.invited`."""
    if training.state != Training.State.PLANNED:
        raise ValidationError(_("Only a planned training takes invitations."))
    invited = 0
    already = set(training.participants.values_list("user_id", flat=True))
    for organisation in organisations:
        people = (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__organisation=organisation,
                memberships__role__in=INVITED_ROLES,
                memberships__is_active=True,
            )
            .exclude(pk__in=already)
            .distinct()
        )
        names = []
        for user in people:
            Participant.objects.create(training=training, user=user, organisation=organisation)
            already.add(user.pk)
            names.append(user.display_name)
            send_templated_email(
                to=user.email,
                language=user.preferred_language,
                template="trainings/email/invitation",
                context={
                    "training": training,
                    "link": settings.SITE_URL
                    + reverse("trainings:training_detail", args=[training.code]),
                },
            )
        if names:
            changes = {"invited": [None, names]}
            _audit(actor, "training.invited", training, changes, organisation=organisation)
        invited += len(names)
    return invited


@transaction.atomic
def cancel(*, actor, training: Training, reason: str) -> None:
    """Cancel a planned training and tell each invited person, in their language, why.
    Audited as `training.cancelled`."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.state != Training.State.PLANNED:
        raise ValidationError(_("Only a planned training can be cancelled."))
    training.state = Training.State.CANCELLED
    training.save(update_fields=["state"])
    _audit(actor, "training.cancelled", training, {"reason": [None, reason]})
    for participant in training.participants.select_related("user"):
        send_templated_email(
            to=participant.user.email,
            language=participant.user.preferred_language,
            template="trainings/email/cancellation",
            context={"training": training, "reason": reason},
        )


def stage_open(participant: Participant, stage: str) -> bool:
    """Whether `participant` may answer the questionnaire at `stage` now: before, while the
    training is planned; after, once their attendance is recorded; each once."""
    training = participant.training
    if stage in participant.answers or not training.questions.exists():
        return False
    if stage == Participant.Stage.BEFORE:
        return training.state == Training.State.PLANNED
    return participant.attended is True


@transaction.atomic
def answer(*, actor, participant: Participant, stage: str, answers: dict) -> int:
    """Keep `actor`'s own answers at `stage` and their score (percent right). Audited as
    `training.answered` with the score."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.user_id != actor.pk or not stage_open(participant, stage):
        raise ValidationError(_("This questionnaire cannot be answered now."))
    questions = list(participant.training.questions.all())
    right = sum(answers.get(str(q.pk)) == str(q.correct - 1) for q in questions)
    score = round(100 * right / len(questions))
    participant.answers = {**participant.answers, stage: answers}
    setattr(participant, f"score_{stage}", score)
    participant.save(update_fields=["answers", f"score_{stage}"])
    changes = {f"score_{stage}": [None, score]}
    _audit(actor, "training.answered", participant.training, changes, participant.organisation)
    return score


@transaction.atomic
def record_attendance(*, actor, training: Training, present) -> None:
    """Record who attended (the others did not) once the training has begun; the training is
    then held. Audited as `training.attendance_recorded`."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.state == Training.State.CANCELLED:
        raise ValidationError(_("This training was cancelled."))
    if training.starts_on > timezone.localdate():
        raise ValidationError(_("Attendance is recorded once the training has begun."))
    present = {p.pk for p in present}
    participants = training.participants.all()
    participants.filter(pk__in=present).update(attended=True)
    participants.exclude(pk__in=present).update(attended=False)
    training.state = Training.State.HELD
    training.save(update_fields=["state"])
    changes = {
        "present": [None, len(present)],
        "absent": [None, participants.count() - len(present)],
    }
    _audit(actor, "training.attendance_recorded", training, changes)


def certificate_pdf(participant: Participant) -> bytes:
    """The certificate of attendance, in the participant's language."""
    language = participant.user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(
            "trainings/certificate.html",
            {
                "participant": participant,
                "training": participant.training,
                "rtl": language == "ar",
                "language": language,
                "today": timezone.localdate(),
            },
        )
    return html_to_pdf(html)


def record_certificate(*, actor, participant: Participant) -> None:
    """Audit a certificate's download (`training.certificate_downloaded`)."""
    changes = {"participant": [None, participant.user.display_name]}
    _audit(actor, "training.certificate_downloaded", participant.training, changes)
