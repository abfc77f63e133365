from django.contrib import admin

from learning.models import LearningEvent


@admin.register(LearningEvent)
class LearningEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "job", "selected_director_id"]
    list_filter = ["selected_director_id"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user", "job"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
