"""Rendering a storyboard to its video: the production engine writes a scratch file, which is then stored."""

import os
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

from director.directors import get_director
from director.engines import get_engine
from director.scenes import load_source


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
        # The job's brief (director/brief.py: record.job.aspect_ratio, and record.job.resolution, the short side,
        # 720p or 1080p) sets the frame; each scene carries its own duration, and the storyboard has scene_count.
        get_engine("production", record.production_engine).render(
            load_source(record),
            record.scenes_data,
            get_director(record.selected_director_id),
            tmp_path,
            size=settings.STUDIO_RENDER_SIZE,
            fps=settings.STUDIO_RENDER_FPS,
            progress=progress,
        )
        with open(tmp_path, "rb") as handle:
            return default_storage.save(name, File(handle))
    finally:
        if os.path.exists(tmp_path):
            os.unlink(tmp_path)
