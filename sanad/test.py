"""Test personas: every role of DESIGN §1 in the coordinating NGO and two partner CSOs, plus
people outside every organisation. Tests ask for them through the `personas` fixture."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from sanad.network.models import Membership, Organisation, OrganisationKind
from sanad.network.roles import Role

PASSWORD = "correct horse battery staple"


@dataclass
class Personas:
    omp: Organisation
    nour: Organisation
    amal: Organisation
    bar: Organisation
    donor: Organisation
    admin: object
    coordinator: object
    reviewer: object
    finance: object
    analyst: object
    observer: object
    lawyer: object
    nour_manager: object
    nour_worker: object
    amal_manager: object
    amal_worker: object
    outsider: object
    superuser: object
    amal_worker_lawyer: object = None
    nour_worker_amal_manager: object = None
    coordinator_nour_worker: object = None

    def by_name(self, name: str):
        return getattr(self, name)


ROLE_PERSONAS = [
    "admin",
    "coordinator",
    "reviewer",
    "finance",
    "analyst",
    "observer",
    "lawyer",
    "nour_manager",
    "nour_worker",
    "amal_manager",
    "amal_worker",
    "outsider",
    "superuser",
]

# People with two memberships, whose capabilities must stay within each organisation: a
# field worker in Amal who is also a lawyer (the tests give them a mandate on a Nour case), a
# worker in Nour who is Amal's focal point, and a coordinator who also works in Nour.
SEVERAL_MEMBERSHIPS = {
    "amal_worker_lawyer": [("amal", Role.CSO_WORKER), ("bar", Role.LAWYER)],
    "nour_worker_amal_manager": [("nour", Role.CSO_WORKER), ("amal", Role.CSO_MANAGER)],
    "coordinator_nour_worker": [("omp", Role.COORDINATOR), ("nour", Role.CSO_WORKER)],
}


def make_personas(*, several: bool = False) -> Personas:
    """Every role's persona; with `several`, also the people with two memberships (the
    access tests' attackers; other tests count members and would count them too)."""
    User = get_user_model()
    orgs = {
        "omp": Organisation.objects.create(
            name_fr="Observatoire (test)", name_ar="المرصد", kind=OrganisationKind.COORDINATOR
        ),
        "nour": Organisation.objects.create(
            name_fr="Nour (test)", name_ar="نور", kind=OrganisationKind.PARTNER_CSO
        ),
        "amal": Organisation.objects.create(
            name_fr="Amal (test)", name_ar="أمل", kind=OrganisationKind.PARTNER_CSO
        ),
        "bar": Organisation.objects.create(name_fr="Barreau (test)", kind=OrganisationKind.BAR),
        "donor": Organisation.objects.create(name_fr="Donor (test)", kind=OrganisationKind.DONOR),
    }
    people = {}
    for name, org, role in [
        ("admin", "omp", Role.ADMIN),
        ("coordinator", "omp", Role.COORDINATOR),
        ("reviewer", "omp", Role.REVIEWER),
        ("finance", "omp", Role.FINANCE),
        ("analyst", "omp", Role.ANALYST),
        ("observer", "donor", Role.OBSERVER),
        ("lawyer", "bar", Role.LAWYER),
        ("nour_manager", "nour", Role.CSO_MANAGER),
        ("nour_worker", "nour", Role.CSO_WORKER),
        ("amal_manager", "amal", Role.CSO_MANAGER),
        ("amal_worker", "amal", Role.CSO_WORKER),
    ]:
        user = User.objects.create_user(f"{name}@test.example", PASSWORD, full_name=name)
        Membership.objects.create(user=user, organisation=orgs[org], role=role)
        people[name] = user
    for name, grants in SEVERAL_MEMBERSHIPS.items() if several else ():
        user = User.objects.create_user(f"{name}@test.example", PASSWORD, full_name=name)
        for org, role in grants:
            Membership.objects.create(user=user, organisation=orgs[org], role=role)
        people[name] = user
    people["outsider"] = User.objects.create_user("outsider@test.example", PASSWORD)
    people["superuser"] = User.objects.create_superuser("root@test.example", PASSWORD)
    return Personas(**orgs, **people)
