"""The audit log in admin: read-only, filtered by action and date, searched by user and entity, fast at millions
of rows with the learning-event list's paginator and date hierarchy."""

import uuid

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html

from accounts.models import User
from audit.models import AuditLog
from learning.admin.dates import FixedDateHierarchyChangeList, date_hierarchy_problem
from learning.admin.formatting import change_url, pretty
from learning.admin.paging import EstimatedCountPaginator, PagedResultsMixin

SEARCH_USER_LIMIT = 500


class AuditChangeList(PagedResultsMixin, FixedDateHierarchyChangeList):
    """The learning events' list machinery: date choices from two index reads, every page fetched alike."""


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["logged_at", "action", "user_link", "entity", "ip_address"]
    list_display_links = None
    list_filter = ["action"]  # the enum's choices: no DISTINCT over the table
    date_hierarchy = "created_at"
    search_fields = ["user__username", "user__email", "entity_id"]  # see get_search_results
    search_help_text = "A username (or its beginning), an email address, or a user, entity or row id."
    list_select_related = ["user"]
    sortable_by = ["logged_at"]
    ordering = ["-created_at"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    list_per_page = 50
    actions = None
    fields = [
        "created_at",
        "action",
        "user_link",
        "entity_type",
        "entity_id",
        "ip_address",
        "user_agent",
        "details_json",
    ]

    # --- Read-only: nobody adds, edits or deletes an audit row; they outlive their user. ---

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_changelist(self, request, **kwargs):
        return AuditChangeList

    def changelist_view(self, request, extra_context=None):
        # As the learning events: a date the hierarchy cannot show is a 400 that says what to fix, never a 500.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if problem := date_hierarchy_problem(self.date_hierarchy, request.GET):
            context = {**self.admin_site.each_context(request), "opts": self.opts, "title": "Bad filter"}
            return TemplateResponse(
                request, "admin/learning/learningevent/bad_filter.html", {**context, "message": problem}, status=400
            )
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        """Index-friendly search: an id matches its row, user or entity; text matches users (a username prefix
        or a whole email address)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        try:
            ident = uuid.UUID(term)
        except ValueError:
            ident = None
        if ident is not None:
            return queryset.filter(Q(pk=ident) | Q(user_id=ident) | Q(entity_id=str(ident))), False
        match = Q(email__iexact=term) if "@" in term else Q(username__startswith=term)
        users = list(User.objects.filter(match).order_by("username").values_list("pk", flat=True)[:SEARCH_USER_LIMIT])
        return queryset.filter(Q(user_id__in=users) | Q(entity_id=term)), False

    @admin.display(description="time", ordering="created_at")
    def logged_at(self, obj):
        url = change_url("admin:audit_auditlog_change", obj.pk)
        return format_html('<a href="{}">{}</a>', url, formats.localize(timezone.localtime(obj.created_at)))

    @admin.display(description="user")
    def user_link(self, obj):
        if obj.user_id is None:
            return "(deleted account)"
        url = reverse("admin:accounts_user_change", args=[obj.user_id])
        return format_html('<a href="{}">{}</a>', url, obj.user.username)

    @admin.display(description="entity")
    def entity(self, obj):
        return f"{obj.entity_type} {obj.entity_id[:8]}"

    @admin.display(description="details")
    def details_json(self, obj):
        return pretty(obj.details)
