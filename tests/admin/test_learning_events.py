import csv
import io
import re

from django.utils import timezone

from learning.models import LearningEvent
from tests.admin.builders import make_events
from tests.admin.conftest import EVENTS, EXPORT
from tests.factories import UserFactory


def rows_shown(response):
    return re.findall(r'<tr><td class="field-event_time[^"]*">', response.content.decode())


def csv_rows(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_list_shows_time_user_job_director_override_and_surprise(admin_client):
    event = make_events(3)[-1]
    response = admin_client.get(EVENTS)
    assert response.status_code == 200
    html = response.content.decode()
    assert event.user.username in html
    assert str(event.job_id)[:8] in html
    assert event.selected_director_id in html
    surprise = event.learning_delta["surprise"]
    assert f"{surprise:.2f} (p={event.learning_delta['chosenProbability']:.2f})" in html
    assert "override of the objective winner" in html
    assert len(rows_shown(response)) == 3


def test_director_filter_offers_the_roster_and_filters(admin_client):
    events = make_events(40)
    response = admin_client.get(EVENTS, {"director": "visionary"})
    html = response.content.decode()
    for ident in ("newtonian", "visionary", "minimalist", "provocateur"):
        assert f"?director={ident}" in html
    expected = sum(1 for e in events if e.selected_director_id == "visionary")
    assert expected > 0
    assert len(rows_shown(response)) == expected


def test_override_filter_keeps_only_overrides(admin_client):
    events = make_events(40)
    overrides = sum(1 for e in events if e.learning_delta["wasOverride"])
    assert 0 < overrides < 40
    assert len(rows_shown(admin_client.get(EVENTS, {"override": "yes"}))) == overrides
    assert len(rows_shown(admin_client.get(EVENTS, {"override": "no"}))) == 40 - overrides


def test_search_finds_events_by_username_email_and_job_id(admin_client):
    alice = UserFactory(username="alice", email="alice@studio.test")
    bob = UserFactory(username="bob", email="bob@studio.test")
    events = make_events(20, users=[alice, bob])
    alices = sum(1 for e in events if e.user == alice)
    assert len(rows_shown(admin_client.get(EVENTS, {"q": "alice"}))) == alices
    assert len(rows_shown(admin_client.get(EVENTS, {"q": "BOB@studio.test"}))) == 20 - alices
    job = events[0].job
    assert len(rows_shown(admin_client.get(EVENTS, {"q": str(job.pk)}))) == sum(1 for e in events if e.job == job)
    assert len(rows_shown(admin_client.get(EVENTS, {"q": "nobody"}))) == 0


def test_date_hierarchy_offers_fixed_months_and_filters_by_month(admin_client):
    newest = timezone.now().replace(year=2025, month=3, day=20)
    make_events(60, newest=newest, spacing=timezone.timedelta(days=1))  # 20 Jan .. 20 Mar 2025
    html = admin_client.get(EVENTS).content.decode()
    assert "created_at__month=1" in html and "created_at__month=3" in html and "created_at__month=4" not in html
    february = admin_client.get(EVENTS, {"created_at__year": 2025, "created_at__month": 2})
    assert len(rows_shown(february)) == 28


def test_event_page_shows_pitches_as_a_table_and_the_delta_as_signed_numbers(admin_client):
    event = make_events(1)[0]
    response = admin_client.get(f"{EVENTS}{event.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="studio-json-table"' in html
    for pitch in event.director_pitches:
        assert pitch["directorId"] in html
    assert f"<strong>{event.selected_director_id} ✔ chosen</strong>" in html
    gradient = event.learning_delta["gradient"]["physics"]
    assert f"{gradient:+.4f}" in html
    assert "Surprise, -log p" in html
    assert "&quot;wasOverride&quot;" in html  # the stored JSON, pretty-printed
    assert 'name="_save"' not in html  # nothing to save


def test_event_page_title_names_the_user_not_their_id(admin_client):
    event = make_events(1)[0]
    html = admin_client.get(f"{EVENTS}{event.pk}/change/").content.decode()
    title = f"{event.selected_director_id} by {event.user.username}"
    assert f"<h2>{title}</h2>" in html  # the page's subtitle
    assert f'<li aria-current="page">{title}</li>' in html  # the breadcrumb
    assert f"by {event.user_id}" not in html


def test_events_are_read_only_even_for_a_superuser(admin_client):
    event = make_events(1)[0]
    other = next(p["directorId"] for p in event.director_pitches if p["directorId"] != event.selected_director_id)
    assert admin_client.get(f"{EVENTS}add/").status_code == 403
    response = admin_client.post(f"{EVENTS}{event.pk}/change/", {"selected_director_id": other})
    assert response.status_code == 403
    assert admin_client.get(f"{EVENTS}{event.pk}/delete/").status_code == 403
    assert "delete_selected" not in admin_client.get(EVENTS).content.decode()  # no actions at all
    assert LearningEvent.objects.get(pk=event.pk).selected_director_id == event.selected_director_id


def test_deleting_the_user_in_admin_deletes_their_events(admin_client):
    victim = UserFactory()
    make_events(5, users=[victim])
    response = admin_client.post(f"/admin/accounts/user/{victim.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not LearningEvent.objects.filter(user_id=victim.pk).exists()


def test_csv_export_link_keeps_the_current_filters(admin_client):
    events = make_events(30)
    html = admin_client.get(EVENTS, {"director": "minimalist"}).content.decode()
    assert f'href="{EXPORT}?director=minimalist"' in html
    response = admin_client.get(EXPORT, {"director": "minimalist"})
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert len(rows) == sum(1 for e in events if e.selected_director_id == "minimalist")
    assert {row["selected_director_id"] for row in rows} == {"minimalist"}
    assert {"username", "email", "job_id", "was_override", "surprise"} <= set(rows[0])
