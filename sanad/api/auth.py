"""How requests to the API are authenticated, allowed to write and rate-limited: a personal
token acts as its person; a read-only one may not write; each token has its own rate."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.settings import api_settings

from sanad.api import services
from sanad.api.models import Access


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer sanad_…`: the person the token belongs to."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode().lower() != self.keyword.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give one token after Bearer.")
        token = services.token_for(parts[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown, expired or revoked token.")
        request._request.sanad_token = token  # the organisation it acts for (network/access)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token."""

    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        described = "A personal token, created on your Sanad page “API tokens”."
        return {"type": "http", "scheme": "bearer", "description": described}


class TokenAccess(permissions.BasePermission):
    """A signed-in token; a read-only one may not write."""

    message = "This token is read-only."

    def has_permission(self, request, view):
        token = request.auth
        if token is None:
            raise exceptions.NotAuthenticated()
        return request.method in permissions.SAFE_METHODS or token.access == Access.WRITE


class PerToken(throttling.SimpleRateThrottle):
    scope = "token"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]  # read now: settings may change

    def get_cache_key(self, request, view):
        if request.auth is None:
            return self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
