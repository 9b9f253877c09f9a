"""Outside actors of the demo directory (public institutions with invented contacts), and a
handover waiting for an answer."""

from datetime import date

from sanad.beneficiaries.models import Beneficiary, ConsentKind, Status
from sanad.beneficiaries.services import add_consent
from sanad.directory.models import ExternalActor
from sanad.directory.services import save_actor
from sanad.handovers.models import Handover
from sanad.handovers.services import propose
from sanad.reference.models import ActionField, Establishment, Region, ServiceKind, SpokenLanguage

# (kind, French name, Arabic name, region code, fields of action, services, languages, contact)
ACTORS = [
    ("bar", "Ordre des avocats de Rabat", "هيئة المحامين بالرباط", "rabat-sale-kenitra",
     [], ["legal"], ["arabic", "french"], "Permanence d'aide juridictionnelle"),
    ("cndh", "Commission régionale des droits de l'Homme Casablanca-Settat",
     "اللجنة الجهوية لحقوق الإنسان الدار البيضاء سطات", "casablanca-settat",
     ["women", "minors"], [], ["darija", "arabic", "french"], "Service des plaintes"),
    ("consulate", "Consulat général du Sénégal à Casablanca",
     "القنصلية العامة للسنغال بالدار البيضاء", "casablanca-settat",
     ["migrants"], ["interpreting"], ["french"], "Service social"),
    ("court_social", "Assistante sociale du tribunal de première instance de Kénitra",
     "المساعدة الاجتماعية بالمحكمة الابتدائية بالقنيطرة", "rabat-sale-kenitra",
     ["women", "minors"], ["family-mediation"], ["darija", "arabic"], "Cellule de prise en charge"),
    ("dgapr", "Direction régionale de l'administration pénitentiaire Rabat-Salé-Kénitra",
     "المديرية الجهوية لإدارة السجون الرباط سلا القنيطرة", "rabat-sale-kenitra",
     [], [], ["arabic", "french"], "Secrétariat du directeur régional"),
    ("health", "Centre de santé mentale de Casablanca", "مركز الصحة النفسية بالدار البيضاء",
     "casablanca-settat", ["disability"], ["health", "psychosocial"], ["darija", "french"],
     "Accueil"),
]  # fmt: skip


def seed_outside_actors(*, coordinator) -> None:
    if ExternalActor.objects.exists():
        return
    for index, (kind, name_fr, name_ar, region, fields, services, languages, contact) in enumerate(
        ACTORS, start=1
    ):
        area = Region.objects.get(code=region)
        save_actor(
            actor=coordinator,
            external=ExternalActor(),
            values={
                "kind": kind, "name_fr": name_fr, "name_ar": name_ar, "region": area,
                "city": area.name_fr.split("-")[0], "contact": contact,
                "email": f"contact{index}@institution.example", "phone": f"+212 5 00 00 0{index}",
                "establishments": list(Establishment.objects.filter(region=area)[:3]),
                "fields_of_action": list(ActionField.objects.filter(code__in=fields)),
                "services": list(ServiceKind.objects.filter(code__in=services)),
                "languages": list(SpokenLanguage.objects.filter(code__in=languages)),
            },
        )  # fmt: skip


def seed_handover(*, nour, amal, nour_worker) -> None:
    """One proposal from Nour to Amal waiting for Amal's answer, with the consent it needs."""
    if Handover.objects.exists():
        return
    person = (
        Beneficiary.objects.filter(
            followings__organisation=nour, followings__active=True, anonymised_at__isnull=True
        )
        .exclude(status=Status.REJECTED)
        .order_by("pk")
        .first()
    )
    if person is None:
        return
    add_consent(
        actor=nour_worker,
        beneficiary=person,
        values={"kind": ConsentKind.SHARING, "given_on": date(2026, 3, 2), "language": "darija"},
    )
    propose(
        actor=nour_worker,
        beneficiary=person,
        from_organisation=nour,
        values={
            "to_organisation": amal,
            "kind": Handover.Kind.TRANSFER,
            "reason": "Transférée à la prison locale de Kénitra, hors de notre zone.",
        },
    )
