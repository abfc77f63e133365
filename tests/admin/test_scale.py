"""The admin's cost does not grow with the table; large counts are estimates and say so."""

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from director.models import VisionJob
from learning.models import LearningEvent
from tests.admin.builders import make_events, query_counts
from tests.admin.conftest import DASHBOARD, EVENTS
from tests.factories import UserFactory


def page_urls(event, pages):
    return {
        "changelist": EVENTS,
        "filtered by director": f"{EVENTS}?director=visionary",
        "overrides": f"{EVENTS}?override=yes",
        "last page": f"{EVENTS}?p={pages}",
        "search": f"{EVENTS}?q={event.user.username}",
        "month": f"{EVENTS}?created_at__year={event.created_at.year}&created_at__month={event.created_at.month}",
        "event page": f"{EVENTS}{event.pk}/change/",
        "dashboard": DASHBOARD,
    }


def test_query_count_is_the_same_for_a_small_and_a_larger_table(admin_client):
    alice = UserFactory(username="alice")
    small = make_events(150, users=[alice, UserFactory(), UserFactory()], seed=1)
    before = query_counts(admin_client, page_urls(small[-1], pages=2))
    make_events(600, seed=2)
    assert LearningEvent.objects.count() == 750
    after = query_counts(admin_client, page_urls(small[-1], pages=8))
    assert after == before
    assert max(before.values()) <= 9


def test_the_count_is_exact_below_the_limit(admin_client):
    make_events(30)
    html = admin_client.get(EVENTS).content.decode()
    assert "30 learning events" in html
    assert "(estimated)" not in html


def test_estimated_count_is_labelled_when_used(admin_client, postgres, settings):
    settings.STUDIO_ADMIN_EXACT_COUNT_LIMIT = 50
    make_events(300)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE learning_events")
    html = admin_client.get(EVENTS).content.decode()
    assert '<span class="studio-estimate"' in html
    assert "(estimated)</span> learning events" in html
    filtered = admin_client.get(EVENTS, {"director": "newtonian"}).content.decode()
    assert "(estimated)" in filtered
    # a small filtered result is still counted exactly
    user = LearningEvent.objects.first().user
    exact = admin_client.get(EVENTS, {"q": str(user.pk)}).content.decode()
    assert "(estimated)" not in exact


def test_generate_learning_events_makes_marked_rows_and_removes_only_them(postgres):
    keep = UserFactory(username="keeper")
    call_command("generate_learning_events", users=20, events=150, weeks=4, verbosity=0)
    generated = User.objects.filter(username__startswith="gen-", email__endswith="@generated.invalid")
    assert generated.count() == 20
    assert VisionJob.objects.filter(user__in=generated).count() == 15
    events = LearningEvent.objects.filter(user__in=generated)
    assert events.count() == 150
    event = events.first()
    assert event.job.user_id == event.user_id
    assert {p["directorId"] for p in event.director_pitches} == {"newtonian", "visionary", "minimalist", "provocateur"}
    assert set(event.learning_delta) >= {"objectiveWinner", "subjectiveChoice", "wasOverride", "surprise"}
    assert set(events.values_list("selected_director_id", flat=True)) <= {
        "newtonian",
        "visionary",
        "minimalist",
        "provocateur",
    }
    call_command("generate_learning_events", users=5, events=0, verbosity=0)
    assert generated.count() == 25  # a second run adds, with new names
    call_command("generate_learning_events", remove=True, verbosity=0)
    assert not generated.exists() and not LearningEvent.objects.exists()
    assert User.objects.filter(pk=keep.pk).exists()


def test_generate_learning_events_needs_postgresql(db):
    if connection.vendor == "postgresql":
        pytest.skip("checks the refusal on other databases")
    with pytest.raises(Exception, match="needs PostgreSQL"):
        call_command("generate_learning_events", users=1, events=1, verbosity=0)
