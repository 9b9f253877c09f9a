"""Retention reviews and data-subject requests: every change goes through here, audited."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_tasks import task

from sanad.audit.services import diff, record
from sanad.beneficiaries.models import Beneficiary, ImportBatch, Status
from sanad.beneficiaries.services import prune_exports
from sanad.complaints.models import Complaint
from sanad.complaints.models import Status as ComplaintStatus
from sanad.lib.concurrency import save_if_unchanged
from sanad.network.services import coordinators, notify
from sanad.privacy.anonymise import anonymise
from sanad.privacy.models import (
    RecordType,
    RetentionItem,
    RetentionPolicy,
    RetentionReview,
    SubjectRequest,
)

REVIEW_MESSAGE = ngettext_lazy(
    "%(count)s record has reached the end of its retention period.",
    "%(count)s records have reached the end of their retention period.",
    "count",
)
CHUNK = 50


def _end_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def due_items(policies: dict[str, RetentionPolicy]) -> list[RetentionItem]:
    """The records whose retention period is over and that still carry identity."""
    items = []
    if policy := policies.get(RecordType.BENEFICIARY):
        ended = Max(
            "status_changes__at",
            filter=Q(status_changes__to_status__in=[Status.CLOSED, Status.REJECTED]),
        )
        due = (
            Beneficiary.objects.filter(
                status__in=[Status.CLOSED, Status.REJECTED],
                anonymised_at__isnull=True,
                merged_into__isnull=True,
            )
            .annotate(ended=ended)
            .filter(ended__lt=_end_of(policy.cutoff))
        )
        items += [
            RetentionItem(
                record_type=RecordType.BENEFICIARY,
                object_id=pk,
                organisation_id=org,
                ended_on=timezone.localdate(at),
            )
            for pk, org, at in due.values_list("pk", "identified_by", "ended").iterator()
        ]
    if policy := policies.get(RecordType.COMPLAINT):
        due = Complaint.objects.filter(
            status=ComplaintStatus.CLOSED,
            beneficiary__isnull=True,
            anonymised_at__isnull=True,
            closed_on__lte=policy.cutoff,
        )
        items += [
            RetentionItem(
                record_type=RecordType.COMPLAINT, object_id=pk, organisation_id=org, ended_on=day
            )
            for pk, org, day in due.values_list("pk", "organisation", "closed_on").iterator()
        ]
    if policy := policies.get(RecordType.IMPORT):
        due = ImportBatch.objects.exclude(file="").filter(created_at__lt=_end_of(policy.cutoff))
        items += [
            RetentionItem(
                record_type=RecordType.IMPORT,
                object_id=pk,
                organisation_id=org,
                ended_on=timezone.localdate(at),
            )
            for pk, org, at in due.values_list("pk", "organisation", "created_at").iterator()
        ]
    return items


@transaction.atomic
def propose_review() -> RetentionReview | None:
    """The scheduled job: list what has fallen due into a review for the coordinators to
    approve, and tell them. Nothing is proposed while another review is still open."""
    open_states = [RetentionReview.State.PROPOSED, RetentionReview.State.APPROVED]
    if RetentionReview.objects.filter(state__in=open_states).exists():
        return None
    items = due_items({p.record_type: p for p in RetentionPolicy.objects.all()})
    if not items:
        return None
    review = RetentionReview.objects.create(total=len(items))
    for item in items:
        item.review = review
    RetentionItem.objects.bulk_create(items, batch_size=1000)
    record(
        actor=None,
        action="retention.proposed",
        target=review,
        changes={"items": [None, len(items)]},
    )
    notify(
        users=coordinators(),
        message=REVIEW_MESSAGE,
        params={"count": len(items)},
        link=reverse("privacy:review_detail", args=[review.code]),
    )
    return review


@task()
def propose_retention_review() -> int:
    """The nightly retention job: propose the review, and delete the beneficiary spreadsheets
    whose download time is over (nothing to decide about those)."""
    prune_exports()
    review = propose_review()
    return review.total if review else 0


def _decide(actor, review, state, note, action) -> RetentionReview:
    review = RetentionReview.objects.select_for_update().get(pk=review.pk)
    if review.state != RetentionReview.State.PROPOSED:
        raise ValidationError(_("This review was already decided."))
    review.state, review.decided_by, review.decided_at = state, actor, timezone.now()
    review.decision_note = note
    review.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    record(actor=actor, action=action, target=review, changes={"items": [None, review.total]})
    return review


def approve_review(*, actor, review: RetentionReview, note: str = "") -> None:
    """Approve a review: once this is committed, the task worker anonymises its records.
    Audited as `retention.approved`; irreversible."""
    with transaction.atomic():
        review = _decide(actor, review, RetentionReview.State.APPROVED, note, "retention.approved")
    carry_out_review.enqueue(review_code=str(review.code))


@transaction.atomic
def decline_review(*, actor, review: RetentionReview, note: str) -> None:
    """Keep the records (e.g. a case reopened, a legal hold): they are proposed again at the
    next run. Audited as `retention.declined`."""
    if not note.strip():
        raise ValidationError(_("Say why these records must be kept."))
    _decide(actor, review, RetentionReview.State.DECLINED, note, "retention.declined")


def _carry_out_chunk(review, items) -> None:
    by_type = {t: [i.object_id for i in items if i.record_type == t] for t in RecordType}
    with transaction.atomic(durable=True):
        anonymise(
            beneficiaries=Beneficiary._base_manager.filter(
                pk__in=by_type[RecordType.BENEFICIARY], anonymised_at__isnull=True
            ),
            complaints=Complaint._base_manager.filter(
                pk__in=by_type[RecordType.COMPLAINT], anonymised_at__isnull=True
            ),
        )
        for batch in ImportBatch.objects.filter(pk__in=by_type[RecordType.IMPORT]):
            batch.file.delete(save=False)
            ImportBatch.objects.filter(pk=batch.pk).update(file="", headers=[], mapping={})
        RetentionItem.objects.filter(pk__in=[i.pk for i in items]).update(
            anonymised_at=timezone.now()
        )
        review.done += len(items)
        review.save(update_fields=["done"])


def carry_out(review_code: str) -> RetentionReview:
    """The worker's side: anonymise an approved review's records in chunks, each committed on
    its own with the progress counter once its statistics are unchanged, so that a new run
    resumes where one stopped. Audited as `retention.anonymised`."""
    review = RetentionReview.objects.get(code=review_code)
    pending = review.items.filter(anonymised_at__isnull=True)
    while chunk := list(pending[:CHUNK]):
        _carry_out_chunk(review, chunk)
    review.state, review.statistics_checked = RetentionReview.State.DONE, True
    review.save(update_fields=["state", "statistics_checked"])
    record(
        actor=review.decided_by,
        action="retention.anonymised",
        target=review,
        changes={"items": [None, review.done]},
    )
    return review


@task()
def carry_out_review(*, review_code: str) -> int:
    return carry_out(review_code).done


@transaction.atomic
def save_policy(*, actor, policy: RetentionPolicy, values: dict, expected_version: int) -> None:
    """Change a retention period or its legal basis. Audited as `retention.policy_changed`."""
    changes = diff(policy, values)
    save_if_unchanged(policy, expected_version=expected_version, values=values)
    record(actor=actor, action="retention.policy_changed", target=policy, changes=changes)


@transaction.atomic
def register_request(*, actor, beneficiary, values: dict) -> SubjectRequest:
    """Register a person's request; the answer is due SANAD_SUBJECT_REQUEST_DAYS after it
    was received. Audited as `subject_request.registered`."""
    received = values.get("received_on") or timezone.localdate()
    request = SubjectRequest.objects.create(
        beneficiary=beneficiary,
        created_by=actor,
        due_on=received + timedelta(days=settings.SANAD_SUBJECT_REQUEST_DAYS),
        **values,
    )
    record(
        actor=actor,
        action="subject_request.registered",
        target=request,
        organisation=beneficiary.identified_by,
        changes=diff(SubjectRequest(), values),
        subjects=[str(beneficiary.code)],
    )
    return request


@transaction.atomic
def answer_request(*, actor, request: SubjectRequest, values: dict, expected_version: int):
    """Record the answer (or the refusal and its reasons). Audited as
    `subject_request.answered`."""
    if values["status"] == SubjectRequest.Status.OPEN:
        raise ValidationError(_("Choose whether the request was answered or refused."))
    if not values["answer"].strip():
        raise ValidationError(_("Write the answer given to the person."))
    values = {**values, "answered_on": values.get("answered_on") or timezone.localdate()}
    changes = diff(request, values)
    save_if_unchanged(request, expected_version=expected_version, values=values)
    record(
        actor=actor,
        action="subject_request.answered",
        target=request,
        changes=changes,
        subjects=[str(request.beneficiary.code)],
    )


def record_export(*, actor, request: SubjectRequest, fmt: str) -> None:
    record(
        actor=actor,
        action="subject_request.exported",
        target=request,
        changes={"format": [None, fmt]},
        subjects=[str(request.beneficiary.code)],
    )
