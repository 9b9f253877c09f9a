"""What a web worker prepares before it serves anyone (called by sanad/wsgi.py)."""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.utils import translation


def warm_up() -> list[str]:
    """Compile every project template into the cached loader, load each language's
    catalogue and the URL map, so that the first visitors after a restart do not wait for
    them (on 2 cores a cold page took several hundred milliseconds). Returns the names of the
    templates compiled; a template with a syntax error stops the worker at start rather than
    on the page that uses it."""
    engine = engines["django"]
    root = Path(settings.BASE_DIR) / "templates"
    names = sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
    for name in names:
        engine.get_template(name)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Beneficiaries")
    get_resolver().url_patterns  # noqa: B018 (imports every view module once)
    return names
