"""Casework writes on legal cases, each with its audit event in the same transaction."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.audit.services import diff, record
from sanad.legal.models import (
    CalendarFeed,
    CaseDocument,
    Deadline,
    Decision,
    Hearing,
    LawyerMandate,
    LegalCase,
    Remedy,
)
from sanad.lib import deadlines as engine
from sanad.lib.concurrency import save_if_unchanged
from sanad.lib.uploads import sniff
from sanad.reference.models import LegalRule, PublicHoliday


def _audit(actor, action, case, **kwargs):
    return record(
        actor=actor,
        action=action,
        target=case,
        organisation=case.beneficiary.identified_by,
        label=f"{case} — {case.beneficiary.display_name}",
        **kwargs,
    )


@transaction.atomic
def open_case(*, actor, beneficiary, values: dict) -> LegalCase:
    """Open a legal case file for `beneficiary`. Audited as `case.opened`."""
    case = LegalCase.objects.create(beneficiary=beneficiary, created_by=actor, **values)
    _audit(actor, "case.opened", case, changes=diff(LegalCase(), values))
    return case


@transaction.atomic
def update_case(*, actor, case: LegalCase, expected_version: int, values: dict) -> LegalCase:
    """Save an edit begun at `expected_version` (EditConflict otherwise). Audited as
    `case.updated` with the changed fields."""
    changes = diff(case, values)
    if changes:
        save_if_unchanged(case, expected_version=expected_version, values=values)
        _audit(actor, "case.updated", case, changes=changes)
    return case


@transaction.atomic
def assign_lawyer(*, actor, case: LegalCase, lawyer, bar: str, starts_on) -> LawyerMandate:
    """Give `lawyer` a mandate on `case`; from then on they see it. Audited as
    `case.lawyer_assigned`."""
    if case.mandates.filter(lawyer=lawyer, active=True).exists():
        raise ValidationError(_("This lawyer already holds a mandate on this case."))
    mandate = LawyerMandate.objects.create(case=case, lawyer=lawyer, bar=bar, starts_on=starts_on)
    _audit(actor, "case.lawyer_assigned", case, changes={"lawyer": [None, lawyer.email]})
    return mandate


@transaction.atomic
def end_mandate(*, actor, mandate: LawyerMandate) -> None:
    """End a lawyer's mandate; they stop seeing the case at once. Audited."""
    mandate.active = False
    mandate.ends_on = timezone.localdate()
    mandate.save(update_fields=["active", "ends_on"])
    _audit(
        actor, "case.lawyer_removed", mandate.case, changes={"lawyer": [mandate.lawyer.email, None]}
    )


@transaction.atomic
def schedule_hearing(*, actor, case: LegalCase, values: dict) -> Hearing:
    """Add a hearing to the case. Audited as `case.hearing_scheduled`."""
    hearing = Hearing.objects.create(case=case, **values)
    _audit(
        actor,
        "case.hearing_scheduled",
        case,
        changes={"hearing": [None, hearing.scheduled_at.isoformat()]},
    )
    return hearing


@transaction.atomic
def record_hearing_outcome(*, actor, hearing: Hearing, outcome: str, postponed_to=None) -> None:
    """Record what happened at a hearing. A postponement schedules the next hearing.
    Audited as `case.hearing_held` or `case.hearing_postponed`."""
    hearing.outcome = outcome
    hearing.status = Hearing.Status.POSTPONED if postponed_to else Hearing.Status.HELD
    hearing.postponed_to = postponed_to
    hearing.save(update_fields=["outcome", "status", "postponed_to"])
    if postponed_to:
        Hearing.objects.create(
            case=hearing.case,
            scheduled_at=postponed_to,
            court=hearing.court,
            purpose=hearing.purpose,
        )
    _audit(
        actor,
        f"case.hearing_{hearing.status}",
        hearing.case,
        changes={
            "hearing": [
                hearing.scheduled_at.isoformat(),
                postponed_to.isoformat() if postponed_to else hearing.status,
            ]
        },
    )


def _holidays(start, end) -> set:
    return set(
        PublicHoliday.objects.filter(date__range=(start, end)).values_list("date", flat=True)
    )


def compute(rule: LegalRule, trigger):
    """The due date of `rule` counted from `trigger`, with the holidays of that period."""
    horizon = trigger + timedelta(days=rule.period * (31 if rule.unit == "months" else 1) + 60)
    return engine.due_date(
        trigger,
        rule.period,
        rule.unit,
        rule.counting,
        rule.roll_forward,
        _holidays(trigger, horizon),
    )


def _trigger(rule: LegalRule, decision: Decision):
    if rule.start == LegalRule.Start.PRONOUNCEMENT:
        return decision.pronounced_on
    return decision.notified_on


def applicable_rules(decision: Decision):
    """The rules that a decision triggers: those in force on the day it was pronounced,
    for its kind (contradictory or by default) and its court level."""
    return LegalRule.objects.in_force_on(decision.pronounced_on).filter(
        applies_to__in=[decision.kind, LegalRule.Applies.ANY],
        court_level__in=[decision.level, "any"],
    )


@transaction.atomic
def record_decision(*, actor, case: LegalCase, values: dict) -> Decision:
    """Record a decision and create the deadlines it triggers, each from its rule (a
    deadline counted from a notification has no due date until the notification is known).
    Audited as `case.decision_recorded`."""
    decision = Decision.objects.create(case=case, recorded_by=actor, **values)
    created = []
    for rule in applicable_rules(decision):
        trigger = _trigger(rule, decision)
        Deadline.objects.create(
            case=case,
            decision=decision,
            rule=rule,
            trigger_date=trigger,
            due_on=compute(rule, trigger) if trigger else None,
        )
        created.append(rule.name_fr)
    _audit(
        actor,
        "case.decision_recorded",
        case,
        changes={
            "decision": [None, f"{decision.level} {decision.pronounced_on}"],
            "deadlines": [None, created],
        },
    )
    return decision


@transaction.atomic
def record_notification(*, actor, decision: Decision, notified_on) -> None:
    """Record when a decision was notified, and date the deadlines that count from it.
    Audited as `case.decision_notified`."""
    if notified_on < decision.pronounced_on:
        raise ValidationError(_("A decision cannot be notified before it is pronounced."))
    decision.notified_on = notified_on
    decision.save(update_fields=["notified_on"])
    for deadline in decision.deadlines.select_related("rule").filter(
        status=Deadline.Status.OPEN, rule__start=LegalRule.Start.NOTIFICATION
    ):
        deadline.trigger_date = notified_on
        deadline.due_on = compute(deadline.rule, notified_on)
        deadline.save(update_fields=["trigger_date", "due_on"])
    _audit(
        actor,
        "case.decision_notified",
        decision.case,
        changes={"notified_on": [None, notified_on.isoformat()]},
    )


@transaction.atomic
def file_remedy(*, actor, case: LegalCase, values: dict) -> Remedy:
    """Record a remedy or request. One filed on time meets the case's open deadline for the
    same remedy. Audited as `case.remedy_recorded` (and `case.deadline_met`)."""
    remedy = Remedy.objects.create(case=case, **values)
    changes = {"remedy": [None, remedy.kind]}
    if remedy.filed_on:
        deadline = (
            case.deadlines.filter(
                status=Deadline.Status.OPEN, rule__remedy=remedy.kind, due_on__gte=remedy.filed_on
            )
            .order_by("due_on")
            .first()
        )
        if deadline:
            deadline.status = Deadline.Status.MET
            deadline.met_by = remedy
            deadline.save(update_fields=["status", "met_by"])
            changes["deadline"] = [Deadline.Status.OPEN, Deadline.Status.MET]
    _audit(actor, "case.remedy_recorded", case, changes=changes)
    return remedy


@transaction.atomic
def update_remedy(*, actor, remedy: Remedy, status: str, outcome: str) -> None:
    """Record the outcome of a remedy. Audited as `case.remedy_updated`."""
    changes = diff(remedy, {"status": status, "outcome": outcome})
    remedy.status, remedy.outcome = status, outcome
    remedy.save(update_fields=["status", "outcome"])
    _audit(actor, "case.remedy_updated", remedy.case, changes=changes)


@transaction.atomic
def waive_deadline(*, actor, deadline: Deadline, reason: str) -> None:
    """Close a deadline deliberately (the person chose not to appeal, …), with the reason.
    Audited as `case.deadline_waived`."""
    if not reason.strip():
        raise ValidationError(_("Say why this deadline is waived."))
    deadline.status = Deadline.Status.WAIVED
    deadline.waived_reason = reason
    deadline.save(update_fields=["status", "waived_reason"])
    _audit(
        actor,
        "case.deadline_waived",
        deadline.case,
        changes={"deadline": [Deadline.Status.OPEN, Deadline.Status.WAIVED]},
    )


@transaction.atomic
def mark_missed(*, today=None) -> int:
    """Open deadlines whose due date has passed become missed (run daily by the worker).
    Each is audited as `case.deadline_missed`, with no actor."""
    today = today or timezone.localdate()
    missed = 0
    for deadline in Deadline.objects.select_related("case__beneficiary__identified_by").filter(
        status=Deadline.Status.OPEN, due_on__lt=today
    ):
        deadline.status = Deadline.Status.MISSED
        deadline.save(update_fields=["status"])
        _audit(
            None,
            "case.deadline_missed",
            deadline.case,
            changes={"deadline": [str(deadline.due_on), Deadline.Status.MISSED]},
        )
        missed += 1
    return missed


@transaction.atomic
def save_rule(*, actor, rule: LegalRule, expected_version: int | None, values: dict) -> int:
    """Create or edit a legal rule, then recompute the open deadlines that use it.
    Returns how many deadlines moved. Audited as `rule.created`/`rule.updated` and
    `case.deadline_recomputed` per moved deadline."""
    if rule.pk is None:
        for field, value in values.items():
            setattr(rule, field, value)
        rule.save()
        record(actor=actor, action="rule.created", target=rule, changes=diff(LegalRule(), values))
        return 0
    changes = diff(rule, values)
    if not changes:
        return 0
    save_if_unchanged(rule, expected_version=expected_version, values=values)
    record(actor=actor, action="rule.updated", target=rule, changes=changes)
    moved = 0
    for deadline in Deadline.objects.select_related("case__beneficiary__identified_by").filter(
        rule=rule, status=Deadline.Status.OPEN, trigger_date__isnull=False
    ):
        new_due = compute(rule, deadline.trigger_date)
        if new_due != deadline.due_on:
            old = deadline.due_on
            deadline.due_on = new_due
            deadline.save(update_fields=["due_on"])
            _audit(
                actor,
                "case.deadline_recomputed",
                deadline.case,
                changes={"due_on": [str(old), str(new_due)]},
            )
            moved += 1
    return moved


@transaction.atomic
def add_document(*, actor, case: LegalCase, kind: str, upload) -> CaseDocument:
    """Store an uploaded judgment, power of attorney or letter (already validated) in
    private storage. Audited as `case.document_added`."""
    document = CaseDocument(
        case=case,
        kind=kind,
        original_name=upload.name[:200],
        content_type=sniff(upload) or "application/octet-stream",
        uploaded_by=actor,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    _audit(actor, "case.document_added", case, changes={"document": [None, document.original_name]})
    return document


def record_document_read(*, actor, document: CaseDocument) -> None:
    """Audit a download of a case document."""
    _audit(
        actor,
        "case.document_downloaded",
        document.case,
        changes={"document": [None, document.original_name]},
    )


@transaction.atomic
def issue_calendar_feed(*, actor) -> str:
    """Give `actor` a new private calendar link (the old one stops working). Returns the
    secret, shown once. Audited as `calendar.issued`."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=actor,
        defaults={"token_hash": CalendarFeed.hash_token(token), "created_at": timezone.now()},
    )
    record(actor=actor, action="calendar.issued", target=actor, label=actor.email)
    return token


@transaction.atomic
def revoke_calendar_feed(*, actor) -> None:
    """Stop `actor`'s calendar link. Audited as `calendar.revoked`."""
    CalendarFeed.objects.filter(user=actor).delete()
    record(actor=actor, action="calendar.revoked", target=actor, label=actor.email)
