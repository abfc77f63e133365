"""The Studio Note: one sentence from the profile, shown with the recommendation, none before five choices."""

import copy

from learning.studio_head import learn_from_choice, rank_pitches
from learning.studio_note import NOTE_AFTER, studio_note
from tests.learning.pitches import lounge_pitches, raw
from tests.learning.test_ranking import profile_after


def test_no_note_before_five_choices_then_one():
    assert NOTE_AFTER == 5
    assert studio_note(None) is None
    assert studio_note(profile_after(["visionary"] * 4)) is None
    assert studio_note(profile_after(["visionary"] * 5)) is not None


def test_the_note_says_the_lean_the_engine_and_the_move_of_the_choices():
    dreamer = studio_note(profile_after(["visionary"] * 10))
    assert dreamer["dimension"] == "vibe" and dreamer["engine"] == "luma"
    assert dreamer["text"].startswith("Leans toward vibe, favours Luma renders")
    assert dreamer["text"].endswith(".") and dreamer["text"].count(".") == 1

    designer = studio_note(profile_after(["minimalist"] * 10))
    assert designer["dimension"] == "logic" and designer["engine"] == "kling"
    assert designer["text"].startswith("Leans toward logic, favours Kling renders")
    assert designer["move"] != dreamer["move"]


def test_a_profile_with_nothing_standing_out_says_so():
    balanced = copy.deepcopy(profile_after(["newtonian"] * 6))
    balanced["biasVector"] = {"physics": 0.05, "vibe": 0.05, "logic": 0.05}
    balanced["model"]["weights"].update(engine_kling=-0.0241, engine_luma=0.0241)
    balanced["vocabularyWeights"] = {}
    assert studio_note(balanced)["text"] == "No lean stands out yet: open to every director."


def test_the_same_profile_always_gives_the_same_note():
    profile = profile_after(["provocateur", "visionary"] * 5)
    assert studio_note(profile) == studio_note(copy.deepcopy(profile))


def test_the_recommended_pitch_carries_the_note_and_the_others_do_not():
    profile = profile_after(["visionary"] * 7)
    ranked = rank_pitches(profile, lounge_pitches(raw(5, 8, 4), profile=profile), seed="job")
    recommended = [p for p in ranked if p["recommended"]]
    assert len(recommended) == 1
    assert recommended[0]["studio_note"] == studio_note(profile)["text"]
    assert all(p["studio_note"] is None for p in ranked if not p["recommended"])
    # every director's pitch was written answering it
    assert all("vibe" in p["note_reply"] for p in ranked)


def test_the_note_follows_a_change_of_taste():
    profile = profile_after(["visionary"] * 6)
    assert studio_note(profile)["dimension"] == "vibe"
    for index in range(12):
        image = raw(6, 4, 7)
        shown = rank_pitches(profile, lounge_pitches(image, profile=profile), seed=f"late-{index}")
        profile, _ = learn_from_choice(profile, shown, "minimalist", image)
    assert studio_note(profile)["dimension"] == "logic"
