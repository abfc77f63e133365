"""Deleting one's account removes every row and every stored file of theirs, and nothing of anyone else."""

from django.apps import apps
from django.contrib.sessions.models import Session
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from director import tasks
from director.models import PromptRecord, RecordStatus, VisionJob
from learning.models import LearningEvent
from ratelimit.models import RateLimitBucket
from tests.accounts.conftest import FACTORY_PASSWORD, token_client
from tests.conftest import stored_files
from tests.flow import all_green, client_for, reviewing, upload_photo


def delete(client, password=FACTORY_PASSWORD):
    return client.delete("/api/v1/me/", {"password": password}, format="json")


def rows_of(user_pk, job_ids):
    """Every row anywhere that belongs to the user: a foreign key to them, their jobs' rows, their buckets,
    their sessions."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                found += list(model._base_manager.filter(**{field.attname: user_pk}))
    found += list(VisionJob.objects.filter(pk__in=job_ids))
    found += list(PromptRecord.objects.filter(job_id__in=job_ids))
    found += list(LearningEvent.objects.filter(job_id__in=job_ids))
    found += list(RateLimitBucket.objects.filter(identifier__contains=str(user_pk)))
    found += [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user_pk)]
    return found


def test_a_wrong_or_missing_password_deletes_nothing(user, token):
    client = token_client(token)
    wrong = delete(client, "not-my-password")
    assert wrong.status_code == 400
    assert wrong.json()["detail"] == "password: That is not your password; send your current password to delete it."
    missing = client.delete("/api/v1/me/")
    assert missing.status_code == 400
    assert missing.json()["detail"] == "password: This field is required."
    assert User.objects.filter(pk=user.pk).exists()
    assert client.get("/api/v1/me/").status_code == 200


def test_deleting_removes_every_row_and_file_of_the_user_and_nothing_else(
    user, other_user, token, completed_job, media_root, django_capture_on_commit_callbacks, tasks_backend
):
    kept = completed_job(other_user, "coffee.jpg")
    kept_files = stored_files(media_root)
    kept_rows = {
        "jobs": list(VisionJob.objects.values_list("pk", flat=True)),
        "events": list(LearningEvent.objects.values_list("pk", flat=True)),
    }
    finished = completed_job(user)
    rendering = client_for(user)  # a second job of the user's, caught mid-render
    with django_capture_on_commit_callbacks(execute=True):
        in_progress = upload_photo(rendering, "astronaut.jpg")
    all_green(rendering, in_progress, reviewing(rendering, in_progress, django_capture_on_commit_callbacks))
    tasks_backend("django.tasks.backends.dummy.DummyBackend")  # the render is queued, not yet done
    with django_capture_on_commit_callbacks(execute=True):
        assert rendering.post(f"/api/v1/jobs/{in_progress.pk}/approve/").status_code == 202
    record = PromptRecord.objects.get(job=in_progress)
    assert record.status == RecordStatus.RENDERING
    mine = sorted(set(stored_files(media_root)) - set(kept_files))
    assert finished.prompt_record.video.name in mine and finished.image.name in mine
    assert len(mine) >= 2 + 2 * 3  # two uploads, a video, and each job's previews
    token_client(token).get("/api/v1/me/")  # a counted request: the user now has a rate-limit bucket
    job_ids = [finished.pk, in_progress.pk]
    assert rows_of(user.pk, job_ids)

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(token_client(token))
    assert response.status_code == 204, response.content

    assert rows_of(user.pk, job_ids) == []
    assert stored_files(media_root) == kept_files
    assert token_client(token).get("/api/v1/me/").status_code == 401
    # The queued render finds its record gone and leaves nothing behind.
    assert tasks.render_task.call(str(record.pk), record.render_attempts) == "skipped"
    assert stored_files(media_root) == kept_files
    # Everyone else's account is untouched.
    assert list(VisionJob.objects.values_list("pk", flat=True)) == kept_rows["jobs"] == [kept.pk]
    assert list(LearningEvent.objects.values_list("pk", flat=True)) == kept_rows["events"]
    assert Token.objects.filter(user=other_user).count() == 0  # it never had one; nothing was made
    assert User.objects.filter(pk=other_user.pk).exists()


def test_deleting_by_session_ends_the_session(user, django_capture_on_commit_callbacks):
    client = APIClient()
    assert client.login(username=user.username, password=FACTORY_PASSWORD)
    assert Session.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client)
    assert response.status_code == 204
    assert not User.objects.filter(pk=user.pk).exists()
    assert Session.objects.count() == 0
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_deleting_needs_a_caller(anon, db):
    assert delete(anon).status_code == 401
