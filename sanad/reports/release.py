"""The figures analysts, observers and the donor can open: this year's and last year's
completed calendar quarters, and each year to the end of each completed quarter, without
filters. Every figure of one
population over all those periods is one release for lib/disclosure, so that no figure, and
no difference between two of them (two periods, a total and its parts), gives a count from 1
to k-1 away. docs/disclosure.md explains the choice."""

import hashlib
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from itertools import product
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from sanad.beneficiaries.models import Beneficiary, Need, StatusChange
from sanad.beneficiaries.models import Status as BeneficiaryStatus
from sanad.complaints.models import Complaint
from sanad.legal.models import Deadline
from sanad.lib.disclosure import SHOWN, Release, protect
from sanad.releases import outcomes
from sanad.visits.models import Visit

ALL = "*"


@dataclass(frozen=True)
class Period:
    """A completed calendar quarter, or a year up to the end of a completed quarter."""

    start: date
    end: date

    @property
    def key(self) -> str:
        return f"{self.start:%Y-%m}:{self.end:%Y-%m}"

    @property
    def label(self) -> str:
        year = self.start.year
        if self.start.month == 1 and self.end.month == 12:
            return str(year)
        if self.end.month - self.start.month == 2:
            return _("%(year)s Q%(quarter)s") % {"year": year, "quarter": self.end.month // 3}
        return _("%(year)s, %(first)s to %(last)s") % {
            "year": year,
            "first": date_format(self.start, "F"),
            "last": date_format(self.end, "F"),
        }


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def quarters(today: date) -> list[Period]:
    """Every completed quarter offered: this year's and last year's."""
    found, start = [], date(today.year - 1, 1, 1)
    while _month_end(start.replace(month=start.month + 2)) < today:
        found.append(Period(start, _month_end(start.replace(month=start.month + 2))))
        start = found[-1].end + timedelta(days=1)
        if start.year > today.year:
            break
    return found


def periods(today: date) -> list[Period]:
    """Every period a reader can open: each completed quarter, and each year up to the end
    of each of its completed quarters."""
    found = []
    for quarter in quarters(today):
        found.append(quarter)
        if quarter.start.month > 1:
            found.append(Period(date(quarter.end.year, 1, 1), quarter.end))
    return found


def snap(start: date, end: date, today: date) -> Period | None:
    """The published period for a project's or a report's dates: the quarter if they lie in
    one, else the year of their last completed quarter up to its end."""
    done = [q for q in quarters(today) if q.end <= end]
    if not done or done[-1].end < start:
        return None
    last = done[-1]
    return last if start >= last.start else Period(date(last.end.year, 1, 1), last.end)


def choices(today: date) -> list[Period]:
    """What a reader picks from, newest first: each year (to its last completed quarter),
    then each completed quarter."""
    years = {}
    for period in periods(today):
        if period.start.month == 1:
            years[period.start.year] = period  # the latest end comes last
    newest = sorted(years.values(), key=lambda p: p.end, reverse=True)
    return newest + [q for q in reversed(quarters(today)) if q not in newest]


# Populations: rows of (month, *keys, count) -------------------------------------------------


def assisted_rows():
    """People assisted, by the month they were first assisted, birth year, sex and legal
    status (a person counts in every period ending after that month)."""
    first = (
        StatusChange.objects.filter(
            beneficiary=OuterRef("pk"), to_status=BeneficiaryStatus.ASSISTED
        )
        .order_by("at")
        .values("at")[:1]
    )
    rows = (
        Beneficiary.objects.filter(merged_into__isnull=True)
        .annotate(first_assisted=Subquery(first))
        .filter(first_assisted__isnull=False)
        .annotate(month=TruncMonth("first_assisted"))
        .order_by()
        .values_list("month", "birth_year", "sex", "current_legal_status")
        .annotate(n=Count("pk"))
    )
    return [(_day(m), (year, sex, status), n) for m, year, sex, status, n in rows]


def need_rows():
    """People assisted by specific need (one person may count under several)."""
    first = (
        StatusChange.objects.filter(
            beneficiary=OuterRef("beneficiary"), to_status=BeneficiaryStatus.ASSISTED
        )
        .order_by("at")
        .values("at")[:1]
    )
    rows = (
        Need.objects.filter(beneficiary__merged_into__isnull=True)
        .annotate(first_assisted=Subquery(first))
        .filter(first_assisted__isnull=False)
        .annotate(month=TruncMonth("first_assisted"))
        .order_by()
        .values_list("month", "category")
        .annotate(n=Count("beneficiary", distinct=True))
    )
    return [(_day(m), (category,), n) for m, category, n in rows]


def _grouped(queryset, day: str, *keys):
    rows = (
        queryset.annotate(in_month=TruncMonth(day))
        .order_by()
        .values_list("in_month", *keys)
        .annotate(n=Count("pk"))
    )
    return [(_day(m), tuple(rest), n) for m, *rest, n in rows]


def _day(value) -> date:
    return value.date() if hasattr(value, "date") else value


def identified_rows():
    return _grouped(Beneficiary.objects.filter(merged_into__isnull=True), "created_at")


def visit_rows():
    done = Visit.objects.filter(state=Visit.State.DONE)
    return _grouped(done, "visited_on", "establishment__region")


def complaint_rows():
    """Complaints by month received, category and region (none when no establishment)."""
    return _grouped(Complaint.objects.all(), "received_on", "category", "establishment__region")


def missed_rows():
    missed = Deadline.objects.filter(status=Deadline.Status.MISSED)
    return _grouped(missed, "due_on")


def preparation_rows():
    return _grouped(outcomes.releases(), "released_on", "preparation")


def plan_item_rows():
    """Plan items (not people: published only beside enough people with a plan)."""
    return _grouped(outcomes.plan_items(), "released_on", "done")


def outcome_rows(month: int):
    return _grouped(outcomes.follow_ups(month), "done_on", "stable_housing", "working", "family")


def reincarceration_rows():
    return _grouped(outcomes.followed_a_year(), "due_on", "back")


# Families: a population, how a row falls into each figure, and which figures ---------------


def age_band(birth_year, period: Period) -> str:
    """The age band at the end of the period (as for every reader)."""
    if birth_year is None:
        return "unknown"
    age = period.end.year - birth_year
    return "under18" if age < 18 else "18-20" if age < 21 else "21-59" if age < 60 else "60plus"


@dataclass(frozen=True)
class Family:
    rows: object  # callable returning [(month, keys, n)]
    cumulative: bool  # a person counts in every period ending after their month
    dimensions: dict  # name -> callable(keys, period) -> category
    views: tuple  # tuples of dimension names shown together (with their totals)
    additive: bool = True  # False: a row may count under several categories (no total)


FAMILIES = {
    "assisted": Family(
        assisted_rows,
        True,
        {
            "age_band": lambda keys, p: age_band(keys[0], p),
            "sex": lambda keys, p: keys[1],
            "legal_status": lambda keys, p: keys[2],
        },
        (("age_band", "sex"), ("legal_status",)),
    ),
    "needs": Family(
        need_rows, True, {"category": lambda keys, p: keys[0]}, (("category",),), False
    ),
    "identified": Family(identified_rows, False, {}, ((),)),
    "visits": Family(visit_rows, False, {"region": lambda keys, p: keys[0]}, (("region",),)),
    "complaints": Family(
        complaint_rows,
        False,
        {
            "complaint_category": lambda keys, p: keys[0],
            "region": lambda keys, p: keys[1],
        },
        (("complaint_category",), ("region", "complaint_category")),
    ),
    "missed": Family(missed_rows, False, {}, ((),)),
    "prepared": Family(
        preparation_rows, False, {"preparation": lambda keys, p: keys[0]}, (("preparation",),)
    ),
    "plan_items": Family(plan_item_rows, False, {"done": lambda keys, p: keys[0]}, (("done",),)),
    **{
        f"outcomes_{month}": Family(
            partial(outcome_rows, month),
            False,
            {
                "stable_housing": lambda keys, p: keys[0],
                "working": lambda keys, p: keys[1],
                "family": lambda keys, p: keys[2],
            },
            (("stable_housing",), ("working",), ("family",)),
        )
        for month in (6, 12)
    },
    "reincarcerated": Family(
        reincarceration_rows, False, {"back": lambda keys, p: keys[0]}, (("back",),)
    ),
}


@dataclass
class Published:
    """The figures of one family over every period: (period key, {dimension: category})
    -> (value, status); a figure nobody falls in is 0, shown."""

    figures: dict

    def get(self, period: Period, **categories) -> tuple:
        return self.figures.get((period.key, _frozen(categories)), (0, SHOWN))

    def shown(self, period: Period, **categories):
        """The figure as a reader sees it: the count, or the status it is hidden under."""
        value, status = self.get(period, **categories)
        return value if status == SHOWN else status

    def categories(self, dimension: str) -> list:
        """The categories of `dimension` some figure counts."""
        found = {
            key[1][0][1] for key in self.figures if len(key[1]) == 1 and key[1][0][0] == dimension
        }
        return sorted(found, key=lambda c: (c is None, str(c)))


def _frozen(categories: dict) -> tuple:
    return tuple(sorted((d, c) for d, c in categories.items() if c != ALL))


def _inside(month: date, period: Period, cumulative: bool) -> bool:
    return month <= period.end and (cumulative or month >= period.start)


def _cells(family: Family, rows, period: Period):
    """{figure key: set of row indices} for one period."""
    cells = defaultdict(set)
    for index, (month, keys, _n) in enumerate(rows):
        if not _inside(month, period, family.cumulative):
            continue
        categories = {d: f(keys, period) for d, f in family.dimensions.items()}
        for view in family.views:
            options = [(categories[d], ALL) if family.additive else (categories[d],) for d in view]
            for chosen in product(*options):
                cells[_frozen(dict(zip(view, chosen, strict=True)))].add(index)
    return cells


def publish(family: Family, every: list[Period], k: int) -> Published:
    """Every figure of `family` over the periods, audited together (a release per year for
    counts of events, whose years share no one)."""
    rows = family.rows()
    groups = [every] if family.cumulative else _by_year(every)
    figures = {}
    for group in groups:
        figures.update(_audited(family, rows, group, k))
    return Published(figures)


def _by_year(every):
    years = defaultdict(list)
    for period in every:
        years[period.start.year].append(period)
    return list(years.values())


def _audited(family, rows, group, k) -> dict:
    keyed = {}
    for period in group:
        for categories, members in _cells(family, rows, period).items():
            keyed[(period.key, categories)] = frozenset(members)
    # Rows no figure tells apart are one atom.
    falls_in = defaultdict(set)
    for key, members in keyed.items():
        for index in members:
            falls_in[index].add(key)
    signature = defaultdict(list)
    for index, keys in falls_in.items():
        signature[frozenset(keys)].append(index)
    atom_of, atoms = {}, []
    for indices in signature.values():
        for index in indices:
            atom_of[index] = len(atoms)
        atoms.append(sum(rows[i][2] for i in indices))
    unique, cell_of = [], {}
    for members in keyed.values():
        atom_set = frozenset(atom_of[i] for i in members)
        if atom_set not in cell_of:
            cell_of[atom_set] = len(unique)
            unique.append(atom_set)
    release = Release(tuple(atoms), tuple(unique))
    status = protect(release, k)
    figures = {}
    for key, members in keyed.items():
        cell = cell_of[frozenset(atom_of[i] for i in members)]
        figures[key] = (release.value(cell), status[cell])
    return figures


def _code_version() -> str:
    """A digest of the code that computes published figures: figures kept by other code
    (before a deploy) are never served."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("reports/*.py"), root / "lib" / "disclosure.py"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


VERSION = _code_version()
DAY_SECONDS = 24 * 3600
# While the task worker computes a release, how long before another may be queued.
COMPUTING_SECONDS = 15 * 60
_shared: ContextVar = ContextVar("sanad_releases", default=None)
_waits: ContextVar = ContextVar("sanad_release_waits", default=False)


class NotReady(Exception):
    """Today's published figures are being computed by the task worker."""


@contextmanager
def together(*, wait: bool | None = None):
    """Figures read inside share one computation of each release. With `wait` (the task
    worker), a release not kept yet is computed here; without it (a page), it is queued
    for the worker and NotReady raised. Nested blocks keep the outer choice."""
    shared = _shared.set({})
    waits = _waits.set(_waits.get() if wait is None else wait)
    try:
        yield
    finally:
        _shared.reset(shared)
        _waits.reset(waits)


def published(name: str) -> Published:
    """One family's figures over every period ever published, kept for the day and shared
    inside `together`. Only the task worker (`together(wait=True)`) computes a missing one;
    a page queues it and gets NotReady. With caching off, computed each time."""
    shared = _shared.get()
    if shared is not None and name in shared:
        return shared[name]
    k, fresh_for = settings.SANAD_DISCLOSURE_K, settings.SANAD_DASHBOARD_CACHE_SECONDS
    key = f"sanad:release:{VERSION}:{name}:{k}:{timezone.localdate()}"
    figures = cache.get(key) if fresh_for else None
    if figures is None and fresh_for and not _waits.get():
        computing = f"sanad:release:{VERSION}:{k}:{timezone.localdate()}:computing"
        if cache.add(computing, True, COMPUTING_SECONDS):
            publish_every_family.enqueue()
        figures = cache.get(key)  # a worker that runs tasks at once has kept them
        if figures is None:
            raise NotReady(name)
    if figures is None:
        figures = publish(FAMILIES[name], periods(timezone.localdate()), k)
        if fresh_for:
            cache.set(key, figures, DAY_SECONDS)
    if shared is not None:
        shared[name] = figures
    return figures


def publish_today() -> list[str]:
    """Compute and keep today's figures of every family (the nightly job)."""
    with together(wait=True):
        return [name for name in FAMILIES if published(name) is not None]


@task()
def publish_every_family() -> list[str]:
    """`publish_today`, queued by the first page that needed today's figures."""
    return publish_today()


def reader_periods() -> list[Period]:
    """The periods an aggregates-only reader chooses from, newest first."""
    return choices(timezone.localdate())
