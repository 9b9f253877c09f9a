"""The demo's trainings: one held six weeks ago (attendance, scores before and after,
certificates) and one planned in three weeks, with its invitations."""

from datetime import timedelta

from sanad.library.models import Resource
from sanad.trainings import services
from sanad.trainings.models import Training

QUESTIONS = [
    ("Délai d'appel d'un jugement correctionnel ?", "ما أجل استئناف حكم جنحي؟",
     "3 jours\n10 jours\n30 jours", "3 أيام\n10 أيام\n30 يوماً", 2),
    ("Qui peut demander l'assistance judiciaire ?", "من يمكنه طلب المساعدة القضائية؟",
     "Toute personne sans ressources suffisantes\nSeuls les mineurs",
     "كل شخص لا يتوفر على موارد كافية\nالقاصرون فقط", 1),
    ("Une détenue enceinte peut-elle demander un aménagement ?", "هل يمكن لمعتقلة حامل طلب تكييف؟",
     "Oui\nNon", "نعم\nلا", 1),
]  # fmt: skip
# (right answers before, right answers after) for the participants, in invitation order.
SCORES = [(1, 3), (2, 3), (0, 2), (1, 2), (2, 2), (1, 3)]


def _plan(coordinator, start, title_fr, title_ar, trainers, place):
    training = services.save_training(
        actor=coordinator,
        training=Training(),
        values={"title_fr": title_fr, "title_ar": title_ar, "trainers": trainers,
                "starts_on": start, "ends_on": start + timedelta(days=1), "hours": 12,
                "mode": "in_person", "place": place,
                "materials": Resource.objects.filter(kind__in=["guide", "training"])},
    )  # fmt: skip
    for label_fr, label_ar, choices_fr, choices_ar, correct in QUESTIONS:
        services.add_question(
            actor=coordinator,
            training=training,
            values={"label_fr": label_fr, "label_ar": label_ar, "choices_fr": choices_fr,
                    "choices_ar": choices_ar, "correct": correct},
        )  # fmt: skip
    return training


def _answers(training, right: int) -> dict:
    """Answers with the first `right` questions right and the others wrong."""
    return {
        str(q.pk): str(q.correct - 1 if i < right else q.correct % len(q.choices()))
        for i, q in enumerate(training.questions.all())
    }


def seed_trainings(*, coordinator, organisations, today) -> None:
    if Training.objects.exists():
        return
    held = _plan(
        coordinator,
        today - timedelta(days=42),
        "Délais de recours et aide juridique",
        "آجال الطعن والمساعدة القانونية",
        "Me Karim Idrissi, Mme Salma Tazi",
        "Rabat",
    )
    services.invite(actor=coordinator, training=held, organisations=organisations)
    participants = list(held.participants.select_related("user"))
    for participant, (before, _after) in zip(participants, SCORES, strict=False):
        services.answer(actor=participant.user, participant=participant, stage="before",
                        answers=_answers(held, before))  # fmt: skip
    present = participants[:-1]  # the last one invited could not come
    services.record_attendance(actor=coordinator, training=held, present=present)
    for participant, (_before, after) in zip(present, SCORES, strict=False):
        participant.refresh_from_db()
        services.answer(actor=participant.user, participant=participant, stage="after",
                        answers=_answers(held, after))  # fmt: skip
    planned = _plan(
        coordinator,
        today + timedelta(days=21),
        "Accompagner les personnes étrangères",
        "مواكبة الأشخاص الأجانب",
        "Mme Awa Ndiaye",
        "Casablanca",
    )
    services.invite(actor=coordinator, training=planned, organisations=organisations[:1])
