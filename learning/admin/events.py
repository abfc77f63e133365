"""The LearningEvent admin: a read-only audit log of choices, listed fast at millions of rows."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from director.directors import DIRECTOR_IDS
from learning.admin.csv_export import csv_response
from learning.admin.dashboard import dashboard_response
from learning.admin.dates import FixedDateHierarchyChangeList, date_hierarchy_problem
from learning.admin.filters import DirectorFilter, OverrideFilter
from learning.admin.formatting import change_url, plain, pretty, signed, table
from learning.admin.paging import EstimatedCountPaginator, PagedResultsMixin, search_id, searched_users
from learning.admin.readonly import ReadOnlyAdminMixin
from learning.features import FEATURES


class EventChangeList(PagedResultsMixin, FixedDateHierarchyChangeList):
    """The list without the columns it never shows, one page fetched the same way whatever the table's size."""

    def get_queryset(self, request, exclude_parameters=None):
        # The list shows neither the pitches, the raw scores nor the user's profile: don't fetch or decode them.
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(
            "director_pitches", "raw_scores", "user__creative_profile", "job__analysis_data", "job__pitches"
        )


DELTA_FACTS = [
    ("objectiveWinner", "Objective winner (highest raw dimension)"),
    ("objectivePick", "The Eye's objective pick (an override is any other director)"),
    ("subjectiveChoice", "Subjective choice (the chosen pitch's dimension)"),
    ("wasOverride", "Override"),
    ("chosenProbability", "Probability the model gave the choice"),
    ("surprise", "Surprise, -log p"),
    ("shownRank", "Rank it was shown at"),
    ("exploration", "Shown as exploration"),
    ("step", "Learning step"),
    ("learningRate", "Learning rate"),
    ("priorPull", "Pull toward the prior"),
]
DELTA_TABLES = {
    "gradient",
    "weightsBefore",
    "weightsAfter",
    "directorBiasGradient",
    "directorBiasBefore",
    "directorBiasDelta",
    "biasVectorDelta",
}


class LearningEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["event_time", "user", "job_link", "selected_director_id", "override", "surprise"]
    list_display_links = None  # event_time links without the per-row preserved-filters parsing Django does
    list_filter = [DirectorFilter, OverrideFilter]
    date_hierarchy = "created_at"
    search_fields = ["user__username", "user__email", "job__id"]  # see get_search_results
    search_help_text = "A username (or its beginning), an email address, or a user, job or event id."
    list_select_related = ["user", "job"]
    sortable_by = ["event_time"]
    ordering = ["-created_at"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    list_per_page = 50  # rendering a row costs more than fetching it (benchmarks/RESULTS.md, admin_scale)
    actions = None  # read-only; the CSV link exports the filtered list, and a checkbox per row is rendering for nothing
    fieldsets = [
        (None, {"fields": ["created_at", "user_link", "job_link", "selected_director_id", "override", "surprise"]}),
        ("Scores the Eye gave the image", {"fields": ["raw_scores_table"]}),
        ("Pitches as shown", {"fields": ["pitches_table"]}),
        ("What the Studio Head learned", {"fields": ["delta_facts", "delta_weights", "delta_directors"]}),
        ("Stored JSON", {"classes": ["collapse"], "fields": ["raw_json"]}),
    ]

    # --- Read-only: an audit log. Rows go away only with their user (or job). ---

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "job")

    def get_changelist(self, request, **kwargs):
        return EventChangeList

    def get_search_results(self, request, queryset, search_term):
        """Index-friendly search: an id matches its event, user or job; text matches users first."""
        term = search_term.strip()
        if not term:
            return queryset, False
        ident = search_id(term)
        if ident is not None:
            return queryset.filter(Q(pk=ident) | Q(user_id=ident) | Q(job_id=ident)), False
        users = searched_users(request, term)
        return queryset.filter(user_id__in=users), False

    # --- Columns ---

    @admin.display(description="time", ordering="created_at")
    def event_time(self, obj):
        url = change_url("admin:learning_learningevent_change", obj.pk)
        return format_html('<a href="{}">{}</a>', url, formats.localize(timezone.localtime(obj.created_at)))

    @admin.display(description="job")
    def job_link(self, obj):
        url = change_url("admin:director_visionjob_change", obj.job_id)
        return format_html('<a href="{}">{}</a> {}', url, str(obj.job_id)[:8], obj.job.original_filename)

    @admin.display(description="user")
    def user_link(self, obj):
        url = reverse("admin:accounts_user_change", args=[obj.user_id])
        return format_html('<a href="{}">{}</a> {}', url, obj.user.username, obj.user.email)

    @admin.display(description="override", boolean=True)
    def override(self, obj):
        return bool((obj.learning_delta or {}).get("wasOverride"))

    @admin.display(description="surprise (-log p)")
    def surprise(self, obj):
        delta = obj.learning_delta or {}
        value = delta.get("surprise")
        if value is None:
            return "—"
        probability = delta.get("chosenProbability")
        return f"{value:.2f} (p={probability:.2f})" if probability is not None else f"{value:.2f}"

    @admin.display(description="raw scores")
    def raw_scores_table(self, obj):
        scores = obj.raw_scores or {}
        return table(["physics", "vibe", "logic"], [[plain(scores.get(d), 2) for d in ("physics", "vibe", "logic")]])

    @admin.display(description="pitches")
    def pitches_table(self, obj):
        rows = []
        pitches = sorted(obj.director_pitches or [], key=lambda p: (p.get("rank") is None, p.get("rank") or 0))
        for pitch in pitches:
            scores = pitch.get("biasedScores") or {}
            risk = pitch.get("risk")
            risk = risk.get("value") if isinstance(risk, dict) else risk
            chosen = pitch.get("directorId") == obj.selected_director_id
            rows.append(
                [
                    plain(pitch.get("rank")),
                    format_html("<strong>{} ✔ chosen</strong>", pitch.get("directorId"))
                    if chosen
                    else pitch.get("directorId"),
                    *(plain(scores.get(d), 2) for d in ("physics", "vibe", "logic")),
                    plain(pitch.get("recommendedEngine")),
                    plain(risk, 2),
                    plain(pitch.get("probability"), 3),
                    plain(pitch.get("recommended")),
                    plain(pitch.get("exploration")),
                    plain(pitch.get("objectivePick")),
                ]
            )
        headers = [
            "rank",
            "director",
            "physics",
            "vibe",
            "logic",
            "engine",
            "risk",
            "shown with p",
            "recommended",
            "exploration",
            "objective pick",
        ]
        return table(headers, rows)

    @admin.display(description="the choice")
    def delta_facts(self, obj):
        delta = obj.learning_delta or {}
        known = {key for key, _ in DELTA_FACTS} | DELTA_TABLES
        rows = [[label, plain(delta[key])] for key, label in DELTA_FACTS if key in delta]
        rows += [[key, plain(value)] for key, value in sorted(delta.items()) if key not in known]
        return table(["", "value"], rows)

    @admin.display(description="feature weights")
    def delta_weights(self, obj):
        delta = obj.learning_delta or {}
        before, gradient, after = (delta.get(k) or {} for k in ("weightsBefore", "gradient", "weightsAfter"))
        names = [f for f in FEATURES if f in before or f in gradient or f in after]
        rows = [
            [
                name,
                signed(before.get(name)),
                signed(gradient.get(name)),
                signed(after.get(name)),
                signed(after[name] - before[name]) if name in after and name in before else "",
            ]
            for name in names
        ]
        return table(["feature", "before", "gradient", "after", "change"], rows) if rows else "—"

    @admin.display(description="director bias")
    def delta_directors(self, obj):
        delta = obj.learning_delta or {}
        before, gradient, change = (
            delta.get(k) or {} for k in ("directorBiasBefore", "directorBiasGradient", "directorBiasDelta")
        )
        vector = delta.get("biasVectorDelta") or {}
        rows = [
            [ident, signed(before.get(ident)), signed(gradient.get(ident)), signed(change.get(ident))]
            for ident in DIRECTOR_IDS
            if ident in before or ident in change
        ]
        parts = [table(["director", "before", "gradient", "change"], rows)] if rows else []
        if vector:
            parts.append(table(["bias vector change", *vector], [["", *(signed(v) for v in vector.values())]]))
        return mark_safe("".join(str(p) for p in parts)) if parts else "—"

    @admin.display(description="stored JSON")
    def raw_json(self, obj):
        return format_html(
            "<h4>raw_scores</h4>{}<h4>director_pitches</h4>{}<h4>learning_delta</h4>{}",
            pretty(obj.raw_scores),
            pretty(obj.director_pitches),
            pretty(obj.learning_delta),
        )

    # --- CSV export and the dashboard ---

    def _bad_filter(self, request, message):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Bad filter",
            "message": message,
        }
        return TemplateResponse(request, "admin/learning/learningevent/bad_filter.html", context, status=400)

    def changelist_view(self, request, extra_context=None):
        # Django's own changelist answers 500 for a date past its range (year 9999) and sends any other bad
        # date to "?e=1", dropping every filter without a word; the list and its CSV both say what to fix.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if problem := date_hierarchy_problem(self.date_hierarchy, request.GET):
            return self._bad_filter(request, problem)
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        """The current changelist (its filters, search and date) as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if problem := date_hierarchy_problem(self.date_hierarchy, request.GET):
            return self._bad_filter(request, problem)
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters as exc:
            return self._bad_filter(request, f"These filters cannot be applied: {exc}.")
        return csv_response(changelist.get_queryset(request))

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return dashboard_response(self, request)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="learning_learningevent_dashboard"),
            path("export.csv", wrap(self.export_view), name="learning_learningevent_export"),
            *super().get_urls(),
        ]
