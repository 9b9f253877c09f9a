"""Who may read the audit log: AuditEvent's access policy."""

from sanad.audit.models import AuditEvent
from sanad.network.access import has_capability, network_wide_capabilities


def events_visible_to(user, capability="audit.view"):
    """Events the user may read: network-wide for holders of `audit.view`, else none.
    What an event says about a person is shown only to `reader_sees_people`."""
    events = AuditEvent.objects.all()
    return events if has_capability(user, capability) else events.none()


def reader_sees_people(user) -> bool:
    """Whether `user` may read the names in every event: only those who see every person
    (network-wide `beneficiary.view`); an administrator sees kinds and codes instead."""
    return "beneficiary.view" in network_wide_capabilities(user)
