"""Template helpers for the layout: Bootstrap classes on form widgets, query strings, file
sizes and text in another language than the page's."""

from django import forms, template
from django.utils import formats
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _

from sanad.lib.i18n import spoken
from sanad.network.access import has_capability

register = template.Library()


@register.filter
def widget(field):
    """Render a bound field's widget with the right Bootstrap class, `dir="auto"` on free
    text (user-entered text may be Arabic or Latin), and `aria-invalid` when it has errors."""
    w = field.field.widget
    if isinstance(w, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(w, forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = ""
    elif isinstance(w, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css.strip()}
    if isinstance(w, forms.TextInput | forms.Textarea) and "dir" not in w.attrs:
        attrs["dir"] = "auto"
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    if field.help_text:
        attrs["aria-describedby"] = (
            attrs.get("aria-describedby", "") + f" {field.auto_id}_help"
        ).strip()
    return field.as_widget(attrs=attrs)


@register.simple_tag
def filters_in_use(form) -> int:
    """How many of a filter form's fields after the first were given a value in the query
    (the first, usually the search, is always in sight; see static/sanad-filters.js)."""
    return sum(1 for field in list(form)[1:] if field.data)


@register.simple_tag
def arrow() -> str:
    """The arrow from one value to the next ("from → to"), pointing the way the active
    language reads: "→" would point back to the first value in Arabic."""
    return "←" if get_language_bidi() else "→"


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with `changes` applied (for pagination links that keep filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def page_query(context, page, number):
    """The current query string pointing at page `number` of `page` (see lib.pagination)."""
    return query(context, **{page.param: number})


@register.filter
def can(user, capability):
    """Whether `user` holds `capability` (to show a link or a button, never to protect)."""
    return has_capability(user, capability)


@register.filter
def file_size(size: int) -> str:
    """A file's size in the reader's language, bytes in the plural their number takes
    (Django's own filter gives "604 بايتان" in Arabic)."""
    if size < 1024:
        return ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": size}
    if size < 1024 * 1024:
        return _("%(size)s KB") % {"size": formats.number_format(size / 1024, 1)}
    return _("%(size)s MB") % {"size": formats.number_format(size / (1024 * 1024), 1)}


register.filter("spoken", spoken)
