"""The family contact list's filters, one definition for the list page and the API."""

from django.db.models import Q

from sanad.families.forms import ContactFilterForm
from sanad.families.models import FamilyContact
from sanad.lib.text import fold


def matching_names(queryset, q: str, relative_name: str):
    """`queryset` (relatives, or rows with a `relative` and a `beneficiary`) narrowed to those
    where every word of `q` is in the relative's name (`relative_name`) or the detainee's
    (either script)."""
    for word in q.split():
        queryset = queryset.filter(
            Q(**{f"{relative_name}__icontains": word})
            | Q(beneficiary__search_text__contains=fold(word))
        )
    return queryset


def listed(user, params) -> tuple:
    """The list's filter form bound to `params` and the contacts `user` may see that match
    it, the latest first."""
    contacts = FamilyContact.objects.visible_to(user).select_related(
        "beneficiary", "relative", "organisation"
    )
    form = ContactFilterForm(params or None)
    if form.is_valid():
        data = form.cleaned_data
        contacts = matching_names(contacts, data["q"], "relative__name")
        if data["kind"]:
            contacts = contacts.filter(kind=data["kind"])
        contacts = form.within(contacts, "contacted_on")
    return form, contacts
