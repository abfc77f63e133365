import datetime
import re

from director.models import JobStatus, PromptRecord, ShareLink, VisionJob
from tests.admin.builders import make_record
from tests.factories import UserFactory
from tests.jobs import make_job

JOBS = "/admin/director/visionjob/"


def listed(response):
    return set(re.findall(r'href="/admin/director/visionjob/([0-9a-f-]{36})/change/', response.content.decode()))


def test_job_list_shows_thumbnail_stage_scores_and_director(admin_client):
    job = make_job(
        UserFactory(),
        status="completed",
        physics_score=7.5,
        vibe_score=3.0,
        logic_score=5.25,
        quality_score=8.0,
        integrity_score=0.9,
    )
    make_record(job, director="visionary")
    html = admin_client.get(JOBS).content.decode()
    assert f'src="/admin/director/visionjob/{job.pk}/media/image/"' in html
    assert "STORYBOARD_REVIEW" in html
    assert "7.5 / 3.0 / 5.2 · 8.0 · 0.90" in html
    assert "visionary" in html


def test_stage_filter_maps_job_and_record_status_to_stages(admin_client):
    user = UserFactory()
    analyzing = make_job(user, status="pending")
    idle = make_job(user, status="completed")
    reviewing = make_job(user, status="completed")
    make_record(reviewing)
    failed_render = make_job(user, status="completed")
    make_record(failed_render, status="failed")
    failed_analysis = make_job(user, status="failed")
    cancelled = make_job(user, status="cancelled")
    make_record(cancelled)

    def stage(value):
        return listed(admin_client.get(JOBS, {"stage": value}))

    assert stage("ANALYZING") == {str(analyzing.pk)}
    assert stage("IDLE") == {str(idle.pk)}
    assert stage("STORYBOARD_REVIEW") == {str(reviewing.pk)}
    assert stage("FAILED") == {str(failed_render.pk), str(failed_analysis.pk)}
    assert stage("CANCELLED") == {str(cancelled.pk)}


def test_director_filter(admin_client):
    user = UserFactory()
    newtonian, visionary, none = (make_job(user, status="completed") for _ in range(3))
    make_record(newtonian, director="newtonian")
    make_record(visionary, director="visionary")
    assert listed(admin_client.get(JOBS, {"director": "visionary"})) == {str(visionary.pk)}
    assert listed(admin_client.get(JOBS, {"director": "none"})) == {str(none.pk)}


def test_job_page_shows_the_storyboard_strip_and_plays_the_video(admin_client):
    job = make_job(UserFactory(), status="completed")
    record = make_record(job, statuses=("GREEN", "YELLOW", "RED"), status="completed", video=True)
    html = admin_client.get(f"{JOBS}{job.pk}/change/").content.decode()
    for scene in record.scenes_data:
        assert f'src="/admin/director/visionjob/{job.pk}/media/scene/{scene["id"]}/"' in html
    for status in ("GREEN", "YELLOW", "RED"):
        assert f'class="studio-scene status-{status}"' in html
    assert (
        f'<video controls preload="metadata" width="480" src="/admin/director/visionjob/{job.pk}/media/video/">' in html
    )
    assert "COMPLETED" in html


def test_media_views_stream_the_image_previews_and_video_with_range(admin_client):
    job = make_job(UserFactory(), status="completed")
    record = make_record(job, video=True)
    preview = admin_client.get(f"{JOBS}{job.pk}/media/scene/{record.scenes_data[0]['id']}/")
    assert preview.status_code == 200 and b"".join(preview.streaming_content)[:2] == b"\xff\xd8"
    video = admin_client.get(f"{JOBS}{job.pk}/media/video/", HTTP_RANGE="bytes=0-99")
    assert video.status_code == 206
    assert video["Content-Type"] == "video/mp4"
    body = b"".join(video.streaming_content)
    assert len(body) == 100 and body[4:8] == b"ftyp"
    assert admin_client.get(f"{JOBS}{job.pk}/media/scene/not-a-scene/").status_code == 404
    assert admin_client.get(f"{JOBS}{job.pk}/media/elsewhere/").status_code == 404


def test_cancel_and_retry_actions_call_the_pipeline_and_report_conflicts(admin_client):
    user = UserFactory()
    running = make_job(user, status="completed")
    make_record(running)
    finished = make_job(user, status="completed")
    make_record(finished, status="completed")
    response = admin_client.post(
        JOBS, {"action": "cancel_action", "_selected_action": [str(running.pk), str(finished.pk)]}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cancelled 1 job(s)." in html
    assert "Can&#x27;t cancel: the job is in stage COMPLETED." in html
    assert PromptRecord.objects.get(job=running).status == "cancelled"

    response = admin_client.post(JOBS, {"action": "retry_action", "_selected_action": [str(finished.pk)]}, follow=True)
    assert "Can&#x27;t retry: the job is in stage COMPLETED." in response.content.decode()


def test_retry_action_requeues_a_failed_analysis(admin_client, tasks_backend):
    tasks_backend("django.tasks.backends.dummy.DummyBackend")
    job = make_job(UserFactory(), status="failed", error_message="The Eye could not read it")
    response = admin_client.post(JOBS, {"action": "retry_action", "_selected_action": [str(job.pk)]}, follow=True)
    assert "Retried 1 job(s)." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING and job.retry_count == 1


def test_deleting_a_job_in_admin_removes_its_files(admin_client, media_root, django_capture_on_commit_callbacks):
    job = make_job(UserFactory(), status="completed")
    make_record(job, video=True)
    assert any(media_root.rglob("*.mp4"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{JOBS}{job.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not VisionJob.objects.filter(pk=job.pk).exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_job_page_and_list_show_the_brief(admin_client):
    job = make_job(
        UserFactory(),
        status="completed",
        brand_essence_prompt="Launch reel for Aurora sneakers, for Instagram",
        aspect_ratio="9:16",
        scene_count=6,
        scene_duration=2.5,
        resolution="1080p",
    )
    page = admin_client.get(f"{JOBS}{job.pk}/change/").content.decode()
    assert "The brief" in page
    assert "Launch reel for Aurora sneakers, for Instagram" in page
    assert "9:16" in page and "1080p" in page
    listing = admin_client.get(JOBS).content.decode()
    assert "9:16 · 1080p · 6 × 2.5 s" in listing
    assert listed(admin_client.get(JOBS, {"q": "Aurora"})) == {str(job.pk)}
    assert listed(admin_client.get(JOBS, {"aspect_ratio": "1:1"})) == set()
    link = ShareLink.objects.create(job=job, expires_at=job.created_at + datetime.timedelta(days=7))
    assert str(link.pk) in admin_client.get(f"{JOBS}{job.pk}/change/").content.decode()
