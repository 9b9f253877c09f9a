"""Every template compiles: a filter used without its library loaded fails here, not on
the one page a person opens."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

ROOT = Path(settings.BASE_DIR)
DJANGO = sorted(p.relative_to(ROOT / "templates") for p in (ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("name", DJANGO, ids=str)
def test_django_template_compiles(name):
    engines["django"].get_template(str(name))
