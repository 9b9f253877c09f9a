"""Trainings of the network's CSO members: sessions, invitations, attendance, a knowledge
questionnaire answered before and after, and certificates of attendance."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.lib.i18n import choice_lines, localized
from sanad.network.access import reach


class TrainingQuerySet(models.QuerySet):
    def visible_to(self, user, capability="training.view"):
        """Every training for those holding `capability` network-wide (the coordinator);
        otherwise those where a member of an organisation where they hold it is invited
        (a focal point follows their staff), and for reading, those they are invited to."""
        where = reach(user, capability)
        if where.network:
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = Q(participants__organisation__in=where.organisations)
        if capability == "training.view":
            scope |= Q(participants__user=user)
        return self.filter(pk__in=self.model.objects.filter(scope).values("pk"))


class Training(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    topic_fr = models.TextField(_("topic (French)"), blank=True)
    topic_ar = models.TextField(_("topic (Arabic)"), blank=True)
    trainers = models.CharField(_("trainers"), max_length=300)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hours = models.PositiveSmallIntegerField(_("hours of training"), default=0)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("online session link"), blank=True)
    materials = models.ManyToManyField(
        "library.Resource", verbose_name=_("materials from the library"), blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["-starts_on", "-id"], name="training_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="training_ends_after_start",
                violation_error_message=_("The last day is before the first day."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def topic(self) -> str:
        return localized(self, "topic")


class Question(models.Model):
    """A question of the knowledge questionnaire, answered before and after the training."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    label_fr = models.CharField(_("question (French)"), max_length=500)
    label_ar = models.CharField(_("question (Arabic)"), max_length=500, blank=True)
    choices_fr = models.TextField(_("choices (French), one per line"))
    choices_ar = models.TextField(_("choices (Arabic), one per line"), blank=True)
    correct = models.PositiveSmallIntegerField(
        _("number of the right choice"), help_text=_("1 for the first line, 2 for the second…")
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "label")

    def choices(self) -> list[tuple[str, str]]:
        return choice_lines(self.choices_fr, self.choices_ar)


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user, capability="training.view"):
        """Everyone for those holding `capability` network-wide; otherwise the person's own
        participations and, for focal points, their organisation's staff (`training.follow`)."""
        if reach(user, capability).network:
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        followed = reach(user, "training.follow").organisations
        scope = Q(organisation__in=followed)
        if capability == "training.view":
            scope |= Q(user=user)
        return self.filter(scope, training__in=Training.objects.visible_to(user, capability))


class Participant(models.Model):
    """A member of a CSO invited to a training, with their attendance and scores (percent of
    right answers before and after)."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("Before the training")
        AFTER = "after", _("After the training")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    attended = models.BooleanField(_("attended"), null=True)
    score_before = models.PositiveSmallIntegerField(null=True)
    score_after = models.PositiveSmallIntegerField(null=True)
    answers = models.JSONField(default=dict)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["organisation__name_fr", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "user"],
                name="one_invitation_per_person",
                violation_error_message=_("This person is already invited."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.training}"

    @property
    def gain(self) -> int | None:
        """Points gained between the two questionnaires, when both were answered."""
        if self.score_before is None or self.score_after is None:
            return None
        return self.score_after - self.score_before
