"""The Lounge: every director on the roster pitches its take on one analysed image."""

from django.core.files.storage import default_storage

from director.directors import ROSTER, biased_scores, objective_recommendation, recommended_engine
from director.engines import get_engine
from director.uploads import open_rgb
from learning.services import rank_for, ranking_profile
from learning.studio_note import studio_note


def analyze_and_pitch(job):
    """The Eye's analysis of the job's image, the Lounge's pitches for it, ranked for its owner, and the mask of
    the subject The Eye saw (a uint8 array, 255 = subject; None from an Eye that draws no mask)."""
    with default_storage.open(job.image.name, "rb") as handle:
        image = open_rgb(handle)
    eye = get_engine("eye")
    analysis = eye.analyze(image)
    draw_mask = getattr(eye, "subject_mask", None)
    mask = draw_mask(image, analysis) if draw_mask and analysis.get("subjects") else None
    raw = {k: analysis[k] for k in ("physics", "vibe", "logic")}
    analysis["objective_recommendation"] = objective_recommendation(raw)
    pitches = rank_for(
        job.user,
        build_pitches(analysis, prompt=job.brand_essence_prompt, profile=ranking_profile(job.user)),
        seed=str(job.pk),
    )
    return analysis, pitches, mask


def build_pitches(analysis, prompt="", *, profile=None):
    """The four pitches for The Eye's `analysis` and the user's `prompt`, unranked, in roster order.

    `objective_pick` marks the director the original's fixed rules would recommend from the raw scores,
    the baseline the Studio Head's personal ranking is measured against. With the owner's `profile` (only when
    they learn from their choices) the writer prefers the words their choices favoured, and every director
    answers their Studio Note.
    """
    writer = get_engine("pitch_writer")
    # The analysis carries the pick (analyze_and_pitch stores it once); an analysis from elsewhere may not.
    objective = analysis.get("objective_recommendation") or objective_recommendation(analysis)
    vocabulary = (profile or {}).get("vocabularyWeights") or None
    note = studio_note(profile)
    pitches = []
    for director in ROSTER.values():
        biased = biased_scores(director, analysis)
        written = writer.write(director, analysis, biased, prompt, vocabulary=vocabulary, note=note)
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
                "note_reply": written.get("note_reply"),
                "objective_pick": director.id == objective,
            }
        )
    return pitches
