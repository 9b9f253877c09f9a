from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "sanad.advocacy"
    label = "advocacy"
    verbose_name = _("Dialogue and advocacy")

    def ready(self):
        from sanad.advocacy.figures import donor_section
        from sanad.reports.services import DONOR_SECTIONS

        DONOR_SECTIONS["advocacy/donor_section.html"] = donor_section
