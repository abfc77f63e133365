"""Learning events in admin: a read-only audit log that stays fast at millions of rows, and the dashboard."""

import calendar
import csv
import datetime
import functools
import json
import uuid

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Max, Min, Q
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, get_urlconf, path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from accounts.models import User
from learning import dashboard
from learning.features import DIRECTOR_IDS, FEATURES
from learning.models import LearningEvent

# Below this many rows a count is exact; above it the planner's estimate is shown, and labelled as one.
EXACT_COUNT_LIMIT = 1_000
SEARCH_USER_LIMIT = 500


def exact_count_limit():
    return getattr(settings, "STUDIO_ADMIN_EXACT_COUNT_LIMIT", EXACT_COUNT_LIMIT)


class EstimatedCountPaginator(Paginator):
    """A paginator that never counts millions of rows.

    On PostgreSQL an unfiltered list reads the table's row estimate (pg_class.reltuples) and a filtered one the
    planner's estimate (EXPLAIN); when that is small, or on another database, the count is exact. `estimated`
    says which, so the page can say "about". A page fetches its ids first and then its rows, so a deep page
    never joins the rows it skips.
    """

    estimated = False
    keyset_field = "created_at"

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        limit = exact_count_limit()
        if connection.vendor != "postgresql":
            return queryset.count()
        if not queryset.query.where:
            estimate = self._table_estimate(connection, queryset.model._meta.db_table)
        else:
            estimate = self._plan_estimate(connection, queryset)
        if estimate is not None and estimate > limit:
            self.estimated = True
            return estimate
        capped = queryset.order_by()[: limit + 1].count()
        if capped > limit:
            self.estimated = True
            return max(capped, estimate or 0)
        return capped

    @staticmethod
    def _table_estimate(connection, table):
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
            row = cursor.fetchone()
        return row[0] if row and row[0] >= 0 else None  # -1: never analysed

    @staticmethod
    def _plan_estimate(connection, queryset):
        try:
            sql, params = queryset.order_by().query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    @property
    def count_label(self):
        return f"about {self.count:,} (estimated)" if self.estimated else f"{self.count:,}"

    def validate_number(self, number):
        self.count  # noqa: B018 -- decides `estimated`
        if not self.estimated:
            return super().validate_number(number)
        # The last page is only approximately known: past it is an empty page, not an error.
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self._keyset_ids(bottom)
        if ids is None:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=ids).order_by()} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def _keyset_ids(self, bottom):
        """A deep page of the whole table by its indexed time column, without reading the rows it skips.

        The page's first timestamp comes from an index-only scan; the page is then the rows from that timestamp
        on (skipping the few with the same timestamp that belong to earlier pages). None when not applicable.
        """
        queryset = self.object_list
        ordering = list(dict.fromkeys(str(o) for o in queryset.query.order_by))
        field = self.keyset_field
        if bottom == 0 or queryset.query.where or ordering not in ([f"-{field}", "-pk"], [field, "pk"]):
            return None
        descending = ordering[0].startswith("-")
        bounds = queryset.order_by(ordering[0]).values_list(field, flat=True)[bottom : bottom + 1]
        bound = next(iter(bounds), None)
        if bound is None:
            return []
        before = queryset.filter(**{f"{field}__{'gt' if descending else 'lt'}": bound}).count()
        skip = bottom - before  # rows sharing the boundary's timestamp that earlier pages showed
        page = queryset.filter(**{f"{field}__{'lte' if descending else 'gte'}": bound})
        return list(page.values_list("pk", flat=True)[skip : skip + self.per_page])


# The last year whose every day Django's date hierarchy can bound (it filters up to the next day, month or year).
LAST_YEAR = datetime.MAXYEAR - 1


def date_hierarchy_problem(field, params):
    """What is wrong with the date hierarchy's year, month and day in `params`, or None when they name a date.

    Read as Django's changelist reads them (the last value of each; month and day only with a year).
    """
    year, month, day = (params.get(f"{field}__{part}") for part in ("year", "month", "day"))
    if year is None:
        return None
    try:
        number = int(year)
    except ValueError:
        return f"{field}__year={year!r} is not a year; use a year such as {timezone.now().year}."
    if not 1 <= number <= LAST_YEAR:
        return f"{field}__year={year} is out of range; use a year from 1 to {LAST_YEAR}."
    try:
        month_number = 1 if month is None else int(month)
    except ValueError:
        month_number = 0
    if not 1 <= month_number <= 12:
        return f"{field}__month={month!r} is not a month; use 1 to 12."
    last_day = calendar.monthrange(number, month_number)[1]
    try:
        day_number = 1 if day is None else int(day)
    except ValueError:
        day_number = 0
    if not 1 <= day_number <= last_day:
        month_name = f"{datetime.date(number, month_number, 1):%B %Y}"
        return f"{field}__day={day!r} is not a day of {month_name}; use 1 to {last_day}."
    return None


class FixedDateHierarchyChangeList(ChangeList):
    """The date hierarchy's choices from the calendar and the table's first and last dates (two index reads),
    instead of a DISTINCT over every row."""

    def fast_date_hierarchy(self):
        field = self.date_hierarchy
        if not field:
            return None
        year_field, month_field, day_field = f"{field}__year", f"{field}__month", f"{field}__day"
        year, month, day = (self.params.get(name) for name in (year_field, month_field, day_field))
        bounds = self.root_queryset.order_by().aggregate(first=Min(field), last=Max(field))
        if not bounds["first"]:
            return {"show": False}
        first, last = (timezone.localtime(bounds[k]).date() for k in ("first", "last"))

        def link(filters):
            return self.get_query_string(filters, [f"{field}__"])

        if not (year or month or day) and first.year == last.year:
            year = first.year
        base = {"show": True, "field_name": self.opts.get_field(field).verbose_name}
        if year and month and day:
            chosen = datetime.date(int(year), int(month), int(day))
            return {
                **base,
                "back": {"link": link({year_field: year, month_field: month}), "title": f"{chosen:%B %Y}"},
                "choices": [{"title": formats.date_format(chosen, "MONTH_DAY_FORMAT")}],
            }
        if year and month:
            year, month = int(year), int(month)
            days = [datetime.date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
            return {
                **base,
                "back": {"link": link({year_field: year}), "title": str(year)},
                "choices": [
                    {"link": link({year_field: year, month_field: month, day_field: d.day}), "title": str(d.day)}
                    for d in days
                    if first <= d <= last
                ],
            }
        if year:
            year = int(year)
            months = [m for m in range(1, 13) if (first.year, first.month) <= (year, m) <= (last.year, last.month)]
            return {
                **base,
                "back": {"link": link({}), "title": "All dates"},
                "choices": [
                    {"link": link({year_field: year, month_field: m}), "title": f"{datetime.date(year, m, 1):%B %Y}"}
                    for m in months
                ],
            }
        return {
            **base,
            "back": None,
            "choices": [{"link": link({year_field: y}), "title": str(y)} for y in range(first.year, last.year + 1)],
        }

    def get_queryset(self, request, exclude_parameters=None):
        # The list shows neither the pitches, the raw scores nor the user's profile: don't fetch or decode them.
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(
            "director_pitches", "raw_scores", "user__creative_profile", "job__analysis_data", "job__pitches"
        )

    def get_results(self, request):
        super().get_results(request)
        if not self.multi_page and not self.show_all:
            # One page of results is fetched like any other page, so a short list costs what a long one does.
            self.result_list = self.paginator.page(1).object_list


class DirectorFilter(admin.SimpleListFilter):
    """The roster as fixed choices (no DISTINCT over the table)."""

    title = "chosen director"
    parameter_name = "director"

    def lookups(self, request, model_admin):
        return [(ident, ident) for ident in DIRECTOR_IDS]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(selected_director_id=self.value())
        return queryset


class OverrideFilter(admin.SimpleListFilter):
    title = "override of the objective winner"
    parameter_name = "override"

    def lookups(self, request, model_admin):
        return [("yes", "Override"), ("no", "Followed the objective winner")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(learning_delta__wasOverride=self.value() == "yes")
        return queryset


def _signed(value, digits=4):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    return f"{value:+.{digits}f}"


def _plain(value, digits=4):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return "—" if value is None else str(value)


def _table(headers, rows):
    head = format_html_join("", "<th scope='col'>{}</th>", ((h,) for h in headers))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),) for row in rows)
    )
    return format_html(
        '<table class="studio-json-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>', head, body
    )


def _pretty(value):
    return format_html('<pre class="studio-json">{}</pre>', json.dumps(value, indent=2, sort_keys=True))


_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


@functools.lru_cache(maxsize=64)
def _url_pattern(name, prefix, urlconf):
    return reverse(name, args=[_PLACEHOLDER])


def _change_url(name, pk):
    """reverse() once per URL name (and prefix and URLconf), not once per row."""
    return _url_pattern(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF).replace(
        _PLACEHOLDER, str(pk)
    )


def _percent(value):
    try:
        return f"{float(value):.1%}"
    except (TypeError, ValueError):
        return "—"


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


@admin.register(LearningEvent)
class LearningEventAdmin(admin.ModelAdmin):
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
    list_per_page = 50  # rendering a row costs more than fetching it; 50 keeps a page well under 100 ms
    actions = (
        None  # read-only; the CSV link exports the filtered list (and a checkbox per row costs a third of the page)
    )
    fieldsets = [
        (None, {"fields": ["created_at", "user_link", "job_link", "selected_director_id", "override", "surprise"]}),
        ("Scores the Eye gave the image", {"fields": ["raw_scores_table"]}),
        ("Pitches as shown", {"fields": ["pitches_table"]}),
        ("What the Studio Head learned", {"fields": ["delta_facts", "delta_weights", "delta_directors"]}),
        ("Stored JSON", {"classes": ["collapse"], "fields": ["raw_json"]}),
    ]

    # --- Read-only: an audit log. Rows go away only with their user (or job). ---

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "job")

    def get_changelist(self, request, **kwargs):
        return FixedDateHierarchyChangeList

    def get_search_results(self, request, queryset, search_term):
        """Index-friendly search: an id matches its event, user or job; text matches users first."""
        term = search_term.strip()
        if not term:
            return queryset, False
        try:
            ident = uuid.UUID(term)
        except ValueError:
            ident = None
        if ident is not None:
            return queryset.filter(Q(pk=ident) | Q(user_id=ident) | Q(job_id=ident)), False
        # username: a prefix, which its (varchar_pattern_ops) index answers; email: the whole address.
        match = Q(email__iexact=term) if "@" in term else Q(username__startswith=term)
        users = list(
            User.objects.filter(match).order_by("username").values_list("pk", flat=True)[: SEARCH_USER_LIMIT + 1]
        )
        if len(users) > SEARCH_USER_LIMIT:
            messages.info(request, f"More than {SEARCH_USER_LIMIT} users match; showing the first {SEARCH_USER_LIMIT}.")
            users = users[:SEARCH_USER_LIMIT]
        return queryset.filter(user_id__in=users), False

    # --- Columns ---

    @admin.display(description="time", ordering="created_at")
    def event_time(self, obj):
        url = _change_url("admin:learning_learningevent_change", obj.pk)
        return format_html('<a href="{}">{}</a>', url, formats.localize(timezone.localtime(obj.created_at)))

    @admin.display(description="job")
    def job_link(self, obj):
        url = _change_url("admin:director_visionjob_change", obj.job_id)
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
        return _table(["physics", "vibe", "logic"], [[_plain(scores.get(d), 2) for d in ("physics", "vibe", "logic")]])

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
                    _plain(pitch.get("rank")),
                    format_html("<strong>{} ✔ chosen</strong>", pitch.get("directorId"))
                    if chosen
                    else pitch.get("directorId"),
                    *(_plain(scores.get(d), 2) for d in ("physics", "vibe", "logic")),
                    _plain(pitch.get("recommendedEngine")),
                    _plain(risk, 2),
                    _plain(pitch.get("probability"), 3),
                    _plain(pitch.get("recommended")),
                    _plain(pitch.get("exploration")),
                    _plain(pitch.get("objectivePick")),
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
        return _table(headers, rows)

    @admin.display(description="the choice")
    def delta_facts(self, obj):
        delta = obj.learning_delta or {}
        known = {key for key, _ in DELTA_FACTS} | DELTA_TABLES
        rows = [[label, _plain(delta[key])] for key, label in DELTA_FACTS if key in delta]
        rows += [[key, _plain(value)] for key, value in sorted(delta.items()) if key not in known]
        return _table(["", "value"], rows)

    @admin.display(description="feature weights")
    def delta_weights(self, obj):
        delta = obj.learning_delta or {}
        before, gradient, after = (delta.get(k) or {} for k in ("weightsBefore", "gradient", "weightsAfter"))
        names = [f for f in FEATURES if f in before or f in gradient or f in after]
        rows = [
            [
                name,
                _signed(before.get(name)),
                _signed(gradient.get(name)),
                _signed(after.get(name)),
                _signed(after[name] - before[name]) if name in after and name in before else "",
            ]
            for name in names
        ]
        return _table(["feature", "before", "gradient", "after", "change"], rows) if rows else "—"

    @admin.display(description="director bias")
    def delta_directors(self, obj):
        delta = obj.learning_delta or {}
        before, gradient, change = (
            delta.get(k) or {} for k in ("directorBiasBefore", "directorBiasGradient", "directorBiasDelta")
        )
        vector = delta.get("biasVectorDelta") or {}
        rows = [
            [ident, _signed(before.get(ident)), _signed(gradient.get(ident)), _signed(change.get(ident))]
            for ident in DIRECTOR_IDS
            if ident in before or ident in change
        ]
        parts = [_table(["director", "before", "gradient", "change"], rows)] if rows else []
        if vector:
            parts.append(_table(["bias vector change", *vector], [["", *(_signed(v) for v in vector.values())]]))
        return mark_safe("".join(str(p) for p in parts)) if parts else "—"

    @admin.display(description="stored JSON")
    def raw_json(self, obj):
        return format_html(
            "<h4>raw_scores</h4>{}<h4>director_pitches</h4>{}<h4>learning_delta</h4>{}",
            _pretty(obj.raw_scores),
            _pretty(obj.director_pitches),
            _pretty(obj.learning_delta),
        )

    # --- CSV export and the dashboard ---

    CSV_HEADERS = [
        "id",
        "created_at",
        "username",
        "email",
        "job_id",
        "selected_director_id",
        "was_override",
        "surprise",
        "chosen_probability",
        "objective_winner",
        "subjective_choice",
    ]

    def _csv_response(self, queryset, filename="learning-events.csv"):
        rows = queryset.values_list(
            "pk",
            "created_at",
            "user__username",
            "user__email",
            "job_id",
            "selected_director_id",
            "learning_delta__wasOverride",
            "learning_delta__surprise",
            "learning_delta__chosenProbability",
            "learning_delta__objectiveWinner",
            "learning_delta__subjectiveChoice",
        )

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())

        def lines():
            yield writer.writerow(self.CSV_HEADERS)
            for row in rows.iterator(chunk_size=2000):
                yield writer.writerow(
                    [value.isoformat() if isinstance(value, datetime.datetime) else value for value in row]
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

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
        return self._csv_response(changelist.get_queryset(request))

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        weeks, computed_at = dashboard.cached_weekly_choices()
        total = sum(w["total"] for w in weeks)
        overrides = sum(w["overrides"] for w in weeks)
        by_director = {ident: sum(w["directors"].get(ident, 0) for w in weeks) for ident in DIRECTOR_IDS}
        leaders = sorted(by_director.items(), key=lambda item: -item[1])
        evaluation = dashboard.studio_head_evaluation()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Learning dashboard",
            "weeks": weeks,
            "window_weeks": dashboard.WINDOW_WEEKS,
            "wins_chart": dashboard.director_wins_svg(weeks),
            "override_chart": dashboard.override_rate_svg(weeks),
            "total": total,
            "total_label": f"{total:,}",
            "override_label": f"{overrides / total:.1%}" if total else "—",
            "leaders": [
                {
                    "director": d,
                    "count_label": f"{n:,}",
                    "share_label": f"{n / total:.0%}" if total else "—",
                    "colour": dashboard.DIRECTOR_COLOURS[d],
                }
                for d, n in leaders
            ],
            "head_accuracy": _percent(evaluation["predictors"]["studio_head"].get("top-1")),
            "computed_at": computed_at,
            "cache_minutes": dashboard.CACHE_SECONDS // 60,
            "evaluation": evaluation,
            "evaluation_rows": [
                {"name": name, "values": [values.get(h, "") for h in evaluation["headers"]]}
                for name, values in evaluation["predictors"].items()
            ],
        }
        return TemplateResponse(request, "admin/learning/dashboard.html", context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="learning_learningevent_dashboard"),
            path("export.csv", wrap(self.export_view), name="learning_learningevent_export"),
            *super().get_urls(),
        ]
