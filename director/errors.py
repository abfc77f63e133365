"""Domain errors of the director flow; the API turns each into its status code.

The generic ones are Studio's own (studio_project.exceptions) and are importable from here too.
"""

from studio_project.exceptions import InvalidRequest, NotFound, StaleVersion, StudioError, VersionRequired

__all__ = [
    "AttemptsExhausted",
    "InsufficientCredits",
    "InvalidRequest",
    "InvalidUpload",
    "NotFound",
    "StageConflict",
    "StaleVersion",
    "StudioError",
    "UnsupportedMedia",
    "UploadTooLarge",
    "VersionRequired",
]


class StageConflict(StudioError):
    """The job is not in a stage that allows this move."""

    status_code = 409
    code = "stage_conflict"


class AttemptsExhausted(StudioError):
    status_code = 409
    code = "attempts_exhausted"


class InsufficientCredits(StudioError):
    status_code = 402
    code = "insufficient_credits"


class InvalidUpload(InvalidRequest):
    code = "invalid_upload"


class UploadTooLarge(StudioError):
    status_code = 413
    code = "too_large"


class UnsupportedMedia(StudioError):
    status_code = 415
    code = "unsupported_media_type"
