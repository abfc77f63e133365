"""Walking a job through the flow via the public API."""

from director.models import VisionJob


def upload_idle(upload):
    response = upload()
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get(pk=response.json()["id"])
    assert job.status == "completed", job.error_message
    return job


def state(api, job):
    response = api.get(f"/api/v1/jobs/{job.pk}/director/")
    assert response.status_code == 200, response.json()
    return response.json()


def select(api, run, job, director_id="newtonian", **extra):
    return run(
        api.post, f"/api/v1/jobs/{job.pk}/select-director/", {"director_id": director_id, **extra}, format="json"
    )


def review(api, run, job, scene_id, verdict, version, feedback=""):
    return run(
        api.post,
        f"/api/v1/jobs/{job.pk}/scenes/{scene_id}/review/",
        {"verdict": verdict, "feedback": feedback},
        format="json",
        HTTP_IF_MATCH=f'"{version}"',
    )


def approve_all(api, run, job):
    current = state(api, job)
    for scene in current["scenes"]:
        response = review(api, run, job, scene["id"], "GREEN", current["version"])
        assert response.status_code == 200, response.json()
        current = response.json()
    return current


def choose(api, run, job, director_id="newtonian", **extra):
    """Select a director, let the queued work run, and return the resulting DirectorState."""
    response = select(api, run, job, director_id, **extra)
    assert response.status_code == 201, response.json()
    return state(api, job)
