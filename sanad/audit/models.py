"""Append-only audit trail, written by every app through `sanad.audit.services.record`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.network.access import has_capability


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Events the user may read: network-wide for holders of `audit.view`, else none."""
        return self if has_capability(user, "audit.view") else self.none()

    def for_list(self):
        """Rows for the audit log page, with the actor and organisation joined."""
        return self.select_related("actor", "organisation").order_by("-created_at", "-id")

    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One thing that happened: who did what to which record, with the changed fields."""

    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_code = models.CharField(_("target code"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_idx"),
            models.Index(fields=["organisation", "-created_at"], name="audit_org_idx"),
            models.Index(fields=["target_type", "target_code"], name="audit_target_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")


class AuditSubject(models.Model):
    """A person whose data an event touched without being its target (the rows of an
    export), so that "who saw this person's data" is one indexed query."""

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="subjects")
    subject_code = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("audit subject")
        verbose_name_plural = _("audit subjects")

    def __str__(self):
        return self.subject_code
