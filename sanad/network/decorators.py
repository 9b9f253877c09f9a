"""View policies. Every view carries exactly one; a test walks the URLconf to prove it."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from sanad.network.access import has_capability


def capability_required(capability: str):
    """Signed-in users holding `capability` somewhere; others get 403 (anonymous: login)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = login_required(wrapped)
        guarded.sanad_policy = f"capability:{capability}"
        return guarded

    return decorator


def signed_in(view):
    """Any signed-in person, whatever their role (their own profile, their language)."""
    guarded = login_required(view)
    guarded.sanad_policy = "signed-in"
    return guarded


def public(view):
    """Open to anyone: the view itself must check whatever secret it relies on."""
    view.sanad_policy = "public"
    return view
