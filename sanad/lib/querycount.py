"""For the benchmark only (SANAD_QUERY_COUNT=1): each response says how many SQL queries it
ran, in an `X-Sanad-Queries` header."""

from django.db import connection


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Sanad-Queries"] = str(count)
        return response
