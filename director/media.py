"""Serving stored media to its owner, with HTTP Range support so video can seek."""

import mimetypes
import re

from django.core.files.storage import default_storage
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$", re.ASCII)
CHUNK = 64 * 1024
BEYOND_ANY_FILE = 10**18  # 18 significant digits or more: past the end of any stored file


def byte_position(digits):
    """A Range position by its value, without int() of thousands of digits (which raises)."""
    significant = digits.lstrip("0") or "0"
    return BEYOND_ANY_FILE if len(significant) > 18 else int(significant)


def _iter_range(handle, start, length):
    handle.seek(start)
    remaining = length
    try:
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def serve_file(request, name, content_type=None, filename=None):
    """A response for the stored file `name`: 200, 206 for a satisfiable Range, 416 otherwise.

    With `filename`, the response names the file (inline, so it still plays in the page) for a download.
    """
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        size = default_storage.size(name)
    except FileNotFoundError:  # deleted after this request read its row (a job or account deleted meanwhile)
        return JsonResponse({"detail": "That file is no longer stored.", "code": "not_found"}, status=404)
    header = request.headers.get("Range", "")
    match = RANGE_RE.match(header.strip()) if header else None
    if header and match and (match.group(1) or match.group(2)):
        first, last = match.groups()
        if first:
            start = byte_position(first)
            end = min(byte_position(last), size - 1) if last else size - 1
        else:
            start = max(size - byte_position(last), 0)
            end = size - 1
        if start >= size or start > end:
            detail = f"The Range asks for no byte of the file ({size} bytes long); ask for bytes inside it."
            response = JsonResponse({"detail": detail, "code": "range_not_satisfiable"}, status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        length = end - start + 1
        response = StreamingHttpResponse(
            _iter_range(default_storage.open(name, "rb"), start, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    if filename:
        response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
