"""Per-user language, the idle sign-out, and mandatory second factor for the roles that
need one."""

import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from sanad.network.access import roles


class UserLanguageMiddleware:
    """A signed-in person sees Sanad in their preferred language, whatever the browser says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class SessionActivityMiddleware:
    """Signs a person out after SESSION_COOKIE_AGE seconds without a request (the session's
    expiry slides with activity), while writing the session at most once every
    SANAD_SESSION_ACTIVITY_SECONDS instead of on every page: reading a page stays a read.
    The idle limit is therefore met to within that many seconds."""

    KEY = "_sanad_active_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(self.KEY, 0) >= settings.SANAD_SESSION_ACTIVITY_SECONDS:
                request.session[self.KEY] = now
        return self.get_response(request)


# The session of a person found enrolled holds their id here: the database is asked once
# per session, not on every page (a millisecond each). Removing an authenticator drops it
# (accounts/receivers.py), so that the next page of that session asks again.
MFA_ENROLLED_KEY = "_sanad_mfa_enrolled"


class MfaRequiredMiddleware:
    """People holding a role listed in SANAD_MFA_REQUIRED_ROLES must enrol a TOTP
    authenticator before they use anything else; until then every page leads to enrolment."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/favicon.ico")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        required = settings.SANAD_MFA_REQUIRED_ROLES
        user = request.user
        if (
            required
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and roles(user) & required
            and request.session.get(MFA_ENROLLED_KEY) != user.pk
        ):
            if not is_mfa_enabled(user):
                return redirect(reverse("mfa_activate_totp"))
            request.session[MFA_ENROLLED_KEY] = user.pk
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing shown to a signed-in person is kept by the browser or a proxy (`no-store`):
    pages, exports, receipts and a person's data export would otherwise stay on a shared
    computer's disk after sign-out. Responses that set their own policy keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
