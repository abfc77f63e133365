"""The learning-event list's date hierarchy: choices from two index reads, and a 400 for a date it cannot show."""

import calendar
import datetime

from django.contrib.admin.views.main import ChangeList
from django.db.models import Max, Min
from django.utils import formats, timezone

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
