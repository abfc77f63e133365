"""Stateful fuzzing: schemathesis follows the schema's links (studio_project/schema.py LINKS) from one answer to
the next request: upload -> director state -> select a director -> review scenes (If-Match from the ETag) ->
approve -> video, with generated values everywhere the links leave open.

Requests go through the WSGI application in-process and commit (the immediate task backend then runs the
analysis, storyboard and render as each request commits), so a later step sees what an earlier one did.
Bounded and derandomised: 12 scenarios of up to 12 steps, the same ones every run.
"""

from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from schemathesis.specs.openapi.checks import ensure_resource_availability

from tests.photos import photo_bytes
from tests.studio_project.test_fuzz_api import CHECKS, PEER

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCENARIOS = 12
STEPS = 12  # per scenario; about 190 requests in all, ~30 s
FLOW = [
    "v1_jobs_create",
    "v1_jobs_director_retrieve",
    "v1_jobs_select_director_create",
    "v1_jobs_scenes_review_create",
    "v1_jobs_approve_create",
    "v1_jobs_video_retrieve",
]
CALL = {}  # the signed-in caller's headers, set by the test
ANSWERS = Counter()  # (operation id, status) -> requests


def flow_schema():
    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    loaded.app = get_wsgi_application()
    loaded.config.phases.stateful.inference.algorithms = []  # only the schema's own links
    return loaded.include(operation_id=FLOW)


class StudioFlow(flow_schema().as_state_machine()):
    def before_call(self, case):
        """A real image to upload, a director who pitched, and GREEN reviews (so a walk can reach approval);
        everything else as generated or as the link passed it on."""
        operation = case.operation.definition.raw["operationId"]
        if operation == "v1_jobs_create":
            case.body = {"image": photo_bytes("coffee.jpg")}  # passes the quality gate
        elif operation == "v1_jobs_select_director_create" and isinstance(case.body, dict):
            case.body["director_id"] = "newtonian"
        elif operation == "v1_jobs_scenes_review_create" and isinstance(case.body, dict):
            case.body["verdict"] = "GREEN"

    def get_call_kwargs(self, case):
        return {"headers": dict(CALL), "environ_base": PEER}

    def after_call(self, response, case):
        ANSWERS[case.operation.definition.raw["operationId"], response.status_code] += 1

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        checks = [*CHECKS, ensure_resource_availability]  # what a link says exists must be there
        # `headers`: the token is the caller's, not generated (ignored_auth then probes without it).
        case.validate_response(response, checks=checks, headers=kwargs.get("headers"), transport_kwargs=kwargs)


def test_linked_operations_answer_as_the_schema_says(user, token, relaxed_rates):
    CALL["Authorization"] = f"Token {token}"
    ANSWERS.clear()
    StudioFlow.run(
        settings=hypothesis.settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
    )
    print(f"stateful run: {sum(ANSWERS.values())} requests: {dict(ANSWERS)}")
    # The links carried real ids forward: the walk got past the upload to the director's storyboard.
    assert ANSWERS["v1_jobs_create", 201] >= 1
    assert ANSWERS["v1_jobs_select_director_create", 201] >= 1
    assert ANSWERS["v1_jobs_scenes_review_create", 200] >= 1
