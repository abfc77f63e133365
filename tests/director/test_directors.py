"""The roster keeps the original's directors, and its rules turn raw scores into each director's view."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from director.directors import (
    ROSTER,
    biased_scores,
    dominant_dimension,
    get_director,
    objective_recommendation,
    recommended_engine,
)

SHOTS = {"wide", "medium", "close", "extreme-close"}
CAMERAS = {"static", "push-in", "pull-out", "pan", "tilt"}


def raw(physics, vibe, logic):
    return {"physics": physics, "vibe": vibe, "logic": logic}


def test_the_roster_is_the_originals_four_in_order():
    assert list(ROSTER) == ["newtonian", "visionary", "minimalist", "provocateur"]


@pytest.mark.parametrize(
    ("director_id", "name", "archetype", "quote", "multipliers", "risk", "engine"),
    [
        (
            "newtonian",
            "The Newtonian",
            "Simulationist",
            "Respect the gravity.",
            (1.5, 1.0, 1.0),
            ("Safe", 0.2),
            "kling",
        ),
        (
            "visionary",
            "The Visionary",
            "Auteur",
            "Let the colors bleed.",
            (1.0, 1.5, 1.0),
            ("Experimental", 0.8),
            "luma",
        ),
        ("minimalist", "The Minimalist", "Designer", "Less, but better.", (1.0, 1.0, 2.0), ("Safe", 0.1), "gemini_pro"),
        (
            "provocateur",
            "The Provocateur",
            "Disruptor",
            "Break the rules.",
            (1.2, 1.2, 1.0),
            ("Experimental", 0.95),
            None,
        ),
    ],
)
def test_each_director_keeps_the_originals_numbers(director_id, name, archetype, quote, multipliers, risk, engine):
    director = get_director(director_id)
    assert (director.name, director.archetype, director.quote) == (name, archetype, quote)
    assert (director.multipliers["physics"], director.multipliers["vibe"], director.multipliers["logic"]) == multipliers
    assert director.risk == {"label": risk[0], "value": risk[1]}
    assert director.engine == engine


@pytest.mark.parametrize(
    ("director_id", "vocabulary", "forbidden"),
    [
        ("newtonian", ("Momentum", "Friction", "Mass", "Velocity"), ("Magic", "Dream", "Glow")),
        ("visionary", ("Atmosphere", "Mood", "Light", "Emotion"), ("Technical", "Precise", "Calculate")),
        ("minimalist", ("Structure", "Typography", "Balance", "Space"), ("Chaos", "Wild", "Explosive")),
        ("provocateur", ("Chaos", "Disrupt", "Unexpected", "Radical"), ("Safe", "Conservative", "Traditional")),
    ],
)
def test_each_director_keeps_its_voice(director_id, vocabulary, forbidden):
    director = get_director(director_id)
    assert director.vocabulary == vocabulary and director.forbidden == forbidden
    assert not any(director.uses_forbidden(word) for word in vocabulary)


def test_no_director_is_labelled_balanced():
    assert all(d.risk_label in {"Safe", "Experimental"} for d in ROSTER.values())


@pytest.mark.parametrize("director", ROSTER.values(), ids=list(ROSTER))
def test_grades_and_shot_grammar_are_usable_by_previews_and_renders(director):
    assert set(director.grade) == {"saturation", "contrast", "warmth", "brightness"}
    assert 0.5 <= director.grade["saturation"] <= 1.5 and 0.5 <= director.grade["contrast"] <= 1.5
    assert -0.2 <= director.grade["warmth"] <= 0.2 and 0.8 <= director.grade["brightness"] <= 1.2
    assert len(director.shot_grammar) == 3
    assert all(shot in SHOTS and move in CAMERAS for shot, move in director.shot_grammar)


def test_directors_cant_be_changed_by_accident():
    with pytest.raises(dataclasses.FrozenInstanceError):
        ROSTER["newtonian"].risk_value = 0.9


@pytest.mark.parametrize("unknown", ["physicist", "", "NEWTONIAN", None])
def test_an_unknown_director_is_an_error_not_the_newtonian(unknown):
    with pytest.raises(KeyError, match="Unknown director"):
        get_director(unknown)


def test_forbidden_words_are_found_inside_longer_words_and_any_case():
    newtonian, provocateur = get_director("newtonian"), get_director("provocateur")
    assert (
        newtonian.uses_forbidden("Glowing")
        and newtonian.uses_forbidden("DREAMY")
        and newtonian.uses_forbidden("magical")
    )
    assert provocateur.uses_forbidden("unsafe") and provocateur.uses_forbidden("safety")
    assert not newtonian.uses_forbidden("Momentum builds") and not provocateur.uses_forbidden("Radical")


def test_biased_scores_multiply_clamp_and_round():
    assert biased_scores(get_director("newtonian"), raw(8.0, 3.333, 5.0)) == raw(10.0, 3.33, 5.0)
    assert biased_scores(get_director("minimalist"), raw(1.0, 2.0, 3.14159)) == raw(1.0, 2.0, 6.28)
    assert biased_scores(get_director("provocateur"), raw(5.0, 9.0, 7.0)) == raw(6.0, 10.0, 7.0)
    assert biased_scores(get_director("visionary"), raw(-1.0, 4.0, 11.0)) == raw(0.0, 6.0, 10.0)


def test_biased_scores_read_only_the_trinity_from_a_full_analysis():
    analysis = raw(2.0, 4.0, 6.0) | {"quality": 9.0, "mood": "calm", "palette": ["#000000"] * 5}
    assert biased_scores(get_director("visionary"), analysis) == raw(2.0, 6.0, 6.0)


@given(st.floats(-5, 20), st.floats(-5, 20), st.floats(-5, 20))
@settings(max_examples=200, derandomize=True)
def test_biased_scores_always_land_in_0_to_10(physics, vibe, logic):
    for director in ROSTER.values():
        biased = biased_scores(director, raw(physics, vibe, logic))
        assert all(0.0 <= v <= 10.0 for v in biased.values())


@pytest.mark.parametrize(
    ("director_id", "scores", "engine"),
    [
        ("newtonian", raw(1, 9, 9), "kling"),
        ("visionary", raw(9, 1, 1), "luma"),
        ("minimalist", raw(5, 5, 5), "kling"),  # its gemini renders on kling
        ("provocateur", raw(7.2, 6.0, 1), "kling"),
        ("provocateur", raw(6.0, 7.2, 1), "luma"),
        ("provocateur", raw(10.0, 10.0, 1), "luma"),  # a tie is not "physics beats vibe"
    ],
)
def test_recommended_engine(director_id, scores, engine):
    assert recommended_engine(get_director(director_id), scores) == engine


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        (raw(6.5, 8.5, 9.5), "provocateur"),  # 1. vibe > 8 and physics > 6
        (raw(6.0, 8.5, 2.0), "visionary"),  # physics must be strictly above 6 for rule 1
        (raw(3.0, 4.0, 7.5), "minimalist"),  # 2. logic > 7 and strictly highest
        (raw(7.5, 3.0, 7.5), "newtonian"),  # 2 fails on the tie; 3. physics highest, ties included
        (raw(5.0, 5.0, 5.0), "newtonian"),  # 3. all tied
        (raw(2.0, 6.0, 5.0), "visionary"),  # 4. vibe > logic
        (raw(2.0, 6.0, 6.0), "minimalist"),  # 5. logic >= 6
        (raw(2.0, 5.0, 5.0), "visionary"),  # 6. otherwise
        (raw(2.0, 7.5, 7.5), "minimalist"),  # 2 fails (not strictly highest), 4 fails, 5. logic >= 6
    ],
)
def test_objective_recommendation_follows_the_originals_six_rules_in_order(scores, expected):
    assert objective_recommendation(scores) == expected


@pytest.mark.parametrize(
    ("scores", "dimension"),
    [
        (raw(5, 5, 5), "physics"),
        (raw(4, 5, 5), "vibe"),
        (raw(4, 4, 5), "logic"),
        (raw(9, 2, 9), "physics"),
        (raw(0, 0, 0), "physics"),
    ],
)
def test_dominant_dimension_breaks_ties_physics_then_vibe_then_logic(scores, dimension):
    assert dominant_dimension(scores) == dimension
