"""The steps a release plan starts with, loaded with the reference data (`reference_loaded`)
and edited by the coordinator in the Django admin afterwards."""

# (key, French, Arabic, days before release, for foreigners only)
STEPS = [
    ("identity", "Pièces d'identité (CIN, acte de naissance)",
     "وثائق الهوية (البطاقة الوطنية، عقد الازدياد)", 60, False),
    ("consular", "Papiers consulaires, séjour ou retour",
     "الوثائق القنصلية، الإقامة أو العودة", 60, True),
    ("housing", "Hébergement dès le premier soir", "السكن منذ الليلة الأولى", 30, False),
    ("family", "Contact avec la famille", "التواصل مع الأسرة", 30, False),
    ("health", "Continuité des soins (traitement, orientation)",
     "استمرارية العلاج (الأدوية، التوجيه)", 21, False),
    ("income", "Revenu : travail, formation, aides sociales",
     "الدخل: العمل، التكوين، المساعدات الاجتماعية", 21, False),
    ("legal", "Suites judiciaires (amendes, autres affaires, casier)",
     "المتابعات القضائية (الغرامات، قضايا أخرى، السجل العدلي)", 14, False),
    ("transport", "Transport le jour de la sortie", "التنقل يوم الإفراج", 7, False),
]  # fmt: skip


def load_steps(**kwargs) -> None:
    """Add the starting steps that are missing; steps edited in the admin stay as they are."""
    from sanad.releases.models import ChecklistStep

    for position, (key, label_fr, label_ar, days, foreigners) in enumerate(STEPS):
        ChecklistStep.objects.get_or_create(
            key=key,
            defaults={"label_fr": label_fr, "label_ar": label_ar, "days_before": days,
                      "foreigners_only": foreigners, "position": position},
        )  # fmt: skip
