from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "sanad.trainings"
    label = "trainings"
    verbose_name = _("Trainings")
