from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Following

BEFORE = [("beneficiaries", "0009_export_kind")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_an_organisation_following_a_person_twice_is_mended_then_refused(personas, fatima):
    old_state = _migrate(BEFORE).loader.project_state(BEFORE)
    try:
        OldFollowing = old_state.apps.get_model("beneficiaries", "Following")
        OldFollowing.objects.create(
            beneficiary_id=fatima.pk, organisation_id=personas.nour.pk, since=date(2026, 5, 1)
        )
    finally:
        _migrate()
    kept = fatima.followings.get(active=True)
    repeated = fatima.followings.get(active=False)
    assert (kept.organisation, kept.until) == (personas.nour, None)
    assert (repeated.organisation, repeated.since, repeated.until) == (
        personas.nour,
        date(2026, 5, 1),
        date(2026, 5, 1),
    )
    event = AuditEvent.objects.get(action="beneficiary.repeat_following_ended")
    assert (event.target_code, event.organisation, event.actor) == (
        str(fatima.code),
        personas.nour,
        None,
    )
    assert event.changes == {"active_followings": [2, 1]}
    with pytest.raises(IntegrityError), transaction.atomic():
        Following.objects.create(beneficiary=fatima, organisation=personas.nour)
    Following.objects.create(beneficiary=fatima, organisation=personas.amal)
    assert fatima.followings.filter(active=True).count() == 2
