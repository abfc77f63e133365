"""Rendering a storyboard to its video: the production engine writes a scratch file, which is then stored."""

import os
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from PIL import Image

from director.directors import get_director
from director.engines import get_engine
from director.files import mask_name
from director.framing import DEFAULT_ASPECT_RATIO, output_size
from director.scenes import framing_inputs, load_source

# The short side of each resolution, relative to the short side of settings.STUDIO_RENDER_SIZE (720p's).
RESOLUTION_SCALE = {"720p": 1.0, "1080p": 1.5}


def render_size(job):
    """The video's (width, height): the job's aspect ratio and resolution, STUDIO_RENDER_SIZE when it has none."""
    aspect_ratio = job.aspect_ratio or DEFAULT_ASPECT_RATIO
    resolution = job.resolution or "720p"
    if aspect_ratio == DEFAULT_ASPECT_RATIO and resolution == "720p":
        return tuple(settings.STUDIO_RENDER_SIZE)
    short_side = round(min(settings.STUDIO_RENDER_SIZE) * RESOLUTION_SCALE.get(resolution, 1.0) / 2) * 2
    return output_size(aspect_ratio, short_side)


def load_mask(job):
    """The subject mask The Eye stored beside the upload (8-bit, 255 = subject), or None."""
    name = mask_name(job.image.name) if job.image.name else None
    if not name or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        image = Image.open(handle)
        image.load()
    return image.convert("L")


def render_video(record, name, *, progress):
    """Render the record's scenes and store the video as `name`; returns the stored name.

    `progress(done, total)` is called per frame and may raise to stop the render. The scratch file (in
    MEDIA_ROOT/tmp, where the watchdog looks for those a killed worker left) is removed whatever happens.
    """
    tmp_dir = os.path.join(settings.MEDIA_ROOT, "tmp")
    os.makedirs(tmp_dir, exist_ok=True)
    fd, tmp_path = tempfile.mkstemp(suffix=".mp4", dir=tmp_dir)
    os.close(fd)
    try:
        # The job's brief sets the frame (aspect ratio, and resolution: the short side); each scene carries its
        # own duration, and the storyboard has the brief's scene_count scenes.
        get_engine("production", record.production_engine).render(
            load_source(record),
            record.scenes_data,
            get_director(record.selected_director_id),
            tmp_path,
            size=render_size(record.job),
            fps=settings.STUDIO_RENDER_FPS,
            progress=progress,
            subjects=framing_inputs(record)["subjects"],
            mask=load_mask(record.job),
        )
        with open(tmp_path, "rb") as handle:
            return default_storage.save(name, File(handle))
    finally:
        if os.path.exists(tmp_path):
            os.unlink(tmp_path)
