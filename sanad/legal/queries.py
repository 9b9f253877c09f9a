"""The case list's filters, one definition for the list page, the case picker and the API."""

from django.db.models import Q

from sanad.legal.forms import CaseFilterForm
from sanad.legal.models import LegalCase
from sanad.lib.text import fold


def listed(user, params) -> tuple:
    """The list's filter form bound to `params` and the cases `user` may see that match it,
    newest first."""
    form = CaseFilterForm(params or None)
    cases = LegalCase.objects.visible_to(user).for_list()
    if form.is_valid():
        data = form.cleaned_data
        if q := data["q"].strip():
            cases = search(cases, q)
        if data["stage"]:
            cases = cases.filter(stage=data["stage"])
        if data["state"]:
            cases = cases.filter(is_open=data["state"] == "open")
    return form, cases


def search(cases, q: str):
    """Cases whose person's names (either script) contain every word of `q`, or whose case
    number contains `q`."""
    words = Q()
    for word in fold(q).split():
        words &= Q(beneficiary__search_text__contains=word)
    return cases.filter(words | Q(case_number__icontains=q))
