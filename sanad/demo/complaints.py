"""About twenty demo complaints across categories and establishments: some answered, some
closed, some overdue for an answer. Written through the services."""

from datetime import timedelta

from django.utils import timezone

from sanad.beneficiaries.models import Beneficiary
from sanad.complaints import services
from sanad.complaints.models import Category, Complaint, Referral
from sanad.reference.models import Establishment

DESCRIPTIONS = {
    Category.ILL_TREATMENT: "Le détenu affirme avoir été frappé lors d'une fouille.",
    Category.HEALTH_CARE: "Pas de consultation malgré des douleurs persistantes depuis un mois.",
    Category.CONDITIONS: "Surpopulation : 45 personnes dans une cellule prévue pour 20.",
    Category.REHABILITATION: "Refus d'accès à la formation professionnelle sans motif.",
    Category.BELONGINGS: "Argent déposé au greffe non restitué lors du transfert.",
    Category.TRANSFER: "Transféré à 600 km de sa famille sans explication.",
    Category.CONDITIONAL_RELEASE: "Libération conditionnelle demandée il y a 8 mois, sans réponse.",
    Category.PARDON: "Demande de grâce déposée il y a un an, aucune nouvelle.",
    Category.PRETRIAL: "En détention préventive depuis 14 mois sans jugement.",
    Category.PENDING: "Appel interjeté il y a 10 mois, audience jamais fixée.",
}


def seed_complaints(*, nour, amal, coordinator_org, workers, coordinator) -> int:
    """Create the demo complaints once; later runs change nothing."""
    if Complaint.objects.exists():
        return 0
    today = timezone.localdate()
    places = list(
        Establishment.objects.filter(
            region__code__in=["casablanca-settat", "rabat-sale-kenitra"]
        ).order_by("name_fr")[:8]
    )
    categories = list(DESCRIPTIONS)
    followed = {
        org.pk: list(Beneficiary.objects.filter(identified_by=org).order_by("pk")[:10])
        for org in (nour, amal)
    }
    for i in range(20):
        org = [nour, amal, coordinator_org][i % 3]
        actor = workers.get(org.pk, coordinator)
        # A detainee's own complaint, through the CSO that follows them, names them.
        people = followed.get(org.pk) if i % 4 == 0 else None
        complaint = services.receive(
            actor=actor,
            organisation=org,
            values={
                "complainant": ["detainee", "relative", "anonymous", "cso"][i % 4],
                "complainant_name": "" if i % 4 == 2 else "Famille Alaoui",
                "complainant_contact": "" if i % 4 == 2 else "+212 6 12 34 56 78",
                "identity_disclosable": i % 5 == 0,
                "channel": ["letter", "phone", "visit"][i % 3],
                "received_on": today - timedelta(days=8 * i + 3),
                "establishment": places[i % len(places)] if places else None,
                "beneficiary": people[i % len(people)] if people else None,
                "category": categories[i % len(categories)],
                "urgent": i % 6 == 0,
                "description": DESCRIPTIONS[categories[i % len(categories)]],
            },
        )
        if i % 5 == 4:
            continue  # still at intake
        services.qualify(
            actor=actor,
            complaint=complaint,
            category=complaint.category,
            sub_category="",
            urgent=complaint.urgent,
        )
        if i % 5 == 3:
            continue
        sent = complaint.received_on + timedelta(days=4)
        referral = services.refer(
            actor=actor,
            complaint=complaint,
            values={
                "authority": [
                    Referral.Authority.DGAPR,
                    Referral.Authority.DIRECTOR,
                    Referral.Authority.PROSECUTOR,
                ][i % 3],
                "sent_on": sent,
                "channel": "letter",
                "language": "fr" if i % 2 else "ar",
                "letter_text": services.letter_text(complaint, "DGAPR", "fr" if i % 2 else "ar"),
            },
        )
        if i % 5 in (0, 1) and sent + timedelta(days=25) < today:
            services.record_answer(
                actor=actor,
                referral=referral,
                values={
                    "answered_on": sent + timedelta(days=12 + i),
                    "outcome": "favourable" if i % 2 else "partial",
                    "answer": "La direction a pris les mesures nécessaires.",
                },
            )
            if i % 5 == 0:
                services.close(
                    actor=actor,
                    complaint=complaint,
                    closure="resolved" if i % 2 == 0 else "unresolved",
                    feedback="La famille a été informée par téléphone.",
                )
    return 20
