"""Request bodies are refused while they stream in, never after they were stored.

`UploadLimitHandler` comes first in FILE_UPLOAD_HANDLERS: a multipart body that declares more than
STUDIO_MAX_UPLOAD_BODY_BYTES is refused before a byte of it is read, and one that carries more than
STUDIO_MAX_UPLOAD_BYTES of file data is cut off at the first byte past it. The handlers after it
(Django's memory and temporary-file handlers) are closed, so no temporary file is left.

`LengthRequiredMiddleware`: Django's WSGI request reads a body that declares no Content-Length
(Transfer-Encoding: chunked) as empty, so such a request is answered 411 instead of being served
as if it had no body.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse, JsonResponse

API_PREFIX = "/api/"


def mib(size):
    return f"{size / (1024 * 1024):g} MiB"


class UploadTooBig(RequestDataTooBig):
    """More upload than Studio accepts: a 413 (studio_project.errors)."""


def upload_too_big():
    return UploadTooBig(
        f"The upload is larger than {mib(settings.STUDIO_MAX_UPLOAD_BYTES)}. "
        f"Upload an image of at most {mib(settings.STUDIO_MAX_UPLOAD_BYTES)}."
    )


class UploadLimitHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.STUDIO_MAX_UPLOAD_BODY_BYTES:
            raise upload_too_big()
        self.received = 0
        self.too_big = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)  # every file of the request together
        if self.received > settings.STUDIO_MAX_UPLOAD_BYTES:
            self.too_big = True
            # Django closes every handler's file (the temporary file goes with it) and reads no further.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None

    def upload_complete(self):
        if self.too_big:
            raise upload_too_big()


class LengthRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_TRANSFER_ENCODING" in request.META and not request.META.get("CONTENT_LENGTH"):
            detail = "Send the request body with a Content-Length header; a body without one is not read."
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse({"detail": detail, "code": "length_required"}, status=411)
            return HttpResponse(detail, status=411, content_type="text/plain")
        return self.get_response(request)
