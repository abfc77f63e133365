"""What the Studio Head sees of a pitch: a fixed, ordered feature vector.

Pitches arrive in the API's snake_case shape (``director_id``, ``biased_scores``...) or, when replayed from a
learning event, in the stored camelCase shape (``directorId``, ``biasedScores``...). Both read the same here, so a
profile rebuilt from stored events equals the one built live.
"""

from director.directors import DIMENSIONS, dominant_dimension, lead_dimension

FEATURES = (
    "physics",
    "vibe",
    "logic",
    "risk",
    "engine_kling",
    "engine_luma",
    "objective_pick",
    "dominant_physics",
    "dominant_vibe",
    "dominant_logic",
)


def _get(pitch, snake, camel, default=None):
    value = pitch.get(snake)
    if value is None:
        value = pitch.get(camel, default)
    return default if value is None else value


def director_id(pitch):
    return _get(pitch, "director_id", "directorId")


def biased_scores(pitch):
    scores = _get(pitch, "biased_scores", "biasedScores", {})
    return {dim: float(scores.get(dim) or 0.0) for dim in DIMENSIONS}


def risk_value(pitch):
    risk = pitch.get("risk")
    if isinstance(risk, dict):
        risk = risk.get("value")
    return float(risk or 0.0)


def engine(pitch):
    return _get(pitch, "recommended_engine", "recommendedEngine", "")


def is_objective_pick(pitch):
    return bool(_get(pitch, "objective_pick", "objectivePick", False))


def top_dimension(scores):
    """The roster's dominant dimension of stored scores, a missing one read as 0."""
    return dominant_dimension({dim: float(scores.get(dim) or 0.0) for dim in DIMENSIONS})


def pitch_dimension(pitch):
    """The dimension a pitch is "led" by: its director's subjective dimension."""
    return lead_dimension(director_id(pitch), biased_scores(pitch))


def features(pitch):
    """The pitch as a tuple of floats in FEATURES order."""
    get = pitch.get  # inlined field reads: this runs four times per update and per replayed event
    scores = get("biased_scores") or get("biasedScores") or {}
    physics = float(scores.get("physics") or 0.0)
    vibe = float(scores.get("vibe") or 0.0)
    logic = float(scores.get("logic") or 0.0)
    eng = get("recommended_engine") or get("recommendedEngine")
    risk = get("risk")
    if isinstance(risk, dict):
        risk = risk.get("value")
    # the dominant dimension, ties physics > vibe > logic
    dominant = 0 if physics >= vibe and physics >= logic else (1 if vibe >= logic else 2)
    return (
        physics / 10.0,
        vibe / 10.0,
        logic / 10.0,
        float(risk or 0.0),
        1.0 if eng == "kling" else 0.0,
        1.0 if eng == "luma" else 0.0,
        1.0 if get("objective_pick") or get("objectivePick") else 0.0,
        1.0 if dominant == 0 else 0.0,
        1.0 if dominant == 1 else 0.0,
        1.0 if dominant == 2 else 0.0,
    )
