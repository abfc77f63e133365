import re

from django.utils import timezone

from learning import dashboard
from tests.admin.builders import make_events
from tests.admin.conftest import DASHBOARD, EVENTS

RECORDED = """
## Something else

| predictor | top-1 |
|---|---|
| studio_head | 0.999 |

## Studio Head evaluation

2026-01-02 10:00 UTC, 2 CPUs, Test CPU. 200 simulated users x 30 choices, seed 7.

| predictor | top-1 | log-loss | top-1 1-5 | top-1 6-10 | top-1 11-20 | top-1 21-30 | log-loss 21-30 |
|---|---|---|---|---|---|---|---|
| studio_head | 0.612 | 0.980 | 0.400 | 0.600 | 0.650 | 0.700 | 0.850 |
| popularity | 0.310 | 1.340 | 0.300 | 0.310 | 0.310 | 0.320 | 1.330 |
| (hidden_taste, the ceiling) | 0.720 | 0.800 | 0.700 | 0.720 | 0.720 | 0.730 | 0.790 |

- top-1 after 20 choices, points above popularity (goal >= 15): 38.0 (met)
"""


def test_weekly_choices_count_each_director_and_the_overrides_per_week(db):
    events = make_events(60, spacing=timezone.timedelta(hours=20))
    weeks = dashboard.weekly_choices()
    assert len(weeks) == dashboard.WINDOW_WEEKS
    assert sum(w["total"] for w in weeks) == 60
    for ident in ("newtonian", "visionary", "minimalist", "provocateur"):
        assert sum(w["directors"][ident] for w in weeks) == sum(1 for e in events if e.selected_director_id == ident)
    assert sum(w["overrides"] for w in weeks) == sum(1 for e in events if e.learning_delta["wasOverride"])
    assert all(w["week"].weekday() == 0 for w in weeks)
    assert weeks[0]["override_rate"] is None  # no events 26 weeks ago


def test_dashboard_draws_wins_and_override_rate_as_inline_svg(admin_client, settings, tmp_path):
    settings.STUDIO_RESULTS_FILE = tmp_path / "missing.md"
    make_events(40)
    response = admin_client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="studio-chart"') == 2
    assert "Which directors win, per week" in html and "Override rate, per week" in html
    assert re.search(r"<title>week of [^<]+: (newtonian|visionary|minimalist|provocateur) \d+ \(\d+%\)</title>", html)
    assert "<script" not in html.split('id="content-main"')[1]  # readable without JavaScript
    assert "cdn" not in html.lower()


def test_dashboard_reads_the_latest_recorded_evaluation(admin_client, settings, tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text(RECORDED)
    settings.STUDIO_RESULTS_FILE = results
    html = admin_client.get(DASHBOARD).content.decode()
    assert "From the latest recorded evaluation in benchmarks/RESULTS.md" in html
    assert "61.2%" in html  # studio_head top-1 from the evaluation section, not the other table
    assert "38.0 (met)" in html


def test_dashboard_runs_a_small_evaluation_when_none_is_recorded(admin_client, settings, tmp_path):
    settings.STUDIO_RESULTS_FILE = tmp_path / "missing.md"
    html = admin_client.get(DASHBOARD).content.decode()
    assert "No recorded evaluation was found" in html
    evaluation = dashboard.measured_evaluation()
    assert evaluation["source"] == "measured"
    assert 0.0 < float(evaluation["predictors"]["studio_head"]["top-1"]) <= 1.0


def test_dashboard_is_cached_for_a_few_minutes(admin_client, settings, tmp_path):
    settings.STUDIO_RESULTS_FILE = tmp_path / "missing.md"
    make_events(10)
    admin_client.get(DASHBOARD)
    make_events(10)
    weeks, _ = dashboard.cached_weekly_choices()
    assert sum(w["total"] for w in weeks) == 10


def test_dashboard_is_linked_from_the_index_and_the_event_list(admin_client):
    assert DASHBOARD in admin_client.get("/admin/").content.decode()
    assert DASHBOARD in admin_client.get(EVENTS).content.decode()
