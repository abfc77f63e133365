"""The Lounge: every director on the roster pitches its take on one analysed image."""

from director.directors import ROSTER, biased_scores, objective_recommendation, recommended_engine
from director.engines import get_engine


def build_pitches(analysis):
    """The four pitches for The Eye's `analysis`, unranked, in roster order.

    `objective_pick` marks the director the original's fixed rules would recommend from the raw scores,
    the baseline the Studio Head's personal ranking is measured against.
    """
    writer = get_engine("pitch_writer")
    objective = objective_recommendation(analysis)
    pitches = []
    for director in ROSTER.values():
        biased = biased_scores(director, analysis)
        written = writer.write(director, analysis, biased)
        pitches.append(
            {
                "director_id": director.id,
                "name": director.name,
                "archetype": director.archetype,
                "quote": director.quote,
                "biased_scores": biased,
                "risk": director.risk,
                "recommended_engine": recommended_engine(director, biased),
                "three_beat_pulse": written["three_beat_pulse"],
                "scene_board": written["scene_board"],
                "objective_pick": director.id == objective,
            }
        )
    return pitches
