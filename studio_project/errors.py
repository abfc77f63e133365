"""One error format for the whole API: {"detail": "...", "code": "..."}.

Field-level validation errors keep their per-field messages under "errors" and
are summarised in "detail", so a client can always show `detail` to a person.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import DatabaseError, OperationalError
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ratelimit.throttling import studio_throttled
from studio_project.exceptions import StudioError
from studio_project.uploads import UploadTooBig, mib


def _flatten(errors, prefix=""):
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = key if key != "non_field_errors" else ""
            yield from _flatten(value, f"{prefix}{name}" if not prefix else f"{prefix}.{name}")
    elif isinstance(errors, list):
        for item in errors:
            yield from _flatten(item, prefix)
    else:
        yield f"{prefix}: {errors}" if prefix else str(errors)


def request_refusal(exc):
    """(status, detail, code) for a request Django refuses while reading it or its Host, or None."""
    if isinstance(exc, UploadTooBig):
        return status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, str(exc), "too_large"
    if isinstance(exc, RequestDataTooBig):
        detail = f"The request body is larger than {mib(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}; send a smaller one."
        return status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, detail, "too_large"
    if isinstance(exc, TooManyFieldsSent):
        detail = f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields; send fewer."
        return status.HTTP_400_BAD_REQUEST, detail, "too_many_fields"
    if isinstance(exc, TooManyFilesSent):
        detail = f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files; send one image."
        return status.HTTP_400_BAD_REQUEST, detail, "too_many_files"
    if isinstance(exc, DisallowedHost):
        return status.HTTP_400_BAD_REQUEST, "The Host header names a site this server does not serve.", "bad_host"
    return None


def exception_handler(exc, context):
    refusal = request_refusal(exc)
    if refusal is not None:
        code, detail, name = refusal
        return Response({"detail": detail, "code": name}, status=code)
    if isinstance(exc, StudioError):
        return Response({"detail": exc.detail, "code": exc.code, **exc.extra}, status=exc.status_code)
    if isinstance(exc, OperationalError):
        return Response(
            {"detail": "The database is unavailable; try again in a moment.", "code": "service_unavailable"},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "5"},
        )
    if isinstance(exc, DatabaseError):
        return None
    exc = studio_throttled(context.get("request"), exc)  # a StudioThrottle refusal: Studio's 429 sentence
    if isinstance(exc, Http404):  # get_object_or_404: the same answer as any unknown id, with its code
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": "; ".join(_flatten(data)) or "Invalid input.",
            "code": "invalid",
            "errors": data,
        }
    elif isinstance(data, dict) and "detail" in data:
        code = getattr(exc, "default_code", "error")
        if hasattr(exc, "get_codes"):
            codes = exc.get_codes()
            if isinstance(codes, str):
                code = codes
            elif isinstance(codes, dict) and isinstance(codes.get("detail"), str):
                code = codes["detail"]
        detail = str(data["detail"])
        if isinstance(exc, exceptions.UnsupportedMediaType) and context.get("request") is not None:
            accepted = " or ".join(parser.media_type for parser in context["request"].parsers)
            detail = f"{detail.removesuffix('.')}; send the body as {accepted}."
        response.data = {**data, "detail": detail, "code": code}
    return response


# Django's own answers for requests that never reach a DRF view (a URL that matches no route, a Host
# not allowed, a crash outside DRF): JSON in the same format under /api/, Django's pages elsewhere.

API_PREFIX = "/api/"


def page_not_found(request, exception):
    if request.path_info.startswith(API_PREFIX):  # path_info: the path below any script prefix
        docs = f"{request.path.removesuffix(request.path_info)}/api/docs/"  # under the same script prefix
        return JsonResponse(
            {"detail": f"No API endpoint matches {request.path}; the list is at {docs}.", "code": "not_found"},
            status=status.HTTP_404_NOT_FOUND,
        )
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    # Never request.get_host() here: for a DisallowedHost it raises again.
    if request.path_info.startswith(API_PREFIX):
        code, detail, name = request_refusal(exception) or (
            status.HTTP_400_BAD_REQUEST,
            "The request could not be read; check its headers and body.",
            "bad_request",
        )
        return JsonResponse({"detail": detail, "code": name}, status=code)
    return defaults.bad_request(request, exception)


def server_error(request):
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": "Something went wrong on our side; it has been logged. Try again.", "code": "server_error"},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    return defaults.server_error(request)
