"""Keeping each detained person's expected release up to date, and the CSO's own record of
it (a date, remissions), audited."""

from django.db import transaction

from sanad.audit.services import diff, record
from sanad.beneficiaries.models import Beneficiary
from sanad.lib.concurrency import save_if_unchanged
from sanad.releases.expected import estimate
from sanad.releases.models import ExpectedRelease

CHUNK = 500


def refresh(beneficiary: Beneficiary) -> ExpectedRelease:
    """Compute `beneficiary`'s expected release again from their records (and what the CSO
    recorded), and keep it."""
    kept = ExpectedRelease.objects.filter(beneficiary=beneficiary).first()
    kept = kept or ExpectedRelease(beneficiary=beneficiary)
    found = estimate(beneficiary, recorded_on=kept.recorded_on, remission_days=kept.remission_days)
    kept.on, kept.source, kept.basis, kept.missing = (
        found.on, found.source, found.basis, [str(key) for key in found.missing],
    )  # fmt: skip
    kept.save()
    return kept


def refresh_all() -> int:
    """Compute again the expected release of every person detained now (placement without
    an end), in chunks; the nightly job, and after an import. Returns how many."""
    detained = Beneficiary.objects.filter(
        merged_into__isnull=True, anonymised_at__isnull=True, placements__ended_on__isnull=True
    ).distinct()
    done = 0
    for start in range(0, detained.count(), CHUNK):
        with transaction.atomic():
            for person in detained.order_by("pk")[start : start + CHUNK]:
                refresh(person)
                done += 1
    return done


@transaction.atomic
def record_release(*, actor, release: ExpectedRelease, values: dict, expected_version: int):
    """Record what the CSO knows (a release date from the registry, remissions granted), then
    compute again. Audited as `release.recorded` (EditConflict if someone saved first)."""
    changes = diff(release, values)
    save_if_unchanged(release, expected_version=expected_version, values=values)
    refreshed = refresh(release.beneficiary)
    record(
        actor=actor,
        action="release.recorded",
        target=refreshed,
        changes=changes | {"on": [str(release.on or ""), str(refreshed.on or "")]},
        subjects=[str(release.beneficiary.code)],
    )
    return refreshed
