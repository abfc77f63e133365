"""Domain errors of the director flow; the API turns each into its status code."""


class StudioError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(self, detail, **extra):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(StudioError):
    status_code = 404
    code = "not_found"


class StageConflict(StudioError):
    """The job is not in a stage that allows this move."""

    status_code = 409
    code = "stage_conflict"


class AttemptsExhausted(StudioError):
    status_code = 409
    code = "attempts_exhausted"


class StaleVersion(StudioError):
    status_code = 412
    code = "stale_version"


class VersionRequired(StudioError):
    status_code = 428
    code = "version_required"


class InsufficientCredits(StudioError):
    status_code = 402
    code = "insufficient_credits"


class InvalidRequest(StudioError):
    status_code = 400
    code = "invalid"


class InvalidUpload(InvalidRequest):
    code = "invalid_upload"


class UploadTooLarge(StudioError):
    status_code = 413
    code = "too_large"


class UnsupportedMedia(StudioError):
    status_code = 415
    code = "unsupported_media_type"
