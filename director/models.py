import os
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from director import brief
from studio_project.fields import JSONField


class JobStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FLAGGED = "flagged", "Flagged"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class MimeType(models.TextChoices):
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
    WEBP = "image/webp", "WebP"


class RecordStatus(models.TextChoices):
    SCRIPTING = "scripting", "Scripting"
    QUALITY_FAILED = "quality_failed", "Quality failed"
    REMASTERING = "remastering", "Remastering"
    REVIEWING = "reviewing", "Reviewing"
    RENDERING = "rendering", "Rendering"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class SceneStatus(models.TextChoices):
    """A storyboard scene's review status, stored in PromptRecord.scenes_data (JSON) and sent as is."""

    PENDING = "PENDING", "Pending"
    GREEN = "GREEN", "Approved"
    YELLOW = "YELLOW", "Rewritten with feedback"
    RED = "RED", "Regenerated"


# What a review may say of a scene: PENDING is only where a scene starts.
VERDICTS = [SceneStatus.GREEN, SceneStatus.YELLOW, SceneStatus.RED]


class Engine(models.TextChoices):
    KLING = "kling", "Kling"
    LUMA = "luma", "Luma"
    GEMINI_PRO = "gemini_pro", "Gemini Pro"


MAX_UPLOAD_BYTES = settings.STUDIO_MAX_UPLOAD_BYTES
MAX_RETRIES = 3
MAX_SCENE_ATTEMPTS = 5
# The same user's same bytes within this long reuse The Eye's analysis instead of running it again.
ANALYSIS_REUSE_WINDOW = timedelta(hours=24)


def _private_path(prefix, filename):
    # An unguessable path; the original name is kept in a column, never in the path.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{prefix}/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}.{ext}"


def upload_path(instance, filename):
    return _private_path("uploads", filename)


def render_path(instance, filename):
    return _private_path("renders", filename)


def preview_path(instance, filename):
    return _private_path("previews", filename)


class VisionJobQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def analysis_to_reuse(self, job, now):
        """The latest analysis The Eye made of the same bytes for the same user within ANALYSIS_REUSE_WINDOW.

        Only an analysis that finished into the Lounge (never a FLAGGED, FAILED or unfinished one), and only one
        The Eye itself ran, so a chain of reuses cannot stretch the window.
        """
        return (
            self.filter(
                user_id=job.user_id,
                file_hash=job.file_hash,
                status=JobStatus.COMPLETED,
                analysis_data__isnull=False,
                analysis_reused_from__isnull=True,
                processed_at__gte=now - ANALYSIS_REUSE_WINDOW,
            )
            .exclude(pk=job.pk)
            .order_by("-processed_at")
            .first()
        )


class VisionJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="vision_jobs", db_index=False
    )
    image = models.FileField(upload_to=upload_path, max_length=255)
    original_filename = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=20, choices=MimeType.choices)
    file_size = models.IntegerField()
    file_hash = models.CharField(max_length=64, db_index=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.PENDING)
    analysis_data = JSONField(null=True, blank=True, help_text="The Eye's full output.")
    pitches = JSONField(null=True, blank=True, help_text="The Lounge's pitches, exactly as shown.")
    cultural_context = JSONField(
        null=True, blank=True, help_text="The language, region, formality and warmth this job is written for."
    )
    brand_essence = JSONField(
        null=True, blank=True, help_text="The brand's essence given at upload (director/brand.py)."
    )
    physics_score = models.FloatField(null=True, blank=True)
    vibe_score = models.FloatField(null=True, blank=True)
    logic_score = models.FloatField(null=True, blank=True)
    integrity_score = models.FloatField(null=True, blank=True)
    quality_score = models.FloatField(null=True, blank=True)
    error_message = models.TextField(blank=True, default="")
    retry_count = models.PositiveSmallIntegerField(default=0)
    # The brief (director/brief.py): given at upload, read by the directors and the renderer.
    # Database defaults too, so rows written outside the ORM (generate_learning_events) take the defaults.
    brand_essence_prompt = models.TextField(
        blank=True, default="", db_default="", help_text="What the video is for, in the user's words (sanitised)."
    )
    aspect_ratio = models.CharField(
        max_length=5,
        choices=brief.AspectRatio.choices,
        default=brief.AspectRatio.LANDSCAPE,
        db_default=brief.AspectRatio.LANDSCAPE.value,
    )
    scene_count = models.PositiveSmallIntegerField(default=brief.DEFAULT_SCENES, db_default=brief.DEFAULT_SCENES)
    scene_duration = models.FloatField(
        default=brief.DEFAULT_SCENE_SECONDS, db_default=brief.DEFAULT_SCENE_SECONDS, help_text="Seconds per scene."
    )
    resolution = models.CharField(
        max_length=5,
        choices=brief.Resolution.choices,
        default=brief.Resolution.HD,
        db_default=brief.Resolution.HD.value,
        help_text="The short side.",
    )
    analysis_reused_from = models.ForeignKey(
        "self",
        on_delete=models.DB_SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The earlier job of the same bytes whose analysis this one copied (no second Eye run).",
    )
    processed_at = models.DateTimeField(null=True, blank=True)
    lounge_opened_at = models.DateTimeField(
        null=True, blank=True, help_text="When the owner was first served this job's pitches (the Lounge opened)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisionJobQuerySet.as_manager()

    class Meta:
        db_table = "vision_jobs"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user"], name="idx_vision_jobs_user_id"),
            models.Index(fields=["status"], name="idx_vision_jobs_status"),
            models.Index(fields=["created_at"], name="idx_vision_jobs_created_at"),
            models.Index(fields=["user", "status"], name="idx_vision_jobs_user_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="vision_jobs_status_valid"),
            models.CheckConstraint(condition=Q(mime_type__in=MimeType.values), name="vision_jobs_mime_type_valid"),
            models.CheckConstraint(
                condition=Q(file_size__gte=1, file_size__lte=MAX_UPLOAD_BYTES), name="vision_jobs_file_size_range"
            ),
            models.CheckConstraint(condition=Q(retry_count__lte=MAX_RETRIES), name="vision_jobs_retry_count_max"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("brand_essence_prompt"), brief.MAX_PROMPT),
                name="vision_jobs_prompt_length",
            ),
            models.CheckConstraint(
                condition=Q(aspect_ratio__in=brief.AspectRatio.values), name="vision_jobs_aspect_ratio_valid"
            ),
            models.CheckConstraint(
                condition=Q(scene_count__gte=brief.MIN_SCENES, scene_count__lte=brief.MAX_SCENES),
                name="vision_jobs_scene_count_range",
            ),
            models.CheckConstraint(
                condition=Q(scene_duration__gte=brief.MIN_SCENE_SECONDS, scene_duration__lte=brief.MAX_SCENE_SECONDS),
                name="vision_jobs_scene_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(resolution__in=brief.Resolution.values), name="vision_jobs_resolution_valid"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0, f"{name}__lte": top}),
                    name=f"vision_jobs_{name}_range",
                )
                for name, top in [
                    ("physics_score", 10),
                    ("vibe_score", 10),
                    ("logic_score", 10),
                    ("quality_score", 10),
                    ("integrity_score", 1),
                ]
            ],
        ]

    def __str__(self):
        return f"{self.original_filename} ({self.status})"

    @property
    def video_filename(self):
        """The finished video's download name: the upload's, its extension replaced (photo.png -> photo.mp4)."""
        stem = os.path.splitext(self.original_filename)[0]
        return f"{stem or 'video'}.mp4"

    @property
    def raw_scores(self):
        return {"physics": self.physics_score, "vibe": self.vibe_score, "logic": self.logic_score}


class PromptRecord(models.Model):
    """The director session for one job: storyboard, review, production."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.OneToOneField(VisionJob, on_delete=models.DB_CASCADE, related_name="prompt_record")
    selected_director_id = models.CharField(max_length=50)
    selected_style_id = models.CharField(max_length=50, blank=True, default="")
    scenes_data = JSONField(default=list, blank=True)
    invariant_visual_summary = models.TextField(blank=True, default="")
    source_analysis = JSONField(
        null=True, blank=True, help_text="The Eye's analysis of the source used for the storyboard (remastered or not)."
    )
    brand_semantic_lock = JSONField(
        null=True, blank=True, help_text="Written once at selection (director/lock.py); never changed after."
    )
    production_engine = models.CharField(max_length=20, choices=Engine.choices, default=Engine.KLING)
    status = models.CharField(max_length=20, choices=RecordStatus.choices, default=RecordStatus.SCRIPTING)
    is_remastered = models.BooleanField(default=False)
    remastered_image = models.FileField(upload_to=upload_path, max_length=255, blank=True)
    video = models.FileField(upload_to=render_path, max_length=255, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    credits_used = models.PositiveIntegerField(default=0)
    render_attempts = models.PositiveSmallIntegerField(default=0)
    render_started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    error_message = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "vision_job_video_prompts"
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="idx_prompts_status_heartbeat")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RecordStatus.values), name="prompts_status_valid"),
            models.CheckConstraint(condition=Q(production_engine__in=Engine.values), name="prompts_engine_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="prompts_progress_range"),
        ]

    def __str__(self):
        return f"{self.selected_director_id} for {self.job_id} ({self.status})"


def record_of(job):
    """The job's prompt record, or None before a director is chosen."""
    try:
        return job.prompt_record
    except PromptRecord.DoesNotExist:
        return None


class ShareLinkQuerySet(models.QuerySet):
    def live(self, now):
        """Links that still play: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ShareLink(models.Model):
    """A finished video shared without signing in: the URL carries this row's random id, signed; revoking or
    expiring the row ends the link, and deleting the job deletes it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.ForeignKey(VisionJob, on_delete=models.DB_CASCADE, related_name="share_links")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        db_table = "share_links"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="share_links_expiry_after")
        ]

    def __str__(self):
        return f"share of {self.job_id} until {self.expires_at:%Y-%m-%d %H:%M}"
