"""Who reads the reports, and how much they may see."""

from dataclasses import dataclass

from sanad.network.access import (
    has_capability,
    network_wide_capabilities,
    scoped_organisation_ids,
)


@dataclass(frozen=True)
class Reader:
    protected: bool  # aggregates only: small counts suppressed
    organisations: tuple | None  # None: the whole network; else these CSOs' own work


def reader(user) -> Reader:
    """The coordinating NGO reads the network's figures as they are; analysts and observers
    read them with small counts suppressed; a CSO reads its own work."""
    if "report.network" in network_wide_capabilities(user):
        return Reader(False, None)
    if has_capability(user, "report.aggregate"):
        return Reader(True, None)
    return Reader(False, tuple(sorted(scoped_organisation_ids(user, "report.own"))))
