"""Reference data read by every app: regions, establishments, courts, public holidays."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.lib.i18n import localized
from sanad.network.access import has_capability


class ReferenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reference data is not personal: anyone holding `reference.view` reads all of it."""
        return self if has_capability(user, "reference.view") else self.none()


class Region(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class ActionField(models.Model):
    """A field of action of a partner organisation (women's rights, minors, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["position", "name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class EstablishmentKind(models.TextChoices):
    LOCAL = "PL", _("Local prison")
    CENTRAL = "PC", _("Central prison")
    AGRICULTURAL = "PA", _("Agricultural prison")
    REFORM = "CRE", _("Reform and education centre")


class EstablishmentQuerySet(ReferenceQuerySet):
    def for_list(self):
        return self.select_related("region").order_by("name_fr")

    def open_on(self, day):
        return self.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day)).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )


class Establishment(models.Model):
    """A prison or centre. Closed ones stay, so that old placements still resolve."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name_fr = models.CharField(_("name (French)"), max_length=200, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=4, choices=EstablishmentKind.choices)
    city = models.CharField(_("city"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="establishments"
    )
    houses_women = models.BooleanField(_("houses women"), null=True, blank=True)
    houses_minors = models.BooleanField(_("houses minors"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        ordering = ["name_fr"]
        indexes = [models.Index(fields=["region", "kind"], name="estab_region_kind_idx")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class CourtKind(models.TextChoices):
    FIRST_INSTANCE = "first_instance", _("Court of first instance")
    APPEAL = "appeal", _("Court of appeal")
    CASSATION = "cassation", _("Court of cassation")


class Court(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name_fr = models.CharField(_("name (French)"), max_length=200, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=CourtKind.choices)
    city = models.CharField(_("city"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("court")
        verbose_name_plural = _("courts")
        ordering = ["kind", "name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class HolidayKind(models.TextChoices):
    FIXED = "fixed", _("Fixed (civil calendar)")
    ISLAMIC = "islamic", _("Islamic (lunar, confirmed each year)")


class PublicHoliday(models.Model):
    """A non-working day, used to roll deadlines forward. Islamic holidays depend on the moon
    sighting: they are entered per year and stay 'to verify' until an administrator confirms."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    date = models.DateField(_("date"))
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=HolidayKind.choices)
    verified = models.BooleanField(_("verified"), default=False)
    version = models.PositiveIntegerField(default=1)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "name_fr"], name="holiday_unique_per_day")
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"

    @property
    def name(self) -> str:
        return localized(self, "name")
