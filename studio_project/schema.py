"""The API schema: drf-spectacular's, plus the answers every route can give.

Each view documents its own outcomes (404, 409, 412 …). The answers that come
from the shared machinery are added here, once, to every operation they apply
to: 401 where a signed-in caller is required, 403 where a session-authenticated
write needs its CSRF token, 429 and 503 where StudioThrottle counts the request
(with Retry-After), and the RateLimit headers on every answer it counts.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication

from director.stages import Stage
from ratelimit.throttling import StudioThrottle


class ErrorSerializer(serializers.Serializer):
    """Every key an error answer can carry: `detail` and `code` always, the others where they apply
    (director/errors.py raises them with their extras; studio_project/errors.py adds `errors`)."""

    detail = serializers.CharField(help_text="What went wrong and what to do about it, for a person to read.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `not_found` or `throttled`.")
    errors = serializers.DictField(
        required=False, help_text="A 400 for invalid input: the messages per field (`detail` sums them up)."
    )
    stage = serializers.ChoiceField(
        choices=Stage.choices, required=False, help_text="A 409 stage conflict: the stage the job is in."
    )
    current_version = serializers.IntegerField(
        required=False, help_text="A 412: the storyboard's version now; reload it and send that (If-Match)."
    )
    scene_id = serializers.UUIDField(required=False, help_text="A 409: the scene that has used all its rewrites.")
    scenes_not_green = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="A 409 on approve: the scenes not GREEN yet."
    )
    credits_needed = serializers.IntegerField(required=False, help_text="A 402: what the render costs.")
    credits_remaining = serializers.IntegerField(required=False, help_text="A 402: what the account has.")
    credits_missing = serializers.IntegerField(required=False, help_text="A 402: how many more are needed.")


ERROR = OpenApiResponse(ErrorSerializer, description="`{detail, code}` saying what to fix")

RATELIMIT_HEADERS = {
    "RateLimit-Policy": {
        "description": 'The limit this request counted against: `"<scope>";q=<limit>;w=<window seconds>`.',
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'What is left of it: `"<scope>";r=<remaining>;t=<seconds until the window ends>`.',
        "schema": {"type": "string"},
    },
}
# Stored media (image, preview, video): the whole file, or the bytes a Range asked for.
RANGE = OpenApiParameter(
    "Range",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="One byte range, e.g. `bytes=0-1023` or `bytes=-500`; answered with 206 (or 416).",
)
CONTENT_RANGE = OpenApiParameter(
    "Content-Range",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[206, 416],
    description="The bytes sent and the file's size, `bytes 0-1023/52100` (416: `bytes */52100`).",
)


def etag_header(*codes):
    """The ETag a director-state answer (`codes`) carries."""
    return OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=list(codes),
        description='The storyboard version, e.g. `"3"`: send it back as If-Match when reviewing a scene.',
    )


def media(*types):
    """The answers of a media route: the file (200) or a range of it (206) in each of `types`, or a 416."""
    return {
        **{(code, media_type): OpenApiTypes.BINARY for code in (200, 206) for media_type in types},
        416: OpenApiResponse(description="The Range can't be satisfied; Content-Range gives the size."),
    }


RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}}

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Refused before anything is counted (no caller, a session write without its CSRF token), or because the
# limiter could not count.
UNCOUNTED = {"401", "403", "503"}


class StudioAutoSchema(AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for status, description, headers in self.shared_answers():
            if str(status) not in responses:
                responses[str(status)] = {
                    "content": {"application/json": {"schema": self.error_schema()}},
                    "description": description,
                    **({"headers": dict(headers)} if headers else {}),
                }
        if self.is_throttled():
            for status, response in responses.items():
                if status not in UNCOUNTED:
                    response.setdefault("headers", {}).update(RATELIMIT_HEADERS)
        return operation

    def error_schema(self):
        return self.resolve_serializer(ErrorSerializer, "response").ref

    def is_throttled(self):
        return any(isinstance(throttle, StudioThrottle) for throttle in self.view.get_throttles())

    def shared_answers(self):
        # studio_project.middleware.QueryStringMiddleware answers it on every route, before the view.
        yield 400, "The query string holds a control character (such as %00); send printable text only.", None
        signed_in = not all(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions())
        if signed_in:
            yield 401, "Not signed in: send `Authorization: Token <key>` (or sign in for a session).", None
        sessions = any(isinstance(a, SessionAuthentication) for a in self.view.get_authenticators())
        if signed_in and sessions and self.method in UNSAFE_METHODS:
            yield 403, "A session-authenticated write without its CSRF token.", None
        if self.is_throttled():
            yield 429, "Too many requests for this scope; `detail` and Retry-After say when to come back.", RETRY_AFTER
            yield 503, "The rate limiter could not count the request, so it was refused; retry shortly.", RETRY_AFTER


# --- Links: how one answer leads to the next request (OpenAPI `links`; drf-spectacular emits none) -------------

STORYBOARD_SCENES = 3  # director/scenes.py write_storyboard: a link per scene a storyboard holds


def _state_links(job_id):
    """From an answer carrying the director state (or a job): read it again, review a scene, approve, the video."""
    review = {
        f"ReviewScene{index + 1}": (
            "v1_jobs_scenes_review_create",
            {
                "path.id": job_id,
                "path.scene_id": f"$response.body#/scenes/{index}/id",
                "header.If-Match": "$response.header.ETag",
            },
        )
        for index in range(STORYBOARD_SCENES)
    }
    return {
        "GetDirectorState": ("v1_jobs_director_retrieve", {"path.id": job_id}),
        **review,
        "Approve": ("v1_jobs_approve_create", {"path.id": job_id}),
        "GetVideo": ("v1_jobs_video_retrieve", {"path.id": job_id}),
    }


LINKS = {
    ("v1_jobs_create", "201"): {
        "GetJob": ("v1_jobs_retrieve", {"path.id": "$response.body#/id"}),
        "GetDirectorState": ("v1_jobs_director_retrieve", {"path.id": "$response.body#/id"}),
        "GetPitches": ("v1_jobs_pitches_list", {"path.id": "$response.body#/id"}),
        "SelectDirector": ("v1_jobs_select_director_create", {"path.id": "$response.body#/id"}),
        "DeleteJob": ("v1_jobs_destroy", {"path.id": "$response.body#/id"}),
    },
    ("v1_jobs_director_retrieve", "200"): _state_links("$response.body#/jobId"),
    ("v1_jobs_select_director_create", "201"): _state_links("$response.body#/jobId"),
    ("v1_jobs_scenes_review_create", "200"): _state_links("$response.body#/jobId"),
    ("v1_jobs_approve_create", "202"): {
        "GetDirectorState": ("v1_jobs_director_retrieve", {"path.id": "$response.body#/jobId"}),
        "GetVideo": ("v1_jobs_video_retrieve", {"path.id": "$response.body#/jobId"}),
    },
}


def add_links(result, generator, request, public):
    """drf-spectacular postprocessing hook: the `links` of LINKS on the answers they start from."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for status, response in operation.get("responses", {}).items():
                links = LINKS.get((operation.get("operationId"), status))
                if links:
                    response["links"] = {
                        name: {"operationId": target, "parameters": parameters}
                        for name, (target, parameters) in links.items()
                    }
    return result
