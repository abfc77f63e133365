"""The two busiest writes, select-director and a scene review, answer with the state they stored, read the job once,
and make the same number of queries however big the storyboard: what benchmarks/api_load.py measures under load."""

from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection

from director import commands
from director.errors import StaleVersion
from director.models import PromptRecord, RecordStatus, SceneStatus
from director.queries import job_with_record
from learning.models import LearningEvent
from tests.factories import PromptRecordFactory, UserFactory, VisionJobFactory, scene

pytestmark = pytest.mark.django_db


@contextmanager
def statements():
    """Every SQL statement run inside the block, in order (the prepared ones too)."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def job_reads(sqls):
    return [sql for sql in sqls if '"vision_jobs" j' in sql or sql.lstrip().startswith('SELECT "vision_jobs"')]


def select(api, job, director="newtonian"):
    with statements() as queries:
        response = api.post(f"/api/v1/jobs/{job.pk}/select-director/", {"director_id": director}, format="json")
    return response, queries


def test_select_director_answers_the_stored_state_from_one_locked_read(user, api):
    first, second = VisionJobFactory(user=user), VisionJobFactory(user=user)
    response, queries = select(api, first)
    assert response.status_code == 201, response.json()
    assert response.json() == api.get(f"/api/v1/jobs/{first.pk}/director/").json()
    assert response["ETag"] == f'"{response.json()["version"]}"'
    reads = job_reads(queries)
    if connection.vendor == "postgresql":
        assert len(reads) == 1 and "FOR UPDATE OF j, u" in reads[0], reads
    else:
        assert len(reads) == 1, reads
    # The record, the event and the profile that learned from it, all written.
    record = PromptRecord.objects.get(job=first)
    event = LearningEvent.objects.get(job=first)
    user.refresh_from_db()
    assert (record.selected_director_id, event.selected_director_id) == ("newtonian", "newtonian")
    assert user.creative_profile["totalSelections"] == 1

    # A second choice, with a profile now stored, costs the same queries.
    again, more = select(api, second, "visionary")
    assert again.status_code == 201, again.json()
    assert len(more) == len(queries), ([q[:80] for q in queries], [q[:80] for q in more])


def test_select_director_on_someone_elses_job_is_the_404_of_an_unknown_id(api, other_user):
    theirs = VisionJobFactory(user=other_user)
    for job_id in (theirs.pk, "00000000-0000-4000-8000-000000000000"):
        response = api.post(f"/api/v1/jobs/{job_id}/select-director/", {"director_id": "newtonian"}, format="json")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "code": "not_found"}
    assert not PromptRecord.objects.filter(job=theirs).exists()
    assert not LearningEvent.objects.exists()


def test_a_failing_event_insert_leaves_no_record_and_the_profile_as_it_was(user):
    """One transaction: the prompt record, the learning event and the profile commit together or not at all."""
    job = VisionJobFactory(user=user)
    commands.select_director(user=user, job_id=VisionJobFactory(user=user).pk, director_id="newtonian")
    user.refresh_from_db()
    profile = user.creative_profile
    refuse = {
        "postgresql": [
            "CREATE FUNCTION refuse_event() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ "
            "LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_event BEFORE INSERT ON learning_events FOR EACH ROW EXECUTE FUNCTION refuse_event()",
        ],
        "sqlite": ["CREATE TRIGGER refuse_event BEFORE INSERT ON learning_events BEGIN SELECT RAISE(ABORT, 'no'); END"],
    }[connection.vendor]
    with connection.cursor() as cursor:
        for statement in refuse:
            cursor.execute(statement)
    with pytest.raises(DatabaseError):
        commands.select_director(user=user, job_id=job.pk, director_id="visionary")
    user.refresh_from_db()
    assert not PromptRecord.objects.filter(job=job).exists()
    assert LearningEvent.objects.filter(user=user).count() == 1
    assert user.creative_profile == profile


def reviewing(user, scenes):
    job = VisionJobFactory(user=user)
    return PromptRecordFactory(job=job, version=3, scenes_data=[scene(i) for i in range(1, scenes + 1)])


@pytest.mark.parametrize("scenes", [3, 10])
def test_a_review_answers_the_stored_state_from_one_read_and_one_guarded_update(user, api, scenes):
    record = reviewing(user, scenes)
    first = record.scenes_data[0]["id"]
    with statements() as queries:
        response = api.post(
            f"/api/v1/jobs/{record.job_id}/scenes/{first}/review/",
            {"verdict": "GREEN"},
            format="json",
            HTTP_IF_MATCH='"3"',
        )
    assert response.status_code == 200, response.json()
    assert response.json() == api.get(f"/api/v1/jobs/{record.job_id}/director/").json()
    assert response["ETag"] == '"4"' and response.json()["scenes"][0]["status"] == SceneStatus.GREEN
    # The rate-limit count (the client is force-authenticated, so the throttle counts on its own; a token's lookup
    # would carry it), the job with its record read once, the guarded UPDATE: nothing else, for 3 scenes or 10.
    assert len(job_reads(queries)) == 1, [q[:120] for q in queries]
    assert len(queries) == 3 and "rate_limit_buckets" in queries[0], [q[:80] for q in queries]


def test_a_review_with_a_stale_if_match_is_412_and_changes_nothing(user, api):
    record = reviewing(user, 3)
    first = record.scenes_data[0]["id"]
    before = PromptRecord.objects.values().get(pk=record.pk)
    response = api.post(
        f"/api/v1/jobs/{record.job_id}/scenes/{first}/review/", {"verdict": "GREEN"}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert response.status_code == 412
    assert response.json()["current_version"] == 3
    assert PromptRecord.objects.values().get(pk=record.pk) == before


def test_a_review_that_loses_the_race_to_another_is_412(user, api):
    """The version read with the job is checked again by the UPDATE: a review saved in between wins."""
    record = reviewing(user, 3)
    first, second = (s["id"] for s in record.scenes_data[:2])
    job = record.job
    stale_job = job_with_record(user, job.pk)  # read before the other review is saved
    assert (
        api.post(
            f"/api/v1/jobs/{job.pk}/scenes/{second}/review/", {"verdict": "GREEN"}, format="json", HTTP_IF_MATCH='"3"'
        ).status_code
        == 200
    )
    with pytest.raises(StaleVersion) as caught:
        commands.review_scene(job=stale_job, scene_id=first, verdict=SceneStatus.GREEN, feedback="", version=3)
    assert caught.value.extra["current_version"] == 4
    stored = PromptRecord.objects.get(pk=record.pk)
    assert (stored.version, stored.status) == (4, RecordStatus.REVIEWING)
    assert [s["status"] for s in stored.scenes_data] == [SceneStatus.PENDING, SceneStatus.GREEN, SceneStatus.PENDING]


def test_someone_elses_review_is_404(api):
    record = reviewing(UserFactory(), 3)
    response = api.post(
        f"/api/v1/jobs/{record.job_id}/scenes/{record.scenes_data[0]['id']}/review/",
        {"verdict": "GREEN"},
        format="json",
        HTTP_IF_MATCH='"3"',
    )
    assert response.status_code == 404
