"""What the render is given from the job: the video's size, The Eye's subjects and the stored subject mask."""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from director.files import mask_name
from director.production import load_mask, render_size
from director.scenes import framing_inputs
from tests.director.portrait import SUBJECTS
from tests.factories import PromptRecordFactory

pytestmark = pytest.mark.django_db


def test_a_job_without_a_format_renders_at_the_configured_size():
    record = PromptRecordFactory()
    assert render_size(record.job) == tuple(settings.STUDIO_RENDER_SIZE)


@pytest.mark.parametrize(
    ("aspect_ratio", "resolution", "scale"),
    [("9:16", "720p", 1.0), ("1:1", "720p", 1.0), ("4:5", "1080p", 1.5), ("16:9", "1080p", 1.5)],
)
def test_a_jobs_format_sets_the_shape_and_the_short_side(aspect_ratio, resolution, scale):
    job = PromptRecordFactory().job
    job.aspect_ratio, job.resolution = aspect_ratio, resolution  # the upload's brief, when the job has it

    width, height = render_size(job)
    a, b = (int(v) for v in aspect_ratio.split(":"))
    assert min(width, height) == round(min(settings.STUDIO_RENDER_SIZE) * scale / 2) * 2
    assert width % 2 == 0 and height % 2 == 0
    assert abs(width / height - a / b) < 0.02


def test_the_subjects_come_from_the_analysis_and_the_mask_from_beside_the_upload():
    record = PromptRecordFactory()
    assert framing_inputs(record) == {"subjects": None, "aspect_ratio": "16:9"}
    assert load_mask(record.job) is None

    record.job.analysis_data = {**record.job.analysis_data, "subjects": SUBJECTS}
    buffer = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buffer, "PNG")
    default_storage.save(mask_name(record.job.image.name), ContentFile(buffer.getvalue()))

    assert framing_inputs(record)["subjects"] == SUBJECTS
    mask = load_mask(record.job)
    assert mask.mode == "L" and mask.size == (8, 8)
