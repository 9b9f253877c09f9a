from django.core.management import call_command

from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Beneficiary
from sanad.beneficiaries.queries import search
from sanad.legal.models import Deadline, LegalCase
from sanad.network.models import Organisation
from sanad.visits.models import Observation, Visit


def test_seed_scale_writes_consistent_data_in_proportion(db):
    call_command("seed_scale", beneficiaries=300, verbosity=0)
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
    top = Visit.objects.order_by("-pk").first().pk
    fresh = Visit.objects.create(organisation=visit.organisation)
    assert fresh.pk > top
