"""The project's logframe (objectives, results, indicators with baselines and targets) and the
donor reports generated from it. Indicator values are computed, never typed in."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.lib.i18n import localized
from sanad.network.access import has_capability, network_wide_capabilities


class Bilingual(models.Model):
    name_fr = models.TextField(_("wording (French)"))
    name_ar = models.TextField(_("wording (Arabic)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class LogframeQuerySet(models.QuerySet):
    def visible_to(self, user, capability="report.logframe"):
        """The logframe is shared with everyone who reads the network's reports."""
        return self if has_capability(user, capability) else self.none()


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user, capability="report.logframe"):
        """Indicators of the projects `user` may use `capability` on."""
        return self.filter(objective__project__in=Project.objects.visible_to(user, capability))


class Project(Bilingual):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    overall_objective_fr = models.TextField(_("overall objective (French)"))
    overall_objective_ar = models.TextField(_("overall objective (Arabic)"), blank=True)
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    version = models.PositiveIntegerField(default=1)

    objects = LogframeQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on"]

    @property
    def overall_objective(self) -> str:
        return localized(self, "overall_objective")


class Objective(Bilingual):
    """A specific objective of the project, or a result under a specific objective."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="objectives")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("specific objective"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="results",
    )
    number = models.CharField(_("number"), max_length=10)

    class Meta:
        verbose_name = _("objective or result")
        verbose_name_plural = _("objectives and results")
        ordering = ["number"]

    @property
    def is_result(self) -> bool:
        return self.parent_id is not None


class Indicator(models.Model):
    """One computation from `sanad.reports.indicators` attached to an objective, with its
    baseline and targets."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="indicators"
    )
    key = models.CharField(_("computation"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, default=0)
    means_of_verification = models.CharField(_("means of verification"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "id"]

    def __str__(self):
        return self.key


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["period_end"]

    def __str__(self):
        return f"{self.value} ({self.period_start}–{self.period_end})"


class DonorReportQuerySet(models.QuerySet):
    def visible_to(self, user, capability="report.donor_read"):
        """Donor reports are network-wide documents: the coordinating NGO writes them;
        observers (the donor) read them once generated, and follow the ones they asked for
        and the scheduled ones while they are made."""
        if "report.donor" in network_wide_capabilities(user):
            return self
        if capability == "report.donor_read" and has_capability(user, capability):
            return self.filter(
                models.Q(state=DonorReport.State.DONE)
                | models.Q(created_by=user)
                | models.Q(created_by__isnull=True)
            )
        return self.none()


class DonorReport(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Generating")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Language(models.TextChoices):
        FR = "fr", _("French")
        AR = "ar", _("Arabic")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="reports")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    summary = models.TextField(_("summary"), blank=True)
    achievements = models.TextField(_("main achievements"), blank=True)
    difficulties = models.TextField(_("difficulties and how they were handled"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    figures = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField(upload_to="reports/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DonorReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("donor report")
        verbose_name_plural = _("donor reports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.project} {self.period_start}–{self.period_end}"
