"""About forty demo beneficiaries for Nour and Amal, written through the real services so
that statuses, placements, consents and the audit trail are all consistent."""

import random
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from sanad.beneficiaries import services
from sanad.beneficiaries.models import (
    Beneficiary,
    ClosureReason,
    LegalStatus,
    Status,
    StatusChange,
)
from sanad.reference.models import Establishment

WOMEN = [
    ("Fatima", "فاطمة"),
    ("Khadija", "خديجة"),
    ("Aicha", "عائشة"),
    ("Naima", "نعيمة"),
    ("Zineb", "زينب"),
    ("Hanane", "حنان"),
    ("Samira", "سميرة"),
    ("Meryem", "مريم"),
]
MEN = [
    ("Mohamed", "محمد"),
    ("Youssef", "يوسف"),
    ("Hamza", "حمزة"),
    ("Omar", "عمر"),
    ("Karim", "كريم"),
    ("Rachid", "رشيد"),
    ("Said", "سعيد"),
    ("Ayoub", "أيوب"),
]
FAMILY = [
    ("Alaoui", "العلوي"),
    ("Bennani", "بناني"),
    ("El Idrissi", "الإدريسي"),
    ("Tazi", "التازي"),
    ("Chraibi", "الشرايبي"),
    ("Berrada", "برادة"),
    ("Amrani", "العمراني"),
    ("Ouazzani", "الوزاني"),
    ("Lahlou", "لحلو"),
]
FOREIGNERS = [("Aminata", "Diallo", "أميناتا", "ديالو", "SN", "F"),
              ("Moussa", "Traoré", "موسى", "تراوري", "ML", "M"),
              ("Grace", "Okafor", "غريس", "أوكافور", "NG", "F"),
              ("Jean", "Mbala", "جون", "مبالا", "CM", "M")]  # fmt: skip
# (status, closure reason) cycled over the records, so every stage is represented.
STAGES = [(Status.IDENTIFIED, ""), (Status.VALIDATED, ""), (Status.ASSISTED, ""),
          (Status.ASSISTED, ""), (Status.VALIDATED, ""), (Status.REJECTED, ""),
          (Status.CLOSED, ClosureReason.RELEASED), (Status.ASSISTED, ""),
          (Status.CLOSED, ClosureReason.CONDITIONAL_RELEASE),
          (Status.CLOSED, ClosureReason.PARDONED)]  # fmt: skip
NEEDS_BY_ORG = {
    "nour": [["woman"], ["minor"], ["woman", "disability"], ["minor", "precarious_youth"],
             ["elderly"], ["woman", "foreigner"], ["disability"], ["precarious_youth"]],
    "amal": [["death_row"], ["foreigner", "migrant"], ["elderly", "disability"], ["migrant"],
             ["death_row", "elderly"], ["foreigner"], ["woman"], ["minor"]],
}  # fmt: skip


def _establishments(region_code: str):
    return list(Establishment.objects.filter(region__code=region_code).order_by("name_fr"))


def seed_beneficiaries(*, nour, amal, nour_worker, amal_worker, coordinator) -> int:
    """Create the demo beneficiaries once; later runs change nothing."""
    if Beneficiary.objects.filter(identified_by__in=[nour, amal]).exists():
        return 0
    rng = random.Random(2026)
    today = timezone.localdate()
    created = 0
    for key, org, worker, region in (
        ("nour", nour, nour_worker, "casablanca-settat"),
        ("amal", amal, amal_worker, "rabat-sale-kenitra"),
    ):
        places = _establishments(region)
        for i in range(20):
            needs = NEEDS_BY_ORG[key][i % 8]
            identity = _identity(rng, i, needs, today, key)
            establishment = _place_for(places, needs, rng)
            since = today - timedelta(days=rng.randint(40, 900))
            beneficiary, _flagged = services.register_beneficiary(
                actor=worker,
                organisation=org,
                identity=identity,
                needs=needs,
                placement={"establishment": establishment,
                           "register_number": f"{rng.randint(10000, 99999)}/{since.year}",
                           "started_on": since},
                legal_status={"status": rng.choice(LegalStatus.values), "since": since},
                consent=None if i % 10 == 0 else {
                    "given_on": since + timedelta(days=5), "language": "darija",
                    "given_by": "representative" if "minor" in needs else "person",
                    "representative_name": "Parent" if "minor" in needs else "",
                    "document": None,
                },
            )  # fmt: skip
            _relatives(beneficiary, worker, rng, identity)
            _advance(beneficiary, STAGES[i % len(STAGES)], worker, coordinator)
            _backdate(beneficiary, days=12 + (i * 37 + (17 if key == "amal" else 0)) % 320)
            created += 1
    return created


def _backdate(beneficiary, days: int) -> None:
    """Registered and followed `days` ago: the demo network has been at work all year, so
    that its published monthly and quarterly figures hold something."""
    shift = timedelta(days=days)
    Beneficiary.objects.filter(pk=beneficiary.pk).update(created_at=F("created_at") - shift)
    StatusChange.objects.filter(beneficiary=beneficiary).update(at=F("at") - shift)


def _identity(rng, i, needs, today, key) -> dict:
    sex = "F" if "woman" in needs or (i % 3 == 0 and "minor" not in needs) else "M"
    if "foreigner" in needs or "migrant" in needs:
        first, last, first_ar, last_ar, country, sex = FOREIGNERS[i % len(FOREIGNERS)]
    else:
        first, first_ar = rng.choice(WOMEN if sex == "F" else MEN)
        last, last_ar = rng.choice(FAMILY)
        country = "MA"
    if "minor" in needs:
        # One minor of Nour turns 18 in about two weeks, to show the warning.
        born = (
            today.replace(year=today.year - 18) + timedelta(days=14)
            if key == "nour" and i == 1
            else today - timedelta(days=rng.randint(15 * 365, 17 * 365))
        )
    elif "elderly" in needs:
        born = today - timedelta(days=rng.randint(61 * 365, 78 * 365))
    else:
        born = today - timedelta(days=rng.randint(19 * 365, 55 * 365))
    identity = {
        "first_name_latin": first, "last_name_latin": last,
        "first_name_ar": first_ar, "last_name_ar": last_ar,
        "sex": sex, "date_of_birth": born if i % 4 else None,
        "birth_year": born.year, "nationalities": [country],
        "languages": "darija" if country == "MA" else "français",
        "interpreter_needed": country not in ("MA",) and i % 2 == 0,
        "id_document_type": "cin" if country == "MA" else "passport",
        "id_document_number": f"{'BK' if country == 'MA' else 'P'}{rng.randint(100000, 999999)}",
        "disability_type": "mobilité réduite" if "disability" in needs else "",
        "pregnant": sex == "F" and i % 7 == 2, "with_child": sex == "F" and i % 7 == 5,
        "serious_illness": "elderly" in needs and i % 2 == 0, "health_notes": "",
    }  # fmt: skip
    if i % 6 == 3:  # some records are known only in Arabic script
        identity.update(first_name_latin="", last_name_latin="")
    return identity


def _place_for(places, needs, rng):
    if "minor" in needs:
        minors = [p for p in places if p.kind == "CRE" or p.houses_minors]
        places = minors or places
    if "woman" in needs:
        women = [p for p in places if p.houses_women]
        places = women or places
    if "death_row" in needs:
        central = [p for p in places if p.kind == "PC"]
        places = central or places
    return rng.choice(places)


def _relatives(beneficiary, worker, rng, identity):
    last, last_ar = identity["last_name_latin"], identity["last_name_ar"]
    services.save_relative(
        actor=worker,
        beneficiary=beneficiary,
        relative=None,
        values={
            "name": f"{rng.choice(['Rkia', 'Malika', 'Ahmed', 'Driss'])} {last or last_ar}",
            "relationship": rng.choice(["mother", "father", "spouse", "sibling"]),
            "phone": f"+2126{rng.randint(10000000, 99999999)}",
            "city": rng.choice(["Casablanca", "Salé", "Kénitra", "Settat"]),
            "language": "darija",
            "may_be_contacted": rng.random() > 0.3,
        },
    )


def _advance(beneficiary, stage, worker, coordinator):
    status, reason = stage
    if status == Status.IDENTIFIED or services.eligibility_problems(beneficiary):
        return
    if status == Status.REJECTED:
        services.change_status(
            actor=coordinator,
            beneficiary=beneficiary,
            to_status=status,
            note="Hors du périmètre du projet (pas de besoin spécifique avéré).",
        )
        return
    services.change_status(actor=coordinator, beneficiary=beneficiary, to_status=Status.VALIDATED)
    if status in (Status.ASSISTED, Status.CLOSED):
        services.change_status(actor=worker, beneficiary=beneficiary, to_status=Status.ASSISTED)
    if status == Status.CLOSED:
        services.change_status(
            actor=worker, beneficiary=beneficiary, to_status=status, reason=reason
        )
