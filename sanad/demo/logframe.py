"""The founding project's logframe (seed document): objectives, results, indicators and
targets, the values of which Sanad computes from the demo data."""

from datetime import date

from sanad.reports import services
from sanad.reports.models import Indicator, Project

PROJECT = {
    "name_fr": "Agir pour un accès égalitaire aux droits et pour l'amélioration des conditions "
    "de détention",
    "name_ar": "العمل من أجل ولوج متكافئ إلى الحقوق وتحسين ظروف الاعتقال",
    "overall_objective_fr": "Contribuer à la promotion-protection des droits des détenu·e·s, à "
    "l'accès égalitaire aux droits et à l'amélioration des conditions de détention et de "
    "réinsertion.",
    "overall_objective_ar": "المساهمة في النهوض بحقوق السجناء وحمايتها، وفي الولوج المتكافئ إلى "
    "الحقوق وتحسين ظروف الاعتقال وإعادة الإدماج.",
    "donor": "Union européenne",
}
# (number, parent number, French, Arabic, [(indicator, baseline, target)])
OBJECTIVES = [
    ("OS1", None, "Les détenu·e·s ayant des besoins spécifiques accèdent à une assistance "
     "juridique effective.", "ولوج السجناء ذوي الاحتياجات الخاصة إلى مساعدة قانونية فعلية.",
     [("beneficiaries_assisted", 0, 300), ("with_lawyer", 0, 80)]),
    ("R1.1", "OS1", "Les recours sont introduits dans les délais.",
     "تقديم الطعون داخل الآجال.",
     [("remedies_on_time", 0, 90), ("deadlines_missed", 0, 0),
      ("days_to_first_legal_act", 0, 30)]),
    ("OS2", None, "Les familles sont accompagnées et les conditions de détention documentées.",
     "مواكبة الأسر وتوثيق ظروف الاعتقال.",
     [("families_reached", 0, 200), ("visits_made", 0, 1000)]),
    ("R2.1", "OS2", "Les doléances sont traitées et suivies.", "معالجة الشكايات وتتبعها.",
     [("complaints_received", 0, 150), ("complaint_answer_days", 0, 30)]),
    ("R2.2", "OS2", "Les sorties de prison sont préparées et la réinsertion suivie.",
     "التحضير للإفراج وتتبع إعادة الإدماج.",
     [("releases_prepared", 0, 70), ("stable_housing_6", 0, 60), ("reincarcerated_12", 0, 15)]),
    ("OS3", None, "Un réseau d'OSC partenaires est mobilisé et coordonné.",
     "تعبئة شبكة من جمعيات المجتمع المدني الشريكة وتنسيقها.",
     [("csos_mobilised", 0, 20), ("meeting_attendance", 0, 80), ("budget_spent", 0, 90)]),
]  # fmt: skip


def seed_logframe(*, coordinator, today: date) -> None:
    if Project.objects.exists():
        return
    start, end = date(today.year - 1, 1, 1), date(today.year + 1, 12, 31)
    project = services.save_project(
        actor=coordinator,
        project=Project(),
        values={**PROJECT, "starts_on": start, "ends_on": end},
    )
    numbers = {}
    for number, parent, name_fr, name_ar, indicators in OBJECTIVES:
        objective = services.add_objective(
            actor=coordinator,
            project=project,
            values={
                "number": number,
                "parent": numbers.get(parent),
                "name_fr": name_fr,
                "name_ar": name_ar,
            },
        )
        numbers[number] = objective
        for position, (key, baseline, target) in enumerate(indicators):
            indicator = services.save_indicator(
                actor=coordinator,
                indicator=Indicator(),
                values={
                    "objective": objective,
                    "key": key,
                    "baseline": baseline,
                    "position": position,
                },
            )
            services.add_target(
                actor=coordinator,
                indicator=indicator,
                values={"period_start": start, "period_end": end, "value": target},
            )
