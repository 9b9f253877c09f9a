"""Complaints (doléances): intake, referral to the authorities, answers, closure."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sanad.legal.models import LawyerMandate
from sanad.network.access import reach


class Category(models.TextChoices):
    """Comparable with DGAPR and OMP figures (domain/morocco.md §4)."""

    ILL_TREATMENT = "ill_treatment", _("Ill-treatment or torture")
    HEALTH_CARE = "health_care", _("Deprivation of health care")
    CONDITIONS = "conditions", _("Detention conditions")
    REHABILITATION = "rehabilitation", _("Deprivation of rehabilitation programmes")
    BELONGINGS = "belongings", _("Money or belongings")
    TRANSFER = "transfer", _("Abusive transfer or distance from family")
    CONDITIONAL_RELEASE = "conditional_release", _("Conditional release")
    PARDON = "pardon", _("Pardon")
    PRETRIAL = "pretrial", _("Length of pre-trial detention")
    PENDING = "pending", _("Appeal or judgment pending")
    EXECUTION = "execution", _("Execution of the sentence")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    QUALIFIED = "qualified", _("Qualified")
    REFERRED = "referred", _("Referred")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Closure(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    UNRESOLVED = "unresolved", _("Unresolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user, capability="complaint.view"):
        """Complaints `user` may use `capability` on: all where they hold it network-wide
        (coordinators); those received by the organisations where they hold it; those linked
        to a case they hold a mandate on, if a lawyer's role gives it."""
        where = reach(user, capability)
        if where.network:
            return self
        scope = Q(pk__in=[])
        if where.organisations:
            scope |= Q(organisation_id__in=where.organisations)
        if where.mandates:
            scope |= Q(
                legal_case__in=LawyerMandate.objects.filter(lawyer=user, active=True).values(
                    "case_id"
                )
            )
        return self.filter(scope)

    def for_list(self):
        return self.select_related("establishment", "organisation", "beneficiary")


class Complaint(models.Model):
    class Complainant(models.TextChoices):
        DETAINEE = "detainee", _("The detainee")
        RELATIVE = "relative", _("A relative")
        CSO = "cso", _("A CSO")
        ANONYMOUS = "anonymous", _("Anonymous")

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("During a visit")
        EMAIL = "email", _("E-mail")
        IN_PERSON = "in_person", _("In person")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    complainant = models.CharField(_("complainant"), max_length=12, choices=Complainant.choices)
    complainant_name = models.CharField(_("complainant's name"), max_length=200, blank=True)
    complainant_contact = models.CharField(_("complainant's contact"), max_length=200, blank=True)
    identity_disclosable = models.BooleanField(
        _("the complainant's identity may be given to the authority"), default=False
    )
    channel = models.CharField(_("received by way of"), max_length=12, choices=Channel.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    establishment = models.ForeignKey(
        "reference.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("beneficiary concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    legal_case = models.ForeignKey(
        "legal.LegalCase",
        verbose_name=_("related case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    observation = models.ForeignKey(
        "visits.Observation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    sub_category = models.CharField(_("sub-category"), max_length=100, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    closure = models.CharField(_("outcome"), max_length=16, choices=Closure.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    feedback = models.TextField(_("feedback given to the complainant"), blank=True)
    anonymised_at = models.DateTimeField(_("anonymised on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-received_on"], name="complaint_status_idx"),
            models.Index(fields=["category", "received_on"], name="complaint_cat_idx"),
            models.Index(fields=["establishment", "received_on"], name="complaint_estab_idx"),
            # The list's order: its first page from the index, not a sort of every complaint
            # joined to its person (docs/performance.md).
            models.Index(fields=["-received_on", "-id"], name="complaint_list_idx"),
        ]

    def __str__(self):
        return (
            f"{self.get_category_display()} — {date_format(self.received_on, 'SHORT_DATE_FORMAT')}"
        )


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user, capability="complaint.view"):
        """Referrals of the complaints `user` may use `capability` on."""
        return self.filter(complaint__in=Complaint.objects.visible_to(user, capability))


class Referral(models.Model):
    class Authority(models.TextChoices):
        DGAPR = "dgapr", _("DGAPR (prison administration)")
        DIRECTOR = "director", _("Prison director")
        PROSECUTOR = "prosecutor", _("Public prosecutor")
        CNDH = "cndh", _("CNDH / national preventive mechanism")
        OTHER = "other", _("Other authority")

    class Outcome(models.TextChoices):
        PENDING = "", _("No answer yet")
        FAVOURABLE = "favourable", _("Favourable")
        PARTIAL = "partial", _("Partly favourable")
        UNFAVOURABLE = "unfavourable", _("Unfavourable")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="referrals")
    authority = models.CharField(_("authority"), max_length=12, choices=Authority.choices)
    authority_name = models.CharField(_("addressee"), max_length=200, blank=True)
    sent_on = models.DateField(_("sent on"))
    channel = models.CharField(_("sent by"), max_length=12, choices=Complaint.Channel.choices)
    language = models.CharField(
        _("language of the letter"),
        max_length=2,
        choices=[("fr", _("French")), ("ar", _("Arabic"))],
    )
    letter_text = models.TextField(_("text of the letter"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_document = models.FileField(_("answer (scan)"), upload_to="complaints/%Y/", blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["sent_on", "id"]
        indexes = [models.Index(fields=["answered_on", "sent_on"], name="referral_wait_idx")]

    def __str__(self):
        return f"{self.get_authority_display()} {self.sent_on}"

    @property
    def days_to_answer(self) -> int | None:
        return (self.answered_on - self.sent_on).days if self.answered_on else None
