"""Browser fixtures: one Chromium per test process, a fresh context per test."""

import os

import pytest
from django.core.cache import cache

from sanad.test import make_personas
from sanad.tests.browser import CHROMIUM_ARGS, chromium_path


@pytest.fixture(scope="session")
def chromium():
    executable = chromium_path()
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are ordinary synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate-limit counters live in the cache table, which the flush between browser tests
    leaves alone: each browser test starts with none."""
    if request.node.get_closest_marker("browser"):
        request.getfixturevalue("transactional_db")
        cache.clear()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def personas(db):
    """The project-wide personas plus the people with two memberships."""
    return make_personas(several=True)
