from django.contrib import admin

from director.models import PromptRecord, VisionJob


class PromptRecordInline(admin.StackedInline):
    model = PromptRecord
    extra = 0
    can_delete = False
    readonly_fields = ["status", "selected_director_id", "progress", "version", "credits_used", "completed_at"]


@admin.register(VisionJob)
class VisionJobAdmin(admin.ModelAdmin):
    list_display = ["original_filename", "user", "status", "quality_score", "created_at"]
    list_filter = ["status", "mime_type"]
    search_fields = ["id", "original_filename", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["file_hash", "analysis_data", "pitches", "created_at", "updated_at"]
    inlines = [PromptRecordInline]
