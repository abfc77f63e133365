"""Upload-to-IDLE latency with one real worker, for a 12 MP photograph.

One `db_worker` process runs against PostgreSQL (database studio_bench); this
process uploads through the API and polls the job until The Eye and the Lounge
are done. Baseline, measured in the same run: the analysis alone in-process
(decode + The Eye with its detectors, text and subject mask + pitches) on the same file; the ratio shows what the queue,
storage and the database add. Goal: under 2 s to IDLE.
"""

import io
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("BENCH_DB", "studio_bench")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
ENV = {
    "DJANGO_SETTINGS_MODULE": "studio_project.settings",
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "SECURE_SSL_REDIRECT": "false",
    "DATABASE_URL": DB_URL,
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
    "STUDIO_RATE_UPLOAD": "100000/min",
    "STUDIO_RATE_API": "100000/min",
    "LOG_LEVEL": "WARNING",
}


def ensure_database():
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {DB_NAME}"], check=True)


def twelve_megapixel_jpeg():
    import numpy as np
    from PIL import Image

    source = Image.open(ROOT / "tests" / "images" / "astronaut.jpg").convert("RGB")
    big = source.resize((4243, 2828), Image.Resampling.BICUBIC)
    rng = np.random.default_rng(12)
    array = np.asarray(big, dtype=np.int16) + rng.integers(-4, 5, size=(2828, 4243, 3), dtype=np.int16)
    image = Image.fromarray(np.clip(array, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def main(quick=False):
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    from accounts.models import User
    from director.engines import get_engine
    from director.lounge import build_pitches
    from director.models import VisionJob
    from director.uploads import open_rgb

    data = twelve_megapixel_jpeg()
    runs = 2 if quick else 5

    baseline = []
    for _ in range(runs):
        started = time.perf_counter()
        image = open_rgb(io.BytesIO(data))
        eye = get_engine("eye")
        analysis = eye.analyze(image)
        eye.subject_mask(image, analysis)
        build_pitches(analysis)
        baseline.append(time.perf_counter() - started)

    user, _ = User.objects.get_or_create(username="bench-upload", defaults={"learning_consent": True})
    client = APIClient()
    client.force_authenticate(user)
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.05",
            "--no-reload",
            "--no-startup-delay",
            "--skip-checks",  # DEBUG off without collected static files: the worker serves no page
            "-v",
            "0",
        ],
        cwd=ROOT,
        env={**os.environ},
    )
    latencies = []
    try:
        time.sleep(1.5)  # the worker's start-up is not part of a job's latency
        for _ in range(runs):
            started = time.perf_counter()
            response = client.post("/api/v1/jobs/", {"image": SimpleUploadedFile("big.jpg", data)}, format="multipart")
            assert response.status_code == 201, response.content[:300]
            job_id = response.json()["id"]
            deadline = started + 30
            while time.perf_counter() < deadline:
                status = VisionJob.objects.values_list("status", flat=True).get(pk=job_id)
                if status in ("completed", "failed"):
                    break
                time.sleep(0.01)
            assert status == "completed", status
            latencies.append(time.perf_counter() - started)
    finally:
        worker.terminate()
        worker.wait(10)
        VisionJob.objects.filter(user=user).delete()

    latency, analysis_time = statistics.median(latencies), statistics.median(baseline)
    rows = [
        {
            "benchmark": "upload to IDLE, 12 MP JPEG, 1 worker",
            "metric": "median latency vs in-process analysis",
            "value": round(latency, 3),
            "baseline": round(analysis_time, 3),
            "ratio": round(latency / analysis_time, 2),
            "unit": "s",
        },
        {
            "benchmark": "upload to IDLE, 12 MP JPEG, 1 worker",
            "metric": "median latency vs the 2 s goal",
            "value": round(latency, 3),
            "baseline": 2.0,
            "ratio": round(latency / 2.0, 2),
            "unit": "s",
        },
    ]
    print(f"12 MP JPEG: {len(data) / 1e6:.1f} MB; runs {runs}")
    for row in rows:
        print(f"{row['metric']}: {row['value']} s (baseline {row['baseline']} s, ratio {row['ratio']})")
    if not quick:
        record(rows, len(data), runs)
    return rows


def record(rows, size, runs):
    from studio_project.machine import machine

    lines = [
        "",
        "## Upload to IDLE (benchmarks/upload_latency.py)",
        "",
        f"### {date.today().isoformat()}: {machine()}; {size / 1e6:.1f} MB JPEG, median of {runs}",
        "",
        "| benchmark | metric | value | baseline | ratio | unit |",
        "|---|---|---|---|---|---|",
        *[
            f"| {r['benchmark']} | {r['metric']} | {r['value']} | {r['baseline']} | {r['ratio']} | {r['unit']} |"
            for r in rows
        ],
        "",
    ]
    with open(ROOT / "benchmarks" / "RESULTS.md", "a") as handle:
        handle.write("\n".join(lines))


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
