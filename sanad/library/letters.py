"""Letter templates kept in the library: their text is a small Django template checked on
the way in, so that a template can fill the letter from the case and do nothing else."""

import re

from django.core.exceptions import ValidationError
from django.template import Context, TemplateSyntaxError, engines
from django.template.base import Lexer, TokenType
from django.utils.translation import gettext as _

from sanad.library.models import ResourceVersion

# What a letter's text may use: the case's values (legal.views_agenda._letter_text gives
# them), conditions, and a few formatting filters.
NAMES = frozenset({"beneficiary", "case", "placement", "decision", "name", "female",
                   "held_at", "judged_by", "lawyer"})  # fmt: skip
TAGS = frozenset({"if", "elif", "else", "endif"})
FILTERS = frozenset({"date", "default", "upper", "lower", "title"})
OPERATORS = frozenset({"and", "or", "not", "in", "is", "None", "True", "False"})
_STRINGS = re.compile(r"\"[^\"]*\"|'[^']*'")
_FILTER = re.compile(r"\|\s*(\w+)")
_NAME = re.compile(r"[A-Za-z_][\w.]*")


def check(text: str) -> None:
    """Raise a ValidationError naming what `text` uses beyond NAMES, TAGS and FILTERS, or
    its syntax error."""
    refused = set()
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.BLOCK:
            word, _space, expression = token.contents.partition(" ")
            if word not in TAGS:
                refused.add(f"{{% {word} %}}")
        elif token.token_type == TokenType.VAR:
            expression = token.contents
        else:
            continue
        expression = _STRINGS.sub('""', expression)
        refused |= {f"|{f}" for f in _FILTER.findall(expression) if f not in FILTERS}
        for name in _NAME.findall(_FILTER.sub("", expression)):
            parts = name.split(".")
            hidden = any(part.startswith("_") for part in parts)
            if name not in OPERATORS and (parts[0] not in NAMES or hidden):
                refused.add(name)
    if refused:
        raise ValidationError(
            _("A letter template may not use: %(items)s."),
            params={"items": ", ".join(sorted(refused))},
        )
    try:
        engines["django"].from_string(text)
    except TemplateSyntaxError as error:
        message = _("The template cannot be read: %(error)s")
        raise ValidationError(message, params={"error": error}) from error


def current(letter: str, language: str) -> ResourceVersion | None:
    """The newest version of the template providing `letter` that has a text in `language`."""
    return (
        ResourceVersion.objects.filter(resource__letter=letter)
        .exclude(**{f"text_{language}": ""})
        .select_related("resource")
        .order_by("-number")
        .first()
    )


def render(text: str, context: dict) -> str:
    """`text` (checked by `check`) filled from `context`, without HTML escaping (as
    `lib.plain_text.render_plain_text`)."""
    return engines["django"].from_string(text).template.render(Context(context, autoescape=False))
