"""Pitches as the Lounge shows them, built from raw scores with the roster's numbers and the real pitch writer."""

from director.lounge import build_pitches

MOODS = ("calm", "tense", "warm", "stormy", "bright", "hushed")
COLOURS = ("crimson", "teal", "amber", "slate", "ivory", "olive", "navy")
KEYWORDS = ("harbour", "glass", "forest", "street", "portrait", "machine", "river", "dune")
SUBJECTS = ("lighthouse", "cyclist", "teacup", "fox", "tower", "dancer")
COMPOSITIONS = ("centred", "rule of thirds", "diagonal", "symmetrical")


def analysis_for(raw):
    """A stand-in for The Eye's analysis of an image with these raw scores: its words follow from the scores, so
    two images get two different sets of words and the same image always the same."""
    key = int(round(10 * raw["physics"])) * 7 + int(round(10 * raw["vibe"])) * 3 + int(round(10 * raw["logic"]))

    def pick(options, salt):
        return options[(key * 31 + salt) % len(options)]

    return {
        **raw,
        "mood": pick(MOODS, 1),
        "palette_names": [pick(COLOURS, 2), pick(COLOURS, 5)],
        "keywords": [pick(KEYWORDS, 3), pick(KEYWORDS, 7)],
        "focal_point": {"label": f"{pick(SUBJECTS, 4)} at the centre"},
        "composition": pick(COMPOSITIONS, 6),
    }


def lounge_pitches(raw, *, profile=None):
    """The API's pitch shape: what rank_pitches receives, written for `profile`'s taste when given."""
    return build_pitches(analysis_for(raw), profile=profile)


def raw(physics, vibe, logic):
    return {"physics": physics, "vibe": vibe, "logic": logic}
