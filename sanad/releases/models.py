"""When each detained person is expected to leave, how Sanad knows it, and the plan that
prepares the day: a checklist kept as data, each item with an owner, a due date and a
referral to a service from the directory."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.beneficiaries.models import Beneficiary
from sanad.lib.i18n import localized


class Source(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    COMPUTED = "computed", _("Computed")
    ESTIMATED = "estimated", _("Estimated")
    UNKNOWN = "unknown", _("Unknown")


class Basis(models.TextChoices):
    RECORDED = "recorded", _("Date recorded by the CSO (from the prison registry or a decision)")
    SENTENCE = "sentence", _("End of the prison sentence, less remissions")
    PRETRIAL_LIMIT = "pretrial_limit", _("Longest pre-trial detention for the offence")
    NO_PRISON = "no_prison", _("Decision without prison (acquittal, fine, suspended sentence)")
    NO_END = "no_end", _("Life or death sentence: no release date")
    MISSING = "missing", _("Not enough data")


class Missing(models.TextChoices):
    DETENTION_START = "detention_start", _("the date detention began")
    OFFENCE_CLASS = "offence_class", _("the class of offence")
    DECISION = "decision", _("a decision with the sentence")
    CASE = "case", _("a legal case")


class ThroughPerson(models.QuerySet):
    """Rows about a person, scoped through the person's own policy (`path` leads to them)."""

    path = "beneficiary"

    def visible_to(self, user, capability="release.view"):
        """The rows about the people `user` may use `capability` on: followed by their CSO,
        or network-wide."""
        people = Beneficiary.objects.visible_to(user, capability)
        return self.filter(**{f"{self.path}__in": people})


class AfterRelease(ThroughPerson):
    path = "release__beneficiary"


class ExpectedRelease(models.Model):
    """A detained person's expected release, kept up to date from their cases, decisions and
    placements (`releases.expected`); a date recorded by the CSO prevails."""

    beneficiary = models.OneToOneField(
        Beneficiary, on_delete=models.CASCADE, related_name="expected_release"
    )
    on = models.DateField(_("expected release"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    basis = models.CharField(_("how it is known"), max_length=20, choices=Basis.choices)
    missing = models.JSONField(_("missing data"), default=list, blank=True)
    recorded_on = models.DateField(
        _("release date recorded"),
        null=True,
        blank=True,
        help_text=_("Only if known from the prison registry or a decision; it prevails."),
    )
    remission_days = models.PositiveIntegerField(
        _("remissions (days)"), default=0, help_text=_("Total of the remissions granted.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ThroughPerson.as_manager()

    class Meta:
        verbose_name = _("expected release")
        verbose_name_plural = _("expected releases")
        indexes = [models.Index(fields=["on", "id"], name="release_day_idx")]

    def __str__(self):
        return f"{self.beneficiary} — {self.on or '?'}"

    @property
    def missing_labels(self) -> list[str]:
        return [str(Missing(key).label) for key in self.missing if key in Missing.values]


class ChecklistStep(models.Model):
    """A step every release plan starts with (data the coordinator edits in the admin), due
    a number of days before the expected release."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    label_fr = models.CharField(_("step (French)"), max_length=200)
    label_ar = models.CharField(_("step (Arabic)"), max_length=200, blank=True)
    days_before = models.PositiveSmallIntegerField(_("due days before release"), default=30)
    foreigners_only = models.BooleanField(_("for foreigners only"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("release checklist step")
        verbose_name_plural = _("release checklist steps")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label_fr

    @property
    def name(self) -> str:
        return localized(self, "label")


class ReleasePlan(models.Model):
    """The preparation of one release, started by the CSO that follows the person."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="release_plans"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_on = models.DateField(_("expected release"), null=True, blank=True)
    started_on = models.DateField(_("started on"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ThroughPerson.as_manager()

    class Meta:
        verbose_name = _("release plan")
        verbose_name_plural = _("release plans")
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return f"{self.beneficiary} ({self.started_on})"


class Referral(models.TextChoices):
    NONE = "", _("Not referred")
    SENT = "sent", _("Referred, waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class PlanItem(models.Model):
    plan = models.ForeignKey(ReleasePlan, on_delete=models.CASCADE, related_name="items")
    step = models.ForeignKey(ChecklistStep, on_delete=models.SET_NULL, null=True, blank=True)
    label = models.CharField(_("step"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    partner = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("referred to a partner CSO"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        "directory.ExternalActor",
        verbose_name=_("referred to an outside service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referral = models.CharField(
        _("referral"), max_length=10, choices=Referral.choices, blank=True, default=""
    )
    answer = models.TextField(_("answer to the referral"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.label


class Circumstance(models.TextChoices):
    END_OF_SENTENCE = "end_of_sentence", _("End of the sentence")
    CONDITIONAL_RELEASE = "conditional_release", _("Conditional release")
    PARDON = "pardon", _("Royal pardon")
    ACQUITTAL = "acquittal", _("Acquittal or dismissal")
    PRETRIAL_END = "pretrial_end", _("End of pre-trial detention")
    OTHER = "other", _("Other")


class Release(models.Model):
    """A person's leaving prison: the day, the circumstances, and whether they agreed to be
    followed afterwards (asked again on the day)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        on_delete=models.CASCADE,
        related_name="releases",
    )
    released_on = models.DateField(_("released on"))
    circumstances = models.CharField(
        _("circumstances"), max_length=20, choices=Circumstance.choices
    )
    note = models.TextField(_("note"), blank=True)
    follow_up_consent = models.BooleanField(_("agrees to be followed after release"))
    reincarcerated_on = models.DateField(_("placed in detention again on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ThroughPerson.as_manager()

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-released_on", "-id"]

    def __str__(self):
        return f"{self.beneficiary} ({self.released_on})"


class Housing(models.TextChoices):
    STABLE = "stable", _("Stable housing")
    TEMPORARY = "temporary", _("Temporary housing")
    NONE = "none", _("No housing")


class Activity(models.TextChoices):
    WORK = "work", _("Working")
    TRAINING = "training", _("In training")
    NONE = "none", _("Neither")


class FollowUp(models.Model):
    """A follow-up after release, due 1, 3, 6 and 12 months after, with the outcomes seen."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="follow_ups")
    month = models.PositiveSmallIntegerField(_("months after release"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    housing = models.CharField(_("housing"), max_length=10, choices=Housing.choices, blank=True)
    activity = models.CharField(
        _("work or training"), max_length=10, choices=Activity.choices, blank=True
    )
    family_contact = models.BooleanField(_("in contact with the family"), null=True)
    health = models.CharField(_("health"), max_length=300, blank=True)
    justice = models.CharField(_("contact with justice"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = AfterRelease.as_manager()

    class Meta:
        verbose_name = _("follow-up after release")
        verbose_name_plural = _("follow-ups after release")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on", "id"], name="follow_up_due_idx")]

    def __str__(self):
        return f"{self.release.beneficiary} +{self.month}"
