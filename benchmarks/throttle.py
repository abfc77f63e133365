"""Rate limiting under a real server: is the limit exact, and what does counting cost?

Starts gunicorn (4 workers x 4 threads) on 127.0.0.1 against PostgreSQL (database
studio_bench, created if missing) with benchmarks.throttle_site, then:

1. admission: N concurrent clients send R requests as ONE user to an endpoint
   limited to L per hour; how many got through with DRF's UserRateThrottle on
   Django's default LocMemCache (what DRF users get out of the box), with DRF's
   throttle on a shared cache (Django's database cache), and with Studio's throttle;
2. throughput: N clients, each its own user, for a fixed time against the same
   view with Studio's throttle counting every request and without a throttle;
   the ratio is the cost of the count. Two views: a trivial one (the count's
   whole cost shows) and Studio's own /api/me/ (the signed-in user's account).

Run: .venv/bin/python benchmarks/throttle.py [--quick]
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
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
CLIENTS = 32
LIMIT = 100  # per hour, as in throttle_site.settings
WORKERS, THREADS = 4, 4


def server_env(**extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.throttle_site.settings",
        "DATABASE_URL": f"{PG}/{BENCH_DB}",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(ROOT),
        "ACCESS_LOG": "false",  # the project's gunicorn.conf.py logs every request otherwise
        **extra,
    }


def prepare(users):
    """In a child process: create the bench database if missing, migrate, make users; return their tokens."""
    script = f"""
import json, uuid, psycopg
with psycopg.connect({PG + "/postgres"!r}, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [{BENCH_DB!r}]).fetchone():
        conn.execute('CREATE DATABASE {BENCH_DB}')
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)  # gunicorn's system checks need them
from accounts.models import User
from rest_framework.authtoken.models import Token
from django.core.cache import caches
caches["shared"].clear()
run = uuid.uuid4().hex[:8]
tokens = []
for n in range({users}):
    user = User(username=f"bench-{{run}}-{{n}}")
    user.set_unusable_password()
    user.save()
    tokens.append(Token.objects.create(user=user).key)
print(json.dumps(tokens))
"""
    result = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=server_env(), capture_output=True, text=True, timeout=300
    )
    if result.returncode:
        raise RuntimeError(f"preparing {BENCH_DB} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def gunicorn(**env):
    """gunicorn with 4 workers x 4 threads on the benchmark site; ready when the trivial view answers."""
    options = ["--workers", str(WORKERS), "--threads", str(THREADS), "--keep-alive", "30"]
    return Gunicorn(server_env(**env), *options, ready_path="/none/")


def request(port, path, token, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Token {token}"} if token else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    if own:
        connection.close()
    return response.status, response.headers


def admission(port, path, token, total):
    """CLIENTS threads share `total` requests as one user; return how many were admitted."""
    remaining, lock, statuses = [total], threading.Lock(), []

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while True:
            with lock:
                if remaining[0] == 0:
                    break
                remaining[0] -= 1
            mine.append(request(port, path, token, connection)[0])
        connection.close()
        with lock:
            statuses.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    unexpected = {status for status in statuses if status not in (200, 429)}
    if unexpected or len(statuses) != total:
        raise RuntimeError(f"{path}: unexpected answers {unexpected} or missing requests ({len(statuses)}/{total})")
    return statuses.count(200)


def throughput(port, path, tokens, seconds):
    """CLIENTS threads, one user each, for `seconds`: completed requests per second."""
    stop = time.monotonic() + seconds
    counts, errors = [0] * CLIENTS, []

    def client(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            status, _ = request(port, path, tokens[index], connection)
            if status != 200:
                errors.append(status)
                break
            counts[index] += 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    if errors:
        raise RuntimeError(f"{path}: got {errors[:3]} during the throughput run")
    return sum(counts) / (time.monotonic() - started)


def row(metric, value, baseline, unit, ratio=None):
    ratio = ratio if ratio is not None else (None if not baseline else value / baseline)
    return {
        "benchmark": "throttle", "metric": metric, "value": value, "baseline": baseline, "ratio": ratio, "unit": unit,
    }  # fmt: skip


def compare_throughput(server, tokens, seconds, rounds, plain="/none/", counting="/studio-open/"):
    """Median req/s without a throttle and with Studio's, and the median of the per-round ratios.

    Rounds run the two variants back to back, the first of them alternating, so a burst of other load
    on the machine hits both sides of one ratio alike; the median drops the rounds it spoiled.
    """
    for token in tokens:  # warm every worker, connection and bucket
        request(server.port, counting, token)
        request(server.port, plain, token)
    runs = {"none": [], "studio": []}
    for number in range(rounds):  # who goes first alternates: a machine that slows down within a round hits both
        order = [("none", plain), ("studio", counting)]
        for variant, path in order if number % 2 == 0 else order[::-1]:
            runs[variant].append(throughput(server.port, path, tokens, seconds))
    print(
        f"  {counting} vs {plain}, throughput runs (req/s): none {[round(r) for r in runs['none']]}, "
        f"studio {[round(r) for r in runs['studio']]}"
    )
    ratios = [studio / none for none, studio in zip(runs["none"], runs["studio"], strict=True)]
    return statistics.median(runs["none"]), statistics.median(runs["studio"]), statistics.median(ratios)


def main(quick=False):
    total = 3 * LIMIT if quick else 6 * LIMIT
    # Many short rounds rather than a few long ones: the two runs of a round are closer in time, so the machine's
    # drift (on these VMs, +-12 % from one 4 s run to the next) spoils fewer ratios, and the median has more of them.
    seconds, rounds = (3, 1) if quick else (2, 15)
    tokens = prepare(4 + CLIENTS)
    admit_tokens, load_tokens = tokens[:4], tokens[4:]
    with gunicorn() as server:
        admitted = {
            "drf": admission(server.port, "/drf/", admit_tokens[0], total),
            "drf-shared": admission(server.port, "/drf-shared/", admit_tokens[1], total),
            "studio": admission(server.port, "/studio/", admit_tokens[2], total),
        }
        plain, counted, ratio = compare_throughput(server, load_tokens, seconds, rounds)
        me_plain, me_counted, me_ratio = compare_throughput(server, load_tokens, seconds, rounds, "/me-none/", "/me/")
    with gunicorn(STUDIO_RATELIMIT_ASYNC_COMMIT="false") as server:
        plain_sync, counted_sync, ratio_sync = compare_throughput(server, load_tokens, seconds, rounds)
    with gunicorn(STUDIO_RATELIMIT_BLOCK="1") as server:  # every request counted by a statement of its own
        admitted["studio-single"] = admission(server.port, "/studio/", admit_tokens[3], total)
        plain_single, counted_single, ratio_single = compare_throughput(server, load_tokens, seconds, rounds)
    rows = [
        row(f"admitted of {total} (limit {LIMIT}/h): DRF UserRateThrottle, LocMemCache", admitted["drf"], LIMIT, "req"),
        row(f"admitted of {total} (limit {LIMIT}/h): DRF UserRateThrottle, shared DB cache",
            admitted["drf-shared"], LIMIT, "req"),
        row(f"admitted of {total} (limit {LIMIT}/h): Studio throttle", admitted["studio"], LIMIT, "req"),
        row("throughput with Studio throttle (baseline: none)", counted, plain, "req/s", ratio),
        row("throughput of /api/me/ with Studio throttle (baseline: none)", me_counted, me_plain, "req/s", me_ratio),
        row("throughput, Studio throttle with synchronous commit (baseline: none)", counted_sync, plain_sync, "req/s",
            ratio_sync),
        row(f"admitted of {total} (limit {LIMIT}/h): Studio throttle, blocks off (STUDIO_RATELIMIT_BLOCK=1)",
            admitted["studio-single"], LIMIT, "req"),
        row("throughput, Studio throttle with blocks off, one statement per count (baseline: none)", counted_single,
            plain_single, "req/s", ratio_single),
    ]  # fmt: skip
    report(rows, total, seconds, rounds)
    return rows


def report(rows, total, seconds, rounds):
    header = (
        f"gunicorn {WORKERS} workers x {THREADS} threads on 127.0.0.1, PostgreSQL, {CLIENTS} concurrent clients; "
        f"admission: {total} requests as one user; throughput: {rounds} alternating rounds of {seconds} s per variant, "
        "one user per client, medians"
    )
    lines = ["| metric | value | baseline | ratio | unit |", "|---|---|---|---|---|"]
    for item in rows:
        baseline = "-" if item["baseline"] is None else f"{item['baseline']:.0f}"
        ratio = "-" if item["ratio"] is None else f"{item['ratio']:.2f}"
        lines.append(f"| {item['metric']} | {item['value']:.0f} | {baseline} | {ratio} | {item['unit']} |")
    note = (
        "DRF's default cache is per process (LocMemCache), so each worker keeps its own count; the shared-cache "
        "row shows its read-then-write race alone. Ratio for admission = admitted / limit (exact is 1.00); "
        "for throughput = median of per-round with / without (goal >= 0.95 for the trivial view). Clients run on "
        f"the same machine as the server; load average when done: {os.getloadavg()[0]:.1f}."
    )
    print(header)
    print("\n".join(lines))
    print(note)
    results = ROOT / "benchmarks" / "RESULTS.md"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    with results.open("a") as out:
        if results.stat().st_size == 0:
            out.write("# Benchmark results\n")
        out.write(f"\n## Rate limiting (benchmarks/throttle.py), {stamp}\n\n")
        out.write(f"Machine: {machine()}. {header}.\n\n" + "\n".join(lines) + f"\n\n{note}\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer requests and shorter runs")
    main(quick=parser.parse_args().quick)
