"""Pitches as the Lounge shows them, built from raw scores with the roster's numbers."""

from learning.simulate import build_pitches

NAMES = {
    "newtonian": "The Newtonian",
    "visionary": "The Visionary",
    "minimalist": "The Minimalist",
    "provocateur": "The Provocateur",
}


def lounge_pitches(raw):
    """The API's pitch shape: what rank_pitches receives."""
    return [
        {**pitch, "name": NAMES[pitch["director_id"]], "quote": "...", "three_beat_pulse": {}, "scene_board": {}}
        for pitch in build_pitches(raw)
    ]


def raw(physics, vibe, logic):
    return {"physics": physics, "vibe": vibe, "logic": logic}
