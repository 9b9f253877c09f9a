"""Reference data read by every app: regions, establishments, courts, public holidays."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.lib.i18n import in_language, localized
from sanad.network.access import has_capability


class ReferenceQuerySet(models.QuerySet):
    def visible_to(self, user, capability="reference.view"):
        """Reference data is not personal: anyone holding `capability` (`reference.view` to
        read, `reference.edit` to change) may use it on all of it."""
        return self if has_capability(user, capability) else self.none()


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


class ShortList(models.Model):
    """An entry of a short bilingual list, shown in its position (fields of action, services,
    spoken languages)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class ActionField(ShortList):
    """A field of action of a partner organisation (women's rights, minors, …)."""

    class Meta(ShortList.Meta):
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")


class ServiceKind(ShortList):
    """A service a partner organisation or an outside actor offers (legal aid, interpreting…)."""

    class Meta(ShortList.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")


class SpokenLanguage(ShortList):
    """A language in which an organisation can work with a person (Darija, Tamazight…)."""

    class Meta(ShortList.Meta):
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")


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
    appeal_court = models.ForeignKey(
        "self",
        verbose_name=_("court of appeal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="first_instance_courts",
        help_text=_("For a court of first instance: where its judgments are appealed."),
    )
    to_verify = models.BooleanField(
        _("to verify"),
        default=False,
        help_text=_("Shipped from compilations of decree 2.23.665, not from its own table."),
    )
    source = models.TextField(_("source"), blank=True)
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
            models.UniqueConstraint(
                fields=["date", "name_fr"],
                name="holiday_unique_per_day",
                violation_error_message=_("This holiday is already recorded on that day."),
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"

    @property
    def name(self) -> str:
        return localized(self, "name")


class RuleQuerySet(ReferenceQuerySet):
    def in_force_on(self, day):
        """Rules whose validity covers `day`: the law in force on the trigger date applies."""
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gt=day))


class CourtLevel(models.TextChoices):
    FIRST_INSTANCE = "first_instance", _("First instance")
    APPEAL = "appeal", _("Appeal")
    ANY = "any", _("Any level")


class LegalRule(models.Model):
    """A procedural deadline as data: which decision triggers it, the period, how it is
    counted, and the legal basis it comes from. Unverified rules say so wherever they show."""

    class Remedy(models.TextChoices):
        APPEAL = "appeal", _("Appeal")
        OPPOSITION = "opposition", _("Opposition")
        CASSATION = "cassation", _("Cassation")

    class Start(models.TextChoices):
        PRONOUNCEMENT = "pronouncement", _("From the pronouncement")
        NOTIFICATION = "notification", _("From the notification")

    class Unit(models.TextChoices):
        DAYS = "days", _("days")
        MONTHS = "months", _("months")
        HOURS = "hours", _("hours")

    class Counting(models.TextChoices):
        CALENDAR = "calendar", _("Calendar days")
        FRANC = "franc", _("Délai franc (first and last day not counted)")

    class Applies(models.TextChoices):
        CONTRADICTORY = "contradictory", _("Contradictory decisions")
        BY_DEFAULT = "by_default", _("Decisions by default")
        ANY = "any", _("Any decision")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    remedy = models.CharField(_("remedy"), max_length=20, choices=Remedy.choices)
    applies_to = models.CharField(_("applies to"), max_length=20, choices=Applies.choices)
    court_level = models.CharField(
        _("decisions of"), max_length=20, choices=CourtLevel.choices, default=CourtLevel.ANY
    )
    start = models.CharField(_("counted"), max_length=20, choices=Start.choices)
    period = models.PositiveSmallIntegerField(_("period"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.DAYS)
    counting = models.CharField(_("counting"), max_length=10, choices=Counting.choices)
    roll_forward = models.BooleanField(
        _("moves to the next working day when the last day is a holiday or weekend"),
        default=True,
    )
    legal_basis = models.TextField(_("legal basis"))
    legal_basis_ar = models.TextField(_("legal basis (Arabic)"), blank=True)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal rule")
        verbose_name_plural = _("legal rules")
        ordering = ["remedy", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="rule_validity_ordered",
                violation_error_message=_("The end of validity must come after its start."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def basis(self) -> str:
        return in_language(self.legal_basis, self.legal_basis_ar)


class ScreeningRule(models.Model):
    """A threshold used to flag who may be eligible for something (always "to verify"):
    the share of a sentence served before conditional release, or the longest pre-trial
    detention, by class of offence."""

    class Kind(models.TextChoices):
        CONDITIONAL_RELEASE = "conditional_release", _("Conditional release")
        PRETRIAL_LIMIT = "pretrial_limit", _("Longest pre-trial detention")

    class OffenceClass(models.TextChoices):
        DELIT = "delit", _("Délit (misdemeanour)")
        CRIME = "crime", _("Crime (felony)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    offence_class = models.CharField(
        _("class of offence"), max_length=10, choices=OffenceClass.choices
    )
    numerator = models.PositiveSmallIntegerField(_("share served: numerator"), default=1)
    denominator = models.PositiveSmallIntegerField(_("share served: denominator"), default=1)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    legal_basis = models.TextField(_("legal basis"))
    legal_basis_ar = models.TextField(_("legal basis (Arabic)"), blank=True)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=False)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening rule")
        verbose_name_plural = _("screening rules")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.get_offence_class_display()}"

    @property
    def basis(self) -> str:
        return in_language(self.legal_basis, self.legal_basis_ar)
