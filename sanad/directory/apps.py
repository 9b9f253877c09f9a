from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "sanad.directory"
    label = "directory"
    verbose_name = _("Directory of the network")
