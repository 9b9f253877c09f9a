"""How an API view states its policy: each endpoint names the capability it needs (403
without it; rows outside the person's reach are 404 through `visible_to`); lists page by
cursor. Authentication and rate limits are in sanad/api/auth.py."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.pagination import CursorPagination

from sanad.network.access import has_capability


class Problem(serializers.Serializer):
    detail = serializers.CharField()


class Cursor(CursorPagination):
    """Newest first, by a cursor: a page never shifts when rows are added."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def paged(serializer):
    """The schema of one page of `serializer`'s rows, as Cursor answers it."""
    fields = {
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer(many=True),
    }
    return type(f"{serializer.__name__}Page", (serializers.Serializer,), fields)


def filters(form_class) -> list[OpenApiParameter]:
    """A list page's filter form as query parameters: the API filters as the page does."""
    return [
        OpenApiParameter(name, str, description=str(field.label or name))
        for name, field in form_class.base_fields.items()
    ]


def _error(description):
    return OpenApiResponse(response=Problem, description=description)


# What any endpoint may answer besides its own responses.
ERRORS = {
    400: OpenApiResponse(description="What is wrong, field by field"),
    401: _error("No token, or an unknown, expired or revoked one"),
    403: _error("The token's person lacks the capability, or the token is read-only"),
    404: _error("Not found, or outside what the token's person may see"),
    429: _error("Too many requests for this token: wait Retry-After seconds"),
}


def endpoint(methods: list[str], capability, responses=None, **schema):
    """An API view taking `methods`, for people holding `capability` (None: any token; or a
    capability per method), with its OpenAPI description; the URL walk reads the policy
    from `sanad_policy`."""
    needs = capability if isinstance(capability, dict) else dict.fromkeys(methods, capability)
    if not isinstance(responses, dict):
        responses = {200: responses}
    schema["responses"] = ERRORS | responses

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            needed = needs.get(request.method)
            if needed and not has_capability(request.user, needed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = extend_schema(**schema)(api_view(methods)(checked))
        for method in methods:  # named after the view, and its method when it has several
            named = view.__name__ if len(methods) == 1 else f"{view.__name__}_{method.lower()}"
            guarded = extend_schema(methods=[method], operation_id=named)(guarded)
        guarded.sanad_policy = f"token:{needs}"
        return guarded

    return decorate
