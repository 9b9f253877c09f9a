from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoversConfig(AppConfig):
    name = "sanad.handovers"
    label = "handovers"
    verbose_name = _("Handovers between CSOs")
