"""The director state's row comes from one prepared statement (director/queries.py): the same answer
as from the ORM's select_related rows, and no other query for the job."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from director.models import JobStatus, PromptRecord, RecordStatus, VisionJob
from director.queries import job_with_record
from director.serializers import director_state, record_of
from tests.jobs import make_job

pytestmark = pytest.mark.django_db


def test_every_stage_answers_from_one_query_exactly_as_from_the_whole_rows(user, api, build_jobs):
    jobs = build_jobs(user)
    for name in ("idle", "review", "approvable"):
        job = jobs[name]
        whole = director_state(VisionJob.objects.select_related("prompt_record").get(pk=job.pk))
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/v1/jobs/{job.pk}/director/")
        assert response.status_code == 200, name
        assert response.json() == whole, name
        job_queries = [q["sql"] for q in queries if "vision_jobs" in q["sql"] or "vision_job_video_prompts" in q["sql"]]
        assert len(job_queries) == 1, (name, job_queries)  # a deferred column read later would be a second one


def answers_like_the_orm(api, job):
    whole = director_state(VisionJob.objects.select_related("prompt_record").get(pk=job.pk))
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/api/v1/jobs/{job.pk}/director/")
    assert response.status_code == 200
    assert response.json() == whole
    assert len([q for q in queries if "vision_job" in q["sql"]]) == 1
    return whole


def test_a_finished_remastered_job_and_a_cancelled_one_answer_as_from_the_orm(user, api):
    done = make_job(user, status=JobStatus.COMPLETED, quality_score=8.1, analysis_data={"quality": 8.1})
    record = PromptRecord(
        job=done, selected_director_id="visionary", status=RecordStatus.COMPLETED, is_remastered=True,
        scenes_data=[], credits_used=3, completed_at=timezone.now(), progress=100, version=4,
    )  # fmt: skip
    record.video.save("take.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    record.remastered_image.save("remastered.png", ContentFile(b"png"), save=False)
    record.save()
    state = answers_like_the_orm(api, done)
    assert state["stage"] == "COMPLETED" and state["video_url"] and state["is_remastered"]
    assert state["source_image_url"].endswith("?source=remastered")

    cancelled = make_job(user, status=JobStatus.CANCELLED)
    assert answers_like_the_orm(api, cancelled)["stage"] == "CANCELLED"


def test_someone_elses_job_and_an_unknown_id_are_the_same_404(api, other_user):
    theirs = make_job(other_user)
    for job_id in (theirs.pk, "00000000-0000-4000-8000-000000000000", "null,null", "12"):
        response = api.get(f"/api/v1/jobs/{job_id}/director/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "code": "not_found"}


def fields(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_the_row_gives_the_instances_the_orm_get_gives(user, other_user, build_jobs):
    jobs = build_jobs(user)
    for job in (jobs["idle"], jobs["review"], jobs["approvable"], make_job(user)):  # the last has no record
        orm = VisionJob.objects.for_user(user).select_related("prompt_record").get(pk=job.pk)
        with CaptureQueriesContext(connection) as queries:
            row = job_with_record(user, job.pk)
            record = record_of(row)
        assert len(queries) == 1  # the record came with the job, or its absence did
        assert fields(row) == fields(orm)
        if record_of(orm) is None:
            assert record is None
        else:
            assert fields(record) == fields(record_of(orm))
            assert record.job is row
    assert job_with_record(other_user, jobs["idle"].pk) is None  # as the ORM get raises DoesNotExist
    assert not VisionJob.objects.for_user(other_user).filter(pk=jobs["idle"].pk).exists()
