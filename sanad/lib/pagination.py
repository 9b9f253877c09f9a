"""Page through a queryset from the `page` query parameter, never failing on a bad number."""

from django.core.paginator import Paginator

PER_PAGE = 25


def paginate(request, queryset, per_page: int = PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
