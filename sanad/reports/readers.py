"""Who reads the reports, and how much they may see."""

from dataclasses import dataclass

from sanad.network.access import (
    has_capability,
    network_wide_capabilities,
    scoped_organisation_ids,
)


@dataclass(frozen=True)
class Reading:
    protected: bool  # aggregates only: small counts suppressed
    organisations: tuple | None  # None: the whole network; else these CSOs' own work


def reader(user) -> Reading:
    """The coordinating NGO reads the network's figures as they are; analysts and observers
    read them with small counts suppressed; a CSO reads its own work."""
    if "report.network" in network_wide_capabilities(user):
        return Reading(False, None)
    if has_capability(user, "report.aggregate"):
        return Reading(True, None)
    return Reading(False, tuple(sorted(scoped_organisation_ids(user, "report.own"))))
