import io
import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.management import call_command
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from accounts.models import User
from accounts.services import grant_credits, update_account
from audit import services as audit
from audit.models import AuditAction
from director import commands
from learning.dashboard import profile_svg
from learning.models import LearningEvent
from learning.services import reset_profile


class GrantCreditsForm(forms.Form):
    amount = forms.IntegerField(min_value=1, max_value=10_000, initial=10, help_text="Credits to add to each user.")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "plan", "credits_remaining", "learning_consent", "is_staff", "date_joined"]
    list_filter = ["plan", "learning_consent", "is_staff", "is_active"]
    search_fields = ["username", "email"]
    show_full_result_count = False
    actions = ["grant_credits_action", "reset_profile_action", "rebuild_profile_action"]
    # Credits move only by charges, refunds and the Grant credits action, each audited; never by a form's save.
    readonly_fields = ["credits_remaining", "creative_profile_view", "activity_links"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Studio", {"fields": ("plan", "credits_remaining", "learning_consent", "activity_links")}),
        ("Creative profile", {"fields": ("creative_profile_view",)}),
    )

    def save_model(self, request, obj, form, change):
        """A change writes only the fields the form changed, so a charge made since the form was loaded stands,
        and a change of learning consent is audited with it (accounts.services.update_account)."""
        if not change:
            return super().save_model(request, obj, form, change)
        columns = {field.name for field in User._meta.concrete_fields}
        changes = {name: getattr(obj, name) for name in form.changed_data if name in columns}
        if changes:
            update_account(user=User.objects.get(pk=obj.pk), request=request, **changes)

    def get_deleted_objects(self, objs, request):
        # Learning events are an audit log nobody deletes by hand; they go with their user.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(str(LearningEvent._meta.verbose_name))
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        jobs = list(obj.vision_jobs.all())
        for job in jobs:
            commands.delete_job(job=job)  # removes the stored files too
        with transaction.atomic():
            audit.record(AuditAction.ACCOUNT_DELETE, user=obj, entity=obj, details={"jobs": len(jobs)}, request=request)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            self.delete_model(request, user)

    @admin.display(description="jobs and learning events")
    def activity_links(self, obj):
        if obj.pk is None:
            return "—"
        jobs = reverse("admin:director_visionjob_changelist") + f"?user__id__exact={obj.pk}"
        events = reverse("admin:learning_learningevent_changelist") + f"?q={obj.pk}"
        return format_html('<a href="{}">Vision jobs</a> · <a href="{}">Learning events</a>', jobs, events)

    @admin.display(description="what the Studio Head has learned")
    def creative_profile_view(self, obj):
        profile = obj.creative_profile
        if not profile:
            return "No creative profile yet (no choices learned, or it was reset)."
        summary = format_html(
            "<p>{} selections learned, {} overrides ({}).</p>",
            profile.get("totalSelections", 0),
            profile.get("overrideCount", 0),
            f"{float(profile.get('overrideRate') or 0.0):.0%}",
        )
        return format_html(
            '<div class="studio-side-by-side"><div>{}{}</div><div><pre class="studio-json">{}</pre></div></div>',
            summary,
            profile_svg(profile),
            json.dumps(profile, indent=2, sort_keys=True),
        )

    @admin.action(description="Grant credits…", permissions=["change"])
    def grant_credits_action(self, request, queryset):
        if "apply" in request.POST:
            form = GrantCreditsForm(request.POST)
            if form.is_valid():
                amount = form.cleaned_data["amount"]
                users = list(queryset)
                for user in users:
                    grant_credits(user=user, amount=amount, request=request)
                self.message_user(request, f"Granted {amount} credits to {len(users)} user(s).", messages.SUCCESS)
                return None
        else:
            form = GrantCreditsForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Grant credits",
            "opts": self.opts,
            "form": form,
            "users": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "grant_credits_action",
        }
        return TemplateResponse(request, "admin/accounts/user/grant_credits.html", context)

    @admin.action(description="Reset creative profile", permissions=["change"])
    def reset_profile_action(self, request, queryset):
        users = list(queryset)
        for user in users:
            reset_profile(user, request=request)
        self.message_user(request, f"Reset the creative profile of {len(users)} user(s).", messages.SUCCESS)

    @admin.action(description="Rebuild creative profile from learning events", permissions=["change"])
    def rebuild_profile_action(self, request, queryset):
        rebuilt, skipped = 0, []
        for user in queryset:
            if not user.learns:
                skipped.append(user.username)
                continue
            call_command("rebuild_creative_profiles", user=str(user.pk), verbosity=0, stdout=io.StringIO())
            rebuilt += 1
        if rebuilt:
            self.message_user(request, f"Rebuilt the creative profile of {rebuilt} user(s) from their events.")
        if skipped:
            self.message_user(request, f"Left alone (no learning consent): {', '.join(skipped)}.", messages.WARNING)
