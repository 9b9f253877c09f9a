from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "sanad.library"
    label = "library"
    verbose_name = _("Shared library")

    def ready(self):
        from sanad.library.themes import load_themes

        post_migrate.connect(load_themes, sender=self)
