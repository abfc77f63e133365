"""The Lounge: every director on the roster pitches its take on one analysed image."""

import copy

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext

from director import culture, voices
from director.directors import ROSTER, biased_scores, objective_recommendation, recommended_engine
from director.engines import get_engine
from director.files import mask_name
from director.uploads import open_rgb
from learning.services import rank_for, ranking_profile
from learning.studio_note import studio_note
from learning.vocabulary import pitch_words


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
    return analysis, pitch_for_job(job, analysis), mask


def reuse_analysis(job, source):
    """The analysis of `source` (the same bytes, analysed earlier) for `job`, with pitches ranked for `job` now.

    The Eye does not run; the subject mask it stored beside the earlier upload is copied beside this one.
    """
    analysis = copy.deepcopy(source.analysis_data)
    analysis.pop("localised", None)  # described again in this job's language
    mask = mask_name(source.image.name)
    if default_storage.exists(mask):
        with default_storage.open(mask, "rb") as handle:
            default_storage.save(mask_name(job.image.name), ContentFile(handle.read()))
    return analysis, pitch_for_job(job, analysis)


def pitch_for_job(job, analysis):
    """The pitches for `job` from `analysis`, in the job's language and ranked for its owner; The Eye's words in the
    job's language are added to `analysis` beside its own."""
    context = culture.of_job(job)
    if context["language"] != "en":
        analysis["localised"] = {"language": context["language"], **voices.describe(analysis, context["language"])}
    profile = ranking_profile(job.user)
    with culture.speaking(context):  # archetypes, quotes and the Studio Head's reasons in the job's language
        pitches = rank_for(
            job.user,
            build_pitches(
                analysis, prompt=job.brand_essence_prompt, profile=profile, context=context, brand=job.brand_essence
            ),
            seed=str(job.pk),
        )
    note = studio_note(profile)
    if note and context["language"] != "en":  # the Studio Head's note in the job's language too
        text = voices.note_text(note, context["language"])
        pitches = [{**pitch, "studio_note": text} if pitch.get("studio_note") else pitch for pitch in pitches]
    # The words the Studio Head learns from if this pitch is chosen, read from its text once, here, instead of on
    # the choice (learning.vocabulary.pitch_words reads them back); never shown (director.serializers.pitches_out).
    return [{**pitch, "words": pitch_words(pitch)} for pitch in pitches]


def build_pitches(analysis, prompt="", *, profile=None, context=None, brand=None):
    """The four pitches for The Eye's `analysis` and the user's `prompt`, unranked, in roster order, in the
    `context`'s language and register naming the `brand` when given.

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
        if context is not None:  # the job's language and register (director/voices)
            written = voices.localise_pitch(director, analysis, biased, written, context, brand=brand, note=note)
        pitches.append(
            {
                "director_id": director.id,
                "name": director.name,
                "archetype": gettext(director.archetype),
                "quote": gettext(director.quote),
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
