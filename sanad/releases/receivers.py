"""A person's expected release is computed again whenever a case, a decision or a
placement of theirs changes (not while the person or the case is being deleted whole)."""

from sanad.releases.models import Release
from sanad.releases.services import refresh


def _alone(instance, kwargs) -> bool:
    return kwargs.get("origin", instance) is instance


def case_changed(sender, instance, **kwargs):
    refresh(instance.beneficiary)


def decision_changed(sender, instance, **kwargs):
    if _alone(instance, kwargs):
        refresh(instance.case.beneficiary)


def placement_changed(sender, instance, **kwargs):
    if _alone(instance, kwargs):
        refresh(instance.beneficiary)
    if kwargs.get("created"):  # placed again after a release: reincarcerated that day
        Release.objects.filter(
            beneficiary=instance.beneficiary,
            released_on__lt=instance.started_on,
            reincarcerated_on__isnull=True,
        ).update(reincarcerated_on=instance.started_on)
