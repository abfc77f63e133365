"""Refuse a query string PostgreSQL cannot compare: a NUL (or another C0 control) in any key or value.

A filter such as `?username=%00` reaches the database as text, and PostgreSQL refuses NUL in text (a 500 on
every admin changelist). No Studio parameter holds a control character, so any is a 400 here, before a view.
"""

import re

from django.http import HttpResponse, JsonResponse

from studio_project.uploads import API_PREFIX

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 controls but tab, newline and carriage return
DETAIL = "The query string contains a control character (such as %00); send printable text only."


class QueryStringMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING") and any(
            CONTROL.search(key) or any(CONTROL.search(value) for value in values) for key, values in request.GET.lists()
        ):
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse({"detail": DETAIL, "code": "bad_query"}, status=400)
            return HttpResponse(DETAIL, status=400, content_type="text/plain")
        return self.get_response(request)
