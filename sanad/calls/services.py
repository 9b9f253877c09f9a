"""Everything that changes a call, an application or a review goes through here, audited."""

import secrets
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from sanad.audit.services import diff, record
from sanad.calls.models import (
    Application,
    ApplicationFile,
    Call,
    Criterion,
    Question,
    RequestCount,
    Review,
    Score,
    Stage,
)
from sanad.calls.questionnaire import REQUIRED_MISSING, answer_rows, missing
from sanad.lib.concurrency import create_or_update
from sanad.lib.mail import binary_attachment, send_templated_email
from sanad.lib.pdf import html_to_pdf
from sanad.lib.text import fold
from sanad.lib.uploads import sniff, validate_document
from sanad.network.models import Organisation, OrganisationKind, OrganisationStatus
from sanad.network.services import invite_selected_focal_point
from sanad.reference.models import ActionField, Establishment, Region

CLOSED = _("The deadline of this call has passed: the application can no longer be changed.")
TOO_MANY = _("Too many requests from here. Wait an hour and try again.")
# Requests per hour: links asked from one address or for one e-mail; autosaves of one
# application (a person typing sends one every few seconds at most).
PER_HOUR = {"ip": 20, "email": 5, "save": 1200}


class CallClosed(ValidationError):
    def __init__(self):
        super().__init__(CLOSED)


class Limited(ValidationError):
    def __init__(self):
        super().__init__(TOO_MANY)


def _within_limit(kind: str, key: str) -> bool:
    """Count one more request of `kind` for `key` this hour, atomically (one UPDATE of a
    counter row, created on the hour's first request); False once over the limit."""
    digest = salted_hmac("sanad.calls.limit", f"{kind}:{key}", algorithm="sha256").hexdigest()
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    rows = RequestCount.objects.filter(kind=kind, key=digest, hour=hour)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RequestCount.objects.create(kind=kind, key=digest, hour=hour, count=1)
            except IntegrityError:  # another request created it first
                rows.update(count=F("count") + 1)
            RequestCount.objects.filter(hour__lt=hour - timedelta(days=1)).delete()
        count = rows.values_list("count", flat=True).get()
    return count <= PER_HOUR[kind]


# The call ------------------------------------------------------------------------------------


@transaction.atomic
def save_call(*, actor, call: Call, values: dict, reviewers, expected_version=None) -> Call:
    """Create or edit a call and its reviewers (not an archived one). Audited as `call.saved`."""
    if call.state == Call.State.ARCHIVED:
        raise ValidationError(_("Nothing can be changed in an archived call."))
    changes = diff(call, values)
    call.created_by = call.created_by or actor
    create_or_update(call, values=values, expected_version=expected_version)
    call.reviewers.set(reviewers)
    changes["reviewers"] = [None, sorted(r.email for r in reviewers)]
    record(actor=actor, action="call.saved", target=call, changes=changes)
    return call


def _editable(call: Call) -> None:
    if call.state != Call.State.DRAFT:
        raise ValidationError(_("The questionnaire of a published call cannot be changed."))


def _add(actor, call: Call, model, values: dict):
    _editable(call)
    item = model.objects.create(call=call, **values)
    name = model._meta.model_name
    record(
        actor=actor,
        action=f"call.{name}_added",
        target=call,
        changes={name: [None, item.label_fr]},
    )
    return item


@transaction.atomic
def add_question(*, actor, call: Call, values: dict) -> Question:
    """Add a question to a draft call. Audited as `call.question_added`."""
    return _add(actor, call, Question, values)


@transaction.atomic
def add_criterion(*, actor, call: Call, values: dict) -> Criterion:
    """Add a line to the scoring grid of a draft call. Audited as `call.criterion_added`."""
    return _add(actor, call, Criterion, values)


@transaction.atomic
def remove(*, actor, item) -> None:
    """Remove a question or a criterion from a draft call. Audited as `call.item_removed`."""
    _editable(item.call)
    record(
        actor=actor,
        action="call.item_removed",
        target=item.call,
        changes={"item": [str(item), None]},
    )
    item.delete()


@transaction.atomic
def publish(*, actor, call: Call) -> None:
    """Open the call to applications. Audited as `call.published`."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    problems = []
    if not call.questions.exists():
        problems.append(_("The questionnaire has no question."))
    if not call.criteria.exists():
        problems.append(_("The scoring grid has no criterion."))
    if not call.reviewers.exists():
        problems.append(_("No reviewer is assigned."))
    if call.deadline <= timezone.now():
        problems.append(_("The deadline is already past."))
    if call.state != Call.State.DRAFT:
        problems.append(_("The call is already published."))
    if problems:
        raise ValidationError(problems)
    call.state, call.published_at = Call.State.PUBLISHED, timezone.now()
    call.save(update_fields=["state", "published_at"])
    record(actor=actor, action="call.published", target=call)


def _locked(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


@transaction.atomic
def close_early(*, actor, call: Call) -> int:
    """Close an open call now; the authors of unfinished drafts are told, in their language,
    that they can no longer submit. Returns how many were told. Audited as `call.closed_early`."""
    call = _locked(call)
    if not call.is_open:
        raise ValidationError(_("Only an open call can be closed."))
    old, call.deadline = call.deadline, timezone.now()
    call.save(update_fields=["deadline"])
    drafts = call.applications.filter(state=Application.State.DRAFT)
    for draft in drafts:
        send_templated_email(
            to=draft.email, language=draft.language, template="calls/email/closed",
            context={"call": call, "application": draft},
        )  # fmt: skip
    told = len(drafts)
    record(
        actor=actor,
        action="call.closed_early",
        target=call,
        changes={"deadline": [str(old), str(call.deadline)], "drafts_told": [None, told]},
    )
    return told


@transaction.atomic
def extend(*, actor, call: Call, deadline) -> None:
    """Move the deadline of a published call later (reopening it if it had closed), as long
    as no application is decided. Audited as `call.extended`."""
    call = _locked(call)
    if call.state != Call.State.PUBLISHED:
        raise ValidationError(_("Only a published call that is not decided can be extended."))
    if call.applications.filter(decided_at__isnull=False).exists():
        raise ValidationError(_("An application is already decided: the call cannot reopen."))
    if deadline <= max(call.deadline, timezone.now()):
        raise ValidationError(
            _("The new deadline must be later than both the current one and now.")
        )
    old, call.deadline = call.deadline, deadline
    call.save(update_fields=["deadline"])
    record(
        actor=actor, action="call.extended", target=call,
        changes={"deadline": [str(old), str(deadline)]},
    )  # fmt: skip


@transaction.atomic
def archive(*, actor, call: Call) -> None:
    """Keep a decided call as a read-only record. Audited as `call.archived`."""
    call = _locked(call)
    if call.state != Call.State.DECIDED:
        raise ValidationError(_("Only a decided call (minutes recorded) can be archived."))
    call.state = Call.State.ARCHIVED
    call.save(update_fields=["state"])
    record(actor=actor, action="call.archived", target=call)


@transaction.atomic
def record_minutes(*, actor, call: Call, minutes: str, met_on) -> None:
    """Record the committee's minutes; the call is then decided. Audited as `call.minutes`."""
    if call.stage not in (Stage.CLOSED, Stage.UNDER_REVIEW, Stage.DECIDED):
        raise ValidationError(_("The minutes are recorded once the call is closed."))
    call.minutes, call.committee_met_on, call.state = minutes, met_on, Call.State.DECIDED
    call.save(update_fields=["minutes", "committee_met_on", "state"])
    record(actor=actor, action="call.minutes", target=call, changes={"met_on": [None, str(met_on)]})


# Applying ------------------------------------------------------------------------------------


@transaction.atomic
def start_application(*, call: Call, email: str, language: str, client: str | None) -> bool:
    """Send a private link to `email` to open (or find again) its application. The answer is
    the same whether or not the address already applied; False only when rate-limited
    (`client` is the visitor's address).
    Audited as `application.link_sent` (without an actor)."""
    email = email.strip().lower()
    limited = client is not None  # None: a trusted caller (the demo seeding), not a visitor
    if limited and not (
        _within_limit("ip", client) and _within_limit("email", f"{call.pk}:{email}")
    ):
        return False
    if not call.is_open:
        raise CallClosed()
    token = secrets.token_urlsafe(32)
    application, created = Application.objects.get_or_create(
        call=call,
        email=email,
        defaults={"token_hash": Application.hash_token(token), "language": language},
    )
    if not created:  # a new link replaces the old one (lost e-mail, forwarded link)
        application.token_hash = Application.hash_token(token)
        application.save(update_fields=["token_hash"])
    send_templated_email(
        to=email,
        language=application.language,
        template="calls/email/link",
        context={
            "call": call,
            "link": settings.SITE_URL + reverse("calls:application", args=[token]),
        },
    )
    record(actor=None, action="application.link_sent", target=application, label=call.title_fr)
    return True


def find_application(token: str) -> Application | None:
    """The application behind a private link (a read: nothing changes)."""
    return (
        Application.objects.select_related("call")
        .filter(token_hash=Application.hash_token(token))
        .first()
    )


def confirm_address(application: Application) -> None:
    """Its private link was opened: the e-mail address it went to works."""
    if application.email_confirmed_at is None:
        application.email_confirmed_at = timezone.now()
        application.save(update_fields=["email_confirmed_at"])


def _changeable(application: Application) -> None:
    if application.state != Application.State.DRAFT:
        raise ValidationError(_("This application was already submitted."))
    if not application.call.is_open:
        raise CallClosed()


@transaction.atomic
def save_answers(*, application: Application, answers: dict) -> None:
    """Keep the answers typed so far (autosave). Refused after the deadline, and beyond
    PER_HOUR["save"] saves of one application in an hour."""
    if not _within_limit("save", str(application.pk)):
        raise Limited()
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    _changeable(application)
    application.answers, application.saved_at = answers, timezone.now()
    application.save(update_fields=["answers", "saved_at"])


@transaction.atomic
def add_file(*, application: Application, question: Question, upload) -> ApplicationFile:
    """Attach a checked file (PDF, JPEG, PNG, 10 MB) to a file question."""
    _changeable(application)
    validate_document(upload)
    stored = ApplicationFile(
        application=application,
        question=question,
        original_name=upload.name[:200],
        content_type=sniff(upload),
        size=upload.size,
    )
    stored.file.save(upload.name, upload, save=False)
    stored.save()
    return stored


@transaction.atomic
def remove_file(*, application: Application, stored: ApplicationFile) -> None:
    _changeable(application)
    stored.file.delete(save=False)
    stored.delete()


def application_pdf(application: Application, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(
            "calls/application_pdf.html",
            {
                "application": application,
                "rows": answer_rows(application),
                "rtl": language == "ar",
                "language": language,
            },
        )
    return html_to_pdf(html)


def submit(*, application: Application, answers: dict) -> None:
    """Submit the application before the deadline, all required questions answered; the
    applicant receives an acknowledgement with a PDF copy of the answers. The answers are
    kept even when the submission is refused. Audited as `application.submitted`."""
    save_answers(application=application, answers=answers)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        )
        _changeable(application)
        questions = list(application.call.questions.all())
        if gaps := missing(questions, application.answers, application.files.all()):
            raise ValidationError(REQUIRED_MISSING % {"questions": "; ".join(map(str, gaps))})
        application.state, application.submitted_at = Application.State.SUBMITTED, timezone.now()
        application.save(update_fields=["state", "submitted_at"])
        pdf = application_pdf(application, application.language)
        send_templated_email(
            to=application.email,
            language=application.language,
            template="calls/email/acknowledgement",
            context={"call": application.call, "application": application},
            attachments=[binary_attachment("application.pdf", pdf, "application/pdf")],
        )
        record(
            actor=None, action="application.submitted", target=application, label=application.email
        )


# Review and decision -------------------------------------------------------------------------


def _review(reviewer, application) -> Review:
    review, _created = Review.objects.select_for_update().get_or_create(
        application=application, reviewer=reviewer
    )
    if review.submitted_at:
        raise ValidationError(_("Your review was already submitted."))
    return review


def record_file_read(*, actor, sent) -> None:
    """Audit a download of an applicant's file."""
    record(
        actor=actor,
        action="application.file_downloaded",
        target=sent.application,
        label=sent.application.email,
        changes={"file": [None, sent.original_name]},
    )


@transaction.atomic
def declare_no_conflict(*, reviewer, application: Application) -> None:
    """The reviewer declares no conflict of interest with this application, which opens its
    scoring form. Audited as `review.no_conflict_declared`."""
    review = _review(reviewer, application)
    if review.declared_at is None:
        review.declared_at = timezone.now()
        review.save(update_fields=["declared_at"])
    record(
        actor=reviewer,
        action="review.no_conflict_declared",
        target=application,
        label=application.email,
    )


@transaction.atomic
def declare_conflict(*, reviewer, application: Application, note: str) -> None:
    """The reviewer stands aside from this application (and no longer sees it). Audited as
    `review.conflict_declared`."""
    review = _review(reviewer, application)
    now = timezone.now()
    review.conflict, review.conflict_note, review.submitted_at = True, note, now
    review.declared_at = review.declared_at or now
    review.save(update_fields=["conflict", "conflict_note", "submitted_at", "declared_at"])
    review.scores.all().delete()
    record(
        actor=reviewer,
        action="review.conflict_declared",
        target=application,
        label=application.email,
    )


@transaction.atomic
def save_review(*, reviewer, application: Application, scores: dict, comment: str, final: bool):
    """Keep a reviewer's scores ({criterion: (value, comment)}); `final` submits them, after
    which they can no longer change and the others' scores become visible to the reviewer.
    Audited as `review.saved` / `review.submitted`."""
    review = _review(reviewer, application)
    if review.declared_at is None:
        raise ValidationError(_("Declare whether you have a conflict of interest first."))
    criteria = list(application.call.criteria.all())
    for criterion in criteria:
        if criterion in scores:
            value, note = scores[criterion]
            if not 0 <= value <= criterion.max_score:
                raise ValidationError(_("A score is out of its range."))
            Score.objects.update_or_create(
                review=review, criterion=criterion, defaults={"value": value, "comment": note}
            )
    if final and review.scores.count() < len(criteria):
        raise ValidationError(_("Score every criterion before submitting."))
    review.comment = comment
    review.submitted_at = timezone.now() if final else None
    review.save(update_fields=["comment", "submitted_at"])
    record(
        actor=reviewer,
        action="review.submitted" if final else "review.saved",
        target=application,
        label=application.email,
    )


# Addresses many people share: the same domain says nothing of a tie.
WEBMAIL = {"gmail.com", "yahoo.fr", "yahoo.com", "hotmail.com", "hotmail.fr", "outlook.com",
           "outlook.fr", "live.fr", "menara.ma", "icloud.com"}  # fmt: skip


def ties(call) -> list[tuple]:
    """(reviewer, application) pairs where the reviewer may belong to the applicant: the
    same e-mail domain (not a webmail) or an organisation of theirs named as the applicant."""
    applications = list(call.applications.exclude(state=Application.State.DRAFT))
    found = []
    for reviewer in call.reviewers.prefetch_related("memberships__organisation"):
        domain = reviewer.email.rsplit("@", 1)[-1].lower()
        names = {fold(m.organisation.name) for m in reviewer.memberships.all()}
        for application in applications:
            same_domain = domain not in WEBMAIL and application.email.lower().endswith("@" + domain)
            if same_domain or (application.name and fold(application.name) in names):
                found.append((reviewer, application))
    return found


def weighted(review: Review, criteria) -> Decimal | None:
    """A review's score out of 100, each criterion weighted."""
    scores = {s.criterion_id: s.value for s in review.scores.all()}
    total = sum(c.weight * c.max_score for c in criteria)
    if not total or len(scores) < len(criteria):
        return None
    return sum(c.weight * scores[c.pk] for c in criteria) * 100 / total


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def ranking(call: Call) -> list[dict]:
    """Submitted applications by weighted mean: the reviewers' scores, their spread and the
    reviews still missing."""
    criteria = list(call.criteria.all())
    reviewers = list(call.reviewers.all())
    rows = []
    applications = (
        call.applications.exclude(state=Application.State.DRAFT)
        .prefetch_related("reviews__scores", "reviews__reviewer")
        .order_by("submitted_at")
    )
    for application in applications:
        reviews = [r for r in application.reviews.all() if r.submitted_at]
        conflicted = {r.reviewer_id for r in reviews if r.conflict}
        scores = [s for r in reviews if not r.conflict and (s := weighted(r, criteria)) is not None]
        done = {r.reviewer_id for r in reviews}
        rows.append(
            {
                "application": application,
                "mean": _tenth(sum(scores) / len(scores)) if scores else None,
                "spread": _tenth(max(scores) - min(scores)) if len(scores) > 1 else None,
                "reviews": len(scores),
                "conflicts": len(conflicted),
                "missing": [r for r in reviewers if r.pk not in done],
            }
        )
    rows.sort(key=lambda row: (row["mean"] is None, -(row["mean"] or 0)))
    return rows


@transaction.atomic
def shortlist(*, actor, application: Application, on: bool) -> None:
    """Put an application on (or off) the shortlist. Audited as `application.shortlisted`."""
    if application.state not in (Application.State.SUBMITTED, Application.State.SHORTLISTED):
        raise ValidationError(_("This application was already decided."))
    application.state = Application.State.SHORTLISTED if on else Application.State.SUBMITTED
    application.save(update_fields=["state"])
    record(
        actor=actor,
        action="application.shortlisted",
        target=application,
        changes={"shortlisted": [not on, on]},
    )


def _answers_for(application: Application, fills: str):
    for question in application.call.questions.all():
        if question.fills == fills:
            return application.answers.get(str(question.pk))
    return None


def _source_answers(application: Application, source: str) -> list:
    values = []
    for question in application.call.questions.all():
        if question.source == source:
            answer = application.answers.get(str(question.pk)) or []
            values += answer if isinstance(answer, list) else [answer]
    return values


def onboard(*, actor, application: Application) -> Organisation:
    """The selected applicant becomes an active partner organisation, with its fields of
    action, regions and establishments taken from its answers, and its focal point is
    invited as `cso_manager`."""
    T = Question.Target
    name_fr = _answers_for(application, T.NAME_FR) or _answers_for(application, T.NAME_AR)
    organisation = Organisation.objects.create(
        name_fr=name_fr or application.email,
        name_ar=_answers_for(application, T.NAME_AR) or "",
        acronym=(_answers_for(application, T.ACRONYM) or "")[:30],
        city=(_answers_for(application, T.CITY) or "")[:100],
        phone=(_answers_for(application, T.PHONE) or "")[:40],
        email=application.email,
        kind=OrganisationKind.PARTNER_CSO,
        status=OrganisationStatus.ACTIVE,
        agreement_start=timezone.localdate(),
    )
    organisation.fields_of_action.set(
        ActionField.objects.filter(
            code__in=_source_answers(application, Question.Source.ACTION_FIELDS)
        )
    )
    organisation.regions.set(
        Region.objects.filter(code__in=_source_answers(application, Question.Source.REGIONS))
    )
    organisation.establishments.set(
        Establishment.objects.filter(
            code__in=_source_answers(application, Question.Source.ESTABLISHMENTS)
        )
    )
    record(
        actor=actor, action="organisation.created", target=organisation, organisation=organisation
    )
    invite_selected_focal_point(
        actor=actor,
        organisation=organisation,
        email=application.email,
        full_name=_answers_for(application, T.FOCAL_POINT) or "",
        language=application.language,
    )
    return organisation


def decision_email(application: Application, selected: bool) -> dict:
    """The template and context of the e-mail telling the applicant the decision."""
    return {
        "template": "calls/email/selected" if selected else "calls/email/rejected",
        "context": {"call": application.call, "application": application},
    }


@transaction.atomic
def decide(*, actor, application: Application, selected: bool, reason: str) -> None:
    """Select or turn down an application, with the reason; the applicant is told in its
    language, and a selected one is onboarded. Audited as `application.selected` /
    `application.rejected`."""
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if application.state not in (Application.State.SUBMITTED, Application.State.SHORTLISTED):
        raise ValidationError(_("This application was already decided."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    if application.call.stage not in (Stage.CLOSED, Stage.UNDER_REVIEW, Stage.DECIDED):
        raise PermissionDenied
    application.state = Application.State.SELECTED if selected else Application.State.REJECTED
    application.decision_reason, application.decided_by = reason, actor
    application.decided_at = timezone.now()
    # The decision first, then (for a selected one) the invitation it announces.
    send_templated_email(
        to=application.email, language=application.language,
        **decision_email(application, selected),
    )  # fmt: skip
    if selected:
        application.organisation = onboard(actor=actor, application=application)
    application.save()
    record(
        actor=actor,
        action="application.selected" if selected else "application.rejected",
        target=application,
        label=application.email,
        changes={"reason": [None, reason]},
    )
