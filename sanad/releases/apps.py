from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "sanad.releases"
    label = "releases"
    verbose_name = _("Releases")

    def ready(self):
        from sanad.beneficiaries.models import Placement
        from sanad.legal.models import Decision, LegalCase
        from sanad.reference.signals import reference_loaded
        from sanad.releases import receivers
        from sanad.releases.checklist import load_steps

        reference_loaded.connect(load_steps, dispatch_uid="releases.checklist")

        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(receivers.decision_changed, Decision, dispatch_uid=f"release-d-{name}")
            signal.connect(receivers.placement_changed, Placement, dispatch_uid=f"release-p-{name}")
        post_save.connect(receivers.case_changed, LegalCase, dispatch_uid="release-case")
