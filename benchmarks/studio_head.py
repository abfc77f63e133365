"""Studio Head: CPU time per learning update, and rebuilding 100k events (in memory and through the command).

    .venv/bin/python benchmarks/studio_head.py [--quick]

Baselines measured in the same run: one json.dumps of the profile (what saving it costs anyway), one softmax over
the four pitches, json.loads of the stored events, and fetching the events from PostgreSQL without replaying them.
The PostgreSQL part uses STUDIO_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/studio_bench_head,
created and migrated if missing) and removes the rows it made.
"""

import contextlib
import datetime
import json
import math
import os
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from studio_project.machine import machine  # noqa: E402

BENCH_URL = os.environ.get("STUDIO_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/studio_bench_head")
PREFIX = "bench-studio-head-"
CHOICES_PER_USER = 30


def _ensure_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _setup_django():
    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studio_project.settings")
        os.environ.setdefault("STUDIO_ALLOW_DEV_SECRET", "true")
        try:
            _ensure_database(BENCH_URL)
            os.environ.setdefault("DATABASE_URL", BENCH_URL)
        except Exception as exc:  # no PostgreSQL here: the pure parts still run
            print(f"PostgreSQL not available ({exc}); the command benchmark is skipped.")
    import django

    django.setup()


def _cpu_per_call(fn, calls):
    started = time.process_time()
    for _ in range(calls):
        fn()
    return (time.process_time() - started) / calls


def _events(users, seed=7):
    """Live choices for a simulated population: per user, (stored pitches, chosen, raw, delta) and live profiles."""
    from learning.simulate import simulate_population
    from learning.studio_head import learn_from_choice, rank_pitches, stored_pitches

    by_user, live = {}, {}
    for n, event in enumerate(simulate_population(users=users, choices=CHOICES_PER_USER, seed=seed)):
        user = event["user"]
        shown = rank_pitches(live.get(user), event["pitches"], seed=n)
        live[user], delta = learn_from_choice(live.get(user), shown, event["chosen"], event["raw"])
        by_user.setdefault(user, []).append((stored_pitches(shown), event["chosen"], event["raw"], delta))
    return by_user, live


def bench_update(rows, by_user, live):
    from director.directors import DIRECTOR_IDS
    from learning.features import features
    from learning.studio_head import _model, _probabilities, learn_from_choice, rank_pitches

    sample = [(live[u], by_user[u][-1]) for u in list(by_user)[:200]]
    calls = 20 if len(sample) > 50 else 100
    update = _cpu_per_call(lambda: [learn_from_choice(p, e[0], e[1], e[2]) for p, e in sample], calls) / len(sample)
    rank = _cpu_per_call(lambda: [rank_pitches(p, e[0], seed=1) for p, e in sample], calls) / len(sample)
    dumps = _cpu_per_call(lambda: [json.dumps(p) for p, _ in sample], calls) / len(sample)
    weights, bias, _ = _model(sample[0][0])
    pitch_rows = [(p["directorId"], features(p)) for p in sample[0][1][0]]
    softmax = _cpu_per_call(lambda: _probabilities(weights, bias, pitch_rows), 20000)
    size = sum(len(json.dumps(p)) for p, _ in sample) / len(sample)
    assert len(pitch_rows) == len(DIRECTOR_IDS)
    rows += [
        _row("learn_from_choice (one update)", update * 1e6, dumps * 1e6, "us CPU, baseline json.dumps(profile)"),
        _row("learn_from_choice vs one softmax", update * 1e6, softmax * 1e6, "us CPU, baseline softmax over 4"),
        _row("rank_pitches (four pitches)", rank * 1e6, dumps * 1e6, "us CPU, baseline json.dumps(profile)"),
        _row("profile size", size, None, "bytes of JSON"),
    ]


def bench_replay(rows, by_user, live):
    from learning.studio_head import replay

    stored = json.dumps({str(u): [e[:3] for e in events] for u, events in by_user.items()})
    count = sum(len(events) for events in by_user.values())
    started = time.process_time()
    loaded = json.loads(stored)
    decode = time.process_time() - started
    started = time.process_time()
    rebuilt = {int(u): replay(events) for u, events in loaded.items()}
    took = time.process_time() - started
    assert rebuilt == live, "replay must equal the live profiles"
    rows += [
        _row(f"replay {count:,} events in memory", took, decode, "s CPU, baseline json.loads of the events"),
        _row("replay throughput", count / took, None, "events/s"),
    ]


@contextlib.contextmanager
def _own_database():
    """Point the default connection at the benchmark's own database (other benchmarks share theirs)."""
    import dj_database_url
    from django.db import connection

    wanted = dj_database_url.parse(BENCH_URL)
    keys = ("NAME", "USER", "PASSWORD", "HOST", "PORT")
    saved = {key: connection.settings_dict.get(key) for key in keys}
    connection.close()
    connection.settings_dict.update({key: wanted.get(key) for key in keys})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def bench_command(rows, by_user, live):
    from django.db import connection

    if connection.vendor != "postgresql":
        print("Default database is not PostgreSQL; the command benchmark is skipped.")
        return
    _ensure_database(BENCH_URL)
    with _own_database():
        _bench_command(rows, by_user, live)


def _bench_command(rows, by_user, live):
    from django.core.management import call_command

    from accounts.models import User
    from director.models import VisionJob
    from learning.models import LearningEvent

    call_command("migrate", verbosity=0)
    User.objects.filter(username__startswith=PREFIX).delete()
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    users = User.objects.bulk_create(
        [User(username=f"{PREFIX}{u}", password="!", learning_consent=True) for u in by_user], batch_size=2000
    )
    pk_of = {u: user.pk for u, user in zip(by_user, users, strict=True)}
    count = sum(len(events) for events in by_user.values())
    started = time.perf_counter()
    for users_chunk in _chunks(list(by_user), 300):
        jobs, events = [], []
        for u in users_chunk:
            for n, (shown, chosen, raw, delta) in enumerate(by_user[u]):
                job = VisionJob(
                    user_id=pk_of[u],
                    image="bench/none.png",
                    original_filename="bench.png",
                    mime_type="image/png",
                    file_size=1,
                    file_hash="0" * 64,
                    status="completed",
                )
                jobs.append(job)
                events.append(
                    LearningEvent(
                        user_id=pk_of[u],
                        job=job,
                        raw_scores=raw,
                        director_pitches=shown,
                        selected_director_id=chosen,
                        learning_delta=delta,
                        created_at=start + datetime.timedelta(minutes=n),
                    )
                )
        VisionJob.objects.bulk_create(jobs, batch_size=2000)
        LearningEvent.objects.bulk_create(events, batch_size=2000)
    generate = time.perf_counter() - started
    try:
        started = time.perf_counter()
        fetched = sum(
            1
            for _ in LearningEvent.objects.filter(user__learning_consent=True)
            .order_by("user_id", "created_at", "id")
            .values_list("user_id", "director_pitches", "selected_director_id", "raw_scores")
            .iterator(chunk_size=2000)
        )
        fetch = time.perf_counter() - started
        User.objects.filter(username__startswith=PREFIX).update(creative_profile=None)
        started = time.perf_counter()
        call_command("rebuild_creative_profiles", verbosity=0, stdout=StringIO())
        rebuild = time.perf_counter() - started
        rebuilt = dict(User.objects.filter(username__startswith=PREFIX).values_list("pk", "creative_profile"))
        assert all(rebuilt[pk_of[u]] == live[u] for u in by_user), "rebuilt profiles must equal the live ones"
        assert fetched >= count
    finally:
        User.objects.filter(username__startswith=PREFIX).delete()
    rows += [
        _row(f"generate {count:,} events on PostgreSQL", generate, None, "s wall (setup, bulk_create)"),
        _row(f"rebuild_creative_profiles, {count:,} events", rebuild, fetch, "s wall, baseline fetch without replay"),
        _row("rebuild throughput on PostgreSQL", count / rebuild, None, "events/s"),
    ]


def _chunks(items, size):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _row(metric, value, baseline, unit):
    ratio = value / baseline if baseline else None
    return {"benchmark": "studio_head", "metric": metric, "value": value, "baseline": baseline, "ratio": ratio,
            "unit": unit}  # fmt: skip


def table(rows):
    lines = ["| metric | value | baseline | ratio | unit |", "|---|---|---|---|---|"]
    for row in rows:
        baseline = "-" if row["baseline"] is None else f"{row['baseline']:,.3f}"
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:,.2f}x"
        lines.append(f"| {row['metric']} | {row['value']:,.3f} | {baseline} | {ratio} | {row['unit']} |")
    return "\n".join(lines)


def main(quick=False) -> list[dict]:
    _setup_django()
    users = 334 if quick else math.ceil(100_000 / CHOICES_PER_USER)
    by_user, live = _events(users)
    rows = []
    bench_update(rows, by_user, live)
    bench_replay(rows, by_user, live)
    bench_command(rows, by_user, live)
    text = table(rows)
    print(text)
    if not quick:  # a smoke run is not a result
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        with open(ROOT / "benchmarks" / "RESULTS.md", "a") as results:
            results.write(f"\n## Studio Head benchmark\n\n{stamp}, {machine()}.\n\n{text}\n")
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
