"""A user's data as one zip: a JSON document of what Studio keeps about them, and their stored files.

The archive is written to a temporary file on disk, one job at a time and each file copied in
chunks, so memory stays bounded however many jobs and videos the user has.
"""

import json
import posixpath
import shutil
import tempfile
import zipfile

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from director.models import VisionJob, record_of
from learning.models import LearningEvent

DOCUMENT = "studio-export.json"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024
USER_FIELDS = [
    "id",
    "username",
    "email",
    "first_name",
    "last_name",
    "plan",
    "credits_remaining",
    "learning_consent",
    "date_joined",
    "last_login",
    "profile_reset_at",
]
JOB_FIELDS = [
    "id",
    "original_filename",
    "mime_type",
    "file_size",
    "file_hash",
    "width",
    "height",
    "status",
    "analysis_data",
    "pitches",
    "physics_score",
    "vibe_score",
    "logic_score",
    "integrity_score",
    "quality_score",
    "error_message",
    "retry_count",
    "brand_essence_prompt",
    "aspect_ratio",
    "scene_count",
    "scene_duration",
    "resolution",
    "processed_at",
    "created_at",
    "updated_at",
]
RECORD_FIELDS = [
    "id",
    "selected_director_id",
    "selected_style_id",
    "scenes_data",
    "invariant_visual_summary",
    "source_analysis",
    "production_engine",
    "status",
    "is_remastered",
    "progress",
    "version",
    "credits_used",
    "render_attempts",
    "error_message",
    "created_at",
    "updated_at",
    "completed_at",
]
EVENT_FIELDS = [
    "id",
    "job_id",
    "raw_scores",
    "director_pitches",
    "selected_director_id",
    "learning_delta",
    "created_at",
]


def _ext(name):
    return posixpath.splitext(name)[1].lower()


def job_files(job, record):
    """(role, path in the archive, stored name) for each stored file of a job."""
    folder = f"files/{job.pk}"
    files = [("upload", f"{folder}/upload{_ext(job.image.name)}", job.image.name)]
    if record is not None:
        if record.remastered_image.name:
            files.append(("remastered_image", f"{folder}/remastered{_ext(record.remastered_image.name)}",
                          record.remastered_image.name))  # fmt: skip
        if record.video.name:
            files.append(("video", f"{folder}/video{_ext(record.video.name)}", record.video.name))
        for index, scene in enumerate(record.scenes_data or [], start=1):
            if scene.get("preview_path"):
                number = scene.get("sequence_index", index)
                files.append((f"scene:{scene.get('id')}", f"{folder}/scene-{number}{_ext(scene['preview_path'])}",
                              scene["preview_path"]))  # fmt: skip
    return [entry for entry in files if entry[2]]


def _jobs(user):
    return VisionJob.objects.for_user(user).select_related("prompt_record").order_by("created_at", "pk")


def _copy_file(archive, arcname, name):
    """Copy one stored file into the archive; False when it is missing from storage."""
    try:
        source = default_storage.open(name, "rb")
    except FileNotFoundError:
        return False
    with source:
        info = zipfile.ZipInfo(arcname, date_time=timezone.localtime().timetuple()[:6])
        info.compress_type = zipfile.ZIP_STORED  # images and video are compressed already
        with archive.open(info, "w", force_zip64=default_storage.size(name) >= zipfile.ZIP64_LIMIT) as target:
            shutil.copyfileobj(source, target, CHUNK)
    return True


def _job_document(job, record, written):
    document = {field: getattr(job, field) for field in JOB_FIELDS}
    document["prompt_record"] = None if record is None else {field: getattr(record, field) for field in RECORD_FIELDS}
    files = {"scene_previews": {}}
    for role, arcname, _name in job_files(job, record):
        if arcname not in written:
            continue
        if role.startswith("scene:"):
            files["scene_previews"][role.removeprefix("scene:")] = arcname
        else:
            files[role] = arcname
    document["files"] = files
    return document


def _dump(value):
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def build_export(user):
    """The user's archive in a temporary file, rewound; the caller closes it (which deletes it)."""
    handle = tempfile.TemporaryFile()
    try:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            written = set()
            for job in _jobs(user).iterator(chunk_size=100):
                for _role, arcname, name in job_files(job, record_of(job)):
                    if _copy_file(archive, arcname, name):
                        written.add(arcname)
            with archive.open(DOCUMENT, "w") as out:
                profile = {field: getattr(user, field) for field in USER_FIELDS}
                profile["creative_profile"] = user.creative_profile
                out.write(b'{"format_version": %d, "exported_at": ' % FORMAT_VERSION + _dump(timezone.now()))
                out.write(b', "user": ' + _dump(profile) + b', "jobs": [')
                for position, job in enumerate(_jobs(user).iterator(chunk_size=100)):
                    out.write((b", " if position else b"") + _dump(_job_document(job, record_of(job), written)))
                out.write(b'], "learning_events": [')
                events = LearningEvent.objects.for_user(user).order_by("created_at", "pk").values(*EVENT_FIELDS)
                for position, event in enumerate(events.iterator(chunk_size=500)):
                    out.write((b", " if position else b"") + _dump(event))
                out.write(b"]}")
        handle.seek(0)
        return handle
    except BaseException:
        handle.close()
        raise
