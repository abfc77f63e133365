"""Why a pitch sits where it does, in one sentence a user understands."""

from learning.features import biased_scores, director_id, is_objective_pick, pitch_dimension, top_dimension

NEW_HERE = "New here: we're showing you a mix so you can find your taste."
# For a user who turned learning off: the Lounge is the population's, and there is no taste of theirs to find.
LEARNING_OFF = "Learning from your choices is off: the directors are shown in a mixed order, not ranked for you."
WILDCARD = "A wildcard: different from your usual picks, to keep your options open."
OBJECTIVE = "The Eye's objective pick for this image."


def display_name(pitch):
    return pitch.get("name") or f"The {str(director_id(pitch)).capitalize()}"


def reason(pitch, *, profile, exploration, learning_off=False):
    if exploration == "wildcard":
        return WILDCARD
    if exploration == "cold_start":
        if is_objective_pick(pitch) and pitch.get("recommended"):
            return OBJECTIVE
        return LEARNING_OFF if learning_off else NEW_HERE

    recent = (profile or {}).get("recentChoices") or []
    dimension = pitch_dimension(pitch)
    same = sum(1 for choice in recent if choice.get("dimension") == dimension)
    if recent and 2 * same > len(recent):
        return f"You chose {dimension}-led directors in {same} of your last {len(recent)} jobs."

    wins = ((profile or {}).get("directorWinRate") or {}).get(director_id(pitch), {}).get("wins", 0)
    total = (profile or {}).get("totalSelections", 0)
    if is_objective_pick(pitch):
        return OBJECTIVE
    if wins:
        return f"You picked {display_name(pitch)} in {wins} of your {total} jobs."
    scores = biased_scores(pitch)
    strongest = top_dimension(scores)
    return f"Another angle: its strongest side here is {strongest} ({scores[strongest]:.1f} of 10)."
