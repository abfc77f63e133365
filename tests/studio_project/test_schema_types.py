"""The schema types what the API really sends: JSON bodies only, concrete media, Range, ETag, UUIDs, every error key."""

import ast
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

from director import errors as director_errors

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
MEDIA = {
    "GET /api/v1/jobs/{id}/image/": {"image/jpeg", "image/png", "image/webp"},
    "GET /api/v1/jobs/{id}/scenes/{scene_id}/preview/": {"image/jpeg"},
    "GET /api/v1/jobs/{id}/video/": {"video/mp4"},
}
DIRECTOR_STATE = {
    "GET /api/v1/jobs/{id}/director/": "200",
    "POST /api/v1/jobs/{id}/select-director/": "201",
    "POST /api/v1/jobs/{id}/scenes/{scene_id}/review/": "200",
    "POST /api/v1/jobs/{id}/approve/": "202",
    "POST /api/v1/jobs/{id}/remaster/": "202",
    "POST /api/v1/jobs/{id}/continue/": "202",
}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture(scope="module")
def operations(schema):
    return {
        f"{method.upper()} {path}": operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }


def test_bodies_are_json_except_the_upload_which_is_multipart(operations):
    bodies = {name: set(op["requestBody"]["content"]) for name, op in operations.items() if "requestBody" in op}
    assert bodies.pop("POST /api/v1/jobs/") == {"multipart/form-data"}
    assert bodies and all(types == {"application/json"} for types in bodies.values()), bodies


@pytest.mark.parametrize("name", MEDIA)
def test_media_answers_name_their_media_types_with_range(operations, name):
    operation = operations[name]
    responses = operation["responses"]
    for code in ("200", "206"):
        assert set(responses[code]["content"]) == MEDIA[name], code
        assert all(
            media["schema"] == {"type": "string", "format": "binary"} for media in responses[code]["content"].values()
        )
    assert "Content-Range" in responses["206"]["headers"]
    assert "Content-Range" in responses["416"]["headers"]
    assert {"name": "Range", "in": "header"}.items() <= next(
        p for p in operation["parameters"] if p["name"] == "Range"
    ).items()


@pytest.mark.parametrize("name", DIRECTOR_STATE)
def test_director_state_answers_declare_their_etag(operations, name):
    answer = operations[name]["responses"][DIRECTOR_STATE[name]]
    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/DirectorState"}
    assert "ETag" in answer["headers"]


def test_scene_ids_are_uuids_like_the_scene_id_path_parameter(schema, operations):
    assert schema["components"]["schemas"]["Scene"]["properties"]["id"] == {"type": "string", "format": "uuid"}
    review = operations["POST /api/v1/jobs/{id}/scenes/{scene_id}/review/"]
    scene_id = next(p for p in review["parameters"] if p["name"] == "scene_id")
    assert scene_id["schema"] == {"type": "string", "format": "uuid"}


def extra_keys_raised():
    """The keyword arguments every StudioError is raised with in the code (each becomes a key of the answer)."""
    names = {name for name, value in vars(director_errors).items() if isinstance(value, type)}
    keys = set()
    for path in [
        *(ROOT / "director").glob("*.py"),
        *(ROOT / "accounts").glob("*.py"),
        *(ROOT / "learning").glob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                if func in names:
                    keys |= {keyword.arg for keyword in node.keywords}
    return keys


def test_the_error_component_has_every_key_an_error_carries(schema):
    error = schema["components"]["schemas"]["Error"]
    raised = extra_keys_raised()
    assert {"stage", "current_version", "scenes_not_green", "credits_needed", "scene_id"} <= raised  # the walk works
    # studio_project/errors.py: `errors` holds a 400's messages per field.
    assert set(error["properties"]) == {"detail", "code", "errors", *raised}
    assert set(error["required"]) == {"detail", "code"}


def test_answers_link_the_flow_from_upload_to_video(operations):
    def links(name, status):
        return {
            link["operationId"]: link["parameters"] for link in operations[name]["responses"][status]["links"].values()
        }

    upload = links("POST /api/v1/jobs/", "201")
    assert upload["v1_jobs_select_director_create"] == {"path.id": "$response.body#/id"}
    assert upload["v1_jobs_director_retrieve"] == {"path.id": "$response.body#/id"}
    state = operations["GET /api/v1/jobs/{id}/director/"]["responses"]["200"]["links"]
    assert state["ReviewScene1"]["parameters"] == {
        "path.id": "$response.body#/jobId",
        "path.scene_id": "$response.body#/scenes/0/id",
        "header.If-Match": "$response.header.ETag",
    }
    review = links("POST /api/v1/jobs/{id}/scenes/{scene_id}/review/", "200")
    assert {"v1_jobs_scenes_review_create", "v1_jobs_approve_create"} <= set(review)
    assert "v1_jobs_video_retrieve" in links("POST /api/v1/jobs/{id}/approve/", "202")
