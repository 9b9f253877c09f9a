"""Retention of personal data (policies, reviews approved by a coordinator) and the requests
people make about their data (access, rectification, objection)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanad.network.access import has_capability, network_wide_capabilities


class RecordType(models.TextChoices):
    BENEFICIARY = "beneficiary", _("Closed or rejected follow-up of a beneficiary")
    COMPLAINT = "complaint", _("Closed complaint without a beneficiary")
    IMPORT = "import", _("Uploaded import spreadsheet")


class RetentionPolicyQuerySet(models.QuerySet):
    def visible_to(self, user, capability="retention.view"):
        """Holders of `retention.view` read the policies (they are no secret in the network);
        holders of `retention.configure` change them."""
        return self if has_capability(user, capability) else self.none()


class RetentionPolicy(models.Model):
    """How long one kind of record keeps its identity once its purpose is over. Shipped as
    editable data with its legal basis: the period is for the CNDP authorisation to fix."""

    record_type = models.CharField(
        _("record type"), max_length=12, choices=RecordType.choices, unique=True
    )
    keep_days = models.PositiveIntegerField(_("kept for (days after the end)"))
    legal_basis = models.TextField(_("legal basis"))
    to_verify = models.BooleanField(_("to verify"), default=True)
    version = models.PositiveIntegerField(default=1)

    objects = RetentionPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        ordering = ["record_type"]

    def __str__(self):
        return self.get_record_type_display()

    @property
    def cutoff(self):
        """Records that ended on or before this day are due."""
        return timezone.localdate() - timedelta(days=self.keep_days)


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user, capability="retention.view"):
        """Reviews are network-wide: holders of `capability` in the coordinating NGO."""
        return self if capability in network_wide_capabilities(user) else self.none()


class RetentionReview(models.Model):
    """The records found due on one run of the retention job, waiting for a coordinator's
    approval before they are anonymised."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for approval")
        APPROVED = "approved", _("Anonymising")
        DONE = "done", _("Anonymised")
        DECLINED = "declined", _("Declined")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("found on"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    statistics_checked = models.BooleanField(default=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention review")
        verbose_name_plural = _("retention reviews")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d}"


class RetentionItem(models.Model):
    review = models.ForeignKey(RetentionReview, on_delete=models.CASCADE, related_name="items")
    record_type = models.CharField(_("record type"), max_length=12, choices=RecordType.choices)
    object_id = models.PositiveBigIntegerField()
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    ended_on = models.DateField(_("ended on"))
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["record_type", "ended_on", "id"]
        indexes = [models.Index(fields=["record_type", "object_id"], name="retention_item_idx")]

    def __str__(self):
        return f"{self.record_type} {self.object_id}"


class RequestQuerySet(models.QuerySet):
    def visible_to(self, user, capability="subject_request.manage"):
        """Data-subject requests are handled by the coordinating NGO (the data controller)."""
        return self if capability in network_wide_capabilities(user) else self.none()

    def for_list(self):
        return self.select_related("beneficiary").order_by("status", "due_on", "-id")


class SubjectRequest(models.Model):
    """A person's request about their data (law 09-08 art. 7–9; GDPR art. 15–21)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access (a copy of the data)")
        RECTIFICATION = "rectification", _("Rectification")
        OBJECTION = "objection", _("Objection")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", pgettext_lazy("data-subject request", "Answered")
        REFUSED = "refused", _("Refused (with reasons)")

    class Requester(models.TextChoices):
        PERSON = "person", _("The person")
        REPRESENTATIVE = "representative", _("Legal representative")
        LAWYER = "lawyer", _("Lawyer")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="subject_requests",
    )
    kind = models.CharField(_("kind of request"), max_length=14, choices=Kind.choices)
    requested_by = models.CharField(
        _("made by"), max_length=16, choices=Requester.choices, default=Requester.PERSON
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    due_on = models.DateField(_("answer due on"))
    details = models.TextField(_("what is asked"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer given"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        indexes = [models.Index(fields=["status", "due_on"], name="subject_request_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.received_on}"

    @property
    def overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()
