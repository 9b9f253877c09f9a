"""The indicators of the logframe, each a named computation over the operational data for a
period and a scope (region, establishment, specific-needs category, CSO), with the
disaggregations that make sense for it. Nothing here is typed in: the same data always gives
the same numbers."""

from collections.abc import Callable
from dataclasses import astuple, dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from sanad.beneficiaries.models import (
    Beneficiary,
    Consent,
    ConsentKind,
    Following,
    LegalStatus,
    Need,
    NeedCategory,
    Sex,
    StatusChange,
)
from sanad.beneficiaries.models import Status as BeneficiaryStatus
from sanad.complaints.models import Category as ComplaintCategory
from sanad.complaints.models import Complaint
from sanad.families.models import AwarenessSession, FamilyContact
from sanad.finance.models import Allocation, ExpenseClaim
from sanad.legal.models import Deadline, LawyerMandate, Remedy
from sanad.meetings.models import Attendance, Meeting
from sanad.network.models import Organisation, OrganisationKind, OrganisationStatus
from sanad.reference.models import Establishment, Region
from sanad.releases import outcomes
from sanad.releases.outcomes import Preparation
from sanad.trainings.models import Participant, Training
from sanad.visits.models import Visit


@dataclass(frozen=True)
class Scope:
    """A period and the filters of a dashboard or report. `organisation` limits everything
    to one CSO's work (a CSO's own dashboard)."""

    start: date
    end: date
    region: int | None = None
    establishment: int | None = None
    category: str = ""
    organisation: int | None = None

    @property
    def period(self) -> tuple[date, date]:
        return self.start, self.end

    @property
    def key(self) -> str:
        """A stable text key (for caches shared between processes)."""
        return ":".join(str(v) for v in astuple(self))

    @property
    def end_moment(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def start_moment(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    def people(self, queryset, prefix: str = ""):
        """Restrict rows about people (`prefix` leads from the rows to the Beneficiary)."""
        person = f"{prefix}id"
        if self.establishment:
            queryset = queryset.filter(**{f"{prefix}current_establishment": self.establishment})
        if self.region:
            queryset = queryset.filter(**{f"{prefix}current_establishment__region": self.region})
        if self.category:
            needs = Need.objects.filter(category=self.category).values("beneficiary_id")
            queryset = queryset.filter(**{f"{person}__in": needs})
        if self.organisation:
            followed = Following.objects.filter(organisation=self.organisation)
            queryset = queryset.filter(**{f"{person}__in": followed.values("beneficiary_id")})
        return queryset

    def places(self, queryset, people: str):
        """Restrict rows held by an organisation about an establishment (visits, complaints);
        `people` is the path to the people concerned, for the category filter."""
        if self.establishment:
            queryset = queryset.filter(establishment=self.establishment)
        if self.region:
            queryset = queryset.filter(establishment__region=self.region)
        if self.organisation:
            queryset = queryset.filter(organisation=self.organisation)
        if self.category:
            needs = Need.objects.filter(category=self.category).values("beneficiary_id")
            queryset = queryset.filter(**{f"{people}__in": needs})
        return queryset


@dataclass
class Result:
    """An indicator's value with the counts disclosure control must check."""

    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None


def ratio(numerator, denominator, scale=100) -> Result:
    if not denominator:
        return Result(None, numerator, denominator)
    value = (Decimal(numerator) * scale / Decimal(denominator)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    return Result(value, numerator, denominator)


def _mean_days(pairs) -> Result:
    days = [(end - start).days for start, end in pairs]
    if not days:
        return Result(None, 0, 0)
    mean = Decimal(sum(days)) / len(days)
    return Result(mean.quantize(Decimal("0.1"), ROUND_HALF_UP), len(days), len(days))


def _count(queryset) -> Result:
    n = queryset.count()
    return Result(Decimal(n), n, None)


# Populations --------------------------------------------------------------------------------


def people(scope: Scope):
    return scope.people(Beneficiary.objects.filter(merged_into__isnull=True))


def assisted(scope: Scope):
    """People assisted by the network at any time up to the end of the period."""
    became = StatusChange.objects.filter(
        beneficiary=OuterRef("pk"),
        to_status=BeneficiaryStatus.ASSISTED,
        at__lt=scope.end_moment,
    )
    return people(scope).filter(Exists(became))


def identified(scope: Scope):
    return people(scope).filter(created_at__gte=scope.start_moment, created_at__lt=scope.end_moment)


def with_lawyer(scope: Scope):
    mandate = LawyerMandate.objects.filter(
        case__beneficiary=OuterRef("pk"), starts_on__lte=scope.end
    )
    return assisted(scope).filter(Exists(mandate))


def families_reached(scope: Scope):
    contacts = FamilyContact.objects.filter(contacted_on__range=(scope.start, scope.end))
    sessions = AwarenessSession.objects.filter(held_on__range=(scope.start, scope.end))
    return people(scope).filter(
        Q(id__in=contacts.values("beneficiary_id")) | Q(id__in=sessions.values("families"))
    )


def visits(scope: Scope):
    done = Visit.objects.filter(state=Visit.State.DONE, visited_on__range=(scope.start, scope.end))
    return scope.places(done, "beneficiaries")


def complaints(scope: Scope):
    received = Complaint.objects.filter(received_on__range=(scope.start, scope.end))
    return scope.places(received, "beneficiary")


def deadlines(scope: Scope):
    due = Deadline.objects.filter(due_on__range=(scope.start, scope.end))
    return scope.people(due, "case__beneficiary__")


def partner_csos(scope: Scope):
    """Active partner CSOs whose agreement runs during the period (a CSO with no agreement
    start yet is not counted), in the region or establishment filtered on."""
    csos = Organisation.objects.filter(
        kind=OrganisationKind.PARTNER_CSO,
        status=OrganisationStatus.ACTIVE,
        agreement_start__lte=scope.end,
    ).filter(Q(agreement_end__isnull=True) | Q(agreement_end__gte=scope.start))
    if scope.organisation:
        csos = csos.filter(pk=scope.organisation)
    if scope.region:
        csos = csos.filter(pk__in=Organisation.regions.through.objects.filter(
            region=scope.region).values("organisation"))  # fmt: skip
    if scope.establishment:
        csos = csos.filter(pk__in=Organisation.establishments.through.objects.filter(
            establishment=scope.establishment).values("organisation"))  # fmt: skip
    return csos


# Computations --------------------------------------------------------------------------------


def _remedies_on_time(scope):
    rows = deadlines(scope).aggregate(
        met=Count("pk", filter=Q(status=Deadline.Status.MET)),
        missed=Count("pk", filter=Q(status=Deadline.Status.MISSED)),
    )
    return ratio(rows["met"], rows["met"] + rows["missed"])


def _days_to_first_legal_act(scope):
    """First contact is the day the person consented to the follow-up (else the day they were
    registered); the first legal act is the first lawyer mandate or remedy. People who already
    had one before the network met them are left out."""
    first_consent = (
        Consent.objects.filter(beneficiary=OuterRef("pk"), kind=ConsentKind.PROCESSING)
        .order_by("given_on")
        .values("given_on")[:1]
    )
    # Only the people with a mandate or a remedy in the period can have their first one in it.
    acted = Q(
        id__in=LawyerMandate.objects.filter(starts_on__range=scope.period).values(
            "case__beneficiary"
        )
    ) | Q(id__in=Remedy.objects.filter(filed_on__range=scope.period).values("case__beneficiary"))
    rows = (
        people(scope)
        .filter(acted)
        .annotate(
            consent=Subquery(first_consent),
            mandate=Subquery(
                LawyerMandate.objects.filter(case__beneficiary=OuterRef("pk"))
                .order_by("starts_on")
                .values("starts_on")[:1]
            ),
            remedy=Subquery(
                Remedy.objects.filter(case__beneficiary=OuterRef("pk"), filed_on__isnull=False)
                .order_by("filed_on")
                .values("filed_on")[:1]
            ),
        )
        .filter(
            Q(mandate__range=(scope.start, scope.end)) | Q(remedy__range=(scope.start, scope.end))
        )
        .values_list("created_at", "consent", "mandate", "remedy")
    )
    pairs = []
    for created, consent, mandate, remedy in rows.iterator():
        act = min(d for d in (mandate, remedy) if d is not None)
        contact = consent or timezone.localdate(created)
        if scope.start <= act <= scope.end and act >= contact:
            pairs.append((contact, act))
    return _mean_days(pairs)


def _complaint_answer_days(scope):
    answered = complaints(scope).filter(closed_on__isnull=False)
    return _mean_days(answered.values_list("received_on", "closed_on").iterator())


def _complaints_per_100(scope):
    about_people = complaints(scope).filter(beneficiary__isnull=False).count()
    return ratio(about_people, assisted(scope).count())


def _meeting_attendance(scope):
    rows = Attendance.objects.filter(
        meeting__state=Meeting.State.HELD,
        meeting__starts_at__gte=scope.start_moment,
        meeting__starts_at__lt=scope.end_moment,
    )
    if scope.organisation:
        rows = rows.filter(organisation=scope.organisation)
    totals = rows.aggregate(
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)), all=Count("pk")
    )
    return ratio(totals["present"], totals["all"])


def _trained(scope):
    """Participants who attended a training held in the period (of one CSO, if chosen)."""
    rows = Participant.objects.filter(
        attended=True,
        training__state=Training.State.HELD,
        training__starts_on__range=(scope.start, scope.end),
    )
    return rows.filter(organisation=scope.organisation) if scope.organisation else rows


def _knowledge_gain(scope):
    gains = [
        after - before
        for before, after in _trained(scope)
        .filter(score_before__isnull=False, score_after__isnull=False)
        .values_list("score_before", "score_after")
    ]
    if not gains:
        return Result(None, 0, 0)
    mean = (Decimal(sum(gains)) / len(gains)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Result(mean, len(gains), len(gains))


def _budget_spent(scope):
    allocations = Allocation.objects.filter(
        period_start__lte=scope.end, period_end__gte=scope.start
    )
    paid = ExpenseClaim.objects.filter(
        state=ExpenseClaim.State.PAID, paid_on__range=(scope.start, scope.end)
    )
    if scope.organisation:
        allocations = allocations.filter(organisation=scope.organisation)
        paid = paid.filter(organisation=scope.organisation)
    allocated = allocations.aggregate(s=Sum("amount"))["s"] or 0
    spent = paid.aggregate(s=Sum("amount"))["s"] or 0
    return ratio(spent, allocated)


def _share(rows, flag: str, counted=True) -> Result:
    """The share of `rows` whose `flag` is `counted`, from one grouped query."""
    counts = dict(rows.order_by().values_list(flag).annotate(n=Count("pk")).values_list(flag, "n"))
    return ratio(counts.get(counted, 0), sum(counts.values()))


def _prepared(scope):
    releases = outcomes.releases().filter(released_on__range=scope.period)
    return _share(scope.people(releases, "beneficiary__"), "preparation", Preparation.EARLY)


def _items_done(scope):
    items = outcomes.plan_items().filter(released_on__range=scope.period)
    return _share(scope.people(items, "plan__beneficiary__"), "done")


def _outcome(month: int, flag: str):
    def compute(scope):
        rows = outcomes.follow_ups(month).filter(done_on__range=scope.period)
        return _share(scope.people(rows, "release__beneficiary__"), flag)

    return compute


def _reincarcerated(scope):
    rows = outcomes.followed_a_year().filter(due_on__range=scope.period)
    return _share(scope.people(rows, "release__beneficiary__"), "back")


OUTCOMES = {
    "stable_housing": (
        ngettext_lazy("Stable housing %(months)s month after release",
                      "Stable housing %(months)s months after release", "months"),
        ngettext_lazy("Share of the follow-ups done %(months)s month after release, in the "
                      "period, that found the person in stable housing.",
                      "Share of the follow-ups done %(months)s months after release, in the "
                      "period, that found the person in stable housing.", "months")),
    "working": (
        ngettext_lazy("In work or training %(months)s month after release",
                      "In work or training %(months)s months after release", "months"),
        ngettext_lazy("Share of the follow-ups done %(months)s month after release, in the "
                      "period, that found the person working or in training.",
                      "Share of the follow-ups done %(months)s months after release, in the "
                      "period, that found the person working or in training.", "months")),
    "family": (
        ngettext_lazy("In contact with the family %(months)s month after release",
                      "In contact with the family %(months)s months after release", "months"),
        ngettext_lazy("Share of the follow-ups done %(months)s month after release, in the "
                      "period, that found the person in contact with their family.",
                      "Share of the follow-ups done %(months)s months after release, in the "
                      "period, that found the person in contact with their family.", "months")),
}  # fmt: skip


# Disaggregations ------------------------------------------------------------------------------

DIMENSIONS = {
    "sex": _("Sex"),
    "age_band": _("Age band"),
    "category": _("Specific needs"),
    "legal_status": _("Legal status"),
    "establishment": _("Establishment"),
    "region": _("Region"),
    "organisation": _("CSO"),
    "complaint_category": _("Complaint category"),
}
PEOPLE_FIELDS = {
    "sex": "sex",
    "age_band": "age_band",
    "category": "needs__category",
    "legal_status": "current_legal_status",
    "establishment": "current_establishment",
    "region": "current_establishment__region",
    "organisation": "identified_by",
}
PLACE_FIELDS = {
    "establishment": "establishment",
    "region": "establishment__region",
    "organisation": "organisation",
}
AGE_BANDS = [("under18", _("Under 18")), ("18-20", _("18 to 20")), ("21-59", _("21 to 59")),
             ("60plus", _("60 and over")), ("unknown", _("Unknown"))]  # fmt: skip


def age_band(scope: Scope):
    """Age at the end of the period, from the year of birth (the only date kept once a
    record is anonymised, so the bands stay the same)."""
    year = scope.end.year
    return Case(
        When(birth_year__gt=year - 18, then=Value("under18")),
        When(birth_year__gt=year - 21, then=Value("18-20")),
        When(birth_year__gt=year - 60, then=Value("21-59")),
        When(birth_year__isnull=False, then=Value("60plus")),
        default=Value("unknown"),
    )


def category_labels(dimension: str, keys) -> dict:
    """Readable labels for the keys of one dimension, in the current language."""
    choices = {
        "sex": Sex.choices,
        "age_band": AGE_BANDS,
        "category": NeedCategory.choices,
        "legal_status": LegalStatus.choices,
        "complaint_category": ComplaintCategory.choices,
    }
    if dimension in choices:
        labels = {k: str(v) for k, v in choices[dimension]}
    else:
        model = {"establishment": Establishment, "region": Region, "organisation": Organisation}
        objects = model[dimension].objects.in_bulk([k for k in keys if k is not None])
        labels = {pk: _short_name(obj) for pk, obj in objects.items()}
    return {k: labels.get(k, str(_("Unknown"))) for k in keys}


def _short_name(obj) -> str:
    return getattr(obj, "acronym", "") or getattr(obj, "name", "") or str(obj)


@dataclass(frozen=True)
class Interpolated:
    """A translatable text with its number of months, translated when shown."""

    text: object  # ngettext_lazy keyed on "months"
    months: int

    def __str__(self):
        return self.text % {"months": self.months}


@dataclass(frozen=True)
class Definition:
    key: str
    label: object
    unit: str  # "number", "percent" or "days"
    compute: Callable[[Scope], Result]
    population: Callable[[Scope], object] | None = None
    fields: dict = field(default_factory=dict)
    personal: bool = True  # counts of people: disclosure control applies
    description: object = ""
    lower_is_better: bool = False

    def value(self, scope: Scope) -> Result:
        return self.compute(scope)

    @property
    def dimensions(self) -> list[str]:
        return list(self.fields)


def _counting(population):
    return lambda scope: _count(population(scope))


DEFINITIONS = [
    Definition("beneficiaries_assisted", _("Detainees with specific needs assisted (cumulative)"),
               "number", _counting(assisted), assisted, PEOPLE_FIELDS,
               description=_("People whose follow-up reached the assisted stage by the end of "
                             "the period.")),
    Definition("beneficiaries_identified", _("Detainees identified in the period"), "number",
               _counting(identified), identified, PEOPLE_FIELDS),
    Definition("with_lawyer", _("Share of assisted detainees with a lawyer"), "percent",
               lambda s: ratio(with_lawyer(s).count(), assisted(s).count()), with_lawyer,
               PEOPLE_FIELDS),
    Definition("pretrial_share", _("Share of assisted detainees in pre-trial detention"),
               "percent",
               lambda s: ratio(
                   assisted(s).filter(current_legal_status__in=[
                       LegalStatus.INVESTIGATION, LegalStatus.AWAITING_TRIAL]).count(),
                   assisted(s).count()),
               description=_("Current legal status of the people assisted.")),
    Definition("remedies_on_time", _("Remedies filed on time (share of deadlines due)"),
               "percent", _remedies_on_time),
    Definition("deadlines_missed", _("Deadlines missed"), "number",
               lambda s: _count(deadlines(s).filter(status=Deadline.Status.MISSED)),
               lower_is_better=True),
    Definition("days_to_first_legal_act", _("Days from first contact to first legal act"),
               "days", _days_to_first_legal_act,
               description=_("Mean, for the people whose first lawyer mandate or remedy falls in "
                             "the period."), lower_is_better=True),
    Definition("visits_made", _("Visits made"), "number", _counting(visits), visits,
               PLACE_FIELDS),
    Definition("families_reached", _("Families reached"), "number", _counting(families_reached),
               families_reached, PEOPLE_FIELDS,
               description=_("People whose relatives were contacted or attended an awareness "
                             "session in the period.")),
    Definition("csos_mobilised", _("Partner CSOs mobilised"), "number",
               lambda s: _count(partner_csos(s)), personal=False),
    Definition("complaints_received", _("Complaints received"), "number", _counting(complaints),
               complaints, PLACE_FIELDS | {"complaint_category": "category"}),
    Definition("complaints_per_100", _("Complaints per 100 people assisted"), "number",
               _complaints_per_100),
    Definition("complaint_answer_days", _("Days to close a complaint"), "days",
               _complaint_answer_days, lower_is_better=True),
    Definition("meeting_attendance", _("Attendance at coordination meetings"), "percent",
               _meeting_attendance, personal=False),
    Definition("staff_trained", _("CSO staff trained"), "number",
               lambda s: _count(_trained(s).values("user").distinct()), personal=False,
               description=_("Members of partner CSOs who attended a training held in the "
                             "period, each counted once.")),
    Definition("knowledge_gain", _("Mean knowledge gain of trained staff (points)"), "number",
               _knowledge_gain,
               description=_("Score after the training minus score before (percent of right "
                             "answers), averaged over participants who answered both.")),
    Definition("csos_with_trained_staff", _("CSOs with at least one trained member"), "number",
               lambda s: _count(_trained(s).values("organisation").distinct()), personal=False),
    Definition("budget_spent", _("Budget spent (paid claims / allocations)"), "percent",
               _budget_spent, personal=False),
    Definition("releases_prepared", _("Releases prepared 30 days ahead"), "percent", _prepared,
               description=_("Share of the people released in the period whose release plan "
                             "was started 30 days or more before the day they left.")),
    Definition("plan_items_done", _("Plan items done by the release day"), "percent",
               _items_done,
               description=_("Share of the items of the plans of the people released in the "
                             "period that were done on or before the day they left.")),
    *[
        Definition(f"{flag}_{months}", Interpolated(label, months), "percent",
                   _outcome(months, flag), description=Interpolated(description, months))
        for months in (6, 12) for flag, (label, description) in OUTCOMES.items()
    ],
    Definition("reincarcerated_12", _("Detained again within 12 months of release"), "percent",
               _reincarcerated, lower_is_better=True,
               description=_("Among the people followed for the twelve months after their "
                             "release (the twelve-month follow-up done, or detained again "
                             "before it), whose twelve months ended in the period: the share "
                             "placed in detention again within them.")),
]  # fmt: skip
INDICATORS = {d.key: d for d in DEFINITIONS}


def breakdown(definition: Definition, scope: Scope, dimension: str) -> list[tuple]:
    """[(key, label, count)] of the indicator's population along one dimension, every
    category listed (zero included) in a stable order."""
    rows = _grouped(definition, scope, [dimension])
    counts = {r[0]: r[1] for r in rows}
    keys = category_keys(dimension, counts)
    labels = category_labels(dimension, keys)
    return [(k, labels[k], counts.get(k, 0)) for k in keys]


def crosstab(definition: Definition, scope: Scope, rows_dim: str, cols_dim: str):
    """(row labels, column labels, matrix of counts) along two dimensions."""
    grouped = _grouped(definition, scope, [rows_dim, cols_dim])
    counts = {(r[0], r[1]): r[2] for r in grouped}
    row_keys = category_keys(rows_dim, {k[0]: 1 for k in counts})
    col_keys = category_keys(cols_dim, {k[1]: 1 for k in counts})
    row_labels = category_labels(rows_dim, row_keys)
    col_labels = category_labels(cols_dim, col_keys)
    matrix = [[counts.get((r, c), 0) for c in col_keys] for r in row_keys]
    return [row_labels[k] for k in row_keys], [col_labels[k] for k in col_keys], matrix


def _grouped(definition, scope, dimensions):
    queryset = definition.population(scope)
    if "age_band" in dimensions:
        queryset = queryset.annotate(age_band=age_band(scope))
    paths = [definition.fields[d] for d in dimensions]
    return list(
        queryset.order_by()
        .values_list(*paths)
        .annotate(n=Count("pk", distinct=True))
        .values_list(*paths, "n")
    )


def category_keys(dimension: str, present: dict) -> list:
    """Every category of a fixed list (so that a zero shows), else those present."""
    fixed = {
        "sex": Sex.values,
        "age_band": [k for k, _label in AGE_BANDS],
        "category": NeedCategory.values,
        "legal_status": LegalStatus.values,
        "complaint_category": ComplaintCategory.values,
    }
    if dimension in fixed:
        extra = [k for k in present if k not in fixed[dimension]]
        return fixed[dimension] + sorted(extra, key=str)
    return sorted(present, key=lambda k: (k is None, k or 0))
