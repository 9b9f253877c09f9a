"""The visit list's filters, one definition for the list page and the API."""

from sanad.visits.forms import VisitFilterForm
from sanad.visits.models import Visit


def listed(user, params, capability="visit.view_dates") -> tuple:
    """The list's filter form bound to `params` and the visits `user` may use `capability`
    on that match it, each marked `full` when its report may be read."""
    form = VisitFilterForm(params or None)
    visits = Visit.objects.visible_to(user, capability).with_report_access(user).for_list()
    if form.is_valid():
        data = form.cleaned_data
        for name in ("state", "kind", "establishment"):
            if data[name]:
                visits = visits.filter(**{name: data[name]})
        visits = form.within(visits, "day")
    return form, visits
