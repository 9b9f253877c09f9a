"""The founding call for participation (seeds/000_…txt), with a questionnaire that covers its
selection criteria, applications in French and Arabic, and the committee's first reviews."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sanad.calls import services
from sanad.calls.models import Application, Call, Question
from sanad.reference.models import ActionField, Establishment, Region

TEXT_FR = (
    "L'Observatoire marocain des prisons met en œuvre le projet « Agir pour un accès égalitaire "
    "aux droits et pour l'amélioration des conditions de détention », cofinancé par l'Union "
    "européenne. Il prévoit un soutien juridique à 300 détenu·e·s ayant des besoins "
    "spécifiques (femmes, mineurs, étrangers, personnes handicapées, personnes âgées, "
    "condamnés à mort…), à travers un dispositif d'assistance juridique et d'accompagnement "
    "par les OSC. L'OMP mobilisera une vingtaine d'associations et réseaux œuvrant auprès des "
    "populations vulnérables pour identifier les bénéficiaires, les suivre et sensibiliser "
    "leurs familles ; des moyens (transport, communication) seront alloués pour les visites."
)
TEXT_AR = (
    "ينفذ المرصد المغربي للسجون مشروع « العمل من أجل ولوج متكافئ إلى الحقوق وتحسين ظروف "
    "الاعتقال » بتمويل مشترك من الاتحاد الأوروبي، ويتضمن دعمًا قانونيًا لـ300 سجين وسجينة من "
    "ذوي الاحتياجات الخاصة عبر آلية للمساعدة القانونية والمواكبة من طرف جمعيات المجتمع المدني."
)
SELECTION_FR = (
    "Les OSC qui ont un accès direct aux publics cibles et assurent un suivi en amont et en aval "
    "de la libération, relais de solidarité, d'accompagnement et de réinsertion sociale, œuvrant "
    "dans les champs : droits des femmes, mineurs, handicap, jeunes en situation précaire, "
    "migrants et insertion socio-économique, personnes âgées, condamnés à mort."
)
K = Question.Kind
# (kind, French, Arabic, required, source, fills, choices French, choices Arabic)
QUESTIONS = [
    (K.SHORT, "Nom de l'association", "اسم الجمعية", True, "", "name_fr", "", ""),
    (K.SHORT, "Nom de l'association en arabe", "اسم الجمعية بالعربية", False, "", "name_ar",
     "", ""),
    (K.SHORT, "Sigle", "المختصر", False, "", "acronym", "", ""),
    (K.SHORT, "Ville du siège", "مدينة المقر", True, "", "city", "", ""),
    (K.SHORT, "Téléphone", "الهاتف", False, "", "phone", "", ""),
    (K.SHORT, "Nom du point focal pour le dispositif", "اسم الشخص المكلف بالتنسيق", True, "",
     "focal_point", "", ""),
    (K.DATE, "Date de création", "تاريخ التأسيس", False, "", "", "", ""),
    (K.MULTIPLE, "Champs d'action", "مجالات العمل", True, "action_fields", "", "", ""),
    (K.LONG, "Décrivez votre accès direct aux publics cibles (détenu·e·s, familles)",
     "صفوا ولوجكم المباشر إلى الفئات المستهدفة (السجناء، الأسر)", True, "", "", "", ""),
    (K.CHOICE, "Assurez-vous un suivi avant et après la libération ?",
     "هل تضمنون المتابعة قبل الإفراج وبعده؟", True, "", "",
     "Avant et après\nAvant seulement\nAprès seulement\nNon",
     "قبل الإفراج وبعده\nقبله فقط\nبعده فقط\nلا"),
    (K.MULTIPLE, "Régions d'intervention", "جهات التدخل", True, "regions", "", "", ""),
    (K.MULTIPLE, "Établissements où vous avez accès", "المؤسسات السجنية التي تلجونها", False,
     "establishments", "", "", ""),
    (K.NUMBER, "Années d'expérience auprès des personnes détenues",
     "عدد سنوات الخبرة مع السجناء", True, "", "", "", ""),
    (K.NUMBER, "Nombre de salariés et bénévoles mobilisables", "عدد الأجراء والمتطوعين", False,
     "", "", "", ""),
    (K.LONG, "Références : projets et partenaires", "المراجع: المشاريع والشركاء", False, "", "",
     "", ""),
    (K.FILE, "Statuts de l'association", "القانون الأساسي للجمعية", True, "", "", "", ""),
]  # fmt: skip
CRITERIA = [
    ("Accès direct aux publics cibles", "الولوج المباشر إلى الفئات المستهدفة", 3),
    ("Suivi avant et après la libération", "المتابعة قبل الإفراج وبعده", 2),
    ("Expérience", "الخبرة", 2),
    ("Couverture des régions et établissements", "التغطية الجغرافية", 1),
    ("Capacités", "القدرات", 1),
    ("Références", "المراجع", 1),
]
STATUTES = b"%PDF-1.4\n% Statuts (demo)\n%%EOF\n"


def _answers(call, values: dict) -> dict:
    by_label = {q.label_fr: q for q in call.questions.all()}
    return {str(by_label[label].pk): value for label, value in values.items()}


def _apply(call, email, language, values, submit: bool):
    services.start_application(call=call, email=email, language=language, client=None)
    application = Application.objects.get(call=call, email=email)
    answers = _answers(call, values)
    statutes = call.questions.get(kind=Question.Kind.FILE)
    services.add_file(
        application=application,
        question=statutes,
        upload=SimpleUploadedFile("statuts.pdf", STATUTES, content_type="application/pdf"),
    )
    if submit:
        services.submit(application=application, answers=answers)
    else:
        services.save_answers(application=application, answers=answers)
    return application


def seed_founding_call(*, coordinator, reviewers) -> None:
    if Call.objects.exists():
        return
    call = services.save_call(
        actor=coordinator,
        call=Call(),
        values={
            "title_fr": "Appel à participation des OSC — dispositif d'assistance et "
            "d'accompagnement juridique",
            "title_ar": "دعوة للمشاركة موجهة لجمعيات المجتمع المدني — آلية المساعدة والمواكبة "
            "القانونية",
            "text_fr": TEXT_FR,
            "text_ar": TEXT_AR,
            "selection_fr": SELECTION_FR,
            "documents_fr": "Statuts de l'association ; dernier rapport d'activité.",
            "documents_ar": "القانون الأساسي للجمعية؛ آخر تقرير للأنشطة.",
            "deadline": timezone.now() + timedelta(days=30),
        },
        reviewers=reviewers,
    )
    for position, (kind, fr, ar, required, source, fills, choices_fr, choices_ar) in enumerate(
        QUESTIONS
    ):
        services.add_question(
            actor=coordinator,
            call=call,
            values={
                "position": position, "kind": kind, "label_fr": fr, "label_ar": ar,
                "required": required, "source": source, "fills": fills,
                "choices_fr": choices_fr, "choices_ar": choices_ar,
            },
        )  # fmt: skip
    for position, (fr, ar, weight) in enumerate(CRITERIA):
        services.add_criterion(
            actor=coordinator,
            call=call,
            values={"position": position, "label_fr": fr, "label_ar": ar, "weight": weight},
        )
    services.publish(actor=coordinator, call=call)
    call.refresh_from_db()
    fields = list(ActionField.objects.values_list("code", flat=True))
    regions = list(Region.objects.values_list("code", flat=True))
    places = [str(c) for c in Establishment.objects.values_list("code", flat=True)[:6]]
    base = {"Années d'expérience auprès des personnes détenues": "6"}
    applications = [
        _apply(call, "contact@horizon.example", "fr", base | {
            "Nom de l'association": "Association Horizon", "Sigle": "Horizon",
            "Ville du siège": "Fès", "Nom du point focal pour le dispositif": "Meriem Alami",
            "Champs d'action": fields[:2], "Régions d'intervention": regions[5:6],
            "Établissements où vous avez accès": places[:2],
            "Décrivez votre accès direct aux publics cibles (détenu·e·s, familles)":
                "Permanence hebdomadaire à la prison locale de Fès ; accueil des familles.",
            "Assurez-vous un suivi avant et après la libération ?": "0",
        }, submit=True),
        _apply(call, "amana@amana.example", "ar", base | {
            "Nom de l'association": "جمعية أمانة", "Nom de l'association en arabe": "جمعية أمانة",
            "Ville du siège": "طنجة", "Nom du point focal pour le dispositif": "سعاد الإدريسي",
            "Champs d'action": fields[1:4], "Régions d'intervention": regions[:1],
            "Décrivez votre accès direct aux publics cibles (détenu·e·s, familles)":
                "نزور السجن المحلي بطنجة كل أسبوع ونرافق أسر السجينات.",
            "Assurez-vous un suivi avant et après la libération ?": "1",
        }, submit=True),
        _apply(call, "bureau@espoir.example", "fr", base | {
            "Nom de l'association": "Espoir Migrants", "Ville du siège": "Oujda",
            "Nom du point focal pour le dispositif": "Jean-Baptiste Koné",
            "Champs d'action": fields[4:5], "Régions d'intervention": regions[1:2],
            "Décrivez votre accès direct aux publics cibles (détenu·e·s, familles)":
                "Assistance aux migrants détenus, interprétariat, lien avec les consulats.",
            "Assurez-vous un suivi avant et après la libération ?": "2",
        }, submit=True),
        _apply(call, "presidence@nakhil.example", "ar", {
            "Nom de l'association": "جمعية النخيل", "Ville du siège": "مراكش",
        }, submit=False),
    ]  # fmt: skip
    criteria = list(call.criteria.all())
    first, second = reviewers
    for n, application in enumerate(applications[:3]):
        scores = {c: ((n + c.position) % 4 + 2, "") for c in criteria}
        services.declare_no_conflict(reviewer=first, application=application)
        services.save_review(
            reviewer=first, application=application, scores=scores, comment="", final=True
        )
    services.declare_no_conflict(reviewer=second, application=applications[0])
    services.save_review(
        reviewer=second,
        application=applications[0],
        scores=dict.fromkeys(criteria, (4, "")),
        comment="ملف متين",
        final=True,
    )
    services.declare_conflict(
        reviewer=second, application=applications[1], note="عضو سابق في مكتب الجمعية"
    )
