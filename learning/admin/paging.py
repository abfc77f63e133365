"""The learning-event list's paginator: counts it can afford, and deep pages that skip rows without reading them."""

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Q
from django.utils.functional import cached_property

from accounts.models import User

# Below this many rows a count is exact; above it the planner's estimate is shown, and labelled as one.
EXACT_COUNT_LIMIT = 1_000
SEARCH_USER_LIMIT = 500


def search_id(term):
    """The UUID a search term is, or None: an id is looked up by its indexes, not matched as text."""
    try:
        return uuid.UUID(term)
    except ValueError:
        return None


def searched_users(request, term):
    """The ids of the users a text search names, by an index: a username prefix (its varchar_pattern_ops index)
    or a whole email address; at most SEARCH_USER_LIMIT, and the page says so when more match."""
    match = Q(email__iexact=term) if "@" in term else Q(username__startswith=term)
    users = list(User.objects.filter(match).order_by("username").values_list("pk", flat=True)[: SEARCH_USER_LIMIT + 1])
    if len(users) > SEARCH_USER_LIMIT:
        messages.info(request, f"More than {SEARCH_USER_LIMIT} users match; showing the first {SEARCH_USER_LIMIT}.")
        users = users[:SEARCH_USER_LIMIT]
    return users


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


class PagedResultsMixin:
    """For a ChangeList with the paginator above: one page of results is fetched like any other page, so a short
    list costs what a long one does (the same queries, whatever the table's size)."""

    def get_results(self, request):
        super().get_results(request)
        if not self.multi_page and not self.show_all:
            self.result_list = self.paginator.page(1).object_list
