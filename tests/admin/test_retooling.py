"""The retooling report: pick rates over the last 100 jobs, 0 % flagged, and the features that predict losing."""

import datetime

from django.utils import timezone

from learning import retooling
from learning.features import FEATURES, features
from tests.admin.builders import make_events
from tests.admin.conftest import DASHBOARD


def cautious(ranked, rng):
    """Never the Provocateur; mostly the safest of the rest (lowest risk), sometimes any of them."""
    rest = [p for p in ranked if p["director_id"] != "provocateur"]
    if rng.random() < 0.7:
        return min(rest, key=lambda p: (p["risk"]["value"], p["director_id"]))["director_id"]
    return rng.choice(rest)["director_id"]


def test_a_director_nobody_picked_in_the_last_100_jobs_is_flagged(db):
    now = timezone.now()
    # older choices did pick the Provocateur: they are outside the window
    make_events(30, seed=2, newest=now - datetime.timedelta(days=60), chooser=lambda r, g: "provocateur")
    events = make_events(100, seed=3, newest=now, spacing=datetime.timedelta(hours=1), chooser=cautious)

    found = retooling.report()

    assert found["jobs"] == 100 and found["complete"]
    rows = {d["director"]: d for d in found["directors"]}
    assert rows["provocateur"]["picked"] == 0 and rows["provocateur"]["rate"] == 0
    assert rows["provocateur"]["shown"] == 100
    assert found["flagged"] == ["provocateur"]
    for ident in ("newtonian", "visionary", "minimalist"):
        picked = sum(1 for e in events if e.selected_director_id == ident)
        assert rows[ident]["picked"] == picked and rows[ident]["rate"] == picked / 100
        assert not rows[ident]["flagged"]
    assert sum(d["picked"] for d in found["directors"]) == 100


def test_fewer_than_100_jobs_flag_nobody(db):
    make_events(40, seed=4, chooser=cautious)
    found = retooling.report()
    assert found["jobs"] == 40 and not found["complete"]
    assert found["flagged"] == []
    assert {d["director"]: d["picked"] for d in found["directors"]}["provocateur"] == 0


def test_the_features_of_losing_pitches_are_measured_against_the_chosen_ones(db):
    events = make_events(100, seed=5, chooser=cautious)
    effects = {row["feature"]: row for row in retooling.report()["features"]}

    assert set(effects) == set(FEATURES)
    chosen = [features(p) for e in events for p in e.director_pitches if p["directorId"] == e.selected_director_id]
    lost = [features(p) for e in events for p in e.director_pitches if p["directorId"] != e.selected_director_id]
    risk = FEATURES.index("risk")
    assert effects["risk"]["chosen_count"] == 100 and effects["risk"]["lost_count"] == 300
    assert effects["risk"]["chosen_mean"] == sum(r[risk] for r in chosen) / 100
    assert effects["risk"]["lost_mean"] == sum(r[risk] for r in lost) / 300
    # the cautious choosers pass over risky pitches: risk predicts losing, by both measures
    assert effects["risk"]["difference"] < -0.2
    assert effects["risk"]["coefficient"] < 0
    order = [row["feature"] for row in retooling.report()["features"]]
    assert order.index("risk") < len(order) // 2  # among the features that most predict losing


def test_the_dashboard_shows_the_retooling_report(admin_client):
    make_events(100, seed=6, chooser=cautious)
    html = admin_client.get(DASHBOARD).content.decode()
    section = html.split('id="retooling"')[1].split('id="studio-head-accuracy"')[0]
    assert "Retooling: directors nobody picks" in section
    assert "flagged: 0 % over 100 jobs" in section
    assert section.count("flagged: 0 %") == 1
    assert "What the pitches that lose have in common" in section
    assert "(n=100)" in section and "(n=300)" in section
    assert "predicts losing" in section
