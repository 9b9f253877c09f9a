"""The demo's network life: an announcement from the coordinator and two discussions."""

from sanad.forum.models import Announcement
from sanad.forum.services import publish, reply, start_thread
from sanad.library.models import Theme

# (subject, theme, [(author's e-mail, message)])
THREADS = [
    ("Parloirs de la prison locale de Kénitra : nouveaux horaires ?", "families",
     [("worker@nour.example", "Des familles nous disent que les horaires ont changé. "
                              "Quelqu'un a-t-il la note de la direction ?"),
      ("worker@amal.example", "Oui : du mardi au samedi, 9 h – 12 h. Nous la mettons dans la "
                              "bibliothèque.")]),
    ("Modèle de demande d'assistance judiciaire en arabe", "legal-aid",
     [("manager@amal.example", "Avez-vous un modèle en arabe accepté par le tribunal de Salé ?")]),
]  # fmt: skip


def seed_forum(*, users) -> None:
    if Announcement.objects.exists():
        return
    publish(
        actor=users["coordinator@omp.example"],
        values={"title_fr": "Assemblée annuelle du réseau le 15 janvier",
                "title_ar": "الجمع العام السنوي للشبكة يوم 15 يناير",
                "body_fr": "Rabat, 9 h 30. Ordre du jour : bilan de l'année, plan de plaidoyer.",
                "body_ar": "الرباط، الساعة 9:30. جدول الأعمال: حصيلة السنة، خطة الترافع."},
        email=False,
    )  # fmt: skip
    for subject, theme, messages in THREADS:
        (author, first), *replies = messages
        thread = start_thread(
            actor=users[author],
            values={"title": subject, "theme": Theme.objects.filter(code=theme).first()},
            body=first,
        )
        for author, body in replies:
            reply(actor=users[author], thread=thread, body=body)
