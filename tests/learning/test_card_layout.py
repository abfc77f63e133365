"""The director_card_layout experiment: a stable 50/50 djb2 split of users, the arm in every learning event with the
time from the Lounge's opening to the choice, and the dashboard's comparison of the arms with intervals."""

import random
import uuid
from datetime import timedelta

import numpy as np
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from director.models import VisionJob
from learning import experiments
from learning.experiments import (
    ALL_CARDS,
    RECOMMENDED_FIRST,
    arm_of,
    compare_arms,
    compare_summaries,
    djb2,
    wilson,
)
from learning.models import LearningEvent
from tests.factories import UserFactory, VisionJobFactory
from tests.flow import select, state, upload_idle

# --- The split ---------------------------------------------------------------------------------------------------


def test_djb2_is_bernsteins_hash():
    # h = 5381; h = h * 33 + c, by hand for "", "a" and "ab"; and 32-bit wrap-around on a long input.
    assert djb2("") == 5381
    assert djb2("a") == 5381 * 33 + 97
    assert djb2("ab") == (5381 * 33 + 97) * 33 + 98
    long = "x" * 50
    expected = 5381
    for _ in long:
        expected = (expected * 33 + ord("x")) % 2**32
    assert djb2(long) == expected


def test_the_split_is_50_50_within_1_percent_over_100k_ids():
    rng = random.Random(18)
    ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(100_000)]
    share = sum(arm_of(i) == ALL_CARDS for i in ids) / len(ids)
    assert abs(share - 0.5) < 0.01, share


def test_the_arm_is_stable_and_reads_the_id_as_text():
    ident = uuid.UUID("6f1c1f0e-8a4b-4c1e-9d7a-2b3c4d5e6f70")
    assert arm_of(ident) == arm_of(str(ident)) == arm_of(uuid.UUID(str(ident)))
    bucket = djb2(str(ident)) % 100
    assert arm_of(ident) == (ALL_CARDS if bucket < 50 else RECOMMENDED_FIRST)


# --- The API and the events ---------------------------------------------------------------------------------------


def test_me_and_the_director_state_say_the_users_arm(api, user, upload):
    assert api.get("/api/v1/me/").json()["card_layout"] == arm_of(user.pk)
    job = upload_idle(upload)
    assert state(api, job)["card_layout"] == arm_of(user.pk)


def test_every_event_stores_the_arm_and_the_time_from_the_lounge_to_the_choice(api, user, upload, run):
    job = upload_idle(upload)
    shown = state(api, job)  # the Lounge opens: its pitches are served
    opened = VisionJob.objects.get(pk=job.pk).lounge_opened_at
    assert opened is not None
    state(api, job)
    assert VisionJob.objects.get(pk=job.pk).lounge_opened_at == opened  # the first opening counts
    VisionJob.objects.filter(pk=job.pk).update(lounge_opened_at=timezone.now() - timedelta(seconds=7))
    chosen = shown["pitches"][-1]
    assert select(api, run, job, chosen["director_id"]).status_code == 201
    delta = LearningEvent.objects.get(job=job).learning_delta
    assert delta["arm"] == arm_of(user.pk)
    assert 7000 <= delta["loungeMs"] < 7000 + 60_000
    assert delta["headPick"] is bool(chosen["recommended"])
    assert {"objectiveWinner", "subjectiveChoice", "wasOverride"} <= set(delta)  # the original's keys stay


def test_a_choice_made_without_the_lounge_served_has_no_time(api, user, upload, run):
    job = upload_idle(upload)
    assert select(api, run, job, "newtonian").status_code == 201
    delta = LearningEvent.objects.get(job=job).learning_delta
    assert delta["arm"] == arm_of(user.pk)
    assert delta["loungeMs"] is None


# --- The comparison -------------------------------------------------------------------------------------------------


def test_wilson_matches_the_published_interval():
    # Wilson (1927) / Newcombe (1998) table: 8 of 10 -> 0.490 to 0.943; 0 of 10 -> 0 to 0.278.
    low, high = wilson(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert tuple(round(v, 3) for v in wilson(0, 10)) == (0.0, 0.278)


def user_in(arm):
    while True:
        user = UserFactory()
        if arm_of(user.pk) == arm:
            return user


def generate(rng, *, n, override, head, mean_ms):
    """n events' learning_delta facts for one arm, drawn with the given true rates and mean time (lognormal)."""
    sigma = 0.6
    mu = np.log(mean_ms) - sigma**2 / 2
    times = rng.lognormal(mu, sigma, n)
    return [
        {"wasOverride": bool(o), "headPick": bool(h), "loungeMs": round(float(t))}
        for o, h, t in zip(rng.random(n) < override, rng.random(n) < head, times, strict=True)
    ]


def make_arm_events(arm, facts):
    user = user_in(arm)
    job = VisionJobFactory(user=user)
    now = timezone.now()
    LearningEvent.objects.bulk_create(
        LearningEvent(
            user=user,
            job=job,
            raw_scores=job.raw_scores,
            director_pitches=[],
            selected_director_id="newtonian",
            learning_delta={"objectiveWinner": "physics", "subjectiveChoice": "physics", "arm": arm, **f},
            created_at=now - timedelta(minutes=i),
        )
        for i, f in enumerate(facts)
    )


TRUE = {
    ALL_CARDS: {"override": 0.34, "head": 0.40, "mean_ms": 9000.0},
    RECOMMENDED_FIRST: {"override": 0.24, "head": 0.52, "mean_ms": 6500.0},
}


@pytest.mark.django_db
def test_the_comparison_finds_real_differences_with_intervals_that_hold_the_truth():
    rng = np.random.default_rng(18)
    for arm, truth in TRUE.items():
        make_arm_events(arm, generate(rng, n=1500, **truth))
    result = compare_arms(LearningEvent.objects.all())
    assert result["events"] == 3000
    metrics = {m["key"]: m for m in result["metrics"]}
    for key, truth_key in (("override_rate", "override"), ("head_top1", "head"), ("lounge_ms", "mean_ms")):
        metric = metrics[key]
        assert metric["significant"] and metric["p_value"] < 0.01, metric
        for arm in (ALL_CARDS, RECOMMENDED_FIRST):
            low, high = metric["arms"][arm]["interval"]
            assert low < TRUE[arm][truth_key] < high, (key, arm, low, high)
            assert metric["arms"][arm]["events"] == 1500


def summary_of(facts, arm):
    times = np.array([f["loungeMs"] for f in facts], dtype=float)
    return {
        "arm": arm,
        "n": len(facts),
        "overrides": sum(f["wasOverride"] for f in facts),
        "head_hits": sum(f["headPick"] for f in facts),
        "timed": len(facts),
        "mean_ms": float(times.mean()),
        "sd_ms": float(times.std(ddof=1)),
    }


def test_alike_arms_are_called_significant_about_5_percent_of_the_time():
    # 400 experiments where both arms have the same truth: each test's false-positive rate should be near 5 %.
    rng = np.random.default_rng(18)
    same = {"override": 0.3, "head": 0.45, "mean_ms": 8000.0}
    calls = np.zeros(3)
    for _ in range(400):
        summary = {arm: summary_of(generate(rng, n=300, **same), arm) for arm in (ALL_CARDS, RECOMMENDED_FIRST)}
        calls += [m["significant"] for m in compare_summaries(summary)["metrics"]]
    rates = calls / 400
    assert all(0.02 <= r <= 0.09 for r in rates), rates


@pytest.mark.django_db
def test_the_time_interval_agrees_with_a_bootstrap_of_the_same_events():
    rng = np.random.default_rng(3)
    facts = generate(rng, n=600, **TRUE[ALL_CARDS])
    make_arm_events(ALL_CARDS, facts)
    metric = next(m for m in compare_arms(LearningEvent.objects.all())["metrics"] if m["key"] == "lounge_ms")
    low, high = metric["arms"][ALL_CARDS]["interval"]
    times = np.array([f["loungeMs"] for f in facts], dtype=float)
    means = rng.choice(times, size=(4000, times.size)).mean(axis=1)
    boot_low, boot_high = np.percentile(means, [2.5, 97.5])
    assert abs(low - boot_low) < 0.05 * times.mean() and abs(high - boot_high) < 0.05 * times.mean()
    assert metric["arms"][RECOMMENDED_FIRST]["events"] == 0 and metric["p_value"] is None


@pytest.mark.django_db
def test_the_dashboard_shows_the_comparison(client):
    cache.clear()  # the dashboard caches its numbers
    rng = np.random.default_rng(18)
    for arm, truth in TRUE.items():
        make_arm_events(arm, generate(rng, n=400, **truth))
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    html = client.get("/admin/learning/learningevent/dashboard/").content.decode()
    assert "director_card_layout" in html
    expected = compare_arms(LearningEvent.objects.filter(created_at__gte=timezone.now() - timedelta(days=182)))
    rows = experiments.dashboard_rows(expected)
    assert len(rows) == 3
    for row in rows:
        assert escape(row["label"]) in html
        assert row["p_value"] in html
        for cell in row["cells"]:
            assert cell["interval"] in html
    assert "significant" in html


@pytest.mark.postgres
def test_generated_events_carry_the_arm_and_the_dashboard_compares_them(client, postgres):
    # The generator staff fill the dashboard with writes each event's experiment facts as a live event does.
    cache.clear()
    call_command("generate_learning_events", users=40, events=2000, weeks=4, verbosity=0)
    events = list(LearningEvent.objects.all())
    assert len(events) == 2000
    for event in events:
        delta = event.learning_delta
        assert delta["arm"] == arm_of(event.user_id)
        recommended = next(p["directorId"] for p in event.director_pitches if p["recommended"])
        assert delta["headPick"] is (recommended == event.selected_director_id)
        assert delta["shownRank"] == next(
            p["rank"] for p in event.director_pitches if p["directorId"] == event.selected_director_id
        )
        assert delta["loungeMs"] is None or (isinstance(delta["loungeMs"], int) and delta["loungeMs"] > 0)
    per_arm = {arm: [e for e in events if e.learning_delta["arm"] == arm] for arm in (ALL_CARDS, RECOMMENDED_FIRST)}
    assert all(len(arm_events) > 200 for arm_events in per_arm.values()), {a: len(e) for a, e in per_arm.items()}
    assert 0 < sum(e.learning_delta["loungeMs"] is None for e in events) < 0.1 * len(events)

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    html = client.get("/admin/learning/learningevent/dashboard/").content.decode()
    comparison = compare_arms(LearningEvent.objects.filter(created_at__gte=timezone.now() - timedelta(days=182)))
    assert comparison["events"] == 2000
    for row in experiments.dashboard_rows(comparison):
        assert f'<tr data-metric="{escape(row["label"])}">' in html
        for cell in row["cells"]:  # both arms: an interval, over their events
            assert cell["interval"] != "—" and cell["events"] > 200
            assert cell["interval"] in html
    metrics = {m["key"]: m for m in comparison["metrics"]}
    # The generator's built-in differences (recommended_first: more Studio Head picks, a shorter time) are found.
    assert metrics["head_top1"]["significant"] and metrics["lounge_ms"]["significant"]
    top1 = metrics["head_top1"]["arms"]
    assert top1[RECOMMENDED_FIRST]["estimate"] > top1[ALL_CARDS]["estimate"]
    call_command("generate_learning_events", remove=True, verbosity=0)
