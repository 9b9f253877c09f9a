"""Lets the person's page show the contacts with their family without importing this app."""

from django import template

from sanad.families.models import FamilyContact
from sanad.network.access import has_capability, reach

register = template.Library()


@register.inclusion_tag("families/_beneficiary_contacts.html", takes_context=True)
def beneficiary_contacts(context, beneficiary):
    """The latest contacts with `beneficiary`'s relatives that the signed-in person may
    see, each with an edit link where they may record family work."""
    user = context["request"].user
    contacts = FamilyContact.objects.visible_to(user).filter(beneficiary=beneficiary)
    contacts = list(contacts.select_related("relative")[:10])
    # Which of them the person may correct, as FamilyContact's policy decides, without a
    # second query: by the organisation each contact was recorded for.
    where = reach(user, "family.record")
    return {
        "beneficiary": beneficiary,
        "contacts": contacts,
        "editable": {
            c.pk for c in contacts if where.network or c.organisation_id in where.organisations
        },
        "can_view": has_capability(user, "family.view"),
        "can_record": has_capability(user, "family.record"),
    }
