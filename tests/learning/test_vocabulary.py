"""Vocabulary weights: the words of the chosen pitch gain, the words of the others lose, and a replay agrees."""

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from director.directors import DIRECTOR_IDS
from learning.studio_head import learn_from_choice, rank_pitches, replay, stored_pitches
from learning.vocabulary import (
    STOP_WORDS,
    VOCABULARY_DECAY,
    VOCABULARY_SIZE,
    VOCABULARY_STEP,
    pitch_words,
    tokens,
    update,
)
from tests.learning.pitches import lounge_pitches, raw


def test_tokens_are_lower_case_content_words_with_camera_moves_whole():
    words = tokens("The Lighthouse's beam: a slow PUSH-IN, then the push-in again, at 5 s; it is ours.")
    assert words == ["lighthouse", "beam", "slow", "push-in", "ours"]
    assert not set(words) & STOP_WORDS


def test_words_in_the_chosen_pitch_gain_and_words_in_the_others_lose():
    shown = [["shared", "mine", "both"], ["shared", "yours", "both"], ["shared", "theirs"]]
    after = update({}, shown, 0)
    assert after["mine"] == VOCABULARY_STEP
    assert after["yours"] == -VOCABULARY_STEP / 2 and after["theirs"] == -VOCABULARY_STEP / 2
    assert after["both"] == VOCABULARY_STEP / 2  # said by the chosen pitch and one of the two others
    assert "shared" not in after  # every pitch said it: it teaches nothing


def test_earlier_weights_fade_and_the_vocabulary_keeps_the_strongest_words(monkeypatch):
    vocabulary = {"old": 1.0}
    assert update(vocabulary, [["new"], ["other"]], 0)["old"] == VOCABULARY_DECAY
    rng = random.Random(3)
    for step in range(60):
        shown = [[f"w{rng.randrange(2000)}" for _ in range(12)] for _ in range(4)]
        vocabulary = update(vocabulary, shown, step % 4)
    assert len(vocabulary) == VOCABULARY_SIZE

    shown = [["fresh-a", "fresh-b"], ["stale"], ["w1", "w2"]]
    kept = update(vocabulary, shown, 0)
    monkeypatch.setattr("learning.vocabulary.VOCABULARY_SIZE", 10**6)
    everything = update(vocabulary, shown, 0)
    assert len(everything) > VOCABULARY_SIZE == len(kept)
    assert min(abs(w) for w in kept.values()) >= max(abs(w) for k, w in everything.items() if k not in kept)
    assert all(everything[word] == weight for word, weight in kept.items())


def test_a_choice_among_one_pitch_teaches_no_words():
    assert update({"kept": 0.5}, [["alone"]], 0) == {"kept": 0.5}


def test_stored_pitches_carry_their_words_and_both_shapes_read_the_same():
    shown = rank_pitches(None, lounge_pitches(raw(6, 8, 3)), seed="job")
    stored = stored_pitches(shown)
    for api_shaped, kept in zip(shown, stored, strict=True):
        assert kept["words"] == pitch_words(api_shaped) and kept["words"]
        assert pitch_words(kept) == pitch_words(api_shaped)


def test_a_profile_learns_the_words_of_the_directors_it_picks():
    profile, delta = None, None
    rng = random.Random(5)
    for _ in range(8):
        image = raw(*(round(rng.uniform(1, 9.8), 1) for _ in range(3)))
        shown = rank_pitches(profile, lounge_pitches(image, profile=profile), seed="x")
        profile, delta = learn_from_choice(profile, shown, "visionary", image)
    vocabulary = profile["vocabularyWeights"]
    visionary_words = set(pitch_words(next(p for p in shown if p["director_id"] == "visionary")))
    newtonian_words = set(pitch_words(next(p for p in shown if p["director_id"] == "newtonian")))
    assert sum(vocabulary.get(w, 0) for w in visionary_words) > 0 > sum(vocabulary.get(w, 0) for w in newtonian_words)
    assert vocabulary["atmosphere"] > 0 or vocabulary["light"] > 0
    assert delta["vocabularyDelta"] and all(isinstance(v, float) for v in delta["vocabularyDelta"].values())


scores = st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda x: round(x, 1))
streams = st.lists(st.tuples(st.builds(raw, scores, scores, scores), st.sampled_from(DIRECTOR_IDS)), max_size=25)


@settings(max_examples=60, deadline=None)
@given(streams)
def test_replay_rebuilds_the_vocabulary_the_live_choices_built(stream):
    """Live, each pitch is written for the user's vocabulary of the moment; the replay reads the stored words."""
    profile, events = None, []
    for index, (image, chosen) in enumerate(stream):
        shown = rank_pitches(profile, lounge_pitches(image, profile=profile), seed=f"job-{index}")
        profile, _ = learn_from_choice(profile, shown, chosen, image)
        profile = json.loads(json.dumps(profile))
        events.append(json.loads(json.dumps((stored_pitches(shown), chosen, image))))
    rebuilt = replay(events)
    assert rebuilt["vocabularyWeights"] == (profile or {}).get("vocabularyWeights", {})
    if stream:
        assert rebuilt == profile
        assert profile["vocabularyWeights"]
