"""The audit log in admin: read-only, filtered by action and date, searched by user and entity, fast at millions
of rows: the learning-event list's counts and date hierarchy, one query per page on indexes that hold the page's
ids, and rows rendered in one pass."""

from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import result_headers
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join

from audit.models import AuditAction, AuditLog
from learning.admin.dates import FixedDateHierarchyChangeList, date_hierarchy_problem
from learning.admin.formatting import pretty
from learning.admin.paging import EstimatedCountPaginator, PagedResultsMixin, search_id, searched_users
from learning.admin.readonly import ReadOnlyAdminMixin

# The columns the list shows (list_display), and no others: not the details' JSON, the user agent, nor the user's
# profile and password.
LIST_COLUMNS = ["id", "created_at", "action", "user_id", "entity_type", "entity_id", "ip_address", "user__username"]
ACTION_LABELS = dict(AuditAction.choices)
PK = "00000000-0000-0000-0000-000000000000"  # stands for a row's id in a URL reversed once per page


class AuditPaginator(EstimatedCountPaginator):
    """The learning events' counts, and one query per page: its ids by OFFSET over the list's order (created_at,
    id), which the indexes (created_at, id) and (action, created_at, id) hold, so the rows a deep page skips are
    read from the index alone and never joined; the page's rows, with their users, in the same statement."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.object_list.values("pk")[bottom : bottom + self.per_page]
        return self._get_page(list(self.object_list.filter(pk__in=ids)), number, self)


class AuditChangeList(PagedResultsMixin, FixedDateHierarchyChangeList):
    """The learning events' list machinery: date choices from two index reads, every page fetched alike."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).only(*LIST_COLUMNS)

    def result_table(self):
        """What admin/change_list_results.html shows, its rows rendered by the admin in one pass (list_rows)
        instead of a lookup, a display and a template node per cell."""
        headers = list(result_headers(self))
        return {
            "headers": headers,
            "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
            "rows": self.model_admin.list_rows(self.result_list),
        }


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
    paginator = AuditPaginator
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
        ident = search_id(term)
        if ident is not None:
            return queryset.filter(Q(pk=ident) | Q(user_id=ident) | Q(entity_id=str(ident))), False
        users = searched_users(request, term)
        return queryset.filter(Q(user_id__in=users) | Q(entity_id=term)), False

    def list_rows(self, rows):
        """The list's rows as Django's changelist renders list_display (its markup, the same cells; tested), with
        the two links per row reversed once per page."""
        row_url = reverse("admin:audit_auditlog_change", args=[PK])
        user_url = reverse("admin:accounts_user_change", args=[PK])
        empty = self.get_empty_value_display()

        def user_cell(obj):
            if obj.user_id is None:
                return "(deleted account)"
            return format_html('<a href="{}">{}</a>', user_url.replace(PK, str(obj.user_id)), obj.user.username)

        return format_html_join(
            "\n",
            '<tr><td class="field-logged_at"><a href="{}">{}</a></td><td class="field-action">{}</td>'
            '<td class="field-user_link">{}</td><td class="field-entity">{}</td>'
            '<td class="field-ip_address">{}</td></tr>',
            (
                (
                    row_url.replace(PK, str(obj.pk)),
                    self.logged_at(obj),
                    ACTION_LABELS.get(obj.action, obj.action),
                    user_cell(obj),
                    self.entity(obj),
                    obj.ip_address or empty,
                )
                for obj in rows
            ),
        )

    # The list's columns: their headers and sorting are Django's; their cells are list_rows'.

    @admin.display(description="time", ordering="created_at")
    def logged_at(self, obj):
        return formats.localize(timezone.localtime(obj.created_at))

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
