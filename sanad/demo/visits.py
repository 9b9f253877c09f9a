"""Demo visits with observations in every category (a few urgent), follow-up actions,
family contacts and two awareness sessions per CSO, written through the services."""

from datetime import timedelta

from django.utils import timezone

from sanad.beneficiaries import services as registry
from sanad.beneficiaries.models import Beneficiary, ConsentKind
from sanad.families import services as families
from sanad.visits import services as visits
from sanad.visits.models import Visit
from sanad.visits.taxonomy import SUBITEMS, Category, Severity

TEXTS = {
    Category.TREATMENT: "Dit avoir été frappée lors d'un transfert ; traces visibles au bras.",
    Category.SAFEGUARDS: "N'a pas vu d'avocat depuis son arrestation il y a trois mois.",
    Category.MATERIAL: "Cellule de 20 places occupée par 48 personnes ; matelas au sol.",
    Category.REGIME: "Aucune activité ni formation accessible aux femmes du quartier.",
    Category.CONTACT: "La famille vit à 400 km et ne peut venir qu'une fois par an.",
    Category.HEALTH: "Traitement contre le diabète interrompu depuis deux semaines.",
    Category.STAFF: "Un seul surveillant pour l'ensemble du quartier la nuit.",
    Category.SPECIFIC_NEEDS: "Détenue enceinte de sept mois, sans suivi prénatal.",
}
SEVERITIES = [
    Severity.INFORMATION,
    Severity.CONCERN,
    Severity.SERIOUS,
    Severity.CONCERN,
    Severity.INFORMATION,
    Severity.URGENT,
    Severity.SERIOUS,
    Severity.URGENT,
]


def seed_visits(*, nour, amal, nour_worker, amal_worker) -> int:
    """Create the demo visits and family work once; later runs change nothing."""
    if Visit.objects.filter(organisation__in=[nour, amal]).exists():
        return 0
    today = timezone.localdate()
    created = 0
    for org, worker in ((nour, nour_worker), (amal, amal_worker)):
        people = list(
            Beneficiary.objects.filter(
                identified_by=org,
                status__in=["validated", "assisted"],
                current_establishment__isnull=False,
            ).order_by("id")[:8]
        )
        for i, person in enumerate(people):
            category = list(Category)[(i + (org == amal)) % 8]
            item = SUBITEMS[category][0][0]
            visits.submit_report(
                actor=worker,
                organisation=org,
                visit=None,
                values={
                    "kind": Visit.Kind.DETENTION,
                    "establishment": person.current_establishment,
                    "visited_on": today - timedelta(days=7 + 9 * i),
                    "discussed": "Point sur la procédure et la situation familiale.",
                    "wellbeing": "Fatiguée mais combative." if i % 2 else "Moral bas.",
                    "legal_needs": "Demande de grâce à préparer." if i % 3 == 0 else "",
                },
                beneficiaries=[person],
                observations=[
                    {
                        "category": category,
                        "item": f"{category}:{item}",
                        "severity": SEVERITIES[i],
                        "text": TEXTS[category],
                    }
                ],
                actions=[
                    {
                        "description": "Informer l'avocat et la famille",
                        "owner": worker,
                        "due_on": today + timedelta(days=-3 + 4 * i),
                    }
                ],
                draft_key="demo",
            )
            created += 1
        if people:
            visits.plan_visit(
                actor=worker,
                organisation=org,
                values={
                    "kind": Visit.Kind.DETENTION,
                    "establishment": people[0].current_establishment,
                    "planned_on": today + timedelta(days=5),
                    "permit": Visit.Permit.REQUESTED,
                },
                beneficiaries=people[:2],
            )
        _family_work(org, worker, people, today)
    return created


def _family_work(org, worker, people, today):
    for person in people[:4]:
        relative = person.relatives.first()
        if relative is None:
            continue
        if not person.consents.filter(kind=ConsentKind.FAMILY_CONTACT).exists():
            registry.add_consent(
                actor=worker,
                beneficiary=person,
                values={
                    "kind": ConsentKind.FAMILY_CONTACT,
                    "given_on": today - timedelta(days=60),
                    "language": "darija",
                },
            )
        registry.save_relative(
            actor=worker,
            beneficiary=person,
            relative=relative,
            values={"may_be_contacted": True},
            expected_version=relative.version,
        )
        families.record_contact(
            actor=worker,
            organisation=org,
            relative=relative,
            values={
                "kind": "call",
                "contacted_on": today - timedelta(days=10),
                "topics": ["procedures"],
                "outcome": "La famille a été informée de la prochaine audience.",
                "next_step": "Rappeler après l'audience.",
            },
        )
    for n, (place, topics) in enumerate(
        (
            ("Maison des associations", ["rights", "visiting_rules"]),
            ("Siège de l'association", ["pardon", "reintegration"]),
        )
    ):
        families.save_session(
            actor=worker,
            organisation=org,
            session=None,
            values={
                "held_on": today - timedelta(days=20 + 30 * n),
                "place": place,
                "facilitator": "Équipe juridique",
                "topics": topics,
                "women_18_59": 12 - n,
                "women_60_plus": 3,
                "men_18_59": 5 + n,
                "men_60_plus": 2,
                "women_under_18": 1,
                "men_under_18": 0,
                "materials": "Livret « Vos droits en détention » (FR/AR)",
            },
            families=people[:3],
        )
