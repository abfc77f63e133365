"""Why a pitch sits where it does, in one sentence a user understands, in the active language.

The caller sets the language (director.culture.speaking: the job's); with none set it is English.
"""

from django.utils.translation import gettext, gettext_noop

from learning.features import biased_scores, director_id, is_objective_pick, pitch_dimension, top_dimension

NEW_HERE = gettext_noop("New here: we're showing you a mix so you can find your taste.")
# For a user who turned learning off: the Lounge is the population's, and there is no taste of theirs to find.
LEARNING_OFF = gettext_noop(
    "Learning from your choices is off: the directors are shown in a mixed order, not ranked for you."
)
WILDCARD = gettext_noop("A wildcard: different from your usual picks, to keep your options open.")
OBJECTIVE = gettext_noop("The Eye's objective pick for this image.")
# The dimensions as a reason names them ("physics-led directors").
DIMENSION_WORDS = {"physics": gettext_noop("physics"), "vibe": gettext_noop("vibe"), "logic": gettext_noop("logic")}


def _dimension(name):
    return gettext(DIMENSION_WORDS[name]) if name in DIMENSION_WORDS else str(name)


def display_name(pitch):
    return pitch.get("name") or f"The {str(director_id(pitch)).capitalize()}"


def reason(pitch, *, profile, exploration, learning_off=False):
    if exploration == "wildcard":
        return gettext(WILDCARD)
    if exploration == "cold_start":
        if is_objective_pick(pitch) and pitch.get("recommended"):
            return gettext(OBJECTIVE)
        return gettext(LEARNING_OFF if learning_off else NEW_HERE)

    recent = (profile or {}).get("recentChoices") or []
    dimension = pitch_dimension(pitch)
    same = sum(1 for choice in recent if choice.get("dimension") == dimension)
    if recent and 2 * same > len(recent):
        return gettext("You chose %(dimension)s-led directors in %(same)s of your last %(total)s jobs.") % {
            "dimension": _dimension(dimension),
            "same": same,
            "total": len(recent),
        }

    wins = ((profile or {}).get("directorWinRate") or {}).get(director_id(pitch), {}).get("wins", 0)
    total = (profile or {}).get("totalSelections", 0)
    if is_objective_pick(pitch):
        return gettext(OBJECTIVE)
    if wins:
        return gettext("You picked %(name)s in %(wins)s of your %(total)s jobs.") % {
            "name": display_name(pitch),
            "wins": wins,
            "total": total,
        }
    scores = biased_scores(pitch)
    strongest = top_dimension(scores)
    return gettext("Another angle: its strongest side here is %(dimension)s (%(score)s of 10).") % {
        "dimension": _dimension(strongest),
        "score": f"{scores[strongest]:.1f}",
    }
