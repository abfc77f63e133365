"""Learning events built the way the Lounge builds them: real pitches, the real Studio Head, real images; and the
queries an admin page makes."""

import datetime
import random

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning.models import LearningEvent
from learning.simulate import build_pitches, random_raw
from learning.studio_head import learn_from_choice, rank_pitches, stored_pitches
from tests.factories import UserFactory
from tests.jobs import make_job


def make_events(
    count, *, users=None, per_job=10, seed=1, newest=None, spacing=datetime.timedelta(hours=7), chooser=None
):
    """`count` events for `users` (one new user per 25 events by default), newest first in time, one job per
    `per_job` events. Each user's creative_profile is left as the replay of their events. `chooser(ranked, rng)`
    picks the director (a random pitch by default)."""
    rng = random.Random(seed)
    users = users or [UserFactory() for _ in range(max(1, count // 25))]
    newest = newest or timezone.now()
    profiles, jobs, rows = {}, {}, []
    for i in range(count):
        user = users[i % len(users)]
        slot = (user.pk, i // (per_job * len(users)))
        if slot not in jobs:
            raw = random_raw(rng)
            jobs[slot] = make_job(
                user, status="completed", physics_score=raw["physics"], vibe_score=raw["vibe"], logic_score=raw["logic"]
            )
        job = jobs[slot]
        raw = job.raw_scores
        ranked = rank_pitches(profiles.get(user.pk), build_pitches(raw), seed=i)
        chosen = chooser(ranked, rng) if chooser else rng.choice(ranked)["director_id"]
        profiles[user.pk], delta = learn_from_choice(profiles.get(user.pk), ranked, chosen, raw)
        rows.append(
            LearningEvent(
                user=user,
                job=job,
                raw_scores=raw,
                director_pitches=stored_pitches(ranked),
                selected_director_id=chosen,
                learning_delta=delta,
                created_at=newest - spacing * (count - i),
            )
        )
    LearningEvent.objects.bulk_create(rows)
    for user in users:
        if user.pk in profiles:
            type(user).objects.filter(pk=user.pk).update(creative_profile=profiles[user.pk])
    return rows


def jpeg_bytes(color=(200, 120, 40), size=(96, 54)):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def mp4_bytes(frames=6, size=(64, 36)):
    """A real, tiny H.264 MP4."""
    import io

    import av
    import numpy as np

    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=12)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for i in range(frames):
            frame = np.full((size[1], size[0], 3), (i * 40) % 255, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


def make_record(job, *, statuses=("GREEN", "YELLOW", "RED"), status="reviewing", video=False, director="newtonian"):
    """A prompt record with a storyboard whose scenes have stored previews (and optionally a rendered video)."""
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from director.models import PromptRecord

    scenes = []
    for index, scene_status in enumerate(statuses, start=1):
        name = default_storage.save(f"previews/test/scene{index}.jpg", ContentFile(jpeg_bytes((40 * index, 90, 160))))
        scenes.append(
            {
                "id": str(uuid.uuid4()),
                "sequence_index": index,
                "action_token": f"Scene {index}: the product turns slowly",
                "shot": "wide",
                "camera": "push-in",
                "duration": 5.0,
                "status": scene_status,
                "preview_path": name,
                "attempt_count": index - 1,
            }
        )
    record = PromptRecord(job=job, selected_director_id=director, scenes_data=scenes, status=status)
    if video:
        record.video.save("render.mp4", ContentFile(mp4_bytes()), save=False)
    record.save()
    return record


def query_counts(client, urls):
    """The queries each admin page in `urls` makes, counted after a first, warming request."""
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm the per-process caches (content types, templates)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts
