"""Share links: the owner shares a finished video; anyone with the link plays it signed out, until it expires or
is revoked (then 404); only the owner creates, lists and revokes; the public routes are rate limited."""

import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import av
import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from director.models import ShareLink, VisionJob
from tests.admin.builders import make_record
from tests.director.test_brief_flow import upload_brief
from tests.flow import approve_all, choose, state
from tests.jobs import make_job


@pytest.fixture
def finished(user):
    job = make_job(user, status="completed")
    make_record(job, statuses=("GREEN", "GREEN"), status="completed", video=True)
    return job


def share(api, job, **body):
    return api.post(f"/api/v1/jobs/{job.pk}/share/", body, format="json")


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


class Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.og, self.video = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("property", "").startswith("og:"):
            self.og[attrs["property"]] = attrs.get("content")
        if tag == "video":
            self.video = attrs


def page_meta(html):
    parser = Meta()
    parser.feed(html)
    return parser


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_a_rendered_video_plays_signed_out_from_its_share_link(api, run, user):
    job = upload_brief(api, run, scene_count="1", scene_duration="2", brand_essence_prompt="Lumen Coffee teaser")
    choose(api, run, job, "visionary")
    approve_all(api, run, job)
    assert run(api.post, f"/api/v1/jobs/{job.pk}/approve/").status_code == 202
    assert state(api, job)["stage"] == "COMPLETED"
    owner_video = body_of(api.get(f"/api/v1/jobs/{job.pk}/video/"))

    response = share(api, job)
    assert response.status_code == 201, response.json()
    link = response.json()
    assert link["active"] is True and link["revoked_at"] is None
    expires = timezone.datetime.fromisoformat(link["expires_at"]) - timezone.datetime.fromisoformat(link["created_at"])
    assert abs(expires - timedelta(days=7)) < timedelta(seconds=1)

    stranger = APIClient()  # no session, no token
    page = stranger.get(path_of(link["url"]))
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    meta = page_meta(page.content.decode())
    assert meta.og["og:type"] == "video.other"
    assert (
        meta.og["og:title"] and meta.og["og:video"] == link["video_url"] and meta.og["og:image"] == link["poster_url"]
    )
    assert meta.video["src"] == link["video_url"] and meta.video["poster"] == link["poster_url"]

    video = stranger.get(path_of(meta.og["og:video"]))
    assert video.status_code == 200 and video["Content-Type"] == "video/mp4"
    data = body_of(video)
    assert data == owner_video
    with av.open(io.BytesIO(data)) as container:
        frames = sum(1 for _ in container.decode(container.streams.video[0]))
    assert abs(frames / 12 - 2.0) <= 1 / 12 + 1e-9
    ranged = stranger.get(path_of(link["video_url"]), HTTP_RANGE="bytes=100-199")
    assert ranged.status_code == 206 and body_of(ranged) == owner_video[100:200]
    assert ranged["Content-Range"] == f"bytes 100-199/{len(owner_video)}"
    poster = stranger.get(path_of(meta.og["og:image"]))
    assert poster.status_code == 200 and poster["Content-Type"] == "image/jpeg"
    assert body_of(poster)[:3] == b"\xff\xd8\xff"


def test_a_job_without_a_finished_video_cannot_be_shared(api, user):
    job = make_job(user, status="completed")
    assert share(api, job).status_code == 409
    make_record(job, statuses=("GREEN",), status="rendering")
    response = share(api, job)
    assert response.status_code == 409 and response.json()["stage"] == "RENDERING"
    assert ShareLink.objects.count() == 0


def test_revoked_links_are_404_everywhere_and_listed_as_inactive(api, finished):
    link = share(api, finished).json()
    other = share(api, finished).json()
    anon = APIClient()
    assert anon.get(path_of(link["video_url"])).status_code == 200
    assert api.delete(f"/api/v1/jobs/{finished.pk}/share/{link['id']}/").status_code == 204
    for url in (link["video_url"], link["poster_url"]):
        gone = anon.get(path_of(url))
        assert gone.status_code == 404 and gone.json()["code"] == "not_found"
    page = anon.get(path_of(link["url"]))
    assert page.status_code == 404 and "not available" in page.content.decode()
    assert anon.get(path_of(other["video_url"])).status_code == 200  # the other link still plays
    listed = {item["id"]: item["active"] for item in api.get(f"/api/v1/jobs/{finished.pk}/share/").json()}
    assert listed == {link["id"]: False, other["id"]: True}
    assert {item["id"] for item in api.get("/api/v1/share-links/").json()} == {link["id"], other["id"]}
    # Revoking again changes nothing; an unknown id is a 404.
    assert api.delete(f"/api/v1/jobs/{finished.pk}/share/{link['id']}/").status_code == 204
    assert api.delete(f"/api/v1/jobs/{finished.pk}/share/{'0' * 32}/").status_code == 404


def test_links_expire(api, finished):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        week = share(api, finished).json()
        minute = share(api, finished, expires_in=60).json()
        anon = APIClient()
        assert anon.get(path_of(minute["video_url"])).status_code == 200
        clock.shift(timedelta(seconds=61))
        assert anon.get(path_of(minute["video_url"])).status_code == 404
        assert anon.get(path_of(minute["url"])).status_code == 404
        assert anon.get(path_of(week["video_url"])).status_code == 200
        clock.shift(timedelta(days=7))
        assert anon.get(path_of(week["poster_url"])).status_code == 404
        assert [item["active"] for item in api.get(f"/api/v1/jobs/{finished.pk}/share/").json()] == [False, False]


@pytest.mark.parametrize("expires_in", [59, 0, -5, 30 * 24 * 3600 + 1, "soon", 1.5])
def test_expires_in_out_of_bounds_is_a_400_naming_it(api, finished, expires_in):
    response = share(api, finished, expires_in=expires_in)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"expires_in"}
    assert ShareLink.objects.count() == 0


@pytest.mark.parametrize("expires_in", [60, 30 * 24 * 3600])
def test_expires_in_at_its_bounds_is_accepted(api, finished, expires_in):
    link = share(api, finished, expires_in=expires_in).json()
    made = ShareLink.objects.get(pk=link["id"])
    assert (made.expires_at - made.created_at).total_seconds() == pytest.approx(expires_in, abs=1)


def test_a_token_cannot_be_made_up_or_altered(api, finished):
    link = share(api, finished).json()
    anon = APIClient()
    url = path_of(link["video_url"])
    token = url.split("/")[-3]
    raw, _, signature = token.rpartition(":")
    assert len(raw) == 32  # the link's random id
    other_hex = "1" if raw[-1] == "0" else "0"  # one hex digit changed (never the same digit)
    forged = [
        f"{ShareLink.objects.get().pk.hex}",
        f"{raw}:{signature[::-1]}",
        f"{raw[:-1]}{other_hex}:{signature}",
        "x" * 200,
    ]
    for bad in forged:
        assert anon.get(url.replace(token, bad)).status_code == 404, bad


def test_other_users_cannot_create_list_or_revoke(api, finished, other_user):
    link = share(api, finished).json()
    intruder = APIClient()
    intruder.force_authenticate(other_user)
    assert intruder.post(f"/api/v1/jobs/{finished.pk}/share/", {}, format="json").status_code == 404
    assert intruder.get(f"/api/v1/jobs/{finished.pk}/share/").status_code == 404
    assert intruder.delete(f"/api/v1/jobs/{finished.pk}/share/{link['id']}/").status_code == 404
    assert intruder.get("/api/v1/share-links/").json() == []
    # Their own job can't reach this job's link either.
    theirs = make_job(other_user, status="completed")
    assert intruder.delete(f"/api/v1/jobs/{theirs.pk}/share/{link['id']}/").status_code == 404
    assert APIClient().get(path_of(link["video_url"])).status_code == 200
    assert APIClient().post(f"/api/v1/jobs/{finished.pk}/share/", {}, format="json").status_code in (401, 403)


def test_deleting_the_job_deletes_its_links(api, finished, django_capture_on_commit_callbacks):
    link = share(api, finished).json()
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/v1/jobs/{finished.pk}/").status_code == 204
    assert not VisionJob.objects.filter(pk=finished.pk).exists()
    assert ShareLink.objects.count() == 0
    assert APIClient().get(path_of(link["video_url"])).status_code == 404


def test_the_public_routes_are_rate_limited_per_address(api, finished, settings):
    link = share(api, finished).json()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "share": "3/min"},
    }
    anon = APIClient()
    answers = [anon.get(path_of(url)) for url in (link["url"], link["video_url"], link["poster_url"], link["url"])]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1]["Retry-After"] and answers[1]["RateLimit-Policy"].startswith('"share";q=3')
    assert answers[-1].json()["code"] == "throttled"
    # Another address has its own count.
    assert APIClient(REMOTE_ADDR="203.0.113.9").get(path_of(link["video_url"])).status_code == 200
