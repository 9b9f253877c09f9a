"""Organisations of the network, the people who belong to them, and invitations to join."""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.lib.i18n import localized
from sanad.network.access import (
    COORDINATING_KIND,
    reach,
)
from sanad.network.roles import Role


class OrganisationKind(models.TextChoices):
    COORDINATOR = COORDINATING_KIND, _("Coordinating organisation")
    PARTNER_CSO = "partner_cso", _("Partner CSO")
    BAR = "bar", _("Bar or law firm")
    DONOR = "donor", _("Donor or partner institution")


class OrganisationStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    FORMER = "former", _("Former")


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user, capability="organisation.view"):
        """Organisations `user` may use `capability` on: all where they hold it network-wide
        (coordinating staff), otherwise those where a membership grants it."""
        where = reach(user, capability)
        if where.network:
            return self
        return self.filter(id__in=where.organisations)

    def for_list(self):
        """Rows for the organisation list, with member counts and no per-row queries."""
        return self.annotate(
            member_count=models.Count("memberships", filter=Q(memberships__is_active=True))
        ).order_by("kind", "name_fr")


class Organisation(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    status = models.CharField(
        _("status in the network"),
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
    )
    fields_of_action = models.ManyToManyField(
        "reference.ActionField", verbose_name=_("fields of action"), blank=True
    )
    regions = models.ManyToManyField("reference.Region", verbose_name=_("regions"), blank=True)
    establishments = models.ManyToManyField(
        "reference.Establishment",
        verbose_name=_("establishments where it has access"),
        blank=True,
    )
    services = models.ManyToManyField(
        "reference.ServiceKind", verbose_name=_("services offered"), blank=True
    )
    languages = models.ManyToManyField(
        "reference.SpokenLanguage", verbose_name=_("languages spoken"), blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("How many more people the organisation can follow now."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    focal_point_email = models.EmailField(_("focal point's work e-mail"), blank=True)
    focal_point_phone = models.CharField(_("focal point's work phone"), max_length=40, blank=True)
    agreement_start = models.DateField(_("agreement start"), null=True, blank=True)
    agreement_end = models.DateField(_("agreement end"), null=True, blank=True)
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("focal point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_fr"]
        indexes = [models.Index(fields=["kind", "status"], name="org_kind_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement_end__isnull=True)
                | Q(agreement_start__isnull=True)
                | Q(agreement_end__gte=models.F("agreement_start")),
                name="org_agreement_dates_ordered",
                violation_error_message=_("The end of the agreement must come after its start."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user, capability="member.view"):
        """Memberships `user` may use `capability` on: every one where they hold it
        network-wide, else those of the organisations where they hold it."""
        where = reach(user, capability)
        if where.network:
            return self
        return self.filter(organisation_id__in=where.organisations)

    def active(self):
        return self.filter(is_active=True, user__is_active=True)

    def for_list(self):
        return self.select_related("user", "organisation").order_by("-is_active", "user__email")


class Membership(models.Model):
    """A person's role in one organisation. Deactivated, never deleted."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)
    deactivated_at = models.DateTimeField(_("deactivated on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_unique",
                violation_error_message=_("This person is already a member of this organisation."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user, capability="member.manage"):
        """Invitations into the organisations where `user` holds `capability`."""
        where = reach(user, capability)
        if where.network:
            return self
        return self.filter(organisation_id__in=where.organisations)

    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mailed, expiring link that lets a person join an organisation with a role.

    Only a SHA-256 hash of the link's secret is stored, so a copy of the database cannot be
    used to join."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The person becomes the organisation's focal point on joining (a CSO selected by a call).
    focal_point = models.BooleanField(_("as focal point"), default=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"))
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user, capability=None):
        """A person sees only their own notifications, whatever the capability."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one person (an urgent observation, …), with a link to act."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("message"), max_length=300)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_idx")]

    def __str__(self):
        return self.text
