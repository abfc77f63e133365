"""Vision jobs in admin: the image, the scores, the stage, the storyboard and the video, streamed to staff only."""

import json
import logging

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from director import commands
from director.directors import DIRECTOR_IDS
from director.engines import engine_label
from director.errors import StudioError
from director.media import serve_file
from director.models import JobStatus, PromptRecord, SceneStatus, ShareLink, VisionJob
from director.stages import JOB_STAGES, RECORD_STAGES, Stage, stage_of
from learning.models import LearningEvent

log = logging.getLogger(__name__)


def stage_condition(stage):
    """The rows whose stage_of() is `stage`, as a Q over job status and record status."""
    condition = Q(pk__in=[])
    for status, mapped in JOB_STAGES.items():
        if mapped != stage:
            continue
        if status == JobStatus.COMPLETED:
            condition |= Q(status=status, prompt_record__isnull=True)
        else:
            condition |= Q(status=status)
    for status, mapped in RECORD_STAGES.items():
        if mapped == stage:
            condition |= Q(status=JobStatus.COMPLETED, prompt_record__status=status)
    return condition


class StageFilter(admin.SimpleListFilter):
    title = "stage"
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return Stage.choices

    def queryset(self, request, queryset):
        if self.value() in Stage.values:
            return queryset.filter(stage_condition(Stage(self.value())))
        return queryset


class DirectorFilter(admin.SimpleListFilter):
    title = "chosen director"
    parameter_name = "director"

    def lookups(self, request, model_admin):
        return [(ident, ident) for ident in DIRECTOR_IDS] + [("none", "none chosen yet")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(prompt_record__isnull=True)
        if self.value() in DIRECTOR_IDS:
            return queryset.filter(prompt_record__selected_director_id=self.value())
        return queryset


def _media_url(job_id, kind, scene_id=None):
    if scene_id is not None:
        return reverse("admin:director_visionjob_scene_preview", args=[job_id, scene_id])
    return reverse("admin:director_visionjob_media", args=[job_id, kind])


class PromptRecordInline(admin.StackedInline):
    model = PromptRecord
    extra = 0
    max_num = 0
    can_delete = False
    fields = [
        "status",
        "selected_director_id",
        "production_engine",
        "renders_with",
        "progress",
        "version",
        "credits_used",
        "completed_at",
        "error_message",
        "storyboard",
        "video_player",
        "remastered",
        "brand_semantic_lock_pretty",
    ]
    readonly_fields = fields

    @admin.display(description="brand semantic lock")
    def brand_semantic_lock_pretty(self, record):
        lock = json.dumps(record.brand_semantic_lock, indent=2, sort_keys=True, ensure_ascii=False)
        return format_html('<pre class="studio-json">{}</pre>', lock)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="renders with")
    def renders_with(self, record):
        return engine_label(record.production_engine)

    @admin.display(description="storyboard")
    def storyboard(self, record):
        scenes = sorted(record.scenes_data or [], key=lambda s: s.get("sequence_index") or 0)
        if not scenes:
            return "No scenes yet."
        cards = []
        for scene in scenes:
            status = scene.get("status") or SceneStatus.PENDING
            image = (
                format_html(
                    '<img src="{}" alt="Scene {} preview">',
                    _media_url(record.job_id, "preview", scene["id"]),
                    scene.get("sequence_index"),
                )
                if scene.get("preview_path")
                else format_html("<p>{}</p>", "no preview")
            )
            cards.append(
                format_html(
                    '<div class="studio-scene status-{}">{}<p><span class="studio-light {}"></span><strong>{}</strong>'
                    " · scene {} · {}s · {} / {} · attempts {}</p><p>{}</p></div>",
                    status,
                    image,
                    status,
                    status,
                    scene.get("sequence_index"),
                    scene.get("duration"),
                    scene.get("shot"),
                    scene.get("camera"),
                    scene.get("attempt_count", 0),
                    scene.get("action_token", ""),
                )
            )
        return format_html('<div class="studio-strip">{}</div>', format_html_join("", "{}", ((c,) for c in cards)))

    @admin.display(description="video")
    def video_player(self, record):
        if not record.video:
            return "Not rendered yet."
        return format_html(
            '<video controls preload="metadata" width="480" src="{}"></video>', _media_url(record.job_id, "video")
        )

    @admin.display(description="remastered image")
    def remastered(self, record):
        if not record.remastered_image:
            return "—"
        return format_html(
            '<img class="studio-image" src="{}" alt="Remastered">', _media_url(record.job_id, "remastered")
        )


class ShareLinkInline(admin.TabularInline):
    """The job's share links, read-only: the owner creates and revokes them."""

    model = ShareLink
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["id", "created_at", "expires_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(VisionJob)
class VisionJobAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "original_filename", "user", "stage", "format", "scores", "director", "created_at"]
    list_display_links = ["original_filename"]
    list_filter = [StageFilter, DirectorFilter, "aspect_ratio", "resolution", "mime_type"]
    list_select_related = ["user", "prompt_record"]
    search_fields = ["id", "original_filename", "user__username", "user__email", "brand_essence_prompt"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["retry_action", "cancel_action", "release_action"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "image_preview",
                    "stage",
                    "user",
                    "original_filename",
                    "mime_type",
                    "file_size",
                    "dimensions",
                    "file_hash",
                    "status",
                    "error_message",
                    "retry_count",
                ]
            },
        ),
        (
            "The brief",
            {"fields": ["brand_essence_prompt", "aspect_ratio", "scene_count", "scene_duration", "resolution"]},
        ),
        ("The Eye", {"fields": ["scores", "analysis_pretty"]}),
        ("The Lounge", {"fields": ["pitches_pretty"]}),
        ("Dates", {"fields": ["created_at", "processed_at", "updated_at"]}),
    ]
    # Every field shown is read-only: a job changes only through its pipeline actions.
    readonly_fields = [name for _, options in fieldsets for name in options["fields"]]
    inlines = [PromptRecordInline, ShareLinkInline]

    def has_add_permission(self, request):
        return False  # jobs come from uploads, through the API

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "prompt_record")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every field is read-only: state changes go through the actions (the pipeline), not a form.
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        # A job's learning events go with it; they are never deleted on their own.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(str(LearningEvent._meta.verbose_name))
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        commands.delete_job(job=obj)  # removes the stored image, previews and video too

    def delete_queryset(self, request, queryset):
        for job in queryset:
            commands.delete_job(job=job)

    @staticmethod
    def _record(job):
        try:
            return job.prompt_record
        except PromptRecord.DoesNotExist:
            return None

    @admin.display(description="")
    def thumbnail(self, job):
        if not job.image:
            return ""
        return format_html('<img class="studio-thumb" src="{}" alt="" loading="lazy">', _media_url(job.pk, "image"))

    @admin.display(description="image")
    def image_preview(self, job):
        if not job.image:
            return "—"
        return format_html('<img class="studio-image" src="{}" alt="Uploaded image">', _media_url(job.pk, "image"))

    @admin.display(description="stage")
    def stage(self, job):
        return stage_of(job, self._record(job)).value

    @admin.display(description="director")
    def director(self, job):
        record = self._record(job)
        return record.selected_director_id if record else "—"

    @admin.display(description="scores (physics / vibe / logic · quality · integrity)")
    def scores(self, job):
        if job.physics_score is None:
            return "—"
        integrity = "—" if job.integrity_score is None else f"{job.integrity_score:.2f}"
        quality = "—" if job.quality_score is None else f"{job.quality_score:.1f}"
        return f"{job.physics_score:.1f} / {job.vibe_score:.1f} / {job.logic_score:.1f} · {quality} · {integrity}"

    @admin.display(description="format")
    def format(self, job):
        return f"{job.aspect_ratio} · {job.resolution} · {job.scene_count} × {job.scene_duration:g} s"

    @admin.display(description="size")
    def dimensions(self, job):
        return f"{job.width} × {job.height} px"

    @admin.display(description="analysis")
    def analysis_pretty(self, job):
        return format_html('<pre class="studio-json">{}</pre>', json.dumps(job.analysis_data, indent=2, sort_keys=True))

    @admin.display(description="pitches")
    def pitches_pretty(self, job):
        return format_html('<pre class="studio-json">{}</pre>', json.dumps(job.pitches, indent=2, sort_keys=True))

    # --- Actions: the pipeline's own state changes; a conflict is a message, never a 500. ---

    def _apply(self, request, queryset, change, verb):
        done = 0
        for job in queryset:
            try:
                change(job=job, request=request)
            except StudioError as error:
                self.message_user(request, f"{job.original_filename} ({job.pk}): {error.detail}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, f"{verb} {done} job(s).", messages.SUCCESS)

    @admin.action(description="Retry the failed step", permissions=["change"])
    def retry_action(self, request, queryset):
        self._apply(request, queryset, commands.retry, "Retried")

    @admin.action(description="Cancel", permissions=["change"])
    def cancel_action(self, request, queryset):
        self._apply(request, queryset, commands.cancel, "Cancelled")

    @admin.action(description="Release a flagged image to the Lounge", permissions=["change"])
    def release_action(self, request, queryset):
        def release(*, job, request):
            released = commands.release_flagged(job=job, request=request)
            self.log_change(request, released, "Released from FLAGGED: the Lounge is open.")
            log.info("job %s released from FLAGGED by %s", released.pk, request.user.get_username())

        self._apply(request, queryset, release, "Released")

    # --- Staff-only media: private files streamed after a permission check. ---

    def _job_for_media(self, request, object_id):
        job = get_object_or_404(VisionJob.objects.select_related("prompt_record"), pk=object_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        return job

    def media_view(self, request, object_id, kind):
        job = self._job_for_media(request, object_id)
        record = self._record(job)
        if kind == "image":
            name, content_type = job.image.name, job.mime_type
        elif kind == "remastered" and record is not None:
            name, content_type = record.remastered_image.name, None
        elif kind == "video" and record is not None:
            name, content_type = record.video.name, "video/mp4"
        else:
            raise Http404
        if not name:
            raise Http404
        return serve_file(request, name, content_type)

    def scene_preview_view(self, request, object_id, scene_id):
        job = self._job_for_media(request, object_id)
        record = self._record(job)
        scenes = (record.scenes_data or []) if record else []
        scene = next((s for s in scenes if str(s.get("id")) == str(scene_id)), None)
        if not scene or not scene.get("preview_path"):
            raise Http404
        return serve_file(request, scene["preview_path"])

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<uuid:object_id>/media/<str:kind>/",
                wrap(self.media_view),
                name="director_visionjob_media",
            ),
            path(
                "<uuid:object_id>/media/scene/<str:scene_id>/",
                wrap(self.scene_preview_view),
                name="director_visionjob_scene_preview",
            ),
            *super().get_urls(),
        ]
