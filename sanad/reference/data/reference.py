"""Seed reference data (public facts, see shared/domain/morocco.md). Loaded once; afterwards
administrators edit it in Sanad and `load_reference` only adds what is missing."""

REGIONS = [
    ("tanger-tetouan-al-hoceima", "Tanger-Tétouan-Al Hoceïma", "طنجة-تطوان-الحسيمة"),
    ("oriental", "Oriental", "الشرق"),
    ("fes-meknes", "Fès-Meknès", "فاس-مكناس"),
    ("rabat-sale-kenitra", "Rabat-Salé-Kénitra", "الرباط-سلا-القنيطرة"),
    ("beni-mellal-khenifra", "Béni Mellal-Khénifra", "بني ملال-خنيفرة"),
    ("casablanca-settat", "Casablanca-Settat", "الدار البيضاء-سطات"),
    ("marrakech-safi", "Marrakech-Safi", "مراكش-آسفي"),
    ("draa-tafilalet", "Drâa-Tafilalet", "درعة-تافيلالت"),
    ("souss-massa", "Souss-Massa", "سوس-ماسة"),
    ("guelmim-oued-noun", "Guelmim-Oued Noun", "كلميم-واد نون"),
    ("laayoune-sakia-el-hamra", "Laâyoune-Sakia El Hamra", "العيون-الساقية الحمراء"),
    ("dakhla-oued-ed-dahab", "Dakhla-Oued Ed-Dahab", "الداخلة-وادي الذهب"),
]

ACTION_FIELDS = [
    ("women", "Droits des femmes", "حقوق النساء"),
    ("minors", "Mineurs", "القاصرون"),
    ("disability", "Handicap", "الإعاقة"),
    ("precarious-youth", "Jeunes en situation précaire", "الشباب في وضعية هشاشة"),
    (
        "migrants",
        "Migrants, employabilité et insertion socio-économique",
        "المهاجرون والتشغيل والإدماج السوسيو-اقتصادي",
    ),
    ("elderly", "Personnes âgées", "المسنون"),
    ("death-row", "Condamnés à mort", "المحكوم عليهم بالإعدام"),
]

SERVICE_KINDS = [
    ("legal", "Assistance juridique", "المساعدة القانونية"),
    ("psychosocial", "Soutien psychosocial", "الدعم النفسي والاجتماعي"),
    ("reintegration", "Réinsertion", "إعادة الإدماج"),
    ("family-mediation", "Médiation familiale", "الوساطة الأسرية"),
    ("interpreting", "Interprétariat", "الترجمة الفورية"),
    ("health", "Orientation vers les soins", "التوجيه نحو العلاج"),
    ("housing", "Hébergement", "الإيواء"),
    ("training", "Formation et emploi", "التكوين والتشغيل"),
]

SPOKEN_LANGUAGES = [
    ("darija", "Darija", "الدارجة"),
    ("arabic", "Arabe standard", "العربية الفصحى"),
    ("tamazight", "Amazighe", "الأمازيغية"),
    ("hassaniya", "Hassanya", "الحسانية"),
    ("french", "Français", "الفرنسية"),
    ("spanish", "Espagnol", "الإسبانية"),
    ("english", "Anglais", "الإنجليزية"),
]

ESTABLISHMENT_KINDS = {
    "prison locale": "PL",
    "prison centrale (maison centrale)": "PC",
    "prison agricole": "PA",
    "centre de réforme et d'éducation": "CRE",
}

# (kind, French name, Arabic name, city, region code)
COURTS = [
    ("cassation", "Cour de cassation", "محكمة النقض", "Rabat", "rabat-sale-kenitra"),
    (
        "appeal",
        "Cour d'appel de Casablanca",
        "محكمة الاستئناف بالدار البيضاء",
        "Casablanca",
        "casablanca-settat",
    ),
    ("appeal", "Cour d'appel de Rabat", "محكمة الاستئناف بالرباط", "Rabat", "rabat-sale-kenitra"),
    (
        "appeal",
        "Cour d'appel de Kénitra",
        "محكمة الاستئناف بالقنيطرة",
        "Kénitra",
        "rabat-sale-kenitra",
    ),
    ("appeal", "Cour d'appel de Fès", "محكمة الاستئناف بفاس", "Fès", "fes-meknes"),
    (
        "appeal",
        "Cour d'appel de Marrakech",
        "محكمة الاستئناف بمراكش",
        "Marrakech",
        "marrakech-safi",
    ),
    (
        "appeal",
        "Cour d'appel de Tanger",
        "محكمة الاستئناف بطنجة",
        "Tanger",
        "tanger-tetouan-al-hoceima",
    ),
    ("appeal", "Cour d'appel d'Agadir", "محكمة الاستئناف بأكادير", "Agadir", "souss-massa"),
    (
        "first_instance",
        "Tribunal de première instance de Casablanca",
        "المحكمة الابتدائية بالدار البيضاء",
        "Casablanca",
        "casablanca-settat",
    ),
    (
        "first_instance",
        "Tribunal de première instance de Rabat",
        "المحكمة الابتدائية بالرباط",
        "Rabat",
        "rabat-sale-kenitra",
    ),
    (
        "first_instance",
        "Tribunal de première instance de Salé",
        "المحكمة الابتدائية بسلا",
        "Salé",
        "rabat-sale-kenitra",
    ),
    (
        "first_instance",
        "Tribunal de première instance de Kénitra",
        "المحكمة الابتدائية بالقنيطرة",
        "Kénitra",
        "rabat-sale-kenitra",
    ),
    (
        "first_instance",
        "Tribunal de première instance de Marrakech",
        "المحكمة الابتدائية بمراكش",
        "Marrakech",
        "marrakech-safi",
    ),
]

# (month, day, French, Arabic, first year observed)
FIXED_HOLIDAYS = [
    (1, 1, "Nouvel an", "رأس السنة الميلادية", 1956),
    (1, 11, "Manifeste de l'indépendance", "ذكرى تقديم وثيقة الاستقلال", 1956),
    (1, 14, "Nouvel an amazigh", "رأس السنة الأمازيغية", 2024),
    (5, 1, "Fête du travail", "عيد الشغل", 1956),
    (7, 30, "Fête du Trône", "عيد العرش", 1999),
    (8, 14, "Allégeance d'Oued Ed-Dahab", "ذكرى استرجاع إقليم وادي الذهب", 1979),
    (8, 20, "Révolution du Roi et du Peuple", "ذكرى ثورة الملك والشعب", 1956),
    (8, 21, "Fête de la jeunesse", "عيد الشباب", 1999),
    (11, 6, "Marche verte", "ذكرى المسيرة الخضراء", 1975),
    (11, 18, "Fête de l'indépendance", "عيد الاستقلال", 1956),
]
FIXED_HOLIDAY_YEARS = range(2015, 2031)

# Islamic holidays follow the moon sighting: these dates are expected ones, shipped unverified
# for an administrator to confirm or correct each year.
ISLAMIC_HOLIDAYS = [
    ("2024-04-10", "Aïd al-Fitr", "عيد الفطر"),
    ("2024-04-11", "Aïd al-Fitr (2e jour)", "عيد الفطر (اليوم الثاني)"),
    ("2024-06-17", "Aïd al-Adha", "عيد الأضحى"),
    ("2024-06-18", "Aïd al-Adha (2e jour)", "عيد الأضحى (اليوم الثاني)"),
    ("2024-07-08", "1er Moharram", "فاتح محرم"),
    ("2024-09-16", "Aïd al-Mawlid", "عيد المولد النبوي"),
    ("2024-09-17", "Aïd al-Mawlid (2e jour)", "عيد المولد النبوي (اليوم الثاني)"),
    ("2025-03-31", "Aïd al-Fitr", "عيد الفطر"),
    ("2025-04-01", "Aïd al-Fitr (2e jour)", "عيد الفطر (اليوم الثاني)"),
    ("2025-06-07", "Aïd al-Adha", "عيد الأضحى"),
    ("2025-06-08", "Aïd al-Adha (2e jour)", "عيد الأضحى (اليوم الثاني)"),
    ("2025-06-27", "1er Moharram", "فاتح محرم"),
    ("2025-09-05", "Aïd al-Mawlid", "عيد المولد النبوي"),
    ("2025-09-06", "Aïd al-Mawlid (2e jour)", "عيد المولد النبوي (اليوم الثاني)"),
    ("2026-03-20", "Aïd al-Fitr", "عيد الفطر"),
    ("2026-03-21", "Aïd al-Fitr (2e jour)", "عيد الفطر (اليوم الثاني)"),
    ("2026-05-27", "Aïd al-Adha", "عيد الأضحى"),
    ("2026-05-28", "Aïd al-Adha (2e jour)", "عيد الأضحى (اليوم الثاني)"),
    ("2026-06-17", "1er Moharram", "فاتح محرم"),
    ("2026-08-26", "Aïd al-Mawlid", "عيد المولد النبوي"),
    ("2026-08-27", "Aïd al-Mawlid (2e jour)", "عيد المولد النبوي (اليوم الثاني)"),
]

_REFORM = (
    " À revérifier au regard de la loi 03.23 modifiant le Code de procédure pénale "
    "(en vigueur le 8 décembre 2025)."
)
_FRANC = (
    " Décompte en délai franc (ni le jour du point de départ ni le dernier jour) : "
    "jurisprudence, à vérifier."
)

# (French name, Arabic name, remedy, applies to, court level, start, period, unit, counting,
#  legal basis, in force from). Shipped unverified: see domain/morocco.md §2.
LEGAL_RULES = [
    ("Appel d'un jugement contradictoire", "استئناف حكم حضوري", "appeal", "contradictory",
     "first_instance", "pronouncement", 10, "days", "franc",
     "Code de procédure pénale (loi 22-01), art. 400 : dix jours à compter du prononcé du "
     "jugement contradictoire." + _FRANC + _REFORM, "2003-10-01"),
    ("Appel d'un jugement par défaut", "استئناف حكم غيابي", "appeal", "by_default",
     "first_instance", "notification", 10, "days", "franc",
     "Code de procédure pénale (loi 22-01), art. 400 : dix jours à compter de la "
     "notification du jugement rendu par défaut." + _FRANC + _REFORM, "2003-10-01"),
    ("Opposition à un jugement par défaut", "التعرض على حكم غيابي", "opposition", "by_default",
     "any", "notification", 10, "days", "franc",
     "Code de procédure pénale (loi 22-01), art. 393 : dix jours à compter de la "
     "notification régulière." + _FRANC + _REFORM, "2003-10-01"),
    ("Pourvoi en cassation", "الطعن بالنقض", "cassation", "any", "appeal", "pronouncement", 10,
     "days", "franc",
     "Code de procédure pénale (loi 22-01), art. 527 : dix jours à compter du prononcé de la "
     "décision (de la notification dans certains cas) — à vérifier." + _FRANC + _REFORM,
     "2003-10-01"),
]  # fmt: skip

_FRANC_AR = (
    " يُحتسب الأجل كاملاً (لا يُحتسب يوم البداية ولا اليوم الأخير): اجتهاد قضائي، يجب التحقق منه."
)
_REFORM_AR = (
    " يجب التحقق منه مجدداً في ضوء القانون 03.23 المغير لقانون المسطرة الجنائية (الساري "
    "ابتداءً من 8 دجنبر 2025)."
)
_CODE_AR = "قانون المسطرة الجنائية (القانون رقم 22.01)"

# The legal bases in Arabic, by the rule's French name (filled where an installation has none).
LEGAL_BASES_AR = {
    "Appel d'un jugement contradictoire":
        f"{_CODE_AR}، المادة 400: عشرة أيام من تاريخ النطق بالحكم الحضوري.",
    "Appel d'un jugement par défaut":
        f"{_CODE_AR}، المادة 400: عشرة أيام من تاريخ تبليغ الحكم الغيابي.",
    "Opposition à un jugement par défaut":
        f"{_CODE_AR}، المادة 393: عشرة أيام من تاريخ التبليغ القانوني.",
    "Pourvoi en cassation":
        f"{_CODE_AR}، المادة 527: عشرة أيام من تاريخ النطق بالقرار (ومن تاريخ التبليغ في "
        "بعض الحالات)، يجب التحقق.",
}  # fmt: skip
LEGAL_BASES_AR = {name: basis + _FRANC_AR + _REFORM_AR for name, basis in LEGAL_BASES_AR.items()}

# (kind, offence class, numerator, denominator, months, legal basis)
SCREENING_RULES = [
    ("conditional_release", "delit", 1, 2, None,
     "Code de procédure pénale, art. 622 : moitié de la peine pour les délits." + _REFORM),
    ("conditional_release", "crime", 2, 3, None,
     "Code de procédure pénale, art. 622 : deux tiers de la peine pour les crimes et les "
     "délits punis de plus de cinq ans." + _REFORM),
    ("pretrial_limit", "delit", 1, 1, 3,
     "Code de procédure pénale, arts. 176-177 : un mois renouvelable deux fois (délits) — à "
     "vérifier ; réduit par la loi 03.23." + _REFORM),
    ("pretrial_limit", "crime", 1, 1, 12,
     "Code de procédure pénale, arts. 176-177 : deux mois renouvelables cinq fois (crimes) — "
     "à vérifier ; réduit par la loi 03.23." + _REFORM),
]  # fmt: skip

# The screening rules' legal bases in Arabic, by (kind, offence class).
SCREENING_BASES_AR = {
    ("conditional_release", "delit"):
        "قانون المسطرة الجنائية، المادة 622: نصف العقوبة بالنسبة للجنح.",
    ("conditional_release", "crime"):
        "قانون المسطرة الجنائية، المادة 622: ثلثا العقوبة بالنسبة للجنايات والجنح المعاقب "
        "عليها بأكثر من خمس سنوات.",
    ("pretrial_limit", "delit"):
        "قانون المسطرة الجنائية، المادتان 176 و177: شهر واحد قابل للتجديد مرتين (الجنح)، يجب "
        "التحقق؛ خُفّض بموجب القانون 03.23.",
    ("pretrial_limit", "crime"):
        "قانون المسطرة الجنائية، المادتان 176 و177: شهران قابلان للتجديد خمس مرات (الجنايات)، "
        "يجب التحقق؛ خُفّض بموجب القانون 03.23.",
}  # fmt: skip
SCREENING_BASES_AR = {key: basis + _REFORM_AR for key, basis in SCREENING_BASES_AR.items()}

# fmt: skip
