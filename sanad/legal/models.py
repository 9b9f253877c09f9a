"""Legal case files: lawyer mandates, hearings, decisions, remedies, deadlines, documents."""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sanad.beneficiaries.models import Beneficiary, Following
from sanad.lib import deadlines as engine
from sanad.network.access import reach


class Stage(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation")
    FIRST_INSTANCE = "first_instance", _("First instance")
    APPEAL = "appeal", _("Appeal")
    CASSATION = "cassation", _("Cassation")
    EXECUTION = "execution", _("Execution of the sentence")


class CaseNeed(models.TextChoices):
    REPRESENTATION = "representation", _("Representation")
    APPEAL = "appeal", _("Appeal")
    CASSATION = "cassation", _("Cassation")
    PARDON = "pardon", _("Pardon request")
    CONDITIONAL_RELEASE = "conditional_release", _("Conditional release")
    ALTERNATIVE_SENTENCE = "alternative_sentence", _("Alternative sentence")
    TRANSFER = "transfer", _("Transfer")
    CONSULAR = "consular", _("Consular assistance")
    CIVIL_STATUS = "civil_status", _("Civil-status documents")
    TREATMENT = "treatment", _("Complaint about treatment")


class OffenceClass(models.TextChoices):
    DELIT = "delit", _("Délit (misdemeanour)")
    CRIME = "crime", _("Crime (felony)")


def case_scope(user, through: str = "", capability: str = "case.view") -> Q:
    """The one rule for which cases `user` may use `capability` on, as a condition on a case
    reached through `through` (say "case__" from a deadline): all live cases where they hold
    it network-wide (coordinators); the cases of the beneficiaries followed now by the
    organisations where they hold it; the cases with an active mandate in their name, if a
    lawyer's role gives it. A join rather than `case__in=<subquery>` keeps the agenda's plans
    short on PostgreSQL."""
    live = Q(**{f"{through}beneficiary__merged_into__isnull": True})
    where = reach(user, capability)
    if where.network:
        return live
    scope = Q(pk__in=[])
    if where.organisations:
        followed = Following.objects.filter(organisation_id__in=where.organisations, active=True)
        scope |= Q(**{f"{through}beneficiary_id__in": followed.values("beneficiary_id")})
    if where.mandates:
        mandates = LawyerMandate.objects.filter(lawyer=user, active=True)
        scope |= Q(**{f"{through}id__in": mandates.values("case_id")})
    return live & scope


class CaseRowQuerySet(models.QuerySet):
    def visible_to(self, user, capability="case.view"):
        """Rows of the cases `user` may use `capability` on: a case's mandates, hearings,
        decisions, remedies, deadlines and documents are scoped through their case."""
        return self.filter(case_scope(user, through="case__", capability=capability))


class LegalCaseQuerySet(models.QuerySet):
    def visible_to(self, user, capability="case.view"):
        """Cases `user` may use `capability` on (see case_scope)."""
        return self.filter(case_scope(user, capability=capability))

    def for_work_of(self, user, capability, organisation):
        """Cases of the people `user` may link to new work of `organisation` (see
        Beneficiary.objects.for_work_of)."""
        people = Beneficiary.objects.for_work_of(user, capability, organisation)
        return self.visible_to(user, capability).filter(beneficiary__in=people)

    def for_list(self):
        return self.select_related("beneficiary", "court").order_by("-opened_on", "-id")


class LegalCase(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="legal_cases",
    )
    court = models.ForeignKey(
        "reference.Court",
        verbose_name=_("court"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    case_number = models.CharField(_("court case number"), max_length=60, blank=True)
    prosecution_number = models.CharField(_("prosecution number"), max_length=60, blank=True)
    charges = models.TextField(_("charges"), blank=True)
    offence_class = models.CharField(
        _("class of offence"), max_length=10, choices=OffenceClass.choices, blank=True
    )
    stage = models.CharField(_("procedure stage"), max_length=20, choices=Stage.choices)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    detained_since = models.DateField(
        _("detained since"),
        null=True,
        blank=True,
        help_text=_("For pre-trial and conditional-release screening."),
    )
    is_open = models.BooleanField(_("open"), default=True)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = LegalCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal case")
        verbose_name_plural = _("legal cases")
        indexes = [
            models.Index(fields=["is_open", "-opened_on"], name="case_open_idx"),
            # The list's order: its first page read from the index rather than sorting every
            # case (docs/performance.md).
            models.Index(fields=["-opened_on", "-id"], name="case_list_idx"),
        ]

    def __str__(self):
        return self.case_number or str(self.code)[:8]

    @property
    def current_court(self):
        """Where the case is heard now: its court, or that court's court of appeal once
        the case is on appeal (reference.Court.appeal_court)."""
        court = self.court
        if self.stage == Stage.APPEAL and court and court.appeal_court_id:
            return court.appeal_court
        return court

    def need_labels(self) -> list[str]:
        labels = dict(CaseNeed.choices)
        return [labels.get(n, n) for n in self.needs]


class LawyerMandate(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="mandates")
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lawyer"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    bar = models.CharField(_("bar"), max_length=100, blank=True)
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("lawyer's mandate")
        verbose_name_plural = _("lawyers' mandates")
        indexes = [models.Index(fields=["lawyer", "active"], name="mandate_lawyer_idx")]

    def __str__(self):
        return str(self.lawyer)


class Hearing(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="hearings")
    scheduled_at = models.DateTimeField(_("date and time"))
    court = models.ForeignKey(
        "reference.Court",
        verbose_name=_("court"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    postponed_to = models.DateTimeField(_("postponed to"), null=True, blank=True)

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["scheduled_at"]
        indexes = [models.Index(fields=["status", "scheduled_at"], name="hearing_when_idx")]

    def __str__(self):
        return f"{self.scheduled_at:%Y-%m-%d %H:%M}"


class Decision(models.Model):
    class Kind(models.TextChoices):
        CONTRADICTORY = "contradictory", _("Contradictory")
        BY_DEFAULT = "by_default", _("By default")

    class Level(models.TextChoices):
        FIRST_INSTANCE = "first_instance", _("First instance")
        APPEAL = "appeal", _("Appeal")
        CASSATION = "cassation", _("Cassation")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="decisions")
    level = models.CharField(_("court level"), max_length=20, choices=Level.choices)
    pronounced_on = models.DateField(_("pronounced on"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    custodial_months = models.PositiveIntegerField(
        _("prison sentence (months)"), null=True, blank=True
    )
    suspended_months = models.PositiveIntegerField(
        _("of which suspended (months)"), null=True, blank=True
    )
    fine_mad = models.DecimalField(
        _("fine (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    life_sentence = models.BooleanField(_("life sentence"), default=False)
    death_sentence = models.BooleanField(_("death sentence"), default=False)
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["pronounced_on", "id"]

    def __str__(self):
        return f"{self.get_level_display()} {self.pronounced_on}"


class Remedy(models.Model):
    class Kind(models.TextChoices):
        APPEAL = "appeal", _("Appeal")
        OPPOSITION = "opposition", _("Opposition")
        CASSATION = "cassation", _("Cassation")
        PARDON = "pardon", _("Royal pardon request")
        CONDITIONAL_RELEASE = "conditional_release", _("Conditional release application")
        ALTERNATIVE_SENTENCE = "alternative_sentence", _("Alternative sentence application")
        TRANSFER = "transfer", _("Transfer request")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        FILED = "filed", _("Filed")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(_("remedy or request"), max_length=24, choices=Kind.choices)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    outcome = models.TextField(_("outcome"), blank=True)

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["-filed_on", "-id"]

    def __str__(self):
        return self.get_kind_display()


class DeadlineQuerySet(CaseRowQuerySet):
    def pending(self):
        return self.filter(status=Deadline.Status.OPEN)


class Deadline(models.Model):
    """A deadline created by a decision through a rule. Its due date is empty while the
    notification it counts from is not known."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met by a remedy")
        MISSED = "missed", _("Missed")
        WAIVED = "waived", _("Waived")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="deadlines")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.ForeignKey(
        "reference.LegalRule", verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+"
    )
    trigger_date = models.DateField(_("counted from"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    met_by = models.ForeignKey(
        Remedy, on_delete=models.SET_NULL, null=True, blank=True, related_name="met_deadlines"
    )
    waived_reason = models.TextField(_("reason for waiving"), blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="deadline_due_idx")]

    def __str__(self):
        return f"{self.rule} → {self.due_on}"

    @property
    def days_left(self) -> int | None:
        return (self.due_on - timezone.localdate()).days if self.due_on else None

    @property
    def moved_from(self):
        """The day the period itself ends when that day was a weekend or public holiday and
        the due date moved to the next working day (None when it did not move)."""
        if not (self.due_on and self.trigger_date and self.rule.roll_forward):
            return None
        rule = self.rule
        ends = engine.due_date(
            self.trigger_date, rule.period, rule.unit, rule.counting, roll_forward=False
        )
        return ends if ends != self.due_on else None

    @property
    def overdue(self) -> bool:
        return self.status == self.Status.OPEN and (self.days_left or 0) < 0

    @property
    def shown_status(self) -> str:
        """The status as every page shows it: an open deadline past its day reads as the
        agenda says it ("overdue by 265 days"), never plainly "open"."""
        return self.countdown if self.overdue else self.get_status_display()

    @property
    def countdown(self) -> str:
        """The line under the due date in the agenda: "in 3 days", "overdue by 2 days"."""
        left = self.days_left
        if left is None:
            return ""
        if left < 0:
            days = -left
            return ngettext("overdue by %(days)s day", "overdue by %(days)s days", days) % {
                "days": days
            }
        return ngettext("in %(days)s day", "in %(days)s days", left) % {"days": left}


class CaseDocument(models.Model):
    class Kind(models.TextChoices):
        JUDGMENT = "judgment", _("Judgment")
        POWER_OF_ATTORNEY = "power_of_attorney", _("Power of attorney")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other document")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="cases/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added on"), default=timezone.now)

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name


class CalendarFeed(models.Model):
    """A person's private calendar link. Only the hash of its secret is stored; issuing a
    new link revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return str(self.user)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
