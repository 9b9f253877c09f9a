"""Multi-actor dialogue and the follow-up of its recommendations: round tables with outside
actors, and each recommendation's addressee, status and dated evidence."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.lib.i18n import localized
from sanad.network.access import reach


class SharedQuerySet(models.QuerySet):
    def visible_to(self, user, capability="advocacy.view"):
        """Everything for those who hold `capability` (advocacy is shared with the whole
        network and its donor), nothing for others."""
        return self if reach(user, capability).network else self.none()


class DialogueEvent(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisations = models.ManyToManyField(
        "network.Organisation", verbose_name=_("network organisations present"), blank=True
    )
    actors = models.ManyToManyField(
        "directory.ExternalActor", verbose_name=_("institutions present"), blank=True
    )
    other_participants = models.TextField(_("other participants"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue event")
        verbose_name_plural = _("dialogue events")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")


class Addressee(models.TextChoices):
    DGAPR = "dgapr", _("Prison administration (DGAPR)")
    JUSTICE = "justice", _("Ministry of Justice")
    COURTS = "courts", _("Courts and public prosecution")
    CNDH = "cndh", _("CNDH")
    PARLIAMENT = "parliament", _("Parliament")
    GOVERNMENT = "government", _("Other government bodies")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    MADE = "made", _("Made")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    REJECTED = "rejected", _("Rejected")


class Recommendation(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("made at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    text_fr = models.TextField(_("recommendation (French)"))
    text_ar = models.TextField(_("recommendation (Arabic)"), blank=True)
    addressee = models.CharField(_("addressee"), max_length=20, choices=Addressee.choices)
    addressee_detail = models.CharField(
        _("which body"), max_length=200, blank=True, help_text=_("E.g. a court, a direction.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.MADE
    )
    status_on = models.DateField(_("status since"))
    indicators = models.JSONField(_("supporting figures"), default=list, blank=True)
    establishments = models.ManyToManyField(
        "reference.Establishment",
        verbose_name=_("establishments whose observations support it"),
        blank=True,
    )
    brief = models.ForeignKey(
        "library.Resource",
        verbose_name=_("advocacy brief"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["addressee", "-status_on", "-id"]
        indexes = [
            models.Index(fields=["addressee", "status"], name="recommendation_to_status_idx")
        ]

    def __str__(self):
        text = self.text
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def text(self) -> str:
        return localized(self, "text")


class StatusUpdate(models.Model):
    """A recommendation's move to a status on a date, with the evidence for it."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    on = models.DateField(_("on"))
    evidence = models.TextField(_("evidence"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-on", "-id"]

    def __str__(self):
        return f"{self.get_status_display()} ({self.on})"
