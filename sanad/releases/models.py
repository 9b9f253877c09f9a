"""When each detained person is expected to leave, and how Sanad knows it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.beneficiaries.models import Beneficiary


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


class ExpectedReleaseQuerySet(models.QuerySet):
    def visible_to(self, user, capability="release.view"):
        """The expected releases of the people `user` may use `capability` on (through the
        person's own policy: followed by their CSO, or network-wide)."""
        return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user, capability))


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

    objects = ExpectedReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("expected release")
        verbose_name_plural = _("expected releases")
        indexes = [models.Index(fields=["on", "id"], name="release_day_idx")]

    def __str__(self):
        return f"{self.beneficiary} — {self.on or '?'}"

    @property
    def missing_labels(self) -> list[str]:
        return [str(Missing(key).label) for key in self.missing if key in Missing.values]
