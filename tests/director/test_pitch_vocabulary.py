"""The pitch writer prefers the words a user's choices favoured, and answers their Studio Note."""

import random
from pathlib import Path

import pytest
from PIL import Image

from director.directors import ROSTER, biased_scores, get_director
from director.engines.eye import LocalEye
from director.engines.pitch_writer import VOICES, TemplatePitchWriter
from director.lounge import build_pitches
from learning.studio_head import learn_from_choice, rank_pitches
from learning.studio_note import studio_note
from learning.vocabulary import pitch_words, score
from tests.learning.pitches import lounge_pitches, raw

IMAGES = Path(__file__).resolve().parent.parent / "images"
BEATS = ("vision", "safety", "magic")


@pytest.fixture(scope="module")
def astronaut():
    with Image.open(IMAGES / "astronaut.jpg") as image:
        return LocalEye().analyze(image.convert("RGB"))


def history(chosen, *, choices=12, seed=3):
    """A user who picks `chosen` every time, each Lounge written for their taste of the moment, as live."""
    rng = random.Random(seed)
    profile = None
    for index in range(choices):
        image = raw(*(round(rng.uniform(1, 9.8), 1) for _ in range(3)))
        shown = rank_pitches(profile, lounge_pitches(image, profile=profile), seed=f"job-{index}")
        profile, _ = learn_from_choice(profile, shown, chosen, image)
    return profile


def favour(pitches, profile):
    return sum(score(profile["vocabularyWeights"], pitch_words(p)) for p in pitches)


def test_without_a_vocabulary_the_pitch_is_the_same_for_everyone(astronaut):
    writer = TemplatePitchWriter()
    for director in ROSTER.values():
        biased = biased_scores(director, astronaut)
        plain = writer.write(director, astronaut, biased)
        assert writer.write(director, astronaut, biased, vocabulary={}) == plain
        assert writer.write(director, astronaut, biased, vocabulary={"unrelated": 3.0}) == plain
        assert plain["note_reply"] is None


@pytest.mark.parametrize(("word", "variant"), [("friction", 0), ("geometry", 1), ("gravity", 2)])
def test_the_variant_with_the_favoured_words_wins(astronaut, word, variant):
    director = get_director("newtonian")
    biased = biased_scores(director, astronaut)
    pitch = TemplatePitchWriter().write(director, astronaut, biased, vocabulary={word: 1.0})
    template = VOICES["newtonian"]["safety"][variant]
    assert word in template.lower()
    assert word in pitch["three_beat_pulse"]["safety"].lower()


def test_disfavoured_words_are_avoided(astronaut):
    director = get_director("minimalist")
    biased = biased_scores(director, astronaut)
    plain = TemplatePitchWriter().write(director, astronaut, biased)["three_beat_pulse"]["magic"]
    avoided = {w: -1.0 for w in pitch_words({"three_beat_pulse": {"magic": plain}})}
    moved = TemplatePitchWriter().write(director, astronaut, biased, vocabulary=avoided)["three_beat_pulse"]["magic"]
    assert moved != plain
    assert score(avoided, pitch_words({"three_beat_pulse": {"magic": moved}})) > score(
        avoided, pitch_words({"three_beat_pulse": {"magic": plain}})
    )


def test_a_favoured_forbidden_word_is_still_never_said(astronaut):
    for director in ROSTER.values():
        vocabulary = {word.lower(): 10.0 for d in ROSTER.values() for word in d.forbidden}
        note = {"dimension": "vibe", "move": "push-in", "slow": True}
        pitch = TemplatePitchWriter().write(
            director, astronaut, biased_scores(director, astronaut), vocabulary=vocabulary, note=note
        )
        text = " ".join([*pitch["three_beat_pulse"].values(), pitch["note_reply"]]).lower()
        for word in director.forbidden:
            assert word.lower() not in text


def test_same_photo_two_histories_two_wordings_each_toward_its_own_words(astronaut):
    dreamer, designer = history("visionary"), history("minimalist")
    for_dreamer = build_pitches(astronaut, profile=dreamer)
    for_designer = build_pitches(astronaut, profile=designer)
    for_nobody = build_pitches(astronaut)

    beats = lambda pitches: [p["three_beat_pulse"][b] for p in pitches for b in BEATS]  # noqa: E731
    changed = sum(a != b for a, b in zip(beats(for_dreamer), beats(for_designer), strict=True))
    assert changed >= 3, "the two users should read differently worded pitches"
    # each user's pitches say more of the words that user's choices favoured than the other's pitches do
    assert favour(for_dreamer, dreamer) > favour(for_designer, dreamer)
    assert favour(for_designer, designer) > favour(for_dreamer, designer)
    assert favour(for_dreamer, dreamer) > favour(for_nobody, dreamer)
    assert favour(for_designer, designer) > favour(for_nobody, designer)
    # the scores and the roster's facts do not depend on who reads them
    for a, b in zip(for_dreamer, for_designer, strict=True):
        assert (a["director_id"], a["biased_scores"], a["recommended_engine"], a["objective_pick"]) == (
            b["director_id"],
            b["biased_scores"],
            b["recommended_engine"],
            b["objective_pick"],
        )


def test_every_director_answers_the_studio_note_in_its_own_words(astronaut):
    dreamer = history("visionary")
    note = studio_note(dreamer)
    assert note["dimension"] == "vibe"
    pitches = build_pitches(astronaut, profile=dreamer)
    replies = [p["note_reply"] for p in pitches]
    assert all("vibe" in reply for reply in replies)
    assert len(set(replies)) == len(replies)
    for pitch in pitches:
        moves = [m for _, m in get_director(pitch["director_id"]).shot_grammar]
        if note["move"]:
            assert note["move"].split("-")[0] in pitch["note_reply"]
            assert ("you prefer" in pitch["note_reply"]) is (note["move"] in moves)
    assert all(p["note_reply"] is None for p in build_pitches(astronaut))
