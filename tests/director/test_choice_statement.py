"""Choosing a director writes the prompt record, the learning event, the profile and the storyboard's task row in
one prepared statement on PostgreSQL (studio_project.db.write_together): the rows are the ones the ORM writes, and
the task row is the one django-tasks-db's own enqueue writes."""

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from director import tasks
from director.models import PromptRecord
from learning.models import LearningEvent
from studio_project import db
from tests.director.test_write_answers import statements
from tests.factories import UserFactory, VisionJobFactory
from tests.flow import client_for

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "WITH W0")


def writes(sqls):
    return [sql for sql in sqls if sql.lstrip().upper().startswith(WRITES) and "rate_limit_buckets" not in sql]


def choose(user, job, director="newtonian"):
    with statements() as sqls:
        response = client_for(user).post(
            f"/api/v1/jobs/{job.pk}/select-director/", {"director_id": director}, format="json"
        )
    assert response.status_code == 201, response.json()
    return sqls


@pytest.fixture
def prepared(db_tasks):
    """PostgreSQL with prepared statements (what production runs); DATABASE_PREPARED_STATEMENTS=false is the ORM."""
    if not db.prepares(connection):
        pytest.skip("needs prepared statements on PostgreSQL (DATABASE_PREPARED_STATEMENTS is false)")


def test_a_choice_is_one_write_statement_with_its_task(prepared):
    user = UserFactory(learning_consent=True)
    job = VisionJobFactory(user=user)
    written = writes(choose(user, job))
    assert len(written) == 1, [sql[:100] for sql in written]
    statement = written[0]
    for table in ("vision_job_video_prompts", "learning_events", "users", "django_tasks_database_dbtaskresult"):
        assert f'"{table}"' in statement, table
    record = PromptRecord.objects.get(job=job)
    assert LearningEvent.objects.filter(job=job).count() == 1
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "director.tasks.storyboard_task" and task.args_kwargs["args"] == [str(record.pk)]


def without(row, *names):
    return {key: value for key, value in row.items() if key not in names}


def test_the_statement_writes_what_the_orm_writes(db_tasks, monkeypatch):
    """The same choice by two users alike: one written by the prepared statement, one by the ORM (what SQLite runs,
    and what the statement replaced). Every column agrees but ids and times."""
    users = [UserFactory(learning_consent=True, plan="pro") for _ in range(2)]
    firsts = [VisionJobFactory(user=user) for user in users]
    seconds = [VisionJobFactory(user=user) for user in users]
    for user, first, second in zip(users, firsts, seconds, strict=True):
        prepared = user is users[0]
        monkeypatch.setattr(db, "prepares", (lambda connection: True) if prepared else (lambda connection: False))
        # a second choice, so the profile it updates is not empty
        for job, director in ((first, "visionary"), (second, "newtonian")):
            sqls = choose(user, job, director)
            assert len(writes(sqls)) == (1 if prepared else 4), [sql[:80] for sql in writes(sqls)]
    monkeypatch.undo()

    def record(job):
        return without(PromptRecord.objects.values().get(job=job), "id", "job_id", "created_at", "updated_at")

    def event(job):
        row = LearningEvent.objects.values().get(job=job)
        row["learning_delta"] = without(row["learning_delta"], "arm", "loungeMs")  # the arm is the user id's
        return without(row, "id", "user_id", "job_id", "created_at")

    def task(job):
        row = model_to_dict(DBTaskResult.objects.get(args_kwargs__args=[str(job.prompt_record.pk)]))
        return without(row, "id", "enqueued_at", "args_kwargs")

    for a, b in (firsts, seconds):
        a.refresh_from_db(), b.refresh_from_db()
        assert record(a) == record(b)
        assert event(a) == event(b)
        assert task(a) == task(b)
    for user in users:
        user.refresh_from_db()
    assert users[0].creative_profile == users[1].creative_profile
    assert users[0].creative_profile["totalSelections"] == 2
    # the event's time is the statement's, after the earlier one
    times = list(LearningEvent.objects.filter(user=users[0]).order_by("created_at").values_list("job_id", flat=True))
    assert times == [firsts[0].pk, seconds[0].pk]


def test_the_task_row_is_the_one_the_backend_enqueues(prepared):
    """director.tasks.queued_row builds what django-tasks-db's DatabaseBackend.enqueue creates, and says so with the
    same task_enqueued signal once it is written."""
    told = []

    def heard(sender, task_result, **kwargs):
        told.append((sender, task_result.id, task_result.args))

    task_enqueued.connect(heard)
    try:
        with transaction.atomic():
            enqueued = tasks.storyboard_task.enqueue("0f0f0f0f-0000-4000-8000-000000000001")
            row, sent = tasks.queued_row(tasks.enqueue_storyboard, "0f0f0f0f-0000-4000-8000-000000000001")
            assert len(told) == 1
            db.write_together(connection, [row])
            sent()
    finally:
        task_enqueued.disconnect(heard)
    by_backend, by_statement = (model_to_dict(DBTaskResult.objects.get(pk=pk)) for pk in (enqueued.id, row.pk))
    assert without(by_backend, "id", "enqueued_at") == without(by_statement, "id", "enqueued_at")
    assert told[1] == (told[0][0], str(row.pk), ["0f0f0f0f-0000-4000-8000-000000000001"])


def test_without_the_database_backend_the_task_is_queued_after_the_commit(
    tasks_backend, user, django_capture_on_commit_callbacks
):
    """Any other backend (the dummy one here) gets the task from after_commit, once the choice has committed."""
    tasks_backend("django.tasks.backends.dummy.DummyBackend")
    assert tasks.queued_row(tasks.enqueue_storyboard, "x") is None
    from django.tasks import default_task_backend

    job = VisionJobFactory(user=user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(user).post(
            f"/api/v1/jobs/{job.pk}/select-director/", {"director_id": "newtonian"}, format="json"
        )
        assert response.status_code == 201, response.json()
        assert default_task_backend.results == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (result,) = default_task_backend.results
    assert result.args == [str(PromptRecord.objects.get(job=job).pk)]


def test_an_expression_with_arguments_is_refused(prepared):
    from django.db.models import Value
    from django.db.models.functions import Concat

    event = LearningEvent(
        user=UserFactory(),
        job=VisionJobFactory(),
        raw_scores={},
        director_pitches=[],
        selected_director_id="newtonian",
        learning_delta={},
        created_at=Concat(Value("a"), Value("b")),
    )
    with pytest.raises(ValueError, match="only expressions without parameters"):
        db.write_together(connection, [event])
    assert not LearningEvent.objects.exists()
    from django.db.models import F

    from accounts.models import User

    with pytest.raises(ValueError, match="plain values"):
        db.write_together(connection, [], [(User, event.user_id, {"credits_remaining": F("credits_remaining") + 1})])


def test_stored_pitches_carry_their_words_which_the_lounge_never_shows(api, upload, run, user):
    """The words the Studio Head learns from are read from each pitch's text once, when the pitches are written
    (director.lounge.pitch_for_job), not on the choice; the Lounge never shows them; the event stores the words a
    fresh reading of the text gives."""
    from director.models import VisionJob
    from learning.vocabulary import pitch_text, tokens

    user.learning_consent = True
    user.save(update_fields=["learning_consent"])
    response = upload()
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get(pk=response.json()["id"])
    assert len(job.pitches) == 4
    for pitch in job.pitches:
        assert pitch["words"] == sorted(set(tokens(pitch_text(pitch)))) and pitch["words"]
    shown = api.get(f"/api/v1/jobs/{job.pk}/pitches/").json()
    state = api.get(f"/api/v1/jobs/{job.pk}/director/").json()
    for pitches in (shown, state["pitches"]):
        assert len(pitches) == 4 and not any("words" in pitch for pitch in pitches)
    chosen = run(api.post, f"/api/v1/jobs/{job.pk}/select-director/", {"director_id": "visionary"}, format="json")
    assert chosen.status_code == 201, chosen.json()
    event = LearningEvent.objects.get(job=job)
    by_director = {pitch["director_id"]: pitch for pitch in job.pitches}
    for stored in event.director_pitches:
        assert stored["words"] == sorted(set(tokens(pitch_text(by_director[stored["directorId"]]))))
