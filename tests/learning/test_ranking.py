import copy
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from director.directors import DIRECTOR_IDS
from learning.explain import NEW_HERE, OBJECTIVE, WILDCARD
from learning.features import pitch_dimension
from learning.studio_head import empty_profile, learn_from_choice, predict_proba, rank_pitches
from tests.learning.pitches import lounge_pitches, raw

scores = st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda x: round(x, 1))
raws = st.builds(raw, scores, scores, scores)


def profile_after(choices, *, seed=0):
    """A profile built by choosing `choices` (director ids) on random images."""
    rng = random.Random(seed)
    profile = None
    for index, chosen in enumerate(choices):
        image = raw(*(round(rng.uniform(1, 9.8), 1) for _ in range(3)))
        shown = rank_pitches(profile, lounge_pitches(image), seed=f"job-{index}")
        profile, _ = learn_from_choice(profile, shown, chosen, image)
    return profile


@settings(max_examples=200, deadline=None)
@given(raws, st.integers(min_value=0, max_value=40), st.integers())
def test_logged_probabilities_sum_to_one_and_every_pitch_is_returned(image, history, seed):
    profile = profile_after([DIRECTOR_IDS[i % 3] for i in range(history)], seed=history)
    ranked = rank_pitches(profile, lounge_pitches(image), seed=seed)

    assert sorted(p["director_id"] for p in ranked) == sorted(DIRECTOR_IDS)
    assert [p["rank"] for p in ranked] == [1, 2, 3, 4]
    assert abs(sum(p["probability"] for p in ranked) - 1.0) < 1e-9
    assert all(0.0 <= p["probability"] <= 1.0 for p in ranked)
    assert sum(p["recommended"] for p in ranked) == 1
    assert all(isinstance(p["reason"], str) and p["reason"].endswith(".") for p in ranked)
    assert math.isclose(sum(predict_proba(profile, lounge_pitches(image)).values()), 1.0, abs_tol=1e-12)


def test_cold_start_order_is_random_but_the_same_for_the_same_job():
    pitches = lounge_pitches(raw(6.0, 7.5, 4.0))

    first = rank_pitches(None, pitches, seed="job-a")
    again = rank_pitches(None, list(reversed(pitches)), seed="job-a")
    orders = {tuple(p["director_id"] for p in rank_pitches(None, pitches, seed=f"job-{n}")) for n in range(40)}

    assert [p["director_id"] for p in first] == [p["director_id"] for p in again]
    assert len(orders) > 10
    assert all(p["exploration"] == "cold_start" for p in first)


def test_cold_start_still_logs_the_models_probabilities_and_recommends_the_objective_pick():
    pitches = lounge_pitches(raw(9.0, 3.0, 2.0))  # physics leads: the Eye's pick is the newtonian
    ranked = rank_pitches(None, pitches, seed="job-1")
    expected = predict_proba(None, pitches)

    for pitch in ranked:
        assert abs(pitch["probability"] - expected[pitch["director_id"]]) < 1e-3
    recommended = next(p for p in ranked if p["recommended"])
    assert recommended["director_id"] == "newtonian"
    assert recommended["reason"] == OBJECTIVE
    assert {p["reason"] for p in ranked if not p["recommended"]} == {NEW_HERE}


def test_after_five_choices_the_order_is_the_models():
    profile = profile_after(["minimalist"] * 3 + ["visionary"] * 2)
    pitches = lounge_pitches(raw(5.0, 5.0, 5.0))
    ranked = rank_pitches(profile, pitches, seed="job-9")
    probabilities = predict_proba(profile, pitches)

    assert ranked[0]["recommended"] is True
    assert ranked[0]["director_id"] == max(probabilities, key=probabilities.get)
    assert [p["probability"] for p in ranked] == sorted((p["probability"] for p in ranked), reverse=True)
    assert all(p["exploration"] is None for p in ranked)


def test_a_narrow_user_gets_a_wildcard_second_from_another_dimension():
    profile = profile_after(["minimalist"] * 9 + ["newtonian"])
    ranked = rank_pitches(profile, lounge_pitches(raw(5.0, 6.0, 7.0)), seed="job-w")

    assert ranked[0]["director_id"] == "minimalist"
    assert ranked[1]["exploration"] == "wildcard"
    assert ranked[1]["reason"] == WILDCARD
    assert pitch_dimension(ranked[1]) != "logic"
    assert [p["exploration"] for p in ranked].count("wildcard") == 1


def test_a_varied_user_gets_no_wildcard():
    profile = profile_after(["minimalist", "visionary", "newtonian", "provocateur"] * 3)
    ranked = rank_pitches(profile, lounge_pitches(raw(5.0, 6.0, 7.0)), seed="job-v")

    assert all(p["exploration"] is None for p in ranked)


def test_reasons_speak_of_the_users_own_history():
    profile = profile_after(["visionary"] * 7 + ["newtonian"] * 2, seed=3)
    ranked = rank_pitches(profile, lounge_pitches(raw(4.0, 8.0, 5.0)), seed="job-r")

    assert ranked[0]["director_id"] == "visionary"
    assert ranked[0]["reason"] == "You chose vibe-led directors in 7 of your last 9 jobs."


def test_ranking_returns_new_dicts_and_leaves_inputs_alone():
    pitches = lounge_pitches(raw(5.0, 6.0, 7.0))
    profile = profile_after(["visionary"] * 6)
    before_pitches, before_profile = copy.deepcopy(pitches), copy.deepcopy(profile)

    ranked = rank_pitches(profile, pitches, seed="job-x")

    assert pitches == before_pitches and profile == before_profile
    assert all("rank" not in p for p in pitches)
    own = next(p for p in pitches if p["director_id"] == ranked[0]["director_id"])
    assert ranked[0]["quote"] == own["quote"] and ranked[0]["three_beat_pulse"] == own["three_beat_pulse"]


def test_an_empty_profile_ranks_like_no_profile():
    pitches = lounge_pitches(raw(3.0, 9.0, 6.0))

    assert rank_pitches(empty_profile(), pitches, seed=5) == rank_pitches(None, pitches, seed=5)


def test_pitches_must_name_distinct_directors():
    pitches = lounge_pitches(raw(5.0, 5.0, 5.0))
    pitches[1]["director_id"] = pitches[0]["director_id"]

    with pytest.raises(ValueError, match="distinct director"):
        rank_pitches(None, pitches, seed=1)
