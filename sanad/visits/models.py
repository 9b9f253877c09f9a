"""Follow-up visits, what the visitors observed, and the actions that follow."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanad.network.access import reach
from sanad.visits.taxonomy import SUBITEM_CHOICES, Category, Severity

# The capability that shows when a visit takes place and nothing of what it found.
REPORT_DATES_ONLY = "visit.view_dates"


def visit_day():
    """A visit's day as its list shows, orders and filters it: the day it took place, else
    the day it is planned for (a plan needs one, a report too)."""
    return Coalesce("visited_on", "planned_on")


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user, capability="visit.view"):
        """Visits `user` may use `capability` on: all where they hold it network-wide
        (coordinators); the visits of the organisations where they hold it; the visits to the
        people of the cases they hold an active mandate on, if a lawyer's role gives it (only
        `visit.view_dates`: a lawyer sees when, never what). The mandate path is a subquery,
        not a join, so no visit comes twice and a list's first page is read from its index."""
        where = reach(user, capability)
        if where.network:
            return self
        scope = Q(pk__in=[])
        if where.organisations:
            scope |= Q(organisation_id__in=where.organisations)
        if where.mandates:
            mandated = Visit.beneficiaries.through.objects.filter(
                beneficiary__legal_cases__mandates__lawyer=user,
                beneficiary__legal_cases__mandates__active=True,
            )
            scope |= Q(pk__in=mandated.values("visit_id"))
        return self.filter(scope)

    def with_report_access(self, user):
        """Each visit with `full`: whether `user` may read its report, not only its dates
        (`visit.view` has no mandate path, so its organisations say it all)."""
        where = reach(user, "visit.view")
        if where.network or not where.organisations:
            return self.annotate(full=Value(where.network))
        mine = Q(organisation_id__in=where.organisations)
        return self.annotate(full=ExpressionWrapper(mine, output_field=models.BooleanField()))

    def newest_first(self):
        """By day, newest first (read from visit_day_idx), with `day` to filter on."""
        return self.alias(day=visit_day()).order_by(F("day").desc(), "-id")

    def for_list(self):
        return (
            self.newest_first()
            .select_related("establishment", "organisation")
            .prefetch_related("beneficiaries")
        )


class Visit(models.Model):
    class Kind(models.TextChoices):
        DETENTION = "detention", _("In detention")
        AFTER_RELEASE = "after_release", _("After release")
        FAMILY_HOME = "family_home", _("At the family's home")

    class State(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("a visit", "Planned")
        DONE = "done", pgettext_lazy("a visit", "Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Permit(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Not needed")
        TO_REQUEST = "to_request", _("To request")
        REQUESTED = "requested", _("Requested")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    kind = models.CharField(
        _("kind of visit"), max_length=16, choices=Kind.choices, default=Kind.DETENTION
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    establishment = models.ForeignKey(
        "reference.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    visited_on = models.DateField(_("date of the visit"), null=True, blank=True)
    beneficiaries = models.ManyToManyField(
        "beneficiaries.Beneficiary", verbose_name=_("beneficiaries met"), related_name="visits"
    )
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("visitors"), related_name="visits", blank=True
    )
    permit = models.CharField(
        _("visit permit"), max_length=12, choices=Permit.choices, default=Permit.NOT_NEEDED
    )
    permit_number = models.CharField(_("permit number"), max_length=40, blank=True)
    permit_valid_until = models.DateField(_("permit valid until"), null=True, blank=True)
    permit_refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    discussed = models.TextField(_("what was discussed"), blank=True)
    wellbeing = models.TextField(_("wellbeing"), blank=True)
    legal_needs = models.TextField(_("legal needs update"), blank=True)
    reintegration = models.JSONField(_("reintegration topics"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["organisation", "state", "planned_on"], name="visit_org_idx"),
            models.Index(fields=["establishment", "visited_on"], name="visit_estab_idx"),
            # Every column the period's figures read (dashboards, donor report): PostgreSQL
            # answers them from the index alone. Visits by region over a year at national
            # scale (345,000 visits): 1.5 s reading the table, 0.3 s from this index.
            models.Index(
                fields=["state", "visited_on", "establishment", "organisation", "id"],
                name="visit_period_idx",
            ),
            # The list's order and period filter (its day, newest first), network-wide and
            # for one CSO: the first page of any period is read from the index instead of
            # sorting a million visits (coordinator) or a CSO's 44,000.
            models.Index(visit_day().desc(), F("id").desc(), name="visit_day_idx"),
            models.Index(
                F("organisation"), visit_day().desc(), F("id").desc(), name="visit_org_day_idx"
            ),
        ]

    def __str__(self):
        day = self.visited_on or self.planned_on
        return f"{self.get_kind_display()} {day or ''}".strip()


class ObservationQuerySet(models.QuerySet):
    def visible_to(self, user, capability="visit.view"):
        """Observations of the visits `user` may use `capability` on; all, without a
        subquery over every visit, where they hold it network-wide. What a visit's report
        says is never reached through `visit.view_dates` (a lawyer's mandate)."""
        if capability == REPORT_DATES_ONLY:
            return self.none()
        if reach(user, capability).network:
            return self
        return self.filter(visit__in=Visit.objects.visible_to(user, capability))


class Observation(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="observations")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    item = models.CharField(_("item"), max_length=40, choices=SUBITEM_CHOICES, blank=True)
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices)
    text = models.TextField(_("what was observed"))
    complaint_opened = models.BooleanField(default=False)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        indexes = [models.Index(fields=["category", "severity"], name="obs_category_idx")]

    def __str__(self):
        return f"{self.get_category_display()} — {self.get_severity_display()}"


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user, capability="visit.view"):
        """Follow-up actions of the visits `user` may use `capability` on (never through
        `visit.view_dates`: they are part of the report)."""
        if capability == REPORT_DATES_ONLY:
            return self.none()
        return self.filter(visit__in=Visit.objects.visible_to(user, capability))

    def overdue(self):
        return self.filter(done_on__isnull=True, due_on__lt=timezone.localdate())


class FollowUpAction(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_actions",
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="action_due_idx")]

    def __str__(self):
        return self.description


class VisitDraft(models.Model):
    """What a person has typed into a visit report, saved as they type: a dropped connection
    or a closed tab loses nothing. One draft per person and report (`key`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="draft_unique",
                violation_error_message=_("This draft already exists."),
            )
        ]

    # Sent with each autosave by static/sanad-drafts.js: when the browser took that content.
    CAPTURED = "draft_captured_at"

    def __str__(self):
        return f"{self.user_id}:{self.key}"

    @property
    def captured_ms(self) -> int:
        """When the browser took this content (milliseconds, its own clock), else when the
        server saved it: what the browser's own copy of the draft is compared with."""
        return captured_ms(self.data) or int(self.updated_at.timestamp() * 1000)


def captured_ms(data: dict) -> int:
    """The capture time a draft's fields carry (0 if none or not a number)."""
    value = (data.get(VisitDraft.CAPTURED) or [""])[0]
    return int(value) if str(value).isdigit() else 0
