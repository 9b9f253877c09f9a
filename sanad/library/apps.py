from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "sanad.library"
    label = "library"
    verbose_name = _("Shared library")

    def ready(self):
        from sanad.library.themes import load_themes
        from sanad.reference.signals import reference_loaded

        reference_loaded.connect(load_themes, dispatch_uid="library.themes")
