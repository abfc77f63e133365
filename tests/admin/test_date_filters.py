"""A date hierarchy given a date that does not exist answers 400 saying what to fix, on every list and the CSV."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.admin.builders import make_events
from tests.admin.conftest import EXPORT

BAD_DATES = {
    "a year that is not a number": ({"year": "abc"}, "year='abc' is not a year"),
    "an empty year": ({"year": ""}, "year='' is not a year"),
    "30 February": ({"year": "2025", "month": "2", "day": "30"}, "day='30' is not a day of February 2025; use 1 to 28"),
    "year 9999": ({"year": "9999"}, "year=9999 is out of range; use a year from 1 to 9998"),
    "31 December 9999": ({"year": "9999", "month": "12", "day": "31"}, "year=9999 is out of range"),
    "year 0": ({"year": "0"}, "year=0 is out of range"),
    "month 13": ({"year": "2025", "month": "13"}, "month='13' is not a month; use 1 to 12"),
    "a month that is not a number": ({"year": "2025", "month": "may"}, "month='may' is not a month"),
    "day 0": ({"year": "2025", "month": "1", "day": "0"}, "day='0' is not a day of January 2025"),
}


def date_lists():
    """Every admin list with a date hierarchy, and where its CSV export is (if any)."""
    lists = []
    for model, model_admin in admin.site._registry.items():
        if model_admin.date_hierarchy:
            lists.append((model._meta.label, model_admin.date_hierarchy))
    return lists


def changelist_url(label):
    app_label, model = label.lower().split(".")
    return reverse(f"admin:{app_label}_{model}_changelist")


def query(field, parts):
    return {f"{field}__{part}": value for part, value in parts.items()}


def test_the_learning_events_are_among_the_date_lists():
    assert ("learning.LearningEvent", "created_at") in date_lists()


def assert_each_bad_date_is_400(client, url, field):
    for case, (parts, message) in BAD_DATES.items():
        response = client.get(url, query(field, parts))
        assert response.status_code == 400, case
        assert f"{field}__{message}" in response.content.decode().replace("&#x27;", "'"), case


@pytest.mark.parametrize("label,field", date_lists())
def test_a_list_answers_400_naming_the_bad_date(admin_client, label, field):
    assert_each_bad_date_is_400(admin_client, changelist_url(label), field)


def test_the_csv_export_answers_400_naming_the_bad_date(admin_client):
    assert_each_bad_date_is_400(admin_client, EXPORT, "created_at")


def test_a_real_date_still_filters_the_list_and_the_csv(admin_client):
    from django.utils import timezone

    newest = timezone.now().replace(year=2024, month=3, day=1, hour=12)
    make_events(3, newest=newest, spacing=timezone.timedelta(days=1))  # at noon on 27, 28 and 29 Feb 2024
    leap_day = {"created_at__year": "2024", "created_at__month": "2", "created_at__day": "29"}
    assert admin_client.get(changelist_url("learning.LearningEvent"), leap_day).status_code == 200
    rows = b"".join(admin_client.get(EXPORT, leap_day).streaming_content).decode().strip().splitlines()
    assert len(rows) == 2  # the header and the one event of 29 February
    last_year = {"created_at__year": "9998", "created_at__month": "12", "created_at__day": "31"}
    assert admin_client.get(changelist_url("learning.LearningEvent"), last_year).status_code == 200


def test_a_filter_the_csv_cannot_apply_is_400_not_500(admin_client):
    response = admin_client.get(EXPORT, {"no_such_field": "1"})
    assert response.status_code == 400
    assert "cannot be applied" in response.content.decode()
