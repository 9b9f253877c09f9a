"""Follow-up of money: allocated, claimed, approved and paid, per budget line, CSO and month,
computed in the database (Decimal sums), and the donor-shaped XLSX."""

from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

from sanad.finance.models import BudgetLine, ExpenseClaim
from sanad.network.models import Organisation

ZERO = Decimal("0")
State = ExpenseClaim.State


def summary(allocations, claims):
    """Rows of (budget line, organisation, allocated, claimed, approved, paid) and totals."""
    allocated = {
        (r["budget_line"], r["organisation"]): r["total"]
        for r in allocations.values("budget_line", "organisation").annotate(total=Sum("amount"))
    }
    sums = {
        (r["budget_line"], r["organisation"]): r
        for r in claims.values("budget_line", "organisation").annotate(
            claimed=Sum(
                "amount", filter=Q(state__in=[State.SUBMITTED, State.APPROVED, State.PAID])
            ),
            approved=Sum("amount", filter=Q(state__in=[State.APPROVED, State.PAID])),
            paid=Sum("amount", filter=Q(state=State.PAID)),
        )
    }
    keys = sorted(set(allocated) | set(sums))
    lines = BudgetLine.objects.in_bulk({line for line, _org in keys})
    from_orgs = Organisation.objects.in_bulk({org for _line, org in keys})
    rows = []
    for key in keys:
        line, org = key
        s = sums.get(key, {})
        rows.append(
            {
                "line": lines[line],
                "organisation": from_orgs[org],
                "allocated": allocated.get(key) or ZERO,
                "claimed": s.get("claimed") or ZERO,
                "approved": s.get("approved") or ZERO,
                "paid": s.get("paid") or ZERO,
            }
        )
    totals = {
        k: sum((r[k] for r in rows), ZERO) for k in ("allocated", "claimed", "approved", "paid")
    }
    for row in [*rows, totals]:
        row["burn_rate"] = burn_rate(row["paid"], row["allocated"])
    return rows, totals


def burn_rate(paid: Decimal, allocated: Decimal) -> Decimal | None:
    """Share of the allocation already paid, in percent (one decimal), or None."""
    if not allocated:
        return None
    return (100 * paid / allocated).quantize(Decimal("0.1"))


def by_month(claims):
    return (
        claims.filter(state=State.PAID)
        .annotate(month=TruncMonth("spent_on"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by("month")
    )
