"""The director roster, as data, and the rules that turn raw scores into each director's view."""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

DIMENSIONS = ("physics", "vibe", "logic")  # also the tie-break order


@dataclass(frozen=True)
class Director:
    id: str
    name: str
    archetype: str  # English; gettext() gives it in the active language, as the quote
    quote: str
    multipliers: dict  # {"physics": 1.5, "vibe": 1.0, "logic": 1.0}
    risk_label: str
    risk_value: float
    engine: str | None  # None: computed from the biased scores (the provocateur)
    tone: str
    vocabulary: tuple[str, ...]
    forbidden: tuple[str, ...]
    grade: dict  # colour grade for previews and renders
    shot_grammar: tuple  # ((shot, camera move), ...) in the order the director likes to cut

    @property
    def risk(self):
        return {"label": self.risk_label, "value": self.risk_value}

    def uses_forbidden(self, text):
        """True if `text` holds a forbidden word anywhere, case-insensitive, even inside a longer word."""
        folded = (text.lower(), text.casefold())
        return any(word.lower() in f or word.casefold() in f for word in self.forbidden for f in folded)


ROSTER = {
    d.id: d
    for d in (
        Director(
            id="newtonian",
            name="The Newtonian",
            archetype=gettext_noop("Simulationist"),
            quote=gettext_noop("Respect the gravity."),
            multipliers={"physics": 1.5, "vibe": 1.0, "logic": 1.0},
            risk_label="Safe",
            risk_value=0.2,
            engine="kling",
            tone="Technical/Precise/Cold",
            vocabulary=("Momentum", "Friction", "Mass", "Velocity"),
            forbidden=("Magic", "Dream", "Glow"),
            grade={"saturation": 0.95, "contrast": 1.15, "warmth": -0.05, "brightness": 1.0},
            shot_grammar=(("wide", "static"), ("medium", "pan"), ("close", "push-in")),
        ),
        Director(
            id="visionary",
            name="The Visionary",
            archetype=gettext_noop("Auteur"),
            quote=gettext_noop("Let the colors bleed."),
            multipliers={"physics": 1.0, "vibe": 1.5, "logic": 1.0},
            risk_label="Experimental",
            risk_value=0.8,
            engine="luma",
            tone="Poetic/Evocative/Dreamy",
            vocabulary=("Atmosphere", "Mood", "Light", "Emotion"),
            forbidden=("Technical", "Precise", "Calculate"),
            grade={"saturation": 1.25, "contrast": 0.95, "warmth": 0.08, "brightness": 1.05},
            shot_grammar=(("close", "push-in"), ("medium", "pan"), ("wide", "pull-out")),
        ),
        Director(
            id="minimalist",
            name="The Minimalist",
            archetype=gettext_noop("Designer"),
            quote=gettext_noop("Less, but better."),
            multipliers={"physics": 1.0, "vibe": 1.0, "logic": 2.0},
            risk_label="Safe",
            risk_value=0.1,
            engine="gemini_pro",
            tone="Minimal/Clean/Precise",
            vocabulary=("Structure", "Typography", "Balance", "Space"),
            forbidden=("Chaos", "Wild", "Explosive"),
            grade={"saturation": 0.8, "contrast": 1.05, "warmth": 0.0, "brightness": 1.08},
            shot_grammar=(("wide", "static"), ("medium", "static"), ("close", "push-in")),
        ),
        Director(
            id="provocateur",
            name="The Provocateur",
            archetype=gettext_noop("Disruptor"),
            quote=gettext_noop("Break the rules."),
            multipliers={"physics": 1.2, "vibe": 1.2, "logic": 1.0},
            risk_label="Experimental",
            risk_value=0.95,
            engine=None,
            tone="Provocative/Bold/Irreverent",
            vocabulary=("Chaos", "Disrupt", "Unexpected", "Radical"),
            forbidden=("Safe", "Conservative", "Traditional"),
            grade={"saturation": 1.35, "contrast": 1.3, "warmth": 0.02, "brightness": 0.97},
            shot_grammar=(("extreme-close", "push-in"), ("wide", "tilt"), ("close", "pull-out")),
        ),
    )
}

DIRECTOR_IDS = tuple(ROSTER)  # also the roster's order wherever directors are listed

# The dimension each director leads with; the provocateur's is whichever of its biased physics/vibe is larger.
DIRECTOR_DIMENSION = {"newtonian": "physics", "visionary": "vibe", "minimalist": "logic"}

# Engines a director may name that are rendered by another engine.
ENGINE_ALIASES = {"gemini_pro": "kling"}


def get_director(director_id):
    """The director with this id; KeyError for an unknown id (never a silent stand-in)."""
    try:
        return ROSTER[director_id]
    except (KeyError, TypeError):
        raise KeyError(f"Unknown director: {director_id!r}. Known: {', '.join(ROSTER)}.") from None


def biased_scores(director, raw):
    """The director's view of the raw trinity: clamp(raw x multiplier, 0, 10), to 2 decimals."""
    return {
        dim: round(min(10.0, max(0.0, float(raw[dim]) * director.multipliers.get(dim, 1.0))), 2) for dim in DIMENSIONS
    }


def recommended_engine(director, biased):
    if director.engine is None:
        return "kling" if biased["physics"] > biased["vibe"] else "luma"
    return ENGINE_ALIASES.get(director.engine, director.engine)


def lead_dimension(director_id, biased):
    """The dimension a director's pitch is led by: its own, or for the provocateur the larger of physics/vibe."""
    if director_id in DIRECTOR_DIMENSION:
        return DIRECTOR_DIMENSION[director_id]
    return "vibe" if biased["vibe"] > biased["physics"] else "physics"


def objective_recommendation(raw):
    """The original's "recommended director": the first of its six rules that matches the raw scores."""
    physics, vibe, logic = (float(raw[d]) for d in DIMENSIONS)
    if vibe > 8 and physics > 6:
        return "provocateur"
    if logic > 7 and logic > physics and logic > vibe:
        return "minimalist"
    if physics >= vibe and physics >= logic:
        return "newtonian"
    if vibe > logic:
        return "visionary"
    if logic >= 6:
        return "minimalist"
    return "visionary"


def dominant_dimension(scores):
    """The highest of physics/vibe/logic; ties go physics > vibe > logic."""
    return max(DIMENSIONS, key=lambda d: (float(scores[d]), -DIMENSIONS.index(d)))
