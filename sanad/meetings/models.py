"""Coordination meetings: invitations, agenda, attendance, minutes, decisions, actions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.network.access import reach


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user, capability="meeting.view"):
        """All meetings where `user` holds `capability` network-wide (coordinators);
        otherwise those the organisations where they hold it are invited to, and for reading,
        those they are invited to in person."""
        where = reach(user, capability)
        if where.network:
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = Q(invited_organisations__in=where.organisations)
        if capability == "meeting.view":
            scope |= Q(invited_people=user)
        return self.filter(scope).distinct()


class Meeting(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("online meeting link"), blank=True)
    invited_organisations = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("invited organisations"),
        blank=True,
        related_name="meetings",
    )
    invited_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited people"),
        blank=True,
        related_name="meetings",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("agenda item"), max_length=300)
    carried_from = models.ForeignKey(
        "ActionItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation", "person"],
                name="attendance_unique",
                violation_error_message=_("This person is already on the attendance list."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.status}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))

    def __str__(self):
        return self.text[:60]


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, user, capability="meeting.view"):
        """Action items of the meetings `user` may use `capability` on. For "meeting.act"
        (completing one): every item for the coordinator; else, among the meetings they
        see, those assigned to them or to an organisation where they hold it (its focal
        point)."""
        if capability != "meeting.act":
            return self.filter(meeting__in=Meeting.objects.visible_to(user, capability))
        where = reach(user, capability)
        if where.network:
            return self
        seen = self.filter(meeting__in=Meeting.objects.visible_to(user))
        return seen.filter(Q(owner=user) | Q(owner_organisation__in=where.organisations))

    def open(self):
        return self.filter(done_on__isnull=True)


class ActionItem(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_note = models.TextField(_("what was done"), blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.description

    @property
    def is_open(self) -> bool:
        return self.done_on is None


class MeetingDocumentQuerySet(models.QuerySet):
    def visible_to(self, user, capability="meeting.view"):
        """Documents of the meetings `user` may use `capability` on (the invitees read them)."""
        return self.filter(meeting__in=Meeting.objects.visible_to(user, capability))


class MeetingDocument(models.Model):
    """An agenda, minutes or other paper of a meeting, as a PDF kept in private storage."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        MINUTES = "minutes", _("Minutes")
        OTHER = "other", _("Other document")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to="meetings/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added on"), default=timezone.now)

    objects = MeetingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["kind", "-uploaded_at"]

    def __str__(self):
        return self.original_name
