"""Input no page can use answers 400, never a server error."""

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

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | ValidationError):
            return bad_request(request, exception)
        return None
