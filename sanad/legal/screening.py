"""Eligibility screens shown on a case: dates from which a person *may* be eligible, always
with the rule's basis and "to verify" — a lawyer decides, never this code."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from sanad.lib.deadlines import add_months, fraction_of
from sanad.reference.models import ScreeningRule


@dataclass
class Screen:
    kind: str
    on: date
    rule: ScreeningRule | None
    reached: bool


def _rule(kind: str, offence_class: str, day: date) -> ScreeningRule | None:
    return (
        ScreeningRule.objects.in_force_on(day)
        .filter(kind=kind, offence_class=offence_class)
        .first()
    )


def detention_start(case) -> date | None:
    if case.detained_since:
        return case.detained_since
    first = case.beneficiary.placements.order_by("started_on").first()
    return first.started_on if first else None


def screens(case, decisions) -> list[Screen]:
    """Conditional release (share of the sentence served), long pre-trial detention, and the
    18th birthday of a minor, for the case's current facts."""
    today = timezone.localdate()
    result = []
    start = detention_start(case)
    sentence = next((d for d in reversed(decisions) if d.custodial_months), None)
    if start and case.offence_class:
        if sentence and not (sentence.life_sentence or sentence.death_sentence):
            months = sentence.custodial_months - (sentence.suspended_months or 0)
            rule = _rule(ScreeningRule.Kind.CONDITIONAL_RELEASE, case.offence_class, start)
            if rule and months > 0:
                on = fraction_of(start, months, rule.numerator, rule.denominator)
                result.append(Screen("conditional_release", on, rule, on <= today))
        elif not decisions:
            rule = _rule(ScreeningRule.Kind.PRETRIAL_LIMIT, case.offence_class, start)
            if rule and rule.months:
                on = add_months(start, rule.months)
                result.append(Screen("pretrial_limit", on, rule, on <= today))
    birthday = case.beneficiary.eighteenth_birthday
    if birthday and birthday >= today:
        result.append(Screen("majority", birthday, None, False))
    return result
