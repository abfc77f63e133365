"""Property-based fuzzing of every API operation against Studio's own OpenAPI schema.

Schemathesis generates valid and invalid requests from /api/schema/ and sends them,
authenticated as a real user with real jobs present (one IDLE, two in
STORYBOARD_REVIEW, one of them all GREEN), through the WSGI application in-process. Every response must
be a non-5xx whose status code, content type, headers and body the schema documents.
Each example runs in a savepoint that is rolled back, so every example sees the
same seeded state.
"""

from collections import Counter, defaultdict
from contextlib import contextmanager

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from tests.jobs import png_bytes

pytestmark = [pytest.mark.django_db]

MAX_EXAMPLES = 30
# No 5xx, and every status code, content type, header and body as documented; requests without the
# token must be refused; a missing required header and an undocumented method are refused.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
    missing_required_header,
    unsupported_method,
]
PEER = {"REMOTE_ADDR": "127.0.0.1"}  # the in-process client names no peer; a real server always does


@contextmanager
def keep_test_connection():
    """As Django's test client does: no per-request close of the connection that holds the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def load_schema():
    """Studio's schema, generated in-process exactly as /api/schema/ serves it."""
    from drf_spectacular.generators import SchemaGenerator

    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    loaded.app = get_wsgi_application()  # requests go through the WSGI application in-process
    return loaded


schema = load_schema()
ANSWERS = defaultdict(Counter)  # operation -> status code -> examples
REAL_JOBS = []  # filled per test by `seeded`: the jobs requests are pointed at


def with_real_data(case, job, scene_index):
    """Point a generated request at a real job: its id, one of its scenes, its current version (If-Match),
    and, in bodies, a director who pitched, a real image or a password the validators accept, so the
    operation gets past the lookups."""
    if "id" in (case.path_parameters or {}):
        case.path_parameters["id"] = job["id"]
        if "scene_id" in case.path_parameters and job["scenes"]:
            case.path_parameters["scene_id"] = job["scenes"][scene_index % len(job["scenes"])]
    if case.operation.path.endswith("/review/"):
        case.headers = {**(case.headers or {}), "If-Match": f'"{job["version"]}"'}
    if isinstance(case.body, dict):
        if "director_id" in case.body:
            case.body["director_id"] = "newtonian"
        if "image" in case.body:
            case.body["image"] = png_bytes()
        if case.operation.path.endswith("/register/") and "password" in case.body:
            case.body["password"] = "a-long-unusual-passphrase"
    return case


@schema.hook
def flatmap_case(context, case):
    """Half the examples as generated (unknown ids must be 404), half pointed at the seeded jobs."""
    if not REAL_JOBS:
        return st.just(case)
    real = st.tuples(st.sampled_from(REAL_JOBS), st.integers(0, 9))
    return st.one_of(st.just(case), real.map(lambda drawn: with_real_data(case, *drawn)))


@pytest.fixture
def seeded(user, build_jobs, relaxed_rates):
    jobs = build_jobs(user)
    for name in ("idle", "review", "approvable"):
        state = jobs.get(f"{name}_state", {"scenes": [], "version": 0})
        REAL_JOBS.append(
            {"id": str(jobs[name].pk), "scenes": [s["id"] for s in state["scenes"]], "version": state["version"]}
        )
    yield jobs
    REAL_JOBS.clear()


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(hypothesis.HealthCheck)
)
def test_every_operation_answers_as_its_schema_says(case, seeded, token):
    with keep_test_connection(), transaction.atomic():
        response = case.call_and_validate(headers={"Authorization": f"Token {token}"}, environ_base=PEER, checks=CHECKS)
        transaction.set_rollback(True)
    if case.method.upper() == case.operation.method.upper():  # not the probes of other methods
        ANSWERS[case.operation.label][response.status_code] += 1


def test_the_fuzzer_reached_each_operations_success_answer():
    """The examples above used real ids: operations answered 2xx, not only 4xx, wherever one request can."""
    if len(ANSWERS) < len(list(schema.get_all_operations())):
        pytest.skip("run the whole module: this reads what the fuzzing above saw")
    succeeded = {label for label, codes in ANSWERS.items() if any(200 <= code < 300 for code in codes)}
    never_succeeded = sorted(set(ANSWERS) - succeeded)
    # No seeded job is QUALITY_FAILED (remastered or not), FAILED or COMPLETED (so no video to play or share, and no
    # share link to revoke or to play signed out), and no password is guessable (sign-in, password change, account
    # deletion).
    assert never_succeeded == [
        "DELETE /api/v1/jobs/{id}/share/{share_id}/",
        "DELETE /api/v1/me/",
        "GET /api/v1/jobs/{id}/video/",
        "GET /api/v1/shared/{token}/poster/",
        "GET /api/v1/shared/{token}/video/",
        "POST /api/v1/auth/token/",
        "POST /api/v1/jobs/{id}/continue/",
        "POST /api/v1/jobs/{id}/remaster/",
        "POST /api/v1/jobs/{id}/retry/",
        "POST /api/v1/jobs/{id}/share/",
        "POST /api/v1/me/password/",
    ], dict(ANSWERS)
    examples = sum(sum(codes.values()) for codes in ANSWERS.values())
    print(f"fuzzed {len(ANSWERS)} operations with {examples} requests: { {k: dict(v) for k, v in ANSWERS.items()} }")
    assert examples >= MAX_EXAMPLES * len(ANSWERS)
