"""A job's stored files: which they are, and deleting them (after commit, when a transaction removes their rows)."""

import logging
from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction

log = logging.getLogger(__name__)


def mask_name(image_name):
    """The subject mask The Eye stores beside an upload: the same name ending `.mask.png` (8-bit, 255 = subject)."""
    stem, _, _ = image_name.rpartition(".")
    return f"{stem or image_name}.mask.png"


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
