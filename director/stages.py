"""The one mapping from stored statuses to the API's stage."""

from django.db import models

from director.models import JobStatus, RecordStatus


class Stage(models.TextChoices):
    ANALYZING = "ANALYZING"
    FLAGGED = "FLAGGED"
    IDLE = "IDLE"
    QUALITY_CHECK = "QUALITY_CHECK"
    QUALITY_FAILED = "QUALITY_FAILED"
    REMASTERING = "REMASTERING"
    STORYBOARD_REVIEW = "STORYBOARD_REVIEW"
    RENDERING = "RENDERING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


JOB_STAGES = {
    JobStatus.PENDING: Stage.ANALYZING,
    JobStatus.PROCESSING: Stage.ANALYZING,
    JobStatus.COMPLETED: Stage.IDLE,
    JobStatus.FLAGGED: Stage.FLAGGED,
    JobStatus.FAILED: Stage.FAILED,
    JobStatus.CANCELLED: Stage.CANCELLED,
}

RECORD_STAGES = {
    RecordStatus.SCRIPTING: Stage.QUALITY_CHECK,
    RecordStatus.QUALITY_FAILED: Stage.QUALITY_FAILED,
    RecordStatus.REMASTERING: Stage.REMASTERING,
    RecordStatus.REVIEWING: Stage.STORYBOARD_REVIEW,
    RecordStatus.RENDERING: Stage.RENDERING,
    RecordStatus.COMPLETED: Stage.COMPLETED,
    RecordStatus.FAILED: Stage.FAILED,
    RecordStatus.CANCELLED: Stage.CANCELLED,
}


def stage_of(job, record=None):
    """The stage of a job given its (optional) prompt record.

    A cancelled job is CANCELLED whatever its record says; otherwise the record,
    once it exists, is the truth.
    """
    if job.status == JobStatus.CANCELLED:
        return Stage.CANCELLED
    if record is not None and job.status == JobStatus.COMPLETED:
        return RECORD_STAGES[record.status]
    return JOB_STAGES[job.status]
