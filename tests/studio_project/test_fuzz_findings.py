"""What the fuzzer found, pinned as plain behaviour tests."""

import pytest

from tests.flow import client_for

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def jobs(user, build_jobs, relaxed_rates):
    return build_jobs(user)


@pytest.mark.parametrize("page_size", ["abc", "0", "-3", "null", "\u00b2", "\u0663", "1_0", " 5", "+5", "000"])
def test_a_bad_page_size_is_a_400_not_silently_ignored(user, jobs, page_size):
    response = client_for(user).get(f"/api/v1/jobs/?page_size={page_size}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "page_size" in response.json()["errors"]


@pytest.mark.parametrize("page_size", ["1000", "9" * 5000])
def test_a_large_page_size_is_capped_at_the_maximum(user, jobs, page_size):
    response = client_for(user).get("/api/v1/jobs/", {"page_size": page_size})
    assert response.status_code == 200 and response.json()["count"] == 3


def test_an_unknown_image_source_is_a_400(user, jobs):
    response = client_for(user).get(f"/api/v1/jobs/{jobs['idle'].pk}/image/?source=thumbnail")
    assert response.status_code == 400 and "source" in response.json()["errors"]


def test_the_list_filter_does_not_hide_a_job_addressed_by_id(user, jobs):
    response = client_for(user).get(f"/api/v1/jobs/{jobs['idle'].pk}/director/?status=failed")
    assert response.status_code == 200 and response.json()["stage"] == "IDLE"


def test_pitches_are_a_plain_list_as_documented(user, jobs):
    response = client_for(user).get(f"/api/v1/jobs/{jobs['idle'].pk}/pitches/?page=2")
    assert response.status_code == 200 and isinstance(response.json(), list) and len(response.json()) == 4


def test_an_unknown_job_is_a_404_with_the_not_found_code(user):
    response = client_for(user).get("/api/v1/jobs/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_the_schema_types_path_ids_as_uuids():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    review = paths["/api/v1/jobs/{id}/scenes/{scene_id}/review/"]["post"]
    formats = {p["name"]: p["schema"].get("format") for p in review["parameters"] if p["in"] == "path"}
    assert formats == {"id": "uuid", "scene_id": "uuid"}
    assert "404" in review["responses"] and "400" in review["responses"]
