"""The expected release of a detained person, from what Sanad holds about them: a date the
CSO recorded; else, from the latest decision, the end of its prison sentence (less suspended
months and remissions) counted from the start of detention, or the day of a decision without
prison; else, before any decision, the longest pre-trial detention for the offence (an
estimate: the rule is data, to verify)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sanad.legal.screening import detention_start
from sanad.lib.deadlines import add_months
from sanad.reference.models import ScreeningRule
from sanad.releases.models import Basis, Missing, Source


@dataclass
class Estimate:
    on: date | None
    source: str
    basis: str
    missing: list = field(default_factory=list)


def estimate(beneficiary, *, recorded_on=None, remission_days: int = 0) -> Estimate:
    """The person's expected release: the latest of their open cases' ends, since they leave
    only once every case lets them."""
    if recorded_on:
        return Estimate(recorded_on, Source.RECORDED, Basis.RECORDED)
    cases = list(beneficiary.legal_cases.filter(is_open=True).prefetch_related("decisions"))
    if not cases:
        return Estimate(None, Source.UNKNOWN, Basis.MISSING, [Missing.CASE])
    ends = [_case_end(case, remission_days) for case in cases]
    if any(end.basis == Basis.NO_END for end in ends):
        return Estimate(None, Source.COMPUTED, Basis.NO_END)
    known = [end for end in ends if end.on]
    if not known:
        missing = sorted({key for end in ends for key in end.missing})
        return Estimate(None, Source.UNKNOWN, Basis.MISSING, missing)
    return max(known, key=lambda end: end.on)


def _case_end(case, remission_days: int) -> Estimate:
    start = detention_start(case)
    decisions = list(case.decisions.all())  # by the day pronounced
    latest = decisions[-1] if decisions else None
    if latest and (latest.life_sentence or latest.death_sentence):
        return Estimate(None, Source.COMPUTED, Basis.NO_END)
    months = (latest.custodial_months or 0) - (latest.suspended_months or 0) if latest else 0
    if latest and months <= 0:  # acquitted, fined or suspended: free when pronounced
        return Estimate(latest.pronounced_on, Source.COMPUTED, Basis.NO_PRISON)
    if start is None:
        return Estimate(None, Source.UNKNOWN, Basis.MISSING, [Missing.DETENTION_START])
    if latest:
        on = add_months(start, months) - timedelta(days=remission_days)
        return Estimate(max(on, start), Source.COMPUTED, Basis.SENTENCE)
    if not case.offence_class:
        return Estimate(None, Source.UNKNOWN, Basis.MISSING, [Missing.OFFENCE_CLASS])
    rule = (
        ScreeningRule.objects.in_force_on(start)
        .filter(kind=ScreeningRule.Kind.PRETRIAL_LIMIT, offence_class=case.offence_class)
        .first()
    )
    if rule is None or not rule.months:
        return Estimate(None, Source.UNKNOWN, Basis.MISSING, [Missing.DECISION])
    return Estimate(add_months(start, rule.months), Source.ESTIMATED, Basis.PRETRIAL_LIMIT)
