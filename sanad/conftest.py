import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from sanad.test import make_personas

# Time limits belong to the benchmark, not to unit tests: hypothesis's 200 ms per example
# failed a property of the deadline arithmetic while the machine was busy seeding a database.
hypothesis_settings.register_profile("sanad", deadline=None)
hypothesis_settings.load_profile("sanad")


@pytest.fixture
def personas(db):
    return make_personas()


@pytest.fixture
def client_for(personas):
    """A test client signed in as the named persona (or anonymous for None)."""

    def make(name):
        client = Client()
        if name is not None:
            client.force_login(personas.by_name(name))
        return client

    return make


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path_factory):
    # Uploaded and generated files go to the test run's temporary folder, never the checkout.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SANAD_MFA_REQUIRED_ROLES = set()
    settings.SANAD_DASHBOARD_CACHE_SECONDS = 0  # each test sees the figures of its own data
    # Argon2 is deliberately slow; tests create many accounts and check no password strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _language():
    """Each test starts in the default language: a request leaves its language active in the
    thread (LocaleMiddleware does not reset it), which would reach the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
