import json
import re
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from learning import dashboard
from tests.admin.builders import make_events
from tests.admin.conftest import DASHBOARD, EVENTS

# The tests that count events commit them (transactional_db): on PostgreSQL the weekly counters are bumped as the
# transaction commits (learning/migrations/0004).


def test_weekly_choices_count_each_director_and_the_overrides_per_week(transactional_db):
    events = make_events(60, spacing=timezone.timedelta(hours=20))
    weeks = dashboard.weekly_choices()
    assert len(weeks) == dashboard.WINDOW_WEEKS
    assert sum(w["total"] for w in weeks) == 60
    for ident in ("newtonian", "visionary", "minimalist", "provocateur"):
        assert sum(w["directors"][ident] for w in weeks) == sum(1 for e in events if e.selected_director_id == ident)
    assert sum(w["overrides"] for w in weeks) == sum(1 for e in events if e.learning_delta["wasOverride"])
    assert all(w["week"].weekday() == 0 for w in weeks)
    assert weeks[0]["override_rate"] is None  # no events 26 weeks ago


def test_dashboard_draws_wins_and_override_rate_as_inline_svg(transactional_db, admin_client):
    make_events(40)
    response = admin_client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="studio-chart"') == 2
    assert "Which directors win, per week" in html and "Override rate, per week" in html
    assert re.search(r"<title>week of [^<]+: (newtonian|visionary|minimalist|provocateur) \d+ \(\d+%\)</title>", html)
    assert "<script" not in html.split('id="content-main"')[1]  # readable without JavaScript
    assert "cdn" not in html.lower()


def test_dashboard_says_how_to_run_the_evaluation_when_none_has_been_run(admin_client, settings):
    assert not settings.STUDIO_EVALUATION_FILE.exists()
    response = admin_client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No evaluation has been run yet: run <code>manage.py evaluate_studio_head</code>." in html
    assert "RESULTS.md" not in html


def test_dashboard_shows_the_evaluation_the_command_stored(admin_client, settings):
    call_command("evaluate_studio_head", users=12, choices=30, seed=3, stdout=StringIO())
    stored = json.loads(settings.STUDIO_EVALUATION_FILE.read_text())
    html = admin_client.get(DASHBOARD).content.decode()
    head = stored["predictors"]["studio_head"]
    assert f"{head['top-1']:.1%}" in html  # the card
    assert "12 simulated users x 30 choices, seed 3" in html
    row = re.search(r"<tr><th>Studio Head</th>(.*?)</tr>", html).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == [f"{head[h]:.3f}" for h in stored["headers"]]
    assert "hidden_taste (the ceiling)" in html
    goal = stored["goals"][0]
    assert escape(f"{goal['label']}: {goal['value']} ({'met' if goal['met'] else 'NOT met'})") in html


def test_dashboard_reads_a_new_evaluation_without_a_restart(admin_client, settings):
    call_command("evaluate_studio_head", users=6, choices=6, seed=1, stdout=StringIO())
    assert "6 simulated users x 6 choices, seed 1" in admin_client.get(DASHBOARD).content.decode()
    call_command("evaluate_studio_head", users=7, choices=6, seed=2, stdout=StringIO())
    html = admin_client.get(DASHBOARD).content.decode()
    assert "7 simulated users x 6 choices, seed 2" in html and "seed 1" not in html
    assert "<td>—</td>" in html  # choices 21-30 never happened in a 6-choice run: no score, not "nan"


def test_dashboard_treats_a_file_that_is_not_an_evaluation_as_none(admin_client, settings):
    settings.STUDIO_EVALUATION_FILE.parent.mkdir(parents=True)
    settings.STUDIO_EVALUATION_FILE.write_text("## Studio Head evaluation\n| not | json |")
    assert "No evaluation has been run yet" in admin_client.get(DASHBOARD).content.decode()


def test_dashboard_is_cached_for_a_few_minutes(transactional_db, admin_client):
    make_events(10)
    admin_client.get(DASHBOARD)
    make_events(10)
    weeks, _ = dashboard.cached_weekly_choices()
    assert sum(w["total"] for w in weeks) == 10


def test_dashboard_is_linked_from_the_index_and_the_event_list(admin_client):
    assert DASHBOARD in admin_client.get("/admin/").content.decode()
    assert DASHBOARD in admin_client.get(EVENTS).content.decode()
