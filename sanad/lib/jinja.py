"""The Jinja2 environment for the rows of the busiest lists (the beneficiaries, the agenda).

Django's template language resolves each variable through several lookups and a lazy
translation proxy: the rows of 25 beneficiaries took 8-9 ms of a 45 ms page, against 3 ms
compiled by Jinja2 (national scale, in-process; the page's CPU time fell from 43 to 31 ms).
Pages stay Django templates: they place the rows with `{% rows "…" rows=… %}` (sanad_ui).

Rules for these templates (in `jinja_templates/`): escaping is on, a missing variable is an
error (StrictUndefined), and text to translate is written `_("…")` inside `{{ }}` so that
makemessages finds it; a plural is computed in Python (`ngettext`) and passed in."""

from datetime import datetime
from functools import cache, lru_cache

from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import Environment, StrictUndefined

from sanad.lib.i18n import spoken


def environment(**options) -> Environment:
    """The environment Django's Jinja2 backend builds (settings.TEMPLATES)."""
    for ours in ("autoescape", "undefined"):
        options.pop(ours, None)
    env = Environment(
        autoescape=True, undefined=StrictUndefined, extensions=["jinja2.ext.i18n"], **options
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals["code_url"] = code_url
    env.filters["date"] = _date
    env.filters["spoken"] = spoken
    return env


CODE = "00000000-0000-0000-0000-000000000000"


def code_url(name: str, code) -> str:
    """`reverse(name, args=[code])` for a page of one record, named by its code (a UUID):
    reversed once per process with a stand-in code, which is then replaced (`reverse` cost
    40 µs a row, 2 ms of a page of 50)."""
    return _reversed(name, get_script_prefix()).replace(CODE, str(code))


@cache
def _reversed(name: str, _script_prefix: str) -> str:
    return reverse(name, args=[CODE])


def _date(value, format: str = "DATE_FORMAT") -> str:
    """Django's `date` filter: a date-time in the current time zone, in the active language.
    The rows of a page share a few dates: each is formatted once per process and language."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return _formatted(value, getattr(value, "tzinfo", None), format, get_language())


@lru_cache(maxsize=4096)
def _formatted(value, _tzinfo, format: str, _language: str) -> str:
    return date_format(value, format)
