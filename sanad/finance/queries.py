"""The expense claim list's filters, one definition for the list page and the API."""

from sanad.finance.forms import ClaimFilterForm
from sanad.finance.models import ExpenseClaim
from sanad.network.access import network_wide_capabilities, scoped_organisation_ids
from sanad.network.models import Organisation


def listed(user, params) -> tuple:
    """The list's filter form bound to `params` (an organisation to choose only for someone
    who sees several) and the claims `user` may see that match it."""
    claims = ExpenseClaim.objects.visible_to(user).select_related("organisation", "budget_line")
    organisations = None  # a CSO's focal point sees their organisation's: nothing to choose
    if "finance.view" in network_wide_capabilities(user):
        claimed = ExpenseClaim.objects.values("organisation_id")
        organisations = Organisation.objects.filter(id__in=claimed).order_by("name_fr")
    elif len(scope := scoped_organisation_ids(user, "finance.view")) > 1:
        organisations = Organisation.objects.filter(id__in=scope).order_by("name_fr")
    form = ClaimFilterForm(params or None, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        for word in data["q"].split():
            claims = claims.filter(description__icontains=word)
        for name in ("state", "organisation", "budget_line"):
            if data.get(name):
                claims = claims.filter(**{name: data[name]})
        claims = form.within(claims, "spent_on")
    return form, claims
