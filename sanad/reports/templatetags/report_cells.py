from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def cell(value, k):
    """A count in a published table: "< k" where it is hidden (None)."""
    return f"< {k}" if value is None else number_format(value)
