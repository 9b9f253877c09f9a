from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from sanad.lib.disclosure import PROTECTING, SMALL

register = template.Library()


@register.filter
def cell(value, k):
    """A published count, or the mark it is hidden under: "< k" for a small count, "•" for
    a figure hidden so that a small count cannot be worked out."""
    if value == PROTECTING:
        return format_html('<span title="{}">•</span>', _("hidden to protect a small count"))
    if value is None or value == SMALL:
        return small_mark(k)
    return number_format(value)


@register.simple_tag
def small_mark(k, prefix=""):
    """ "< k", kept left to right inside right-to-left text."""
    return format_html(
        '<bdi dir="ltr" title="{}">{}&lt; {}</bdi>', _("from 1 to %(n)s") % {"n": k - 1}, prefix, k
    )
