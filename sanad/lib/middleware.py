"""Input no page can use answers 400, never a server error."""

from itertools import chain

from django.core.exceptions import ValidationError
from django.views.defaults import bad_request


class BadInputMiddleware:
    """A value too large for the database or for date arithmetic (a 30-digit id, the year
    9999 plus a day), or a malformed code reaching a query, is the request's fault: the
    person gets the 400 page, and the log one line instead of a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        """A NUL character is no one's typing, and PostgreSQL refuses it in any text: the
        request is refused before a view reads it (files are left to their checks)."""
        fields = chain(request.GET.lists(), request.POST.lists() if request.POST else ())
        if any("\x00" in value for _name, values in fields for value in values):
            return bad_request(request, ValueError("NUL character in the request"))
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | ValidationError):
            return bad_request(request, exception)
        return None
