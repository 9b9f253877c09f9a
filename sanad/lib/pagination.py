"""Page through a queryset from a query parameter (`page` unless a page shows two lists),
never failing on a bad number.

Lists count at most CAP rows: counting every row of a national table on each page view costs
more than showing the page. Beyond that the page says "more than 1,000 results" and offers
the next pages up to the cap; filters narrow the rest."""

from functools import cached_property
from math import ceil

from django.core.paginator import Page, Paginator

PER_PAGE = 25
CAP = 1000


class CappedPaginator(Paginator):
    cap = CAP
    uncounted = False

    @cached_property
    def count(self):
        """The number of rows, counting no further than `cap` + 1."""
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self):
        return ceil(self.cap / self.per_page) if self.capped else super().num_pages


def paginate(request, queryset, per_page: int = PER_PAGE, param: str = "page"):
    paginator = CappedPaginator(queryset, per_page)
    page = paginator.get_page(request.GET.get(param))
    page.param = param
    return page


# Far past any list's end; a larger number would overflow the database's OFFSET.
MAX_PAGE = 1_000_000


def paginate_uncounted(request, queryset, per_page: int = PER_PAGE, param: str = "page"):
    """A page of `queryset` read with one row more, which tells whether another page follows:
    for lists whose count would cost more than their page (the agenda, across every case a
    CSO may see). The page shows no total."""
    try:
        number = min(max(1, int(request.GET.get(param, 1))), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    bottom = (number - 1) * per_page
    rows = list(queryset[bottom : bottom + per_page + 1])
    page = Page(rows[:per_page], number, LookaheadPaginator(per_page, number, len(rows)))
    page.param = param
    return page


class LookaheadPaginator(Paginator):
    """What a page's links need, without counting: the rows up to the page asked for, and
    one page more when a row beyond it was read."""

    capped = False
    uncounted = True

    def __init__(self, per_page: int, number: int, read: int):
        super().__init__([], per_page)
        self.count = (number - 1) * per_page + read
        self.num_pages = number + 1 if read > per_page else number


def first_rows(queryset, limit: int) -> tuple[list, int]:
    """The first `limit` rows of `queryset` and how many others there are (counted only when
    there are some): for lists that are sent rather than paged (e-mails, calendar feeds)."""
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, 0
    return rows[:limit], queryset.count() - limit
