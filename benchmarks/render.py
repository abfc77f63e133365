"""Production render speed: Studio's local renderer against ffmpeg's zoompan filter doing the same moves.

Three 5 s scenes (push-in, pan, pull-out; cuts) from one photo, 1280x720 at 24 fps,
H.264 veryfast, yuv420p, both timed from the image file on disk to a finished MP4 (wall time, and CPU time of
all threads and child processes, which is steadier on a shared machine).
The baseline is one ffmpeg process: crop to 16:9, zoompan per scene with the same
zoom and travel (smoothstep-eased), the same grade (eq), concatenated. A second
row renders the same storyboard with crossfades, which zoompan+concat can't do
without shortening the video.

    .venv/bin/python benchmarks/render.py [--quick]
"""

import datetime
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import av  # noqa: E402
from PIL import Image  # noqa: E402

from director.engines.render import PRESET, LocalRenderer  # noqa: E402
from director.grading import DRIFT, PAN_SCALE, PAN_TRAVEL, PUSH, SHOT_SCALE  # noqa: E402
from studio_project.machine import cpu_model  # noqa: E402

SOURCE = HERE.parent / "tests" / "images" / "rocket.jpg"
SOURCE_SIZE = (2400, 1600)  # a typical upload is larger than the video; scaled up from the sample photo
GRADE = {"saturation": 1.25, "contrast": 1.1, "warmth": 0.0, "brightness": 1.0}
SCENES = [
    {"shot": "medium", "camera": "push-in", "duration": 5.0, "transition": "cut"},
    {"shot": "medium", "camera": "pan", "duration": 5.0, "transition": "cut"},
    {"shot": "wide", "camera": "pull-out", "duration": 5.0, "transition": "cut"},
]


class Director:
    id = "benchmark"
    grade = GRADE


def ffmpeg_binary():
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg
    except ImportError:
        return None
    return imageio_ffmpeg.get_ffmpeg_exe()


def _zoompan(scene, fps, size):
    """zoompan expressions for one scene: zoom is 1/scale of the 16:9 input, the window centred then clamped."""
    frames = round(scene["duration"] * fps)
    t = f"(on/{max(1, frames - 1)})"
    e = f"({t}*{t}*(3-2*{t}))"
    scale = SHOT_SCALE[scene["shot"]]
    cx, cy = "iw/2", "ih/2"
    if scene["camera"] == "push-in":
        s = f"{scale}*(1+({PUSH}-1)*{e})"
    elif scene["camera"] == "pull-out":
        s = f"{scale}*({PUSH}+(1-{PUSH})*{e})"
    elif scene["camera"] == "static":
        s = f"{scale}*(1-{DRIFT}*{e})"
    else:
        s = str(min(scale, PAN_SCALE))
        shift = f"(({e}-0.5)*2*{PAN_TRAVEL})"
        if scene["camera"] == "pan":
            cx = f"(iw/2+{shift}*iw)"
        else:
            cy = f"(ih/2+{shift}*ih)"
    x = f"clip({cx}-iw/zoom/2,0,iw-iw/zoom)"
    y = f"clip({cy}-ih/zoom/2,0,ih-ih/zoom)"
    return f"zoompan=z='1/({s})':x='{x}':y='{y}':d={frames}:s={size[0]}x{size[1]}:fps={fps}"


def render_ffmpeg(binary, source, scenes, out, size, fps):
    w, h = size
    n = len(scenes)
    eq = f"eq=saturation={GRADE['saturation']}:contrast={GRADE['contrast']}"
    parts = [
        f"[0:v]crop='min(iw,ih*{w}/{h})':'min(iw,ih*{w}/{h})*{h}/{w}',{eq},split={n}"
        + "".join(f"[s{i}]" for i in range(n))
    ]
    parts += [f"[s{i}]{_zoompan(scene, fps, size)},setsar=1[v{i}]" for i, scene in enumerate(scenes)]
    parts.append("".join(f"[v{i}]" for i in range(n)) + f"concat=n={n}:v=1:a=0,format=yuv420p[out]")
    command = [
        binary, "-v", "error", "-y", "-i", str(source), "-filter_complex", ";".join(parts), "-map", "[out]",
        "-c:v", "libx264", "-preset", PRESET, "-crf", "21", "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(out),
    ]  # fmt: skip
    subprocess.run(command, check=True)


def render_studio(source, scenes, out, size, fps):
    with Image.open(source) as image:
        image.load()
        return LocalRenderer().render(image, scenes, Director(), str(out), size=size, fps=fps)


def probe(path):
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        return frames, stream.codec_context.name, stream.codec_context.pix_fmt


def _cpu_seconds():
    self_, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return self_.ru_utime + self_.ru_stime + children.ru_utime + children.ru_stime


def measure(variants, repeat):
    """Best wall and CPU seconds (this process, its threads and children) per variant, runs interleaved."""
    best = {name: [float("inf"), float("inf")] for name in variants}
    for _ in range(repeat):
        for name, fn in variants.items():
            wall, cpu = time.perf_counter(), _cpu_seconds()
            fn()
            wall, cpu = time.perf_counter() - wall, _cpu_seconds() - cpu
            best[name] = [min(best[name][0], wall), min(best[name][1], cpu)]
    return best


def main(quick=False):
    size, fps = ((640, 360), 24) if quick else ((1280, 720), 24)
    scenes = [{**s, "duration": 2.0} for s in SCENES] if quick else SCENES
    crossfaded = [{**s, "transition": "crossfade" if i else "cut"} for i, s in enumerate(scenes)]
    duration = sum(s["duration"] for s in scenes)
    repeat = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "source.png"
        with Image.open(SOURCE) as photo:
            photo.convert("RGB").resize(SOURCE_SIZE, Image.Resampling.LANCZOS).save(source)
        variants = {
            "studio": lambda: render_studio(source, scenes, tmp / "studio.mp4", size, fps),
            "studio, crossfades": lambda: render_studio(source, crossfaded, tmp / "faded.mp4", size, fps),
        }
        binary = ffmpeg_binary()
        if binary:
            variants["ffmpeg zoompan"] = lambda: render_ffmpeg(binary, source, scenes, tmp / "ffmpeg.mp4", size, fps)
        best = measure(variants, repeat)
        frames, codec, pix_fmt = probe(tmp / "studio.mp4")
        assert frames == round(duration * fps) and codec == "h264" and pix_fmt == "yuv420p", (frames, codec, pix_fmt)
        if binary:
            assert probe(tmp / "ffmpeg.mp4")[0] == frames
    label = f"render {len(scenes)}x{scenes[0]['duration']:g}s {size[0]}x{size[1]}@{fps}"
    baseline = best.get("ffmpeg zoompan", [None, None])
    rows = []
    for index, unit in ((0, "s wall"), (1, "s CPU")):
        for name in variants:
            rows.append(_row(label, f"{name} render time", best[name][index], baseline[index], unit))
    rows.append(_row(label, "studio speed vs real time (video s per wall s)", duration / best["studio"][0], 1.0, "x"))
    return rows


def _row(benchmark, metric, value, baseline, unit):
    ratio = value / baseline if baseline else None
    return {
        "benchmark": benchmark,
        "metric": metric,
        "value": round(value, 3),
        "baseline": None if baseline is None else round(baseline, 3),
        "ratio": None if ratio is None else round(ratio, 3),
        "unit": unit,
    }


def record(rows, quick):
    results = HERE / "RESULTS.md"
    heading = "## Production render (benchmarks/render.py)"
    text = results.read_text() if results.exists() else "# Benchmark results\n"
    lines = [
        "",
        f"### {datetime.date.today().isoformat()}{' (quick)' if quick else ''}: {os.cpu_count()} cores, "
        f"{cpu_model()}, load average {os.getloadavg()[0]:.1f}; best of {1 if quick else 3}, runs interleaved",
        "",
        "| benchmark | metric | value | baseline | ratio | unit |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['benchmark']} | {r['metric']} | {r['value']} | {r['baseline'] if r['baseline'] is not None else '-'} "
        f"| {r['ratio'] if r['ratio'] is not None else '-'} | {r['unit']} |"
        for r in rows
    ]
    block = "\n".join(lines) + "\n"
    if heading in text:  # add under our own heading, before the next section
        start = text.index(heading) + len(heading)
        following = text.find("\n## ", start)
        end = len(text) if following == -1 else following
        text = text[:end].rstrip("\n") + "\n" + block + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + heading + "\n\nRatios are against ffmpeg's zoompan in the same run "
        text += "(time: lower is better) or real time (speed: higher is better).\n" + block
    results.write_text(text)


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    rows = main(quick=quick)
    width = max(len(r["metric"]) for r in rows)
    print(f"{'metric'.ljust(width)}  {'value':>9}  {'baseline':>9}  {'ratio':>7}  unit")
    for r in rows:
        baseline = "-" if r["baseline"] is None else f"{r['baseline']:9.3f}"
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:7.3f}"
        print(f"{r['metric'].ljust(width)}  {r['value']:9.3f}  {baseline:>9}  {ratio:>7}  {r['unit']}")
    record(rows, quick)
