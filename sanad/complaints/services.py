"""Writes on complaints, each with its audit event; nothing received is ever deleted."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanad.audit.services import record
from sanad.complaints.models import Closure, Complaint, Referral, Status
from sanad.lib.mail import send_templated_email
from sanad.network.models import Membership
from sanad.network.services import coordinators

NEXT = {
    Status.RECEIVED: {Status.QUALIFIED, Status.CLOSED},
    Status.QUALIFIED: {Status.CLOSED},
    Status.REFERRED: {Status.CLOSED},
    Status.ANSWERED: {Status.CLOSED},
    Status.CLOSED: set(),
}


def _audit(actor, action, complaint, **kwargs):
    return record(
        actor=actor,
        action=action,
        target=complaint,
        organisation=complaint.organisation,
        label=str(complaint),
        **kwargs,
    )


@transaction.atomic
def receive(*, actor, organisation, values: dict) -> Complaint:
    """Record a complaint received by `organisation`; `actor` handles it.
    Audited as `complaint.received`."""
    complaint = Complaint.objects.create(organisation=organisation, handled_by=actor, **values)
    if complaint.observation_id:
        complaint.observation.complaint_opened = True
        complaint.observation.save(update_fields=["complaint_opened"])
    _audit(
        actor,
        "complaint.received",
        complaint,
        changes={"category": [None, complaint.category], "urgent": [None, complaint.urgent]},
    )
    return complaint


@transaction.atomic
def qualify(*, actor, complaint: Complaint, category: str, sub_category: str, urgent: bool):
    """Confirm the category and urgency after reading the complaint. Audited."""
    if Status.QUALIFIED not in NEXT[complaint.status] and complaint.status != Status.QUALIFIED:
        raise ValidationError(_("This complaint can no longer be qualified."))
    changes = {"status": [complaint.status, Status.QUALIFIED]}
    complaint.category, complaint.sub_category, complaint.urgent = category, sub_category, urgent
    complaint.status = Status.QUALIFIED
    complaint.save(update_fields=["category", "sub_category", "urgent", "status"])
    _audit(actor, "complaint.qualified", complaint, changes=changes)


def letter_text(complaint: Complaint, authority_label: str, language: str) -> str:
    """The referral letter filled from the complaint, in `language`. The complainant's
    identity is left out unless they agreed to its disclosure."""
    with translation.override(language):
        return render_to_string(
            f"complaints/letters/referral_{language}.txt",
            {
                "complaint": complaint,
                "authority": authority_label,
                "disclose": complaint.identity_disclosable,
                "establishment": complaint.establishment,
            },
        ).strip()


@transaction.atomic
def refer(*, actor, complaint: Complaint, values: dict) -> Referral:
    """Refer the complaint in writing to an authority. Audited as `complaint.referred`."""
    if complaint.status == Status.CLOSED:
        raise ValidationError(_("A closed complaint cannot be referred."))
    referral = Referral.objects.create(complaint=complaint, **values)
    old = complaint.status
    complaint.status = Status.REFERRED
    complaint.save(update_fields=["status"])
    _audit(
        actor,
        "complaint.referred",
        complaint,
        changes={"status": [old, Status.REFERRED], "authority": [None, referral.authority]},
    )
    return referral


@transaction.atomic
def record_answer(*, actor, referral: Referral, values: dict) -> None:
    """Record the authority's answer. Audited as `complaint.answered`."""
    for field, value in values.items():
        setattr(referral, field, value)
    referral.save()
    complaint = referral.complaint
    old = complaint.status
    if complaint.status == Status.REFERRED:
        complaint.status = Status.ANSWERED
        complaint.save(update_fields=["status"])
    _audit(
        actor,
        "complaint.answered",
        complaint,
        changes={
            "status": [old, complaint.status],
            "days_to_answer": [None, referral.days_to_answer],
        },
    )


@transaction.atomic
def close(*, actor, complaint: Complaint, closure: str, feedback: str) -> None:
    """Close the complaint with its outcome and the feedback given to the complainant.
    Audited as `complaint.closed`."""
    if complaint.status == Status.CLOSED:
        raise ValidationError(_("This complaint is already closed."))
    if closure not in Closure.values:
        raise ValidationError(_("Choose how the complaint ends."))
    old = complaint.status
    complaint.status, complaint.closure = Status.CLOSED, closure
    complaint.closed_on, complaint.feedback = timezone.localdate(), feedback
    complaint.save(update_fields=["status", "closure", "closed_on", "feedback"])
    _audit(
        actor,
        "complaint.closed",
        complaint,
        changes={"status": [old, Status.CLOSED], "closure": [None, closure]},
    )


def overdue_referrals(today=None):
    """Referrals still unanswered after SANAD_COMPLAINT_REMINDER_DAYS, not reminded in the
    last week."""
    today = today or timezone.localdate()
    limit = today - timedelta(days=settings.SANAD_COMPLAINT_REMINDER_DAYS)
    return (
        Referral.objects.filter(answered_on__isnull=True, sent_on__lte=limit)
        .exclude(reminded_on__gt=today - timedelta(days=7))
        .exclude(complaint__status=Status.CLOSED)
        .select_related("complaint__organisation", "complaint__handled_by")
    )


@transaction.atomic
def send_reminders(*, today=None) -> int:
    """E-mail whoever handles each overdue referral, and the coordinators, so that the
    answer is chased. Audited as `complaint.reminder_sent` (no actor)."""
    today = today or timezone.localdate()
    sent = 0
    for referral in overdue_referrals(today):
        complaint = referral.complaint
        people = set(coordinators())
        if complaint.handled_by and complaint.handled_by.is_active:
            people.add(complaint.handled_by)
        people |= {
            m.user
            for m in Membership.objects.active()
            .filter(organisation=complaint.organisation, role="cso_manager")
            .select_related("user")
        }
        for person in people:
            send_templated_email(
                to=person.email,
                language=person.preferred_language,
                template="complaints/email/reminder",
                context={
                    "referral": referral,
                    "complaint": complaint,
                    "days": (today - referral.sent_on).days,
                },
            )
        referral.reminded_on = today
        referral.save(update_fields=["reminded_on"])
        _audit(
            None,
            "complaint.reminder_sent",
            complaint,
            changes={"days_waiting": [None, (today - referral.sent_on).days]},
        )
        sent += 1
    return sent
