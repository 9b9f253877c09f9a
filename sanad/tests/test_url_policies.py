"""Every view Sanad serves states its access policy; a view without one fails this test."""

import inspect

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

# Third-party views, with the reason they need no policy decorator of ours.
TRUSTED_MODULES = {
    "allauth.": "django-allauth's sign-in, password and MFA views guard themselves",
}
TRUSTED_ROUTES = {
    "django-admin/": "the Django admin requires is_staff on every view",
}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_sanad_view_has_an_access_policy():
    unguarded = []
    for route, view in walk(get_resolver().url_patterns):
        module = getattr(view, "__module__", "") or ""
        if any(module.startswith(prefix) for prefix in TRUSTED_MODULES) or any(
            route.startswith(prefix) for prefix in TRUSTED_ROUTES
        ):
            continue
        if not getattr(view, "sanad_policy", None):
            unguarded.append(f"{route} -> {module}.{getattr(view, '__name__', view)}")
    assert not unguarded, "Views without an access policy:\n" + "\n".join(unguarded)


def test_the_walk_sees_sanad_views():
    routes = {route for route, _view in walk(get_resolver().url_patterns)}
    assert "network/<uuid:code>/members/" in routes
    assert "audit/" in routes


# Models whose code appears in a URL without a policy of their own, and why.
NO_POLICY = {
    "accounts.User": "people are reached through their memberships (network.Membership)",
}


def test_every_model_a_url_can_name_has_one_policy_for_reads_and_writes():
    """A model with a public `code` can be asked for by URL: it answers "which rows may this
    person do this to" itself (`visible_to(user, capability)`), children through parents."""
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("sanad.") or label in NO_POLICY:
            continue
        if not any(field.name == "code" for field in model._meta.fields):
            continue
        policy = getattr(model.objects, "visible_to", None)
        if policy is None or "capability" not in inspect.signature(policy).parameters:
            missing.append(label)
    assert not missing, missing
