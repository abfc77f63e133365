"""The whole flow through a client generated from /api/schema/ by openapi-python-client.

Run by tests/studio_project/test_generated_client.py in the generator's own venv (httpx and attrs live there):
    python generated_client_flow.py <base url> <photo>
It imports the generated package `studio_client`, asserts as it goes and prints what it saw as JSON.
"""

import json
import sys
import time
from pathlib import Path

from studio_client import AuthenticatedClient, Client
from studio_client.api.v1 import (
    v1_auth_register_create,
    v1_auth_token_create,
    v1_jobs_approve_create,
    v1_jobs_create,
    v1_jobs_director_retrieve,
    v1_jobs_scenes_review_create,
    v1_jobs_select_director_create,
    v1_jobs_video_retrieve,
)
from studio_client.models import (
    DirectorState,
    RegisterRequest,
    ReviewRequest,
    SelectDirectorRequest,
    TokenRequestRequest,
    TokenResponse,
    UploadRequest,
    VerdictEnum,
)
from studio_client.models import Job as JobModel
from studio_client.types import File

PASSWORD = "a-long-unusual-passphrase"


def parsed(response, model, status):
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert isinstance(response.parsed, model), (model, type(response.parsed), response.content[:500])
    return response.parsed


def wait_for_stage(client, job_id, stages, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = v1_jobs_director_retrieve.sync_detailed(job_id, client=client)
        state = parsed(response, DirectorState, 200)
        if state.stage.value in stages:
            return state, response.headers["ETag"]
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {stages}")


def main(base_url, photo):
    seen = {}
    anonymous = Client(base_url=base_url, timeout=30)
    registered = parsed(
        v1_auth_register_create.sync_detailed(
            client=anonymous,
            body=RegisterRequest(username="generated", email="generated@example.com", password=PASSWORD),
        ),
        TokenResponse,
        201,
    )
    signed_in = parsed(
        v1_auth_token_create.sync_detailed(
            client=anonymous, body=TokenRequestRequest(username="generated", password=PASSWORD)
        ),
        TokenResponse,
        200,
    )
    assert signed_in.token == registered.token
    client = AuthenticatedClient(base_url=base_url, token=signed_in.token, prefix="Token", timeout=30)

    image = File(payload=Path(photo).open("rb"), file_name=Path(photo).name, mime_type="image/jpeg")
    job = parsed(v1_jobs_create.sync_detailed(client=client, body=UploadRequest(image=image)), JobModel, 201)
    state, _ = wait_for_stage(client, job.id, {"IDLE", "FAILED", "QUALITY_FAILED"})
    assert state.stage.value == "IDLE", state.to_dict()

    selected = v1_jobs_select_director_create.sync_detailed(
        job.id, client=client, body=SelectDirectorRequest(director_id="newtonian", remaster=True)
    )
    parsed(selected, DirectorState, 201)
    state, tag = wait_for_stage(client, job.id, {"STORYBOARD_REVIEW", "FAILED"})
    assert state.stage.value == "STORYBOARD_REVIEW", state.to_dict()
    seen["scenes"] = len(state.scenes)

    for scene in state.scenes:
        reviewed = v1_jobs_scenes_review_create.sync_detailed(
            job.id, scene.id, client=client, body=ReviewRequest(verdict=VerdictEnum.GREEN), if_match=tag
        )
        state, tag = parsed(reviewed, DirectorState, 200), reviewed.headers["ETag"]
    assert {scene.status.value for scene in state.scenes} == {"GREEN"}, state.to_dict()

    parsed(v1_jobs_approve_create.sync_detailed(job.id, client=client), DirectorState, 202)
    state, _ = wait_for_stage(client, job.id, {"COMPLETED", "FAILED"})
    assert state.stage.value == "COMPLETED", state.to_dict()

    video = v1_jobs_video_retrieve.sync_detailed(job.id, client=client)
    assert video.status_code == 200 and isinstance(video.parsed, File), video.status_code
    data = video.parsed.payload.read()
    assert data[4:8] == b"ftyp", data[:16]
    part = v1_jobs_video_retrieve.sync_detailed(job.id, client=client, range_="bytes=0-99")
    assert part.status_code == 206 and isinstance(part.parsed, File), part.status_code
    assert part.parsed.payload.read() == data[:100]
    assert part.headers["Content-Range"] == f"bytes 0-99/{len(data)}"
    seen["video_bytes"] = len(data)
    print(json.dumps(seen))


if __name__ == "__main__":
    main(*sys.argv[1:])
