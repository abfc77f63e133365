"""A job's stored files: which they are, and deleting them (after commit, when a transaction removes their rows)."""

import io
import logging
from functools import partial

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image

log = logging.getLogger(__name__)


def mask_name(image_name):
    """The subject mask The Eye stores beside an upload: the same name ending `.mask.png` (8-bit, 255 = subject)."""
    stem, _, _ = image_name.rpartition(".")
    return f"{stem or image_name}.mask.png"


def store_mask(image_name, mask):
    """Write The Eye's subject mask (a 2-D uint8 array, 255 = subject) beside the upload as an 8-bit PNG.

    Returns the stored name; a mask already there (an analysis run again) is replaced, never renamed.
    """
    name = mask_name(image_name)
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(mask, dtype=np.uint8)).save(buffer, "PNG", compress_level=1)
    default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(buffer.getvalue()))
    if stored != name:  # another writer took the name in between: keep one file, under the name readers use
        default_storage.delete(stored)
        raise OSError(f"the subject mask could not be stored as {name}")
    return stored


def job_file_names(job, record=None):
    """Every stored file of a job: upload and subject mask; with its prompt record, remaster, video, previews."""
    names = [job.image.name, mask_name(job.image.name)] if job.image.name else []
    if record is not None:
        names += [record.remastered_image.name, record.video.name]
        names += [s.get("preview_path") for s in record.scenes_data or []]
    return [name for name in names if name]


def delete_files(names):
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:
            log.warning("could not delete stored file %s", name)


def delete_files_on_commit(names):
    names = [n for n in names if n]
    if names:
        transaction.on_commit(partial(delete_files, names))
