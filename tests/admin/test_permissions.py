from tests.admin.builders import make_events
from tests.admin.conftest import DASHBOARD, EVENTS, EXPORT, staff_client


def test_staff_without_learning_permissions_cannot_see_events_dashboard_or_csv(db):
    event = make_events(2)[0]
    client = staff_client("view_user", "view_visionjob")
    assert client.get(EVENTS).status_code == 403
    assert client.get(f"{EVENTS}{event.pk}/change/").status_code == 403
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(EXPORT).status_code == 403
    index = client.get("/admin/").content.decode()
    assert "Learning dashboard" not in index
    assert "/admin/director/visionjob/" in index  # what they may see is still there


def test_staff_with_the_view_permission_see_events_dashboard_and_csv(db):
    event = make_events(2)[0]
    client = staff_client("view_learningevent")
    assert client.get(EVENTS).status_code == 200
    assert client.get(f"{EVENTS}{event.pk}/change/").status_code == 200
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(EXPORT).status_code == 200
    assert "Learning dashboard" in client.get("/admin/").content.decode()


def test_job_media_needs_the_job_view_permission(db):
    job = make_events(1)[0].job
    url = f"/admin/director/visionjob/{job.pk}/media/image/"
    assert staff_client("view_learningevent").get(url).status_code == 403
    response = staff_client("view_visionjob").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    for url in (EVENTS, DASHBOARD, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
