"""The job summary (list and the job's own route) loads no JSON column it does not read:
the same answer as from whole rows, and no query per job for a deferred column. The job's own route
also shows The Eye's analysis, read in the same query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from director.models import VisionJob
from director.serializers import job_detail_out, job_out

pytestmark = pytest.mark.django_db


def test_list_and_retrieve_answer_as_from_whole_rows_without_extra_queries(user, api, build_jobs):
    jobs = build_jobs(user)
    rows = VisionJob.objects.filter(user=user).select_related("prompt_record").order_by("-created_at")
    whole = {str(job.pk): job_out(job) for job in rows}
    detail = {str(job.pk): job_detail_out(job) for job in rows}
    assert len(whole) == 3
    with CaptureQueriesContext(connection) as queries:
        listed = api.get("/api/v1/jobs/")
    assert listed.status_code == 200
    assert {item["id"]: item for item in listed.json()["results"]} == whole
    assert len([q for q in queries if "vision_job" in q["sql"]]) == 2  # the count and the page, whatever the size
    for name in ("idle", "review", "approvable"):
        job_id = str(jobs[name].pk)
        with CaptureQueriesContext(connection) as queries:
            one = api.get(f"/api/v1/jobs/{job_id}/")
        assert one.json() == detail[job_id]
        assert len([q for q in queries if "vision_job" in q["sql"]]) == 1
