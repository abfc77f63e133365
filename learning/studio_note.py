"""The Studio Note: one sentence the Studio Head writes about a user's taste, for the directors and the user.

"Leans toward vibe, favours Luma renders, prefers slow push-ins." It is read from the profile alone, in a fixed
order, so the same profile always gives the same note: the dimension the readable bias vector leans toward, the
engine the model's weights favour beyond the population's, and the camera move the user's vocabulary weights
favour. There is no note before NOTE_AFTER choices: until then the Lounge is still exploring (the cold start).
"""

from director.directors import DIMENSIONS, ROSTER

NOTE_AFTER = 5  # choices before there is a note: the end of the cold start, when preselection starts too
LEAN_MIN = 0.1  # the bias vector's top dimension must be at least this, and ahead of the next
ENGINE_GAP = 0.15  # how far the Luma-vs-Kling weight must have moved from the population's
MOVE_MIN = 0.1  # the vocabulary weight a camera move needs before the note names it
ENGINE_NAMES = {"kling": "Kling", "luma": "Luma"}
# The camera moves the directors cut with, as the scene board writes them, and how the note says them.
MOVES = tuple(sorted({move for director in ROSTER.values() for _, move in director.shot_grammar}))
MOVE_PHRASES = {"static": "static frame"}  # how a move reads in a sentence, when not as its own name


def _lean(profile):
    vector = profile.get("biasVector") or {}
    values = {dim: float(vector.get(dim) or 0.0) for dim in DIMENSIONS}
    ordered = sorted(DIMENSIONS, key=lambda dim: (-values[dim], DIMENSIONS.index(dim)))
    top, second = ordered[0], ordered[1]
    if values[top] >= LEAN_MIN and values[top] > values[second]:
        return top
    return None


def _engine(profile):
    from learning.studio_head import PRIOR_WEIGHTS  # the prior lives with the model

    weights = (profile.get("model") or {}).get("weights") or {}
    luma = float(weights.get("engine_luma", PRIOR_WEIGHTS["engine_luma"]))
    kling = float(weights.get("engine_kling", PRIOR_WEIGHTS["engine_kling"]))
    moved = (luma - kling) - (PRIOR_WEIGHTS["engine_luma"] - PRIOR_WEIGHTS["engine_kling"])
    if moved >= ENGINE_GAP:
        return "luma"
    if moved <= -ENGINE_GAP:
        return "kling"
    return None


def _move(profile):
    vocabulary = profile.get("vocabularyWeights") or {}
    weights = {move: float(vocabulary.get(move) or 0.0) for move in MOVES}
    best = max(MOVES, key=lambda move: (weights[move], -MOVES.index(move)))
    return best if weights[best] >= MOVE_MIN else None


def move_phrase(move):
    return MOVE_PHRASES.get(move, move)


def studio_note(profile):
    """The note as data ({text, dimension, engine, move, slow}), or None before NOTE_AFTER choices."""
    if not profile or int(profile.get("totalSelections") or 0) < NOTE_AFTER:
        return None
    dimension, engine, move = _lean(profile), _engine(profile), _move(profile)
    slow = move is not None and float((profile.get("vocabularyWeights") or {}).get("slow") or 0.0) >= MOVE_MIN
    parts = []
    if dimension:
        parts.append(f"leans toward {dimension}")
    if engine:
        parts.append(f"favours {ENGINE_NAMES[engine]} renders")
    if move:
        parts.append(f"prefers {'slow ' if slow else ''}{move_phrase(move)}s")
    if not parts:
        text = "No lean stands out yet: open to every director."
    else:
        text = ", ".join(parts) + "."
        text = text[0].upper() + text[1:]
    return {"text": text, "dimension": dimension, "engine": engine, "move": move, "slow": slow}
