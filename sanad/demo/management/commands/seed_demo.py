"""Create (idempotently) the demo network of DESIGN §6: the coordinating NGO, two partner
CSOs, a bar, a donor, and one account per role, all with the password `sanad-demo-pass`."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from sanad.demo.advocacy import seed_dialogue
from sanad.demo.beneficiaries import seed_beneficiaries
from sanad.demo.calls import seed_founding_call
from sanad.demo.complaints import seed_complaints
from sanad.demo.data_protection import seed_privacy
from sanad.demo.directory import seed_handover, seed_outside_actors
from sanad.demo.forum import seed_forum
from sanad.demo.legal import seed_cases, seed_second_lawyer
from sanad.demo.library import seed_library
from sanad.demo.logframe import seed_logframe
from sanad.demo.money import seed_budget, seed_meetings
from sanad.demo.releases import seed_release_plan, seed_releases
from sanad.demo.trainings import seed_trainings
from sanad.demo.visits import seed_visits
from sanad.network.models import Membership, Organisation, OrganisationKind
from sanad.network.roles import Role
from sanad.reference.models import (
    ActionField,
    Establishment,
    Region,
    ServiceKind,
    SpokenLanguage,
)
from sanad.releases.services import refresh_all

DEMO_PASSWORD = "sanad-demo-pass"  # noqa: S105 (documented demo password, demo data only)

ORGANISATIONS = {
    "omp": {
        "name_fr": "Observatoire marocain des prisons",
        "name_ar": "المرصد المغربي للسجون",
        "acronym": "OMP",
        "kind": OrganisationKind.COORDINATOR,
        "city": "Casablanca",
    },
    "nour": {
        "name_fr": "Association Nour",
        "name_ar": "جمعية نور",
        "acronym": "Nour",
        "kind": OrganisationKind.PARTNER_CSO,
        "city": "Casablanca",
        "agreement_start": date(2026, 1, 15),
        "agreement_end": date(2027, 12, 31),
        "fields": ["women", "minors"],
        "regions": ["casablanca-settat"],
        "services": ["legal", "psychosocial", "family-mediation"],
        "languages": ["darija", "arabic", "french"],
        "capacity": 12,
        "focal_point_email": "point-focal@nour.example",
        "focal_point_phone": "+212 522 00 00 01",
    },
    "amal": {
        "name_fr": "Association Amal",
        "name_ar": "جمعية أمل",
        "acronym": "Amal",
        "kind": OrganisationKind.PARTNER_CSO,
        "city": "Kénitra",
        "agreement_start": date(2026, 2, 1),
        "agreement_end": date(2027, 12, 31),
        "fields": ["death-row", "migrants"],
        "regions": ["rabat-sale-kenitra"],
        "services": ["legal", "interpreting", "reintegration"],
        "languages": ["darija", "french", "english", "spanish"],
        "capacity": 4,
        "focal_point_email": "point-focal@amal.example",
        "focal_point_phone": "+212 537 00 00 02",
    },
    "bar": {
        "name_fr": "Barreau de Rabat",
        "name_ar": "هيئة المحامين بالرباط",
        "kind": OrganisationKind.BAR,
        "city": "Rabat",
    },
    "donor": {
        "name_fr": "Délégation de l'Union européenne au Maroc",
        "name_ar": "بعثة الاتحاد الأوروبي بالمغرب",
        "acronym": "UE",
        "kind": OrganisationKind.DONOR,
        "city": "Rabat",
    },
}

# (e-mail, full name, preferred language, organisation key, role)
ACCOUNTS = [
    ("admin@omp.example", "Salma Bennani", "fr", "omp", Role.ADMIN),
    ("coordinator@omp.example", "Youssef El Amrani", "fr", "omp", Role.COORDINATOR),
    ("reviewer@omp.example", "Nadia Chraibi", "fr", "omp", Role.REVIEWER),
    ("reviewer2@omp.example", "عبد الله الفاسي", "ar", "omp", Role.REVIEWER),
    ("finance@omp.example", "Karim Tazi", "fr", "omp", Role.FINANCE),
    ("analyst@omp.example", "Leila Berrada", "fr", "omp", Role.ANALYST),
    ("manager@nour.example", "فاطمة الزهراء العلوي", "ar", "nour", Role.CSO_MANAGER),
    ("worker@nour.example", "Hamza Idrissi", "fr", "nour", Role.CSO_WORKER),
    ("worker@amal.example", "خديجة المنصوري", "ar", "amal", Role.CSO_WORKER),
    ("manager@amal.example", "Rachid Tazi", "fr", "amal", Role.CSO_MANAGER),
    ("lawyer@barreau.example", "Maître Omar Benjelloun", "fr", "bar", Role.LAWYER),
    ("observer@donor.example", "Claire Dubois", "fr", "donor", Role.OBSERVER),
    # Two memberships: a field worker in Amal who is also a lawyer with a mandate on one Nour
    # case, to try that neither role widens what the other may do.
    ("dual@amal.example", "Samira Ouali", "fr", "amal", Role.CSO_WORKER),
    ("dual@amal.example", "Samira Ouali", "fr", "bar", Role.LAWYER),
]


class Command(BaseCommand):
    help = "Create the demo organisations and accounts (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("load_reference", verbosity=0)
        organisations = {key: self._organisation(spec) for key, spec in ORGANISATIONS.items()}
        User = get_user_model()
        for email, full_name, language, org_key, role in ACCOUNTS:
            user, created = User.objects.get_or_create(
                email=email, defaults={"full_name": full_name, "preferred_language": language}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(
                user=user, organisation=organisations[org_key], defaults={"role": role}
            )
        for key, manager in (("nour", "manager@nour.example"),):
            org = organisations[key]
            if org.focal_point is None:
                org.focal_point = User.objects.get(email=manager)
                org.save(update_fields=["focal_point"])
        seed_beneficiaries(
            nour=organisations["nour"],
            amal=organisations["amal"],
            nour_worker=User.objects.get(email="worker@nour.example"),
            amal_worker=User.objects.get(email="worker@amal.example"),
            coordinator=User.objects.get(email="coordinator@omp.example"),
        )
        seed_cases(
            lawyer=User.objects.get(email="lawyer@barreau.example"),
            coordinator=User.objects.get(email="coordinator@omp.example"),
            nour=organisations["nour"],
            amal=organisations["amal"],
        )
        seed_second_lawyer(
            lawyer=User.objects.get(email="dual@amal.example"),
            coordinator=User.objects.get(email="coordinator@omp.example"),
            nour=organisations["nour"],
        )
        seed_complaints(
            nour=organisations["nour"],
            amal=organisations["amal"],
            coordinator_org=organisations["omp"],
            workers={
                organisations["nour"].pk: User.objects.get(email="worker@nour.example"),
                organisations["amal"].pk: User.objects.get(email="worker@amal.example"),
            },
            coordinator=User.objects.get(email="coordinator@omp.example"),
        )
        seed_meetings(
            coordinator=User.objects.get(email="coordinator@omp.example"),
            partners=[organisations["nour"], organisations["amal"]],
        )
        seed_visits(
            nour=organisations["nour"],
            amal=organisations["amal"],
            nour_worker=User.objects.get(email="worker@nour.example"),
            amal_worker=User.objects.get(email="worker@amal.example"),
        )
        seed_budget(
            finance_user=User.objects.get(email="finance@omp.example"),
            nour=organisations["nour"],
            amal=organisations["amal"],
            managers={
                organisations["nour"].pk: User.objects.get(email="manager@nour.example"),
                organisations["amal"].pk: User.objects.get(email="manager@amal.example"),
            },
        )
        seed_privacy(
            nour=organisations["nour"],
            nour_worker=User.objects.get(email="worker@nour.example"),
            coordinator=User.objects.get(email="coordinator@omp.example"),
        )
        seed_founding_call(
            coordinator=User.objects.get(email="coordinator@omp.example"),
            reviewers=[
                User.objects.get(email="reviewer@omp.example"),
                User.objects.get(email="reviewer2@omp.example"),
            ],
        )
        seed_logframe(
            coordinator=User.objects.get(email="coordinator@omp.example"),
            today=timezone.localdate(),
        )
        seed_outside_actors(coordinator=User.objects.get(email="coordinator@omp.example"))
        seed_library(coordinator=User.objects.get(email="coordinator@omp.example"))
        refresh_all()  # registrations write placements in bulk, without signals
        seed_release_plan(
            users={user.email: user for user in User.objects.all()}, today=timezone.localdate()
        )
        seed_releases(
            users={user.email: user for user in User.objects.all()}, today=timezone.localdate()
        )
        seed_forum(users={user.email: user for user in User.objects.all()})
        seed_dialogue(
            coordinator=User.objects.get(email="coordinator@omp.example"),
            organisations=[organisations["nour"], organisations["amal"]],
            today=timezone.localdate(),
        )
        seed_trainings(
            coordinator=User.objects.get(email="coordinator@omp.example"),
            organisations=[organisations["nour"], organisations["amal"]],
            today=timezone.localdate(),
        )
        seed_handover(
            nour=organisations["nour"],
            amal=organisations["amal"],
            nour_worker=User.objects.get(email="worker@nour.example"),
        )
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, _name, _lang, org_key, role in ACCOUNTS:
            self.stdout.write(f"  {email:<28} {role:<12} {ORGANISATIONS[org_key]['name_fr']}")

    def _organisation(self, spec: dict) -> Organisation:
        spec = dict(spec)
        fields = spec.pop("fields", [])
        regions = spec.pop("regions", [])
        services = spec.pop("services", [])
        languages = spec.pop("languages", [])
        organisation, created = Organisation.objects.get_or_create(
            name_fr=spec.pop("name_fr"), defaults=spec
        )
        if created:
            organisation.fields_of_action.set(ActionField.objects.filter(code__in=fields))
            organisation.regions.set(Region.objects.filter(code__in=regions))
            organisation.establishments.set(Establishment.objects.filter(region__code__in=regions))
            organisation.services.set(ServiceKind.objects.filter(code__in=services))
            organisation.languages.set(SpokenLanguage.objects.filter(code__in=languages))
        return organisation
