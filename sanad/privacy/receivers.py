"""The privacy app's part of loading reference data."""

from sanad.privacy.data import RETENTION_POLICIES
from sanad.privacy.models import RetentionPolicy


def load_retention_policies(**kwargs) -> None:
    """Add the retention rules that are missing; an administrator's edits are kept."""
    for record_type, days, basis in RETENTION_POLICIES:
        RetentionPolicy.objects.get_or_create(
            record_type=record_type, defaults={"keep_days": days, "legal_basis": basis}
        )
