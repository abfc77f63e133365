"""Isolation: one user can never see or move another user's work, nor raise their own privileges.

Every API route that takes a job id is tried by a second user against a job of the first user
in the stage where the move would succeed for its owner: the answer is 404 (the job might as well
not exist) and nothing changes -- the job and prompt record rows, credits, learning events and
stored files. Staff-only pages stay staff-only and no field of a user can be mass-assigned.
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, reverse
from django.urls.exceptions import NoReverseMatch
from rest_framework.test import APIClient

from accounts.models import User
from director.models import PromptRecord, VisionJob
from learning.models import LearningEvent
from tests.conftest import stored_files
from tests.factories import UserFactory
from tests.flow import client_for

pytestmark = [pytest.mark.django_db]

# Every route with a job id, and the seeded job whose stage would let its owner make the move.
ROUTES = [
    ("get", "/api/v1/jobs/{id}/", "review", None),
    ("delete", "/api/v1/jobs/{id}/", "review", None),
    ("get", "/api/v1/jobs/{id}/pitches/", "idle", None),
    ("post", "/api/v1/jobs/{id}/select-director/", "idle", {"director_id": "newtonian"}),
    ("post", "/api/v1/jobs/{id}/remaster/", "review", None),
    ("post", "/api/v1/jobs/{id}/continue/", "review", None),
    ("get", "/api/v1/jobs/{id}/director/", "review", None),
    ("post", "/api/v1/jobs/{id}/scenes/{scene_id}/review/", "review", {"verdict": "GREEN", "version": "{version}"}),
    ("post", "/api/v1/jobs/{id}/scenes/{scene_id}/review/", "review", {"verdict": "RED", "version": "{version}"}),
    ("get", "/api/v1/jobs/{id}/scenes/{scene_id}/preview/", "review", None),
    ("post", "/api/v1/jobs/{id}/approve/", "approvable", None),
    ("post", "/api/v1/jobs/{id}/cancel/", "review", None),
    ("post", "/api/v1/jobs/{id}/retry/", "review", None),
    ("get", "/api/v1/jobs/{id}/video/", "review", None),
    ("get", "/api/v1/jobs/{id}/image/", "review", None),
    ("get", "/api/v1/jobs/{id}/image/?source=remastered", "review", None),
    ("get", "/api/v1/jobs/{id}/share/", "review", None),
    ("post", "/api/v1/jobs/{id}/share/", "review", {"expires_in": 3600}),
    ("delete", "/api/v1/jobs/{id}/share/{share_id}/", "review", None),
]
# A share link id for the revoke route: the owner's answer is "no such link", the intruder's "no such job".
SHARE_ID = "00000000-0000-4000-8000-000000000001"


@pytest.fixture
def owners_jobs(user, build_jobs, relaxed_rates):
    return build_jobs(user)


def snapshot(user, media_root):
    """Everything a request could change: rows, credits, profile, events, files."""
    return {
        "jobs": list(VisionJob.objects.filter(user=user).order_by("pk").values()),
        "records": list(PromptRecord.objects.filter(job__user=user).order_by("pk").values()),
        "user": User.objects.filter(pk=user.pk).values("credits_remaining", "plan", "creative_profile").get(),
        "events": list(LearningEvent.objects.filter(user=user).values_list("pk", flat=True)),
        "files": stored_files(media_root),
    }


def test_every_route_with_a_job_id_is_in_the_isolation_table():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    with_id = {(method, path) for path, ops in paths.items() if "{id}" in path for method in ops}
    covered = {(method, path.split("?")[0]) for method, path, _, _ in ROUTES}
    assert with_id == covered


@pytest.mark.parametrize(("method", "path", "target", "body"), ROUTES, ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_another_user_gets_404_and_changes_nothing(
    method, path, target, body, user, other_user, owners_jobs, media_root
):
    job = owners_jobs[target]
    state = owners_jobs.get(f"{target}_state") or {"scenes": [{"id": "none"}], "version": 0}
    url = path.format(id=job.pk, scene_id=state["scenes"][0]["id"], share_id=SHARE_ID)
    if body:
        body = {k: (state["version"] if v == "{version}" else v) for k, v in body.items()}
    before = snapshot(user, media_root)
    intruder = client_for(other_user)
    headers = {"HTTP_IF_MATCH": f'"{state["version"]}"'} if "review" in path else {}
    response = getattr(intruder, method)(url, body, format="json", **headers)
    assert response.status_code == 404, getattr(response, "data", response)
    assert response.json()["code"] == "not_found"
    assert snapshot(user, media_root) == before
    assert not VisionJob.objects.filter(user=other_user).exists()
    # The owner's same request finds the job: the 404 was about who asked.
    owners = getattr(client_for(user), method)(url, body, format="json", **headers)
    assert owners.status_code != 404 or owners.json()["detail"] != response.json()["detail"]


def test_a_job_id_of_another_user_reads_exactly_like_an_unknown_id(user, other_user, owners_jobs):
    intruder = client_for(other_user)
    theirs = intruder.get(f"/api/v1/jobs/{owners_jobs['review'].pk}/director/")
    unknown = intruder.get("/api/v1/jobs/00000000-0000-4000-8000-000000000000/director/")
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json()


def test_the_job_list_and_learning_events_show_only_your_own(user, other_user, owners_jobs):
    owner = client_for(user)
    assert owner.get("/api/v1/jobs/").json()["count"] == 3
    assert owner.get("/api/v1/learning-events/").json()["count"] == 2
    intruder = client_for(other_user)
    assert intruder.get("/api/v1/jobs/").json()["count"] == 0
    assert intruder.get("/api/v1/jobs/?status=completed&page_size=100").json()["results"] == []
    assert intruder.get("/api/v1/learning-events/").json()["count"] == 0
    assert intruder.get("/api/v1/me/creative-profile/").json()["summary"]["total_selections"] == 0


def test_learning_events_cannot_be_written_through_the_api(user, owners_jobs):
    owner = client_for(user)
    before = LearningEvent.objects.count()
    response = owner.post("/api/v1/learning-events/", {"selected_director_id": "visionary"}, format="json")
    assert response.status_code == 405
    assert LearningEvent.objects.count() == before


def test_resetting_your_profile_leaves_everyone_elses(user, other_user, owners_jobs):
    profile = User.objects.get(pk=user.pk).creative_profile
    assert profile["totalSelections"] == 2
    assert client_for(other_user).delete("/api/v1/me/creative-profile/").status_code == 204
    assert User.objects.get(pk=user.pk).creative_profile == profile


def test_no_one_can_mass_assign_credits_plan_staff_or_identity(user, other_user):
    api = client_for(user)
    api.get("/api/v1/me/")  # the first request records the user's cultural context (accounts/language.py)
    before = User.objects.filter(pk=user.pk).values().get()
    others_before = User.objects.filter(pk=other_user.pk).values().get()
    attempt = {
        "credits_remaining": 1_000_000,
        "plan": "enterprise",
        "is_staff": True,
        "is_superuser": True,
        "is_active": False,
        "username": other_user.username,
        "id": str(other_user.pk),
        "password": "new-password-123456",
        "date_joined": "2000-01-01T00:00:00Z",
        "creative_profile": {"totalSelections": 99},
        "groups": [1],
        "user_permissions": [1],
    }
    flat = {key: value for key, value in attempt.items() if not isinstance(value, dict | list)}
    # A multipart body is refused outright (JSON only, 415); the JSON one is read and its fields ignored.
    for body, format_, answers in ((attempt, "json", (200, 400)), (flat, "multipart", (415,))):
        response = api.patch("/api/v1/me/", body, format=format_)
        assert response.status_code in answers, response.json()
        after = User.objects.filter(pk=user.pk).values().get()
        assert after == {**before, "updated_at": after["updated_at"]}
    assert User.objects.filter(pk=other_user.pk).values().get() == others_before
    me = api.get("/api/v1/me/").json()
    assert (me["credits_remaining"], me["plan"], me["username"]) == (10, "free", user.username)
    assert api.put("/api/v1/me/", attempt, format="json").status_code == 405


def test_patch_me_changes_only_what_a_user_may_change(user):
    api = client_for(user)
    response = api.patch("/api/v1/me/", {"learning_consent": False, "credits_remaining": 500}, format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.learning_consent, user.credits_remaining) == (False, 10)


def test_registering_cannot_grant_credits_plan_or_staff(settings):
    settings.STUDIO_AUTH_RATES = {**settings.STUDIO_AUTH_RATES, "register_ip": "1000/min"}
    response = APIClient().post(
        "/api/v1/auth/register/",
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password": "a-long-unusual-passphrase",
            "credits_remaining": 999,
            "plan": "enterprise",
            "is_staff": True,
            "is_superuser": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = User.objects.get(username="newcomer")
    assert (created.credits_remaining, created.plan, created.is_staff, created.is_superuser) == (
        10,
        "free",
        False,
        False,
    )


def admin_urls():
    """Every admin page that needs no object id: the index, each model's list and add pages, custom views."""
    names = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}")

    walk(admin.site.get_urls(), "admin")
    urls = []
    for name in sorted(set(names)):
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue  # takes an object id or an app label
    return [url for url in urls if not url.startswith(("/admin/login", "/admin/logout"))]


def test_admin_pages_need_staff(user, owners_jobs):
    urls = admin_urls()
    assert "/admin/learning/learningevent/" in urls and len(urls) > 5
    signed_in = APIClient()
    signed_in.force_login(user)
    for client in (APIClient(), signed_in):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    staff = UserFactory(is_staff=True, is_superuser=True)
    as_staff = APIClient()
    as_staff.force_login(staff)
    assert as_staff.get("/admin/learning/learningevent/").status_code == 200


def test_admin_pages_of_one_object_need_staff(user, owners_jobs):
    event = LearningEvent.objects.filter(user=user).first()
    signed_in = APIClient()
    signed_in.force_login(user)
    for url in (
        reverse("admin:learning_learningevent_change", args=[event.pk]),
        reverse("admin:director_visionjob_change", args=[owners_jobs["review"].pk]),
        reverse("admin:accounts_user_change", args=[user.pk]),
    ):
        response = signed_in.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
