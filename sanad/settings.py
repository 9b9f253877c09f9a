"""Sanad settings: one module, driven by environment variables, SQLite by default.

Production sets SANAD_SECRET_KEY, SANAD_DEBUG=0, SANAD_ALLOWED_HOSTS, SANAD_SITE_URL and
DATABASE_URL; the process refuses to start with DEBUG off and the placeholder key or no site URL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PLACEHOLDER_SECRET_KEY = "sanad-development-key-not-for-production"
SECRET_KEY = os.environ.get("SANAD_SECRET_KEY", PLACEHOLDER_SECRET_KEY)
DEBUG = env_bool("SANAD_DEBUG", True)
if not DEBUG and SECRET_KEY == PLACEHOLDER_SECRET_KEY:
    raise ImproperlyConfigured("SANAD_SECRET_KEY must be set when SANAD_DEBUG is off.")
ALLOWED_HOSTS = env_list("SANAD_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("SANAD_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SANAD_SITE_URL", "http://127.0.0.1:8000")
if not DEBUG and "SANAD_SITE_URL" not in os.environ:
    raise ImproperlyConfigured(
        "SANAD_SITE_URL must be set when SANAD_DEBUG is off: it is the address that links in "
        "e-mails (invitations, private links, reminders) point to, e.g. https://sanad.example."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "django_countries",
    "phonenumber_field",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "sanad.accounts",
    "sanad.network",
    "sanad.audit",
    "sanad.reference",
    "sanad.beneficiaries",
    "sanad.legal",
    "sanad.visits",
    "sanad.families",
    "sanad.complaints",
    "sanad.meetings",
    "sanad.finance",
    "sanad.calls",
    "sanad.directory",
    "sanad.library",
    "sanad.trainings",
    "sanad.releases",
    "sanad.forum",
    "sanad.advocacy",
    "sanad.handovers",
    "sanad.reports",
    "sanad.privacy",
    "sanad.api",
    "sanad.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost, so that even a refused host name (400) carries the anti-framing headers.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sanad.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sanad.accounts.middleware.SessionActivityMiddleware",
    "sanad.accounts.middleware.NoStoreMiddleware",
    "sanad.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "sanad.accounts.middleware.MfaRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sanad.lib.middleware.BadInputMiddleware",
]

if env_bool("SANAD_QUERY_COUNT", False):
    MIDDLEWARE.insert(0, "sanad.lib.querycount.QueryCountMiddleware")
ROOT_URLCONF = "sanad.urls"
WSGI_APPLICATION = "sanad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "sanad.network.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("SANAD_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Casework writes are short; WAL lets the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default random_page_cost (4) prices a page read as a spinning disk's; Sanad's
    # working set is in memory or on SSD, and the default made a CSO's search scan every
    # person instead of following its own (docs/performance.md).
    cost = os.environ.get("SANAD_PG_RANDOM_PAGE_COST", "1.1")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={cost}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sanad_cache",
    },
    # Per process, for what may be a minute old: reference choices (lib/forms.py).
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
if os.environ.get("SANAD_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["SANAD_REDIS_URL"],
    }

FORM_RENDERER = "sanad.lib.forms.FormRenderer"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "sanad.accounts.hashers.SerialArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail login, no public sign-up (people join by invitation).
ACCOUNT_ADAPTER = "sanad.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Reverse proxies of ours in front of gunicorn (0: none, X-Forwarded-For is ignored); the
# client address of the audit and of every rate limit is the one the nearest proxy saw.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("SANAD_TRUSTED_PROXIES", "0"))
ACCOUNT_RATE_LIMITS = {
    # After 5 failed attempts on one address (or 20 from one IP) in 15 minutes, login is
    # refused with the same message whether or not the account exists.
    "login_failed": os.environ.get("SANAD_LOGIN_FAILED_LIMIT", "20/15m/ip,5/15m/key"),
    # Sign-ins from one address (allauth's default); a benchmark from 127.0.0.1 raises it.
    "login": os.environ.get("SANAD_LOGIN_LIMIT", "30/m/ip"),
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sanad"
MFA_FORMS = {"activate_totp": "sanad.accounts.forms.PendingTOTPForm"}
# One 30-second step either side: field workers' phones drift.
MFA_TOTP_TOLERANCE = 1
SANAD_MFA_REQUIRED_ROLES = set(
    env_list("SANAD_MFA_REQUIRED_ROLES", "" if DEBUG else "admin,coordinator,cso_manager,lawyer")
)
SANAD_INVITATION_DAYS = int(os.environ.get("SANAD_INVITATION_DAYS", "7"))
SANAD_COMPLAINT_REMINDER_DAYS = int(os.environ.get("SANAD_COMPLAINT_REMINDER_DAYS", "30"))
SANAD_HANDOVER_CHASE_DAYS = int(os.environ.get("SANAD_HANDOVER_CHASE_DAYS", "7"))
SANAD_RELEASE_WINDOW_DAYS = int(os.environ.get("SANAD_RELEASE_WINDOW_DAYS", "90"))
SANAD_EXPORT_ALERT_ROWS = int(os.environ.get("SANAD_EXPORT_ALERT_ROWS", "2000"))
# A prepared beneficiary spreadsheet can be downloaded for this many hours, then its file is
# deleted.
SANAD_EXPORT_KEEP_HOURS = int(os.environ.get("SANAD_EXPORT_KEEP_HOURS", "24"))
# A spreadsheet being prepared shows progress at least every few seconds; this long without
# any, its worker has stopped (restarted, killed) and the export is shown as stopped.
SANAD_EXPORT_STALL_MINUTES = int(os.environ.get("SANAD_EXPORT_STALL_MINUTES", "15"))
SANAD_SUBJECT_REQUEST_DAYS = int(os.environ.get("SANAD_SUBJECT_REQUEST_DAYS", "30"))
SANAD_DISCLOSURE_K = int(os.environ.get("SANAD_DISCLOSURE_K", "5"))
SANAD_DASHBOARD_CACHE_SECONDS = int(os.environ.get("SANAD_DASHBOARD_CACHE_SECONDS", "300"))
# The key of the analysis extract's pseudonyms: it never leaves the server.
SANAD_PSEUDONYM_KEY = os.environ.get("SANAD_PSEUDONYM_KEY", SECRET_KEY)
SANAD_BACKUP_KEY = os.environ.get("SANAD_BACKUP_KEY", "")

# The API (/api/v1/): personal tokens only (no session: no CSRF to forget), JSON only,
# a rate per token, and the OpenAPI schema with a vendored page (drf-spectacular-sidecar).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["sanad.api.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["sanad.api.auth.TokenAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["sanad.api.auth.PerToken"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("SANAD_API_RATE", "600/min")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sanad API",
    "DESCRIPTION": "Personal tokens (Authorization: Bearer sanad_…) act as their person, with "
    "the same access rules as the pages. See the README, “API”.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name across resources, named apart.
    "ENUM_NAME_OVERRIDES": {
        "ObservationCategoryEnum": "sanad.visits.taxonomy.Category",
        "VisitKindEnum": "sanad.visits.models.Visit.Kind",
        "FigureUnitEnum": ["number", "percent", "days"],
    },
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["sanad.formats"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("SANAD_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    # Uploaded files are private: no MEDIA_URL is served; downloads go through checked views.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get(
    "SANAD_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("SANAD_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SANAD_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SANAD_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SANAD_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SANAD_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("SANAD_FROM_EMAIL", "Sanad <no-reply@sanad.example>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("SANAD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Security headers and cookies.
SESSION_COOKIE_AGE = int(os.environ.get("SANAD_SESSION_IDLE_SECONDS", str(60 * 60)))
# The idle expiry slides with activity, written at most once a minute
# (accounts.middleware.SessionActivityMiddleware), not on every request.
SANAD_SESSION_ACTIVITY_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Only a benchmark on 127.0.0.1 over plain HTTP turns this off (script/bench).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SANAD_SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SANAD_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading HSTS binds the whole domain to HTTPS in browsers for months and cannot be undone
# quickly; the NGO decides it for its domain (SANAD_HSTS_PRELOAD=1), so the check is quiet
# only while that choice has not been made.
SECURE_HSTS_PRELOAD = env_bool("SANAD_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_refusals": {"()": "sanad.lib.logging.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line_refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("SANAD_LOG_LEVEL", "WARNING")},
}
