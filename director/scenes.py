"""Writing and rewriting a storyboard's scenes, with their keyframe previews.

The writer and previewer engines are pure; this module feeds them the job's
source image and analysis and stores the previews.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from director import lock, styles, voices
from director.directors import get_director
from director.engines import get_engine
from director.errors import InvalidRequest
from director.framing import DEFAULT_ASPECT_RATIO
from director.models import SceneStatus, preview_path, upload_path
from director.uploads import open_rgb


def source_name(record):
    return record.remastered_image.name if record.is_remastered and record.remastered_image else record.job.image.name


def load_source(record):
    with default_storage.open(source_name(record), "rb") as handle:
        return open_rgb(handle)


def remaster(record):
    """The record's source remastered and stored, and The Eye's analysis of it: (stored name, image, analysis)."""
    remastered = get_engine("remaster").remaster(load_source(record))
    analysis = get_engine("eye").analyze(remastered)
    buffer = io.BytesIO()
    remastered.save(buffer, "PNG", optimize=False)
    name = default_storage.save(upload_path(None, "remastered.png"), ContentFile(buffer.getvalue()))
    return name, remastered, analysis


def _focus(analysis):
    point = (analysis or {}).get("focal_point") or {}
    if "x" in point and "y" in point:
        return {"x": point["x"], "y": point["y"]}
    return None


def framing_inputs(record):
    """What frames the shots, for previews and the render alike: The Eye's subjects and the video's shape."""
    analysis = record.source_analysis or record.job.analysis_data or {}
    subjects = analysis.get("subjects")
    return {
        "subjects": subjects if isinstance(subjects, list) else None,
        "aspect_ratio": getattr(record.job, "aspect_ratio", None) or DEFAULT_ASPECT_RATIO,
    }


def _store_preview(record, image, scene, director):
    if record.selected_style_id:  # the preset's grade travels with the scene, to the preview and the render
        scene = {**scene, "style_grade": styles.grade_of(record.selected_style_id)}
    data = get_engine("previewer").render(image, scene, director, **framing_inputs(record))
    name = default_storage.save(preview_path(None, "preview.jpg"), ContentFile(data))
    return {**scene, "preview_path": name}


def write_storyboard(record, *, image=None):
    """The director's storyboard for this record: the brief's scene_count scenes of scene_duration seconds, taking
    up its prompt, each with a stored preview."""
    director = get_director(record.selected_director_id)
    job = record.job
    analysis = record.source_analysis or job.analysis_data or {}
    image = image or load_source(record)
    written = get_engine("storyboard_writer").write(
        director, analysis, scenes=job.scene_count, duration=job.scene_duration, prompt=job.brand_essence_prompt
    )
    written = voices.localise_storyboard(director, analysis, written, lock.context_of(record))
    cta = ((record.brand_semantic_lock or {}).get("brandEssence") or {}).get("ctaOffer")
    if cta and written:  # the CTA offer, drawn on the last scene's final frames (director/engines/endcard.py)
        style = styles.STYLES.get(record.selected_style_id)
        written[-1] = {**written[-1], "end_card": {"text": cta, "typography": style.typography if style else {}}}
    focus = _focus(analysis)
    result = []
    for scene in written:
        if focus and "focus" not in scene:
            scene = {**scene, "focus": focus}
        scene = {**scene, "engine": record.production_engine}
        result.append(_store_preview(record, image, scene, director))
    return result


def rewrite_scene(record, scene, *, verdict, feedback):
    """YELLOW rewrites with the user's feedback; RED regenerates. Returns the new scene with a new preview."""
    director = get_director(record.selected_director_id)
    analysis = record.source_analysis or record.job.analysis_data or {}
    writer = get_engine("storyboard_writer")
    if verdict == SceneStatus.YELLOW:
        try:
            new = writer.rewrite(director, analysis, scene, feedback, prompt=record.job.brand_essence_prompt)
        except ValueError as exc:
            raise InvalidRequest(f"The feedback could not be used: {exc}") from None
        new = {**new, "status": SceneStatus.YELLOW, "user_feedback": new.get("user_feedback") or feedback}
    else:
        new = writer.regenerate(director, analysis, scene, prompt=record.job.brand_essence_prompt)
        new = {**new, "status": SceneStatus.RED, "user_feedback": None}
    quoted = new.get("user_feedback") if verdict == SceneStatus.YELLOW else None
    new = voices.localise_rewrite(director, analysis, new, lock.context_of(record), feedback=quoted, before=scene)
    keep = {k: scene[k] for k in ("id", "sequence_index", "engine", "focus") if k in scene}
    new = {**new, **keep, "attempt_count": scene.get("attempt_count", 0) + 1}
    return _store_preview(record, load_source(record), new, director)
