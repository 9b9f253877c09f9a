"""The themes a library starts with; the coordinator adds others in the Django admin."""

THEMES = [
    ("detention-conditions", "Conditions de détention", "ظروف الاعتقال"),
    ("legal-aid", "Aide juridique et procédure", "المساعدة القانونية والمسطرة"),
    ("reintegration", "Réinsertion", "إعادة الإدماج"),
    ("families", "Familles", "الأسر"),
    ("health", "Santé", "الصحة"),
    ("complaints", "Plaintes et recours", "الشكايات والطعون"),
    ("data-protection", "Protection des données", "حماية المعطيات"),
    ("advocacy", "Plaidoyer", "الترافع"),
]


def load_themes(**kwargs) -> None:
    """Add the starting themes that are missing (on `reference_loaded`, sent by
    `load_reference`); themes edited or added in the admin are left as they are."""
    from sanad.library.models import Theme

    for position, (code, name_fr, name_ar) in enumerate(THEMES):
        Theme.objects.get_or_create(
            code=code, defaults={"name_fr": name_fr, "name_ar": name_ar, "position": position}
        )
