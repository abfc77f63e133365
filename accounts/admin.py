from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "plan", "credits_remaining", "learning_consent", "is_staff", "date_joined"]
    list_filter = ["plan", "learning_consent", "is_staff", "is_active"]
    search_fields = ["username", "email"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Studio", {"fields": ("plan", "credits_remaining", "learning_consent", "creative_profile")}),
    )
