from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sanad.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from sanad.beneficiaries.models import ExportFile
        from sanad.beneficiaries.services import WRITERS
        from sanad.reports.extract import write_export

        WRITERS[ExportFile.Kind.ANALYSIS] = write_export
