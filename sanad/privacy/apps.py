from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sanad.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self):
        from sanad.privacy.receivers import load_retention_policies
        from sanad.reference.signals import reference_loaded

        reference_loaded.connect(load_retention_policies, dispatch_uid="privacy.retention")
