"""Reintegration indicators: releases prepared ahead, plan items done by the day, outcomes at
6 and 12 months, detention again within a year; computed for the network and each CSO, shown
with their definitions and what they count, and published to observers only in counts no
subtraction narrows to fewer than k people."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from sanad.beneficiaries.services import add_placement
from sanad.beneficiaries.tests.conftest import register
from sanad.lib.disclosure import PROTECTING, SMALL
from sanad.reference.models import Establishment
from sanad.releases import services
from sanad.releases.models import FollowUp, ReleasePlan
from sanad.reports import release
from sanad.reports.indicators import INDICATORS, Scope
from sanad.reports.tests.test_disclosure import Figure, audit

pytestmark = pytest.mark.django_db
K = 5


@pytest.fixture
def rules(db, settings):
    settings.SANAD_DISCLOSURE_K = K
    call_command("load_reference", verbosity=0)


def _released(personas, released_on, *, org="nour", plan_days=None, name="Salma"):
    """A person held for a year, released on `released_on`, their plan begun `plan_days`
    before (or none)."""
    held = {"establishment": Establishment.objects.first(),
            "started_on": released_on - timedelta(days=400)}  # fmt: skip
    person = register(personas, org, first_name_latin=name, placement=held)
    worker = getattr(personas, f"{org}_worker")
    if plan_days is not None:
        plan = services.start_plan(
            actor=worker, beneficiary=person, organisation=getattr(personas, org)
        )
        ReleasePlan.objects.filter(pk=plan.pk).update(
            started_on=released_on - timedelta(days=plan_days)
        )
    return services.release_person(actor=worker, beneficiary=person, values={
        "released_on": released_on, "circumstances": "end_of_sentence",
        "follow_up_consent": True})  # fmt: skip


def _follow(release, month, **outcomes):
    follow_up = release.follow_ups.get(month=month)
    FollowUp.objects.filter(pk=follow_up.pk).update(done_on=follow_up.due_on, **outcomes)


def _of(page, part, whole) -> str:
    """ "part of whole" as the page's language writes it."""
    with translation.override(page.wsgi_request.LANGUAGE_CODE):
        return gettext("%(part)s of %(whole)s") % {"part": part, "whole": whole}


def test_each_indicator_counts_what_its_definition_says(personas, rules):
    day = date(2025, 3, 10)
    early = _released(personas, day, plan_days=45)
    late = _released(personas, day, plan_days=10, name="Nadia")
    unplanned = _released(personas, day, org="amal", name="Houda")
    items = list(early.beneficiary.release_plans.get().items.all())
    items[0].done_on, items[1].done_on = day - timedelta(days=1), day + timedelta(days=1)
    for item in items[:2]:
        item.save()
    _follow(early, 6, housing="stable", activity="work", family_contact=True)
    _follow(late, 6, housing="temporary", activity="none", family_contact=True)
    _follow(early, 12, housing="stable", activity="training", family_contact=False)
    add_placement(actor=personas.amal_worker, beneficiary=unplanned.beneficiary,
                  establishment=Establishment.objects.first(), register_number="",
                  started_on=day + timedelta(days=200))  # fmt: skip
    year = Scope(date(2025, 1, 1), date(2026, 12, 31))

    def value(key, scope=year):
        result = INDICATORS[key].value(scope)
        return result.value, result.numerator, result.denominator

    assert value("releases_prepared") == (Decimal("33.3"), 1, 3)  # late and none are not
    plan_items = early.beneficiary.release_plans.get().items.count()
    plan_items += late.beneficiary.release_plans.get().items.count()
    assert value("plan_items_done")[1:] == (1, plan_items)  # done the day after: not counted
    assert value("stable_housing_6") == (50, 1, 2) and value("family_6") == (100, 2, 2)
    assert value("working_12") == (100, 1, 1) and value("family_12") == (0, 0, 1)
    # Followed a year: the one seen at 12 months and the one detained again at 200 days.
    assert value("reincarcerated_12") == (50, 1, 2)
    amal = Scope(year.start, year.end, organisation=personas.amal.pk)
    assert value("releases_prepared", amal) == (0, 0, 1)
    assert value("reincarcerated_12", amal) == (100, 1, 1)


def test_the_coordinator_reads_each_share_with_what_it_counts_and_its_definition(
    client_for, personas, rules
):
    day = timezone.localdate() - timedelta(days=20)
    _released(personas, day, plan_days=40)
    _released(personas, day, name="Nadia")
    page = client_for("coordinator").get(
        reverse("reports:dashboard"), {"start": day - timedelta(days=5), "end": day}
    )
    shares = {figure.key: figure for figure in page.context["reintegration"]}
    assert (shares["releases_prepared"].value, shares["releases_prepared"].denominator) == (50, 2)
    text = page.content.decode()
    with translation.override(page.wsgi_request.LANGUAGE_CODE):
        definition = str(INDICATORS["releases_prepared"].description)
    assert _of(page, 1, 2) in text and definition in text


def _quarter_releases(personas, quarter, early, unplanned):
    day = quarter.start + timedelta(days=20)
    for n in range(early):
        _released(personas, day, plan_days=40, name=f"Early {n}")
    for n in range(unplanned):
        _released(personas, day, name=f"Unplanned {n}")


def _observer_shares(client_for, period):
    page = client_for("observer").get(reverse("reports:dashboard"), {"period": period.key})
    return {figure.key: figure for figure in page.context["reintegration"]}, page


def test_the_observer_sees_a_share_whose_counts_are_large_enough(client_for, personas, rules):
    last = release.quarters(timezone.localdate())[-1]
    _quarter_releases(personas, last, early=5, unplanned=6)
    shown, page = _observer_shares(client_for, last)
    prepared = shown["releases_prepared"]
    assert (prepared.value, prepared.numerator, prepared.denominator) == (
        Decimal("45.5"), 5, 11)  # fmt: skip
    assert _of(page, 5, 11) in page.content.decode()


def test_the_observer_sees_no_share_with_a_small_count(client_for, personas, rules):
    last = release.quarters(timezone.localdate())[-1]
    _quarter_releases(personas, last, early=2, unplanned=5)
    hidden, page = _observer_shares(client_for, last)
    prepared = hidden["releases_prepared"]
    assert prepared.hidden and prepared.mark == SMALL
    assert (prepared.value, prepared.numerator, prepared.denominator) == (None, None, None)
    assert _of(page, 2, 7) not in page.content.decode() and "&lt; 5" in page.content.decode()
    raw = client_for("coordinator").get(
        reverse("reports:dashboard"), {"start": last.start, "end": last.end}
    )
    assert _of(raw, 2, 7) in raw.content.decode()


def test_no_published_share_lets_a_reader_work_out_a_small_count(client_for, personas, rules):
    """The attacker reads every period's shares on the observer's page and solves for the
    people behind them (groups: quarter released, plan begun early or not)."""
    last, before = release.quarters(timezone.localdate())[-1:-3:-1]
    _quarter_releases(personas, last, early=6, unplanned=3)
    _quarter_releases(personas, before, early=1, unplanned=8)
    counts = {(last.start, True): 6, (last.start, False): 3,
              (before.start, True): 1, (before.start, False): 8}  # fmt: skip
    figures, seen = [], set()
    for period in release.reader_periods():
        share = _observer_shares(client_for, period)[0]["releases_prepared"]
        inside = [g for g in counts if period.start <= g[0] <= period.end]
        for members, shown in (
            (frozenset(g for g in inside if g[1]), share.numerator),
            (frozenset(inside), share.denominator),
        ):
            shown = PROTECTING if share.hidden else shown  # "< k" on the share: which count?
            figures.append(Figure(members, sum(counts[g] for g in members), shown))
            seen.add(shown)
    assert PROTECTING in seen and any(isinstance(s, int) and s >= K for s in seen)
    assert audit(counts, figures) == []


def test_plan_items_stay_hidden_behind_fewer_than_k_people(client_for, personas, rules):
    """Ten items of one person's plan are not ten people: the share waits for k planned."""
    last = release.quarters(timezone.localdate())[-1]
    _quarter_releases(personas, last, early=1, unplanned=9)
    ReleasePlan.objects.get().items.update(done_on=last.start)
    items = _observer_shares(client_for, last)[0]["plan_items_done"]
    assert items.hidden and items.value is None
    raw = INDICATORS["plan_items_done"].value(Scope(last.start, last.end))
    assert raw.denominator >= K and raw.value == 100  # large enough on its own
