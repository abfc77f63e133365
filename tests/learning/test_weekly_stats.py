"""The weekly counters behind the dashboard follow every insert and delete of an event.

On PostgreSQL they are bumped as the transaction commits (a deferred trigger), so these tests commit
(transactional_db) instead of running inside one transaction that is rolled back."""

import datetime
from collections import Counter

from django.utils import timezone

from accounts.models import User
from learning.dashboard import weekly_choices
from learning.models import LearningEvent, LearningWeek
from tests.factories import LearningEventFactory, UserFactory
from tests.jobs import make_job

MONDAY = datetime.date(2026, 11, 2)


def _event(job, director, when, override):
    return LearningEventFactory(
        job=job, selected_director_id=director, learning_delta={"wasOverride": override}, created_at=when
    )


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)), datetime.UTC)


def test_counters_match_the_events_and_follow_a_cascade(transactional_db):
    alice, bob = UserFactory(), UserFactory()
    job_a, job_b = make_job(alice), make_job(bob)
    sunday_night = _at(MONDAY + datetime.timedelta(days=6), 23)
    next_monday = _at(MONDAY + datetime.timedelta(days=7), 0)
    _event(job_a, "visionary", _at(MONDAY, 0), True)
    _event(job_a, "visionary", sunday_night, False)
    _event(job_b, "visionary", sunday_night, True)
    _event(job_b, "newtonian", next_monday, False)

    stats = {(w.week, w.director_id): (w.choices, w.overrides) for w in LearningWeek.objects.all()}
    assert stats == {
        (MONDAY, "visionary"): (3, 2),
        (MONDAY + datetime.timedelta(days=7), "newtonian"): (1, 0),
    }

    User.objects.filter(pk=bob.pk)._raw_delete(using="default")  # the database cascade, no Django signals
    stats = {(w.week, w.director_id): (w.choices, w.overrides) for w in LearningWeek.objects.all()}
    assert stats[(MONDAY, "visionary")] == (2, 1)
    assert stats[(MONDAY + datetime.timedelta(days=7), "newtonian")] == (0, 0)


def test_the_dashboard_weeks_equal_a_count_of_the_events(transactional_db):
    user = UserFactory()
    job = make_job(user)
    now = timezone.now()
    for days_ago, director in [(0, "minimalist"), (1, "minimalist"), (9, "provocateur"), (40, "visionary")]:
        _event(job, director, now - datetime.timedelta(days=days_ago), days_ago % 2 == 0)
    weeks = weekly_choices(weeks=8, now=now)
    from_stats = Counter()
    for entry in weeks:
        for director, count in entry["directors"].items():
            from_stats[director] += count
    expected = Counter(
        e.selected_director_id for e in LearningEvent.objects.all() if e.created_at.date() >= weeks[0]["week"]
    )
    assert +from_stats == expected
    assert sum(entry["overrides"] for entry in weeks) == sum(
        1
        for e in LearningEvent.objects.all()
        if e.learning_delta["wasOverride"] and e.created_at.date() >= weeks[0]["week"]
    )
