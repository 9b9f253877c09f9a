"""A CSO proposing that another CSO follow a person instead of it, or with it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.network.access import reach


class HandoverQuerySet(models.QuerySet):
    def visible_to(self, user, capability="handover.view"):
        """Proposals `user` may use `capability` on: all for network-wide holders, else those
        made by or to an organisation where they hold it."""
        where = reach(user, capability)
        if where.network:
            return self
        return self.filter(
            Q(from_organisation__in=where.organisations)
            | Q(to_organisation__in=where.organisations)
        )


class Handover(models.Model):
    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("Handover: the other CSO follows the person instead")
        SHARED = "shared", _("Shared follow-up: both CSOs follow the person")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary", on_delete=models.CASCADE, related_name="handovers"
    )
    from_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="handovers_made",
    )
    to_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("proposed to"),
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    answer = models.TextField(_("answer"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed on"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    chased_on = models.DateField(_("last reminder"), null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["to_organisation", "state"], name="handover_to_idx"),
            models.Index(fields=["from_organisation", "state"], name="handover_from_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "to_organisation"],
                condition=Q(state="proposed"),
                name="one_open_handover",
                violation_error_message=_(
                    "A proposal to this organisation about this person is already waiting."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(from_organisation=models.F("to_organisation")),
                name="handover_to_another",
                violation_error_message=_("Propose the handover to another organisation."),
            ),
        ]

    def __str__(self):
        return f"{self.from_organisation} → {self.to_organisation}"
