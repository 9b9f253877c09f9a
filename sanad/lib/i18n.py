"""Display helpers for records stored once with French and Arabic fields."""

from functools import cache

from django.utils.encoding import force_str
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, gettext


def localized(obj, field: str) -> str:
    """`obj.<field>_ar` in Arabic when filled, else `obj.<field>_fr`."""
    return in_language(getattr(obj, f"{field}_fr", ""), getattr(obj, f"{field}_ar", ""))


class Worded(str):
    """A text that knows the language it is written in (`lang`): the French name of an
    establishment shown on an Arabic page is marked as French (template filter `spoken`)."""

    def __new__(cls, text, lang: str = ""):
        worded = super().__new__(cls, text)
        worded.lang = lang
        return worded


def in_language(french: str, arabic: str) -> str:
    """`arabic` in Arabic when filled, else `french`: `localized` for values read without
    their model."""
    if arabic and (get_language() or "").startswith("ar"):
        return Worded(arabic, "ar")
    return Worded(french or "", "fr")


def spoken(value) -> str:
    """`value` escaped, inside `<span lang=.. dir="auto">` when written in another language
    than the page's: screen readers switch voice, punctuation stays where it belongs."""
    lang = getattr(value, "lang", "")
    if not value or not lang or (get_language() or "").startswith(lang):
        return conditional_escape(value)
    return format_html('<span lang="{}" dir="auto">{}</span>', lang, value)


def joined(items) -> str:
    """`items` one after the other, separated as the active language writes a list (the
    Arabic comma in Arabic)."""
    return list_separator().join(str(item) for item in items)


def list_separator() -> str:
    # Translators: between the items of a list ("a, b"); Arabic writes "،".
    return gettext(", ")


class ChoiceLabels:
    """Put before `models.Model` in a model's bases: its `get_<field>_display()` reads a
    table of labels built once per field and translates only the label shown. Django's
    rebuilds a dictionary of every choice on each call, translating every label to hash it,
    which made the choice columns of a list page or an export cost more than its query."""

    def _get_FIELD_display(self, field):
        return choice_label(field, getattr(self, field.attname))


def choice_label(field, value):
    """The label of `value` among `field`'s choices in the active language (`value` itself
    when it is not one of them): `get_<field>_display()` for values read without their
    model."""
    return force_str(_labels(field).get(value, value), strings_only=True)


@cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


def choice_lines(french: str, arabic: str) -> list[tuple[str, str]]:
    """(position, label) for each non-empty line of `french`, labelled by the same line of
    `arabic` in Arabic when there is one: the choices a questionnaire's author typed."""
    french_lines = [line.strip() for line in french.splitlines() if line.strip()]
    arabic_lines = [line.strip() for line in arabic.splitlines() if line.strip()]
    if not (get_language() or "").startswith("ar"):
        arabic_lines = []
    return [
        (str(i), arabic_lines[i] if i < len(arabic_lines) else label)
        for i, label in enumerate(french_lines)
    ]
