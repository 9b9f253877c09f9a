"""Work with detainees' families: individual contacts and group awareness sessions."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.beneficiaries.models import CHANGES
from sanad.network.access import reach

TOPICS = [
    ("rights", _("Rights")), ("procedures", _("Procedures")),
    ("visiting_rules", _("Visiting rules")), ("pardon", _("Pardon and conditional release")),
    ("reintegration", _("Reintegration")),
]  # fmt: skip


class FamilyQuerySet(models.QuerySet):
    def visible_to(self, user, capability="family.view"):
        """Family work of the organisations where `user` holds `capability` (all of it where
        they hold it network-wide)."""
        where = reach(user, capability)
        if where.network:
            return self
        return self.filter(organisation_id__in=where.organisations)


class ContactQuerySet(FamilyQuerySet):
    def visible_to(self, user, capability="family.view"):
        """As FamilyQuerySet; and a contact with an anonymised person is read-only, as the
        person is (beneficiaries.models.CHANGES)."""
        rows = super().visible_to(user, capability)
        if capability in CHANGES:
            rows = rows.filter(beneficiary__anonymised_at__isnull=True)
        return rows


class FamilyContact(models.Model):
    class Kind(models.TextChoices):
        CALL = "call", _("Phone call")
        VISIT = "visit", _("Home visit")
        MEETING = "meeting", _("Meeting")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="family_contacts",
    )
    relative = models.ForeignKey(
        "beneficiaries.Relative",
        verbose_name=_("relative"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    kind = models.CharField(_("kind of contact"), max_length=10, choices=Kind.choices)
    contacted_on = models.DateField(_("date"), default=timezone.localdate)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("family contact")
        verbose_name_plural = _("family contacts")
        ordering = ["-contacted_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-contacted_on"], name="contact_org_idx"),
            # The coordinator's list, newest first, from the index rather than a sort of every
            # contact joined to its person (docs/performance.md).
            models.Index(fields=["-contacted_on", "-id"], name="contact_list_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.contacted_on}"


class AwarenessSession(models.Model):
    """A group session for families; attendance is counted by sex and age band, never named."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    facilitator = models.CharField(_("facilitator"), max_length=200)
    topics = models.JSONField(_("topics"), default=list)
    women_under_18 = models.PositiveSmallIntegerField(_("women under 18"), default=0)
    women_18_59 = models.PositiveSmallIntegerField(_("women 18 to 59"), default=0)
    women_60_plus = models.PositiveSmallIntegerField(_("women 60 and over"), default=0)
    men_under_18 = models.PositiveSmallIntegerField(_("men under 18"), default=0)
    men_18_59 = models.PositiveSmallIntegerField(_("men 18 to 59"), default=0)
    men_60_plus = models.PositiveSmallIntegerField(_("men 60 and over"), default=0)
    families = models.ManyToManyField(
        "beneficiaries.Beneficiary",
        verbose_name=_("families of"),
        blank=True,
        related_name="awareness_sessions",
    )
    materials = models.TextField(_("materials handed out"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("awareness session")
        verbose_name_plural = _("awareness sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.place}"

    @property
    def attendance(self) -> int:
        return sum(getattr(self, f) for f in ATTENDANCE_FIELDS)


ATTENDANCE_FIELDS = [
    "women_under_18",
    "women_18_59",
    "women_60_plus",
    "men_under_18",
    "men_18_59",
    "men_60_plus",
]
