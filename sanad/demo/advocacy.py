"""The demo's dialogue: a regional round table four months ago and the follow-up of its
three recommendations (one acknowledged then in progress, one made, one rejected)."""

from datetime import timedelta

from sanad.advocacy.models import DialogueEvent, Recommendation
from sanad.advocacy.services import record_status, save_event, save_recommendation
from sanad.directory.models import ExternalActor
from sanad.library.models import Kind, Resource
from sanad.reference.models import Establishment

# (text fr, text ar, addressee, which body, cited indicators, [(status, days after, evidence)])
RECOMMENDATIONS = [
    ("Publier chaque trimestre le nombre de femmes en détention préventive par établissement.",
     "نشر عدد النساء رهن الاعتقال الاحتياطي حسب كل مؤسسة كل ثلاثة أشهر.",
     "dgapr", "Direction régionale de Rabat", ["pretrial_share", "beneficiaries_assisted"],
     [("acknowledged", 12, "Courrier de la direction régionale accusant réception."),
      ("in_progress", 40, "Premier tableau transmis pour deux établissements.")]),
    ("Garantir la présence d'un avocat dès la garde à vue pour les mineurs.",
     "ضمان حضور محام منذ الحراسة النظرية بالنسبة للقاصرين.",
     "justice", "", ["with_lawyer"], []),
    ("Juger en priorité les dossiers des détenues enceintes ou mères d'enfants en bas âge.",
     "البت بالأولوية في ملفات المعتقلات الحوامل أو الأمهات لأطفال صغار.",
     "courts", "Cour d'appel de Kénitra", ["days_to_first_legal_act"],
     [("rejected", 25, "Réponse du premier président : pas de fondement légal à une priorité.")]),
]  # fmt: skip


def seed_dialogue(*, coordinator, organisations, today) -> None:
    if DialogueEvent.objects.exists():
        return
    held_on = today - timedelta(days=120)
    event = save_event(
        actor=coordinator,
        event=DialogueEvent(),
        values={
            "title_fr": "Table ronde régionale : la détention préventive des femmes",
            "title_ar": "مائدة مستديرة جهوية: الاعتقال الاحتياطي للنساء",
            "held_on": held_on, "place": "Rabat",
            "organisations": organisations,
            "actors": ExternalActor.objects.filter(kind__in=["dgapr", "cndh", "bar"]),
            "other_participants": "Deux universitaires, une journaliste.",
            "minutes": "Constats partagés sur la durée de la détention préventive; trois "
                       "recommandations retenues.",
        },
    )  # fmt: skip
    brief = Resource.objects.filter(kind=Kind.BRIEF).first()
    observed = Establishment.objects.filter(region__code="rabat-sale-kenitra")[:2]
    for text_fr, text_ar, addressee, detail, indicators, steps in RECOMMENDATIONS:
        recommendation = save_recommendation(
            actor=coordinator,
            recommendation=Recommendation(),
            values={"text_fr": text_fr, "text_ar": text_ar, "addressee": addressee,
                    "addressee_detail": detail, "event": event, "status_on": held_on,
                    "indicators": indicators, "brief": brief, "establishments": observed},
        )  # fmt: skip
        for status, after, evidence in steps:
            record_status(
                actor=coordinator,
                recommendation=recommendation,
                values={"status": status, "on": held_on + timedelta(days=after),
                        "evidence": evidence},
            )  # fmt: skip
