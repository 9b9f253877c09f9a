"""Money moves here only: each change is audited, every amount is Decimal, and approval and
payment lock the claim row so that two people acting at once cannot pay it twice."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sanad.audit.services import record
from sanad.finance.models import Allocation, BudgetLine, ExpenseClaim

State = ExpenseClaim.State
COUNTED = [State.SUBMITTED, State.APPROVED, State.PAID]


def _audit(actor, action, claim, **kwargs):
    return record(
        actor=actor,
        action=action,
        target=claim,
        organisation=claim.organisation,
        label=str(claim),
        **kwargs,
    )


def check_activity(organisation, values: dict) -> None:
    """A claim may only be linked to the claiming organisation's own activities."""
    visit, meeting, session = values.get("visit"), values.get("meeting"), values.get("session")
    if visit and visit.organisation_id != organisation.pk:
        raise ValidationError(_("This visit belongs to another organisation."))
    if session and session.organisation_id != organisation.pk:
        raise ValidationError(_("This session belongs to another organisation."))
    if meeting and not meeting.invited_organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(_("Your organisation was not invited to this meeting."))


def allocated(organisation, budget_line, day) -> Decimal:
    return Allocation.objects.filter(
        organisation=organisation,
        budget_line=budget_line,
        period_start__lte=day,
        period_end__gte=day,
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")


def claimed(organisation, budget_line, day, exclude=None) -> Decimal:
    """Submitted, approved or paid claims in the allocation period covering `day`."""
    periods = Allocation.objects.filter(
        organisation=organisation,
        budget_line=budget_line,
        period_start__lte=day,
        period_end__gte=day,
    )
    period = periods.order_by("period_start").first()
    claims = ExpenseClaim.objects.filter(
        organisation=organisation, budget_line=budget_line, state__in=COUNTED
    )
    if period:
        claims = claims.filter(spent_on__range=(period.period_start, period.period_end))
    if exclude is not None:
        claims = claims.exclude(pk=exclude.pk)
    return claims.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def over_allocation(claim: ExpenseClaim) -> Decimal:
    """By how much this claim would exceed the organisation's allocation (0 if it fits)."""
    room = allocated(claim.organisation, claim.budget_line, claim.spent_on) - claimed(
        claim.organisation, claim.budget_line, claim.spent_on, exclude=claim
    )
    return max(Decimal("0"), claim.amount - room)


@transaction.atomic
def save_claim(*, actor, organisation, claim: ExpenseClaim | None, values: dict) -> ExpenseClaim:
    """Create or edit a draft claim. Audited as `claim.saved`."""
    check_activity(organisation, values)
    if claim is not None and claim.state != State.DRAFT:
        raise ValidationError(_("Only a draft can be changed."))
    claim = claim or ExpenseClaim(organisation=organisation, created_by=actor)
    for field, value in values.items():
        setattr(claim, field, value)
    claim.save()
    _audit(actor, "claim.saved", claim, changes={"amount": [None, str(claim.amount)]})
    return claim


def _transition(claim_pk, expected: str, new: str):
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim_pk)
    if claim.state != expected:
        raise ValidationError(
            _("This claim was already handled: it is now “%(state)s”.")
            % {"state": claim.get_state_display()}
        )
    claim.state = new
    return claim


@transaction.atomic
def submit(*, actor, claim: ExpenseClaim) -> Decimal:
    """Send a draft to finance. Returns how much it exceeds the allocation (a warning, not a
    refusal: finance decides). Audited as `claim.submitted`."""
    claim = _transition(claim.pk, State.DRAFT, State.SUBMITTED)
    claim.save(update_fields=["state"])
    excess = over_allocation(claim)
    _audit(
        actor,
        "claim.submitted",
        claim,
        changes={"state": [State.DRAFT, State.SUBMITTED], "over_allocation": [None, str(excess)]},
    )
    return excess


@transaction.atomic
def decide(*, actor, claim: ExpenseClaim, approve: bool, reason: str = "") -> None:
    """Approve or reject a submitted claim (finance). Audited as `claim.approved` or
    `claim.rejected`."""
    if not approve and not reason.strip():
        raise ValidationError(_("Give the reason for the rejection."))
    new = State.APPROVED if approve else State.REJECTED
    claim = _transition(claim.pk, State.SUBMITTED, new)
    claim.decided_by = actor
    claim.rejection_reason = "" if approve else reason
    claim.save(update_fields=["state", "decided_by", "rejection_reason"])
    _audit(actor, f"claim.{new}", claim, changes={"state": [State.SUBMITTED, new]})


@transaction.atomic
def pay(*, actor, claim: ExpenseClaim, paid_on, reference: str) -> None:
    """Record the payment of an approved claim; a claim is paid once. Audited as
    `claim.paid`."""
    claim = _transition(claim.pk, State.APPROVED, State.PAID)
    claim.paid_on, claim.payment_reference = paid_on, reference
    claim.save(update_fields=["state", "paid_on", "payment_reference"])
    _audit(
        actor,
        "claim.paid",
        claim,
        changes={"state": [State.APPROVED, State.PAID], "amount": [None, str(claim.amount)]},
    )


@transaction.atomic
def save_budget_line(*, actor, line: BudgetLine | None, values: dict) -> BudgetLine:
    line = line or BudgetLine()
    for field, value in values.items():
        setattr(line, field, value)
    line.save()
    record(
        actor=actor,
        action="budget.line_saved",
        target=line,
        label=line.name,
        changes={"amount": [None, str(line.amount)]},
    )
    return line


@transaction.atomic
def save_allocation(*, actor, values: dict) -> Allocation:
    allocation = Allocation.objects.create(**values)
    record(
        actor=actor,
        action="budget.allocated",
        target=allocation,
        organisation=allocation.organisation,
        label=str(allocation),
        changes={"amount": [None, str(allocation.amount)]},
    )
    return allocation
