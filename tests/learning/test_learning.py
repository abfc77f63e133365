import copy
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from director.directors import DIMENSIONS, DIRECTOR_IDS
from learning.features import features, pitch_dimension, top_dimension
from learning.studio_head import (
    COLD_START_SELECTIONS,
    PRIOR_WEIGHTS,
    empty_profile,
    learn_from_choice,
    rank_pitches,
    replay,
    stored_pitches,
    update_profile,
)
from tests.learning.pitches import lounge_pitches, raw

scores = st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda x: round(x, 1))
raws = st.builds(raw, scores, scores, scores)
streams = st.lists(st.tuples(raws, st.sampled_from(DIRECTOR_IDS)), max_size=40)


def live(stream, *, store=stored_pitches):
    """Choose live, as the select-director flow does; returns the profile and the events as they'd be stored."""
    profile, events = None, []
    for index, (image, chosen) in enumerate(stream):
        shown = rank_pitches(profile, lounge_pitches(image), seed=f"job-{index}")
        profile, _ = learn_from_choice(profile, shown, chosen, image)
        profile = json.loads(json.dumps(profile))  # through the JSON column and back
        events.append(json.loads(json.dumps((store(shown), chosen, image))))
    return profile, events


@settings(max_examples=150, deadline=None)
@given(streams)
def test_replaying_stored_events_equals_the_live_profile(stream):
    profile, events = live(stream)

    assert replay(events) == (profile if stream else empty_profile())


@settings(max_examples=50, deadline=None)
@given(streams)
def test_replay_reads_pitches_stored_in_either_shape_in_any_order(stream):
    profile, events = live(stream, store=lambda shown: list(reversed(shown)))

    assert replay(events) == (profile if stream else empty_profile())


def test_learn_from_choice_is_pure():
    image = raw(5.0, 8.0, 3.0)
    profile, _ = learn_from_choice(None, lounge_pitches(image), "visionary", image)
    shown = lounge_pitches(image)
    before_profile, before_shown = copy.deepcopy(profile), copy.deepcopy(shown)

    first = learn_from_choice(profile, shown, "newtonian", image)
    second = learn_from_choice(profile, shown, "newtonian", image)

    assert first == second
    assert profile == before_profile and shown == before_shown


def test_the_delta_keeps_the_originals_keys_and_the_exact_change():
    image = raw(8.0, 5.0, 4.0)  # physics is the objective winner
    profile, delta = learn_from_choice(None, lounge_pitches(image), "visionary", image)

    assert delta["objectiveWinner"] == "physics"
    assert delta["subjectiveChoice"] == "vibe"
    assert delta["wasOverride"] is True
    for name, after in delta["weightsAfter"].items():
        before = delta["weightsBefore"][name]
        assert profile["model"]["weights"][name] == after
        assert after == before + delta["learningRate"] * (
            delta["gradient"][name] - delta["priorPull"] * (before - PRIOR_WEIGHTS[name])
        )
    assert delta["weightsAfter"]["vibe"] > delta["weightsBefore"]["vibe"]  # the chosen pitch had the most vibe
    for ident, change in delta["directorBiasDelta"].items():
        assert profile["model"]["directorBias"][ident] == delta["directorBiasBefore"][ident] + change
    assert delta["directorBiasDelta"]["visionary"] > 0
    assert 0 < delta["chosenProbability"] < 1
    assert delta["surprise"] == pytest.approx(-math.log(delta["chosenProbability"]))
    assert delta["learningRate"] > 0
    json.dumps(delta, allow_nan=False)


def test_objective_winner_ties_go_physics_then_vibe_then_logic():
    for image, winner in [(raw(7, 7, 7), "physics"), (raw(3, 7, 7), "vibe"), (raw(3, 2, 7), "logic")]:
        _, delta = learn_from_choice(None, lounge_pitches(image), "minimalist", image)
        assert delta["objectiveWinner"] == winner


def test_the_provocateur_stands_for_its_larger_biased_dimension():
    vibe_led, physics_led = raw(4.0, 8.0, 5.0), raw(8.0, 4.0, 5.0)

    _, delta = learn_from_choice(None, lounge_pitches(vibe_led), "provocateur", vibe_led)
    assert delta["subjectiveChoice"] == "vibe"
    _, delta = learn_from_choice(None, lounge_pitches(physics_led), "provocateur", physics_led)
    assert delta["subjectiveChoice"] == "physics"


@pytest.mark.parametrize(
    "image,chosen,override",
    [
        # The Eye picks the Provocateur (vibe above 8, physics above 6); the Visionary shares the top dimension.
        (raw(7.0, 8.5, 3.0), "visionary", True),
        (raw(7.0, 8.5, 3.0), "provocateur", False),
        # Low scores everywhere: the rule falls back to the Visionary although logic is the highest.
        (raw(2.0, 3.0, 4.0), "visionary", False),
        (raw(2.0, 3.0, 4.0), "minimalist", True),
    ],
)
def test_an_override_is_choosing_a_director_other_than_the_pitch_shown_as_the_objective_pick(image, chosen, override):
    shown = rank_pitches(None, lounge_pitches(image), seed="job")
    objective = next(p["director_id"] for p in shown if p["objective_pick"])

    profile, delta = learn_from_choice(None, shown, chosen, image)

    assert delta["objectivePick"] == objective
    assert delta["wasOverride"] is override is (chosen != objective)
    assert profile["overrideCount"] == int(override)


def test_the_readable_fields_follow_the_choices():
    images = [raw(8.0, 5.0, 4.0), raw(8.0, 5.0, 4.0), raw(3.0, 9.0, 4.0)]
    choices = ["visionary", "visionary", "newtonian"]
    profile = replay((lounge_pitches(image), chosen, image) for image, chosen in zip(images, choices, strict=True))

    assert profile["totalSelections"] == 3
    assert profile["overrideCount"] == 3
    assert profile["overrideRate"] == 1.0
    visionary, newtonian = profile["directorWinRate"]["visionary"], profile["directorWinRate"]["newtonian"]
    assert (visionary["wins"], visionary["losses"], visionary["streak"], visionary["lastSelected"]) == (2, 1, 0, 2)
    assert (newtonian["wins"], newtonian["losses"], newtonian["streak"], newtonian["lastSelected"]) == (1, 2, 1, 3)
    assert visionary["rate"] == round(2 / 3, 4)
    assert profile["directorWinRate"]["minimalist"]["lastSelected"] is None
    assert profile["biasVector"]["vibe"] > 0 > profile["biasVector"]["logic"]
    assert [c["directorId"] for c in profile["recentChoices"]] == choices


@settings(max_examples=50, deadline=None)
@given(streams)
def test_the_bias_vector_stays_within_minus_one_and_one(stream):
    profile, _ = live(stream)

    assert all(-1.0 <= value <= 1.0 for value in (profile or empty_profile())["biasVector"].values())
    assert len((profile or empty_profile())["recentChoices"]) <= 10


@settings(max_examples=100, deadline=None)
@given(st.lists(raws, min_size=12, max_size=12))
def test_a_vibe_lover_sees_vibe_led_pitches_first_by_the_tenth_job_and_still_sees_the_rest(images):
    profile = None
    for index, image in enumerate(images, start=1):
        ranked = rank_pitches(profile, lounge_pitches(image), seed=f"job-{index}")
        assert sorted(p["director_id"] for p in ranked) == sorted(DIRECTOR_IDS)
        if index >= 10:
            assert pitch_dimension(ranked[0]) == "vibe"
            assert ranked[1]["exploration"] == "wildcard"
            assert ranked[1]["director_id"] != "visionary"
        chosen = max(ranked, key=lambda p: (p["biased_scores"]["vibe"], p["director_id"] == "visionary"))
        profile, _ = learn_from_choice(profile, ranked, chosen["director_id"], image)


def test_an_unknown_choice_is_refused():
    image = raw(5, 5, 5)
    with pytest.raises(ValueError, match="not among the pitches shown"):
        learn_from_choice(None, lounge_pitches(image)[:3], "provocateur", image)


def test_cold_start_lasts_five_choices():
    image = raw(5.0, 6.0, 7.0)
    profile = None
    for index in range(COLD_START_SELECTIONS + 1):
        ranked = rank_pitches(profile, lounge_pitches(image), seed=index)
        assert (ranked[0]["exploration"] == "cold_start") is (index < COLD_START_SELECTIONS)
        profile, _ = learn_from_choice(profile, ranked, DIRECTOR_IDS[index % 4], image)


@settings(max_examples=200, deadline=None)
@given(raws)
def test_features_read_both_shapes_alike_and_mark_the_top_dimension(image):
    for pitch, stored in zip(lounge_pitches(image), stored_pitches(lounge_pitches(image)), strict=True):
        assert features(pitch) == features(stored)
        one_hot = features(pitch)[-3:]
        assert one_hot == tuple(1.0 if dim == top_dimension(pitch["biased_scores"]) else 0.0 for dim in DIMENSIONS)


def test_update_profile_is_learn_from_choice_without_the_delta():
    image = raw(6.0, 7.0, 2.0)
    profile, _ = learn_from_choice(None, lounge_pitches(image), "visionary", image)

    assert (
        update_profile(profile, lounge_pitches(image), "minimalist", image)
        == learn_from_choice(profile, lounge_pitches(image), "minimalist", image)[0]
    )
