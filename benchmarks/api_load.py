"""The API under load: throughput, latency and queries per request on a real server.

Starts gunicorn with the project's gunicorn.conf.py (3 workers x 4 threads, gthread,
sized for 2 cores) on 127.0.0.1 against PostgreSQL (database studio_bench, created
and migrated if missing) with benchmarks.api_load_site (Studio plus /bench/ping/, a
trivial token-authenticated DRF view behind the same authentication and throttle).
Rate limits are raised through STUDIO_RATE_* so nothing is refused.

An asyncio client (raw HTTP/1.1, one keep-alive connection per simulated user, each
user with its own token and jobs) drives, for a fixed time each:

  read paths:  the director state (3-scene and 10-scene storyboards), the job list;
  write paths: scene reviews (GREEN with If-Match, the version followed from each
               answer) and director selections (each on a fresh IDLE job).

Throughput and p50/p95/p99 latency are compared with /bench/ping/ measured in the
same run: in every round each route runs right after the trivial endpoint, and its
ratio is taken against that neighbouring measurement, so machine drift hits both
alike. Queries per request are counted in-process with Django's
CaptureQueriesContext against the same database: they must not grow with the
number of scenes (3 vs 10) or jobs listed (5 vs 50).

Run: .venv/bin/python benchmarks/api_load.py [--quick]
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.server import Gunicorn  # noqa: E402
from studio_project.machine import machine  # noqa: E402

PYTHON = sys.executable
BENCH_DB = os.environ.get("BENCH_DB", "studio_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
WORKERS, THREADS = 3, 4
CLIENTS = 16
IDLE_JOBS_PER_CLIENT = 500  # each selection consumes one IDLE job (200 ran out in the 5th round on a quiet machine)
USER_PREFIX = "apiload-"


def server_env(**extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.api_load_site.settings",
        "DATABASE_URL": f"{PG}/{BENCH_DB}",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(ROOT),
        "ACCESS_LOG": "false",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",  # selections queue their storyboard; no worker runs
        **{f"STUDIO_RATE_{scope}": "100000000/min" for scope in ("GENERATE", "REFINE", "UPLOAD", "API")},
        **extra,
    }


# --- In a child process (Django set up there): data and query counts ----------------------------


def _inside():
    """Create/migrate the bench database, build the users and jobs, count queries; print JSON."""
    import uuid

    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from director import commands
    from director.models import PromptRecord, VisionJob
    from director.uploads import validate_image

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # gunicorn's system checks need them
    User.objects.filter(username__startswith=USER_PREFIX).delete()  # earlier runs' users, jobs and events
    run = uuid.uuid4().hex[:6]

    def new_user(name):
        user = User(username=f"{USER_PREFIX}{run}-{name}", learning_consent=True, credits_remaining=1000)
        user.set_unusable_password()
        user.save()
        return user, Token.objects.create(user=user).key

    # One job through the real flow (tasks run in this process), then cloned for every user.
    owner, _ = new_user("template")
    photo = (ROOT / "tests" / "images" / "astronaut.jpg").read_bytes()
    template = commands.create_job(user=owner, image=validate_image(SimpleUploadedFile("a.jpg", photo)))
    template.refresh_from_db()
    assert template.status == "completed", template.error_message
    commands.select_director(user=owner, job_id=template.pk, director_id="newtonian", remaster=True)
    record = PromptRecord.objects.get(job=template)
    assert record.status == "reviewing" and len(record.scenes_data) == 3, record.status
    job_fields = {
        f.name: getattr(template, f.name)
        for f in VisionJob._meta.concrete_fields
        if f.name not in ("id", "user", "created_at", "updated_at")
    }

    def scenes(count):
        base = record.scenes_data
        return [
            {**base[i % len(base)], "id": str(uuid.uuid4()), "sequence_index": i + 1, "status": "PENDING"}
            for i in range(count)
        ]

    def clone_jobs(user, idle=0, reviewing=()):
        jobs = VisionJob.objects.bulk_create([VisionJob(user=user, **job_fields) for _ in range(idle + len(reviewing))])
        PromptRecord.objects.bulk_create(
            [
                PromptRecord(
                    job=job,
                    selected_director_id="newtonian",
                    scenes_data=scenes(count),
                    invariant_visual_summary=record.invariant_visual_summary,
                    source_analysis=record.source_analysis,
                    production_engine=record.production_engine,
                    status="reviewing",
                )
                for job, count in zip(jobs[idle:], reviewing, strict=True)
            ]
        )
        return jobs[:idle], jobs[idle:]

    clients = []
    for n in range(CLIENTS):
        user, token = new_user(f"c{n}")
        idle, (three, ten) = clone_jobs(user, idle=IDLE_JOBS_PER_CLIENT, reviewing=(3, 10))
        three_scenes = PromptRecord.objects.get(job=three).scenes_data
        clients.append(
            {
                "token": token,
                "three": str(three.pk),
                "ten": str(ten.pk),
                "scene": three_scenes[0]["id"],
                "version": 1,
                "idle": [str(job.pk) for job in idle],
            }
        )

    # Queries per request, in-process, against the same database.
    def count(token, method, path, **extra):
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        getattr(client, method)(path, **extra)  # warm: first-request work (e.g. content types) isn't counted
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(path, **extra)
        assert response.status_code in (200, 201), (path, response.status_code, response.content[:300])
        return len(queries)

    first = clients[0]
    _, token5 = user5 = new_user("list5")
    clone_jobs(user5[0], idle=3, reviewing=(3, 10))
    _, token50 = user50 = new_user("list50")
    clone_jobs(user50[0], idle=30, reviewing=(3, 10) * 10)
    probe, probe_token = new_user("probe")
    _, (probe_job,) = clone_jobs(probe, reviewing=(3,))
    probe_scene = PromptRecord.objects.get(job=probe_job).scenes_data[0]["id"]
    review_path = f"/api/v1/jobs/{probe_job.pk}/scenes/{probe_scene}/review/"

    def review_count():
        version = PromptRecord.objects.get(job=probe_job).version
        client = Client(HTTP_AUTHORIZATION=f"Token {probe_token}")
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                review_path, {"verdict": "GREEN"}, content_type="application/json", HTTP_IF_MATCH=f'"{version}"'
            )
        assert response.status_code == 200, response.content[:300]
        return len(queries)

    review_count()
    queries = {
        "ping": count(first["token"], "get", "/bench/ping/"),
        "director_3": count(first["token"], "get", f"/api/v1/jobs/{first['three']}/director/"),
        "director_10": count(first["token"], "get", f"/api/v1/jobs/{first['ten']}/director/"),
        "list_5": count(token5, "get", "/api/v1/jobs/?page_size=50"),
        "list_50": count(token50, "get", "/api/v1/jobs/?page_size=50"),
        "review": review_count(),
    }
    print(json.dumps({"clients": clients, "queries": queries}))


def prepare():
    result = subprocess.run(
        [PYTHON, __file__, "--inside"],
        cwd=ROOT,
        env=server_env(TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        raise RuntimeError(f"preparing {BENCH_DB} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- The server ------------------------------------------------------------------------------------


def gunicorn():
    """gunicorn with the project's gunicorn.conf.py, as in production."""
    env = server_env(WEB_WORKERS=str(WORKERS), WEB_THREADS=str(THREADS))
    return Gunicorn(env, "-c", "gunicorn.conf.py")


# --- The client: asyncio, raw HTTP/1.1 keep-alive -------------------------------------------------


class Connection:
    def __init__(self, port, token):
        self.port, self.token = port, token
        self.reader = self.writer = None

    async def request(self, method, path, body=None, headers=None):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        payload = json.dumps(body).encode() if body is not None else b""
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Authorization: Token {self.token}"]
        if body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        answer = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines if h)}
        content = await self.reader.readexactly(int(answer.get("content-length", 0)))
        if answer.get("connection", "").lower() == "close":
            await self.close()
        return int(status_line.split()[1]), answer, content

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


def director_read(key):
    async def step(conn, client):
        status, _, _ = await conn.request("GET", f"/api/v1/jobs/{client[key]}/director/")
        return status == 200

    return step


async def ping(conn, client):
    return (await conn.request("GET", "/bench/ping/"))[0] == 200


async def job_list(conn, client):
    return (await conn.request("GET", "/api/v1/jobs/"))[0] == 200


async def review(conn, client):
    path = f"/api/v1/jobs/{client['three']}/scenes/{client['scene']}/review/"
    status, headers, _ = await conn.request("POST", path, {"verdict": "GREEN"}, {"If-Match": f'"{client["version"]}"'})
    client["version"] = int(headers.get("etag", '"0"').strip('"'))
    return status == 200


async def select(conn, client):
    if not client["idle"]:
        return None  # this user's IDLE jobs are used up
    job = client["idle"].pop()
    status, _, _ = await conn.request("POST", f"/api/v1/jobs/{job}/select-director/", {"director_id": "newtonian"})
    return status == 201


async def drive(port, clients, step, seconds):
    """Every client loops `step` on its own connection until the deadline; latencies in seconds."""
    deadline = time.monotonic() + seconds
    latencies, failures = [], []

    async def one(client):
        conn = Connection(port, client["token"])
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                ok = await step(conn, client)
                if ok is None:
                    break
                if not ok:
                    failures.append(step)
                    break
                latencies.append(time.perf_counter() - started)
        finally:
            await conn.close()

    started = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(one(c) for c in clients)), timeout=seconds + 60)
    elapsed = time.monotonic() - started
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed during {getattr(step, '__name__', step)}")
    return {"rps": len(latencies) / elapsed, "latencies": sorted(latencies), "count": len(latencies)}


def percentile(values, q):
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


# --- Report -------------------------------------------------------------------------------------------


def row(metric, value, baseline, unit):
    ratio = None if not baseline else value / baseline
    return {
        "benchmark": "api_load",
        "metric": metric,
        "value": value,
        "baseline": baseline,
        "ratio": ratio,
        "unit": unit,
    }


def merge(runs):
    latencies = sorted(x for r in runs for x in r["latencies"])
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "rounds": [r["rps"] for r in runs],
        "latencies": latencies,
        "count": len(latencies),
    }


STEPS = {
    "ping": ping,
    "director_3": director_read("three"),
    "director_10": director_read("ten"),
    "list": job_list,
    "review": review,
    "select": select,
}


async def measure(port, clients, seconds, rounds):
    """Each round drives every route for `seconds`, each right after the trivial view for half as long: a route's
    ratio is the median over rounds of its req/s over the trivial view's just before it, so the machine's drift
    (other work on these 2 cores) hits both sides of each ratio alike."""
    for name, step in STEPS.items():  # warm every worker and connection
        if name != "select":
            await drive(port, clients, step, 1)
    results = {name: [] for name in STEPS}
    before = {name: [] for name in STEPS if name != "ping"}
    for _ in range(rounds):
        for name, step in STEPS.items():
            if name == "ping":
                continue
            baseline = await drive(port, clients, ping, seconds / 2)
            results["ping"].append(baseline)
            before[name].append(baseline)
            results[name].append(await drive(port, clients, step, seconds))
    merged = {name: merge(runs) for name, runs in results.items()}
    merged["ping"]["ratio"] = 1.0
    for name, baselines in before.items():
        merged[name]["ratio"] = statistics.median(
            r["rps"] / p["rps"] for r, p in zip(results[name], baselines, strict=True)
        )
    return merged


def main(quick=False):
    seconds, rounds = (3, 1) if quick else (4, 5)
    data = prepare()
    clients, queries = data["clients"], data["queries"]
    with gunicorn() as server:
        results = asyncio.run(measure(server.port, clients, seconds, rounds))
    base = results["ping"]
    names = {
        "director_3": "GET director state, 3 scenes",
        "director_10": "GET director state, 10 scenes",
        "list": "GET job list (42 jobs, page of 20)",
        "review": "POST scene review (GREEN, If-Match)",
        "select": "POST select-director (IDLE -> QUALITY_CHECK)",
    }
    rows = [row("throughput: trivial DRF view (token auth + throttle)", base["rps"], base["rps"], "req/s")]
    for key, label in names.items():
        rows.append(row(f"throughput: {label} (baseline: trivial view)", results[key]["rps"], base["rps"], "req/s"))
        rows[-1]["ratio"] = results[key]["ratio"]
    for key, label in [("ping", "trivial DRF view"), *names.items()]:
        for q in (0.5, 0.95, 0.99):
            value = percentile(results[key]["latencies"], q) * 1000
            rows.append(
                row(f"latency p{round(q * 100)}: {label}", value, percentile(base["latencies"], q) * 1000, "ms")
            )
    rows += [
        row("queries/request: trivial DRF view", queries["ping"], None, "queries"),
        row("queries/request: director state, 10 scenes (baseline: 3 scenes)", queries["director_10"],
            queries["director_3"], "queries"),
        row("queries/request: job list, 50 jobs (baseline: 5 jobs)", queries["list_50"], queries["list_5"], "queries"),
        row("queries/request: scene review GREEN", queries["review"], None, "queries"),
    ]  # fmt: skip
    report(rows, seconds, rounds, results)
    if queries["director_10"] != queries["director_3"] or queries["list_50"] != queries["list_5"]:
        raise RuntimeError(f"queries per request grow with the data: {queries}")
    return rows


def report(rows, seconds, rounds, results):
    header = (
        f"gunicorn (gunicorn.conf.py) {WORKERS} workers x {THREADS} threads gthread on 127.0.0.1, PostgreSQL; "
        f"{CLIENTS} keep-alive clients (asyncio, raw HTTP/1.1), one user each; {rounds} rounds of {seconds} s per "
        f"route, each right after {seconds / 2:g} s of the trivial view; value = median req/s of the rounds, ratio = "
        f"median of the per-round ratios to the trivial view run just before; requests: "
        + ", ".join(f"{k} {v['count']}" for k, v in results.items())
        + "; per-round req/s: "
        + "; ".join(f"{k} " + "/".join(f"{x:.0f}" for x in v["rounds"]) for k, v in results.items())
    )
    lines = ["| metric | value | baseline | ratio | unit |", "|---|---|---|---|---|"]
    for item in rows:
        baseline = "-" if item["baseline"] is None else f"{item['baseline']:.1f}"
        ratio = "-" if item["ratio"] is None else f"{item['ratio']:.2f}"
        lines.append(f"| {item['metric']} | {item['value']:.1f} | {baseline} | {ratio} | {item['unit']} |")
    note = (
        "Throughput ratio = endpoint / trivial view (goal for the director state: >= 0.50). Latency ratio = "
        "endpoint percentile / trivial view's. Query counts are taken in-process with CaptureQueriesContext on "
        "the same database; the 10-scene and 50-job rows must equal their baselines (ratio 1.00). The client "
        "runs on the same 2 cores as the server and PostgreSQL."
    )
    print(header)
    print("\n".join(lines))
    print(note)
    if os.environ.get("BENCH_RECORD", "1") == "0":
        return
    results_file = ROOT / "benchmarks" / "RESULTS.md"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    with results_file.open("a") as out:
        if results_file.stat().st_size == 0:
            out.write("# Benchmark results\n")
        out.write(f"\n## API under load (benchmarks/api_load.py), {stamp}\n\n")
        out.write(f"Machine: {machine()}. {header}.\n\n" + "\n".join(lines) + f"\n\n{note}\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        sys.path.insert(0, str(ROOT))
        _inside()
    else:
        main(quick=args.quick)
