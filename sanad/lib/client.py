"""The address of the person making a request, as the audit and the rate limits see it."""

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind SANAD_TRUSTED_PROXIES proxies of ours the address the nearest
    of them saw (read from X-Forwarded-For by allauth, whose rate limits use the same)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied):  # a request that bypassed the proxies
        return request.META.get("REMOTE_ADDR")
