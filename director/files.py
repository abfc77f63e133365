"""A job's stored files: which they are, and deleting them (after commit, when a transaction removes their rows)."""

import logging
from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction

log = logging.getLogger(__name__)


def job_file_names(job, record=None):
    """Every stored file of a job: its upload and, with its prompt record, the remaster, the video, the previews."""
    names = [job.image.name]
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
