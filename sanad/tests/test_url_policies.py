"""Every view Sanad serves states its access policy; a view without one fails this test."""

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
