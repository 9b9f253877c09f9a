"""The donor budget, allocations to partner CSOs and their expense claims, in MAD.
Money is Decimal from the form to the database to the export; never float."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.network.access import has_capability, reach

MONEY = {"max_digits": 12, "decimal_places": 2}


class BudgetLineQuerySet(models.QuerySet):
    def visible_to(self, user, capability="finance.view"):
        """The network's budget lines, for everyone who holds `capability`."""
        return self if has_capability(user, capability) else self.none()


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        TRANSPORT = "transport", _("Transport")
        COMMUNICATION = "communication", _("Communication")
        PER_DIEM = "per_diem", _("Per diem")
        OTHER = "other", _("Other")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("budget line"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    amount = models.DecimalField(_("amount (MAD)"), **MONEY)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["category", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_line_positive",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="budget_line_period",
                violation_error_message=_("The end of the period must come after its start."),
            ),
        ]

    def __str__(self):
        return self.name


class AllocationQuerySet(models.QuerySet):
    def visible_to(self, user, capability="finance.view"):
        """All allocations where `user` holds `capability` network-wide; else those of the
        organisations where they hold it (a CSO focal point: their own)."""
        where = reach(user, capability)
        if where.network:
            return self
        return self.filter(organisation_id__in=where.organisations)


class Allocation(models.Model):
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    amount = models.DecimalField(_("amount (MAD)"), **MONEY)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["period_start", "organisation"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="allocation_positive",
                violation_error_message=_("The amount cannot be negative."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.budget_line}"


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user, capability="finance.view"):
        """All claims where `user` holds `capability` network-wide (finance, coordinators);
        else those of the organisations where they hold it (a CSO focal point: their own)."""
        where = reach(user, capability)
        if where.network:
            return self
        return self.filter(organisation_id__in=where.organisations)


class ExpenseClaim(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="claims",
    )
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="claims"
    )
    amount = models.DecimalField(_("amount (MAD)"), **MONEY)
    spent_on = models.DateField(_("date of the expense"))
    description = models.CharField(_("description"), max_length=300)
    visit = models.ForeignKey(
        "visits.Visit",
        verbose_name=_("visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    session = models.ForeignKey(
        "families.AwarenessSession",
        verbose_name=_("awareness session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    receipt = models.FileField(_("receipt"), upload_to="receipts/%Y/", blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["organisation", "state", "spent_on"], name="claim_org_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="claim_positive",
                violation_error_message=_("The amount must be more than zero."),
            )
        ]

    def __str__(self):
        return f"{self.description} ({self.amount} MAD)"
