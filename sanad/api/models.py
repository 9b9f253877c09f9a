"""Personal API tokens (stored as a digest, shown once) and what tools send in: submissions
a CSO's worker reviews and confirms before anything is recorded."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.network.access import reach


class Access(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class TokenQuerySet(models.QuerySet):
    def visible_to(self, user, capability="api.token"):
        """A person's own tokens: nobody else lists or revokes them."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def usable(self):
        today = timezone.localdate()
        return self.filter(revoked_at__isnull=True, expires_on__gte=today, user__is_active=True)


class ApiToken(models.Model):
    """A secret a program sends to act as one person, for reads or also writes, until it
    expires or is revoked. Only the SHA-256 digest of the secret is kept."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    access = models.CharField(_("access"), max_length=5, choices=Access.choices)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("acts for"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    mfa_verified = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(_("expires on"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_on >= timezone.localdate()


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user, capability="visit.report"):
        """Submissions to the organisations where `user` may use `capability`."""
        where = reach(user, capability)
        if where.network:
            return self
        return self.filter(organisation__in=where.organisations)


class Submission(models.Model):
    """A visit report sent by a program: kept as sent, recorded only once a worker of the
    CSO has reviewed and confirmed it (or discarded it). One Sanad cannot read yet waits in
    quarantine with the reason, to be read again once the form is fixed."""

    class State(models.TextChoices):
        TO_REVIEW = "to_review", _("To review")
        QUARANTINED = "quarantined", _("Quarantined")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    class Source(models.TextChoices):
        API = "api", _("Sanad API")
        KOBO = "kobo", _("KoboToolbox or ODK form")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, related_name="+")
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.TO_REVIEW
    )
    source = models.CharField(_("source"), max_length=4, choices=Source.choices,
                              default=Source.API)  # fmt: skip
    # The form server's own id of the submission: a delivery retried is kept once.
    external_id = models.CharField(max_length=100, blank=True)
    payload = models.JSONField(default=dict)  # as the form server sent it
    reason = models.TextField(_("reason"), blank=True)  # why it is quarantined
    unmatched = models.CharField(_("person not matched"), max_length=200, blank=True)
    data = models.JSONField(default=dict)  # the visit report form's fields
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["organisation", "state", "-received_at"],
                                name="submission_queue_idx")]  # fmt: skip
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~models.Q(external_id=""),
                name="submission_delivered_once",
                violation_error_message=_("This submission was already received."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.received_at:%Y-%m-%d %H:%M}"
