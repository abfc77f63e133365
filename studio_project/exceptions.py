"""Studio's errors that any app may raise; studio_project.errors turns each into {"detail", "code"} and its status.

The app-specific ones (a job's stage, its attempts, credits, uploads) live with their app, e.g. director.errors.
"""


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


class InvalidRequest(StudioError):
    status_code = 400
    code = "invalid"


class StaleVersion(StudioError):
    """The client's If-Match names a version that is no longer the current one."""

    status_code = 412
    code = "stale_version"


class VersionRequired(StudioError):
    """The request must say which version it changes (If-Match)."""

    status_code = 428
    code = "version_required"
