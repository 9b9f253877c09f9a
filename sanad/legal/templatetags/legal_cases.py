"""Lets other apps' pages show a person's legal cases without importing this app."""

from django import template

from sanad.legal.models import LegalCase
from sanad.network.access import has_capability, permits

register = template.Library()


@register.inclusion_tag("legal/_beneficiary_cases.html", takes_context=True)
def beneficiary_cases(context, beneficiary):
    """The cases of `beneficiary` that the signed-in person may see, and whether they may
    open one."""
    user = context["request"].user
    return {
        "beneficiary": beneficiary,
        "cases": LegalCase.objects.visible_to(user)
        .filter(beneficiary=beneficiary)
        .select_related("court"),
        "can_create": permits(user, "case.create", beneficiary),
        "can_view": has_capability(user, "case.view"),
    }
