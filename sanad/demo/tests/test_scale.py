from datetime import date, timedelta

from django.core.management import call_command
from django.utils import timezone

from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Beneficiary
from sanad.beneficiaries.queries import search
from sanad.legal.models import Deadline, LegalCase
from sanad.network.models import Organisation
from sanad.releases.models import ExpectedRelease, FollowUp, PlanItem, Release, ReleasePlan
from sanad.reports.indicators import INDICATORS, Scope
from sanad.visits.models import Observation, Visit


def test_seed_scale_writes_consistent_data_in_proportion(db):
    call_command("seed_scale", beneficiaries=300, verbosity=0)
    today = timezone.localdate()
    assert Beneficiary.objects.count() == 300
    assert Organisation.objects.filter(kind="partner_cso").count() == 24
    cases = LegalCase.objects.count()
    assert 300 <= cases <= 400 and Deadline.objects.count() == cases
    visits = Visit.objects.count()
    assert 5 * 300 <= visits <= 15 * 300
    assert Visit.beneficiaries.through.objects.count() == visits
    assert 0 < Observation.objects.count() < visits
    assert AuditEvent.objects.count() == 300 * 2000000 // 105000
    # Visits belong to an organisation that follows the person they met.
    visit = Visit.objects.order_by("?").first()
    person = visit.beneficiaries.get()
    assert person.followings.filter(organisation=visit.organisation).exists()
    # The denormalised search text is there, and new rows still get fresh ids.
    assert search(Beneficiary.objects.all(), person.last_name_latin).exists()
    # Releases in proportion: expected for those held, released for those closed, with plans
    # and follow-ups; the 90-day list has people in it and the indicators something to count.
    held = Beneficiary.objects.exclude(status="closed").count()
    assert ExpectedRelease.objects.count() == held
    assert Release.objects.count() == 300 - held
    assert ExpectedRelease.objects.filter(on__range=(today, today + timedelta(days=90))).exists()
    assert PlanItem.objects.filter(plan__in=ReleasePlan.objects.filter(expected_on__gt=today))
    assert FollowUp.objects.filter(done_on__isnull=False, month=12).exists()
    everything = Scope(date(2000, 1, 1), today)
    for key in ("releases_prepared", "plan_items_done", "stable_housing_6", "reincarcerated_12"):
        assert INDICATORS[key].value(everything).denominator > 0, key
    top = Visit.objects.order_by("-pk").first().pk
    fresh = Visit.objects.create(organisation=visit.organisation)
    assert fresh.pk > top
