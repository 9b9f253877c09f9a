"""Writes on complaints, each with its audit event; nothing received is ever deleted."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanad.audit.services import record, record_many
from sanad.complaints.models import Closure, Complaint, Referral, Status
from sanad.lib.mail import send_templated_email
from sanad.lib.plain_text import render_plain_text
from sanad.network.models import Membership
from sanad.network.services import coordinators

NEXT = {
    Status.RECEIVED: {Status.QUALIFIED, Status.CLOSED},
    Status.QUALIFIED: {Status.CLOSED},
    Status.REFERRED: {Status.CLOSED},
    Status.ANSWERED: {Status.CLOSED},
    Status.CLOSED: set(),
}
# Referrals listed in one reminder e-mail, the longest waiting first; the complaints page has
# them all (coordinators are reminded of every CSO's: one e-mail each, not one per referral).
REMINDER_ROWS = 50


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
        return render_plain_text(
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


def _chasers(referrals) -> dict:
    """Who chases each referral: the coordinators, the CSO managers of the complaint's
    organisation and, while active, whoever handles it. Person → their referrals."""
    managers = defaultdict(set)
    for membership in (
        Membership.objects.active()
        .filter(
            organisation__in={r.complaint.organisation_id for r in referrals}, role="cso_manager"
        )
        .select_related("user")
    ):
        managers[membership.organisation_id].add(membership.user)
    everyone = set(coordinators())
    chasers = defaultdict(list)
    for referral in referrals:
        people = everyone | managers[referral.complaint.organisation_id]
        if (handler := referral.complaint.handled_by) and handler.is_active:
            people.add(handler)
        for person in people:
            chasers[person].append(referral)
    return chasers


@transaction.atomic
def send_reminders(*, today=None) -> int:
    """E-mail whoever should chase the overdue referrals (see `_chasers`): one e-mail each,
    listing the REMINDER_ROWS longest waiting and how many more. Returns the number of
    referrals chased; each is audited as `complaint.reminder_sent` (no actor)."""
    today = today or timezone.localdate()
    referrals = list(overdue_referrals(today).order_by("sent_on", "id"))
    if not referrals:
        return 0
    for referral in referrals:
        referral.days_waiting = (today - referral.sent_on).days
    for person, theirs in _chasers(referrals).items():
        send_templated_email(
            to=person.email,
            language=person.preferred_language,
            template="complaints/email/reminder",
            context={
                "referrals": theirs[:REMINDER_ROWS],
                "total": len(theirs),
                "more": max(0, len(theirs) - REMINDER_ROWS),
                "site_url": settings.SITE_URL,
            },
        )
    Referral.objects.filter(pk__in=[r.pk for r in referrals]).update(reminded_on=today)
    record_many(
        actor=None,
        action="complaint.reminder_sent",
        targets=[
            (
                r.complaint,
                r.complaint.organisation,
                str(r.complaint),
                {"days_waiting": [None, r.days_waiting]},
            )
            for r in referrals
        ],
    )
    return len(referrals)
