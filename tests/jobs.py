"""Helpers that build jobs from real image bytes."""

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image

from director.models import VisionJob


def png_bytes(size=(64, 48), color=(120, 80, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def make_job(user, *, data=None, **fields):
    data = data or png_bytes()
    job = VisionJob(
        user=user,
        original_filename="test.png",
        mime_type="image/png",
        file_size=len(data),
        file_hash=hashlib.sha256(data).hexdigest(),
        **fields,
    )
    job.image.save("test.png", ContentFile(data), save=False)
    job.save()
    return job
