"""Detention-condition observation categories and sub-items, after the APT/PRI Detention
Monitoring Tool (domain/morocco.md §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    TREATMENT = "treatment", _("Treatment")
    SAFEGUARDS = "safeguards", _("Legal safeguards")
    MATERIAL = "material", _("Material conditions")
    REGIME = "regime", _("Regime and activities")
    CONTACT = "contact", _("Contact with the outside")
    HEALTH = "health", _("Health")
    STAFF = "staff", _("Staff")
    SPECIFIC_NEEDS = "specific_needs", _("Specific needs")


class Severity(models.TextChoices):
    INFORMATION = "information", _("Information")
    CONCERN = "concern", _("Concern")
    SERIOUS = "serious", _("Serious")
    URGENT = "urgent", _("Urgent")


SUBITEMS = {
    Category.TREATMENT: [
        ("ill_treatment", _("Allegations of ill-treatment")), ("force", _("Use of force")),
        ("restraints", _("Restraints")), ("discipline", _("Disciplinary measures")),
        ("solitary", _("Solitary confinement")), ("violence", _("Violence between prisoners")),
        ("sexual_violence", _("Sexual violence")), ("extortion", _("Extortion")),
    ],
    Category.SAFEGUARDS: [
        ("registers", _("Registers")), ("rights_information", _("Information on rights")),
        ("lawyer_access", _("Access to a lawyer")), ("interpreter", _("Interpreter")),
        ("consular_access", _("Consular access")), ("complaints", _("Complaints mechanism")),
    ],
    Category.MATERIAL: [
        ("overcrowding", _("Overcrowding")), ("hygiene", _("Hygiene")), ("water", _("Water")),
        ("food", _("Food")), ("light", _("Light and ventilation")), ("clothing", _("Clothing")),
        ("bedding", _("Bedding")), ("accessibility", _("Accessibility")),
    ],
    Category.REGIME: [
        ("time_out", _("Time out of cell")), ("education", _("Education")),
        ("training", _("Vocational training")), ("work", _("Work")), ("religion", _("Religion")),
        ("sport", _("Sport")), ("release_preparation", _("Preparation for release")),
    ],
    Category.CONTACT: [
        ("family_visits", _("Family visits")), ("distance", _("Distance from home")),
        ("telephone", _("Telephone")), ("mail", _("Mail")), ("food_baskets", _("Food baskets")),
    ],
    Category.HEALTH: [
        ("admission_exam", _("Medical examination on admission")),
        ("doctor_access", _("Access to a doctor")), ("medication", _("Medication")),
        ("mental_health", _("Mental health")), ("addiction", _("Addiction")),
        ("hunger_strike", _("Hunger strike")), ("death", _("Death in custody")),
        ("pregnancy", _("Pregnancy")),
    ],
    Category.STAFF: [
        ("numbers", _("Staffing levels")), ("training", _("Staff training")),
        ("conduct", _("Staff conduct")),
    ],
    Category.SPECIFIC_NEEDS: [
        ("women", _("Women")), ("with_children", _("Pregnant or with children")),
        ("minors", _("Minors")), ("foreigners", _("Foreigners")),
        ("disability", _("Disability")), ("elderly", _("Elderly")),
        ("death_row", _("Death row")), ("precarious_youth", _("Precarious youth")),
        ("lgbti", _("LGBTI")),
    ],
}  # fmt: skip

SUBITEM_CHOICES = [
    (f"{category}:{code}", label) for category, items in SUBITEMS.items() for code, label in items
]
