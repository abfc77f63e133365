"""The local production engine: animates the still, scene by scene, into an H.264 MP4 with PyAV.

Each scene is prepared once: cropped to the area its camera move covers, scaled to
a working resolution just big enough for the output, graded, and converted to the
video's Y, U, V planes. Every frame is then a sub-pixel crop-and-resize of those
planes (no colour maths per frame), so its cost does not depend on the source's
size, and moves are smooth rather than stepping a pixel at a time. Frames are
drawn in a helper thread while the encoder works; both release the GIL.
"""

import math
import os
import queue
import threading
from fractions import Fraction

import av
import numpy as np
from PIL import Image

from director.grading import Framing, apply_grade, scene_grade

CROSSFADE = 0.5  # seconds, centred on the cut between two scenes
MIN_DURATION, MAX_DURATION = 1.0, 10.0
MAX_SCENES = 10
PRESET = "veryfast"
COLORSPACE = "ITU709"  # HD video: BT.709 matrix, tagged in the stream so players decode the same colours
X264_PARAMS = "colorprim=bt709:transfer=bt709:colormatrix=bt709"


class RenderError(Exception):
    pass


class _Shot:
    """One scene's working image, kept as Y, U and V planes, and the mapping from its crop windows to it."""

    def __init__(self, image, scene, director, out_size):
        self.framing = Framing.for_scene(image.size, out_size, scene)
        (left, top, right, bottom), narrowest = self.framing.bounds()
        left, top = max(0, math.floor(left)), max(0, math.floor(top))
        right, bottom = min(image.width, math.ceil(right)), min(image.height, math.ceil(bottom))
        # Never keep more pixels than the tightest window needs for the output; never upscale here.
        self.factor = min(1.0, out_size[0] / narrowest)
        # Every frame then shrinks a little (area average) or, from a small source, enlarges (bilinear).
        self.resample = Image.Resampling.BOX if self.factor < 1.0 else Image.Resampling.BILINEAR
        work_w = max(2, round((right - left) * self.factor) // 2 * 2)  # even, for 4:2:0 chroma
        work_h = max(2, round((bottom - top) * self.factor) // 2 * 2)
        work = image.resize(
            (work_w, work_h), Image.Resampling.LANCZOS, box=(left, top, right, bottom), reducing_gap=3.0
        )
        work = apply_grade(work, scene_grade(director, scene))
        # Convert to the video's colour space once; frames are cut from the planes (half the bytes of RGB).
        yuv = av.VideoFrame.from_image(work).reformat(format="yuv420p", dst_colorspace=COLORSPACE).to_ndarray()
        chroma = yuv[work_h:].reshape(-1)
        quarter = work_w * work_h // 4
        self.planes = (
            Image.fromarray(yuv[:work_h]),
            Image.fromarray(chroma[:quarter].reshape(work_h // 2, work_w // 2)),
            Image.fromarray(chroma[quarter:].reshape(work_h // 2, work_w // 2)),
        )
        self.scale = (work_w / (right - left), work_h / (bottom - top))
        self.origin = (left, top)
        self.out_size = out_size

    def frame(self, t):
        """The Y, U, V planes of the frame at progress t."""
        left, top, right, bottom = self.framing.window(t)
        (ox, oy), (fx, fy) = self.origin, self.scale
        y_plane = self.planes[0]
        box = (
            max(0.0, (left - ox) * fx),
            max(0.0, (top - oy) * fy),
            min(y_plane.width, (right - ox) * fx),
            min(y_plane.height, (bottom - oy) * fy),
        )
        half = tuple(v / 2 for v in box)
        w, h = self.out_size
        return (
            y_plane.resize((w, h), self.resample, box=box),
            self.planes[1].resize((w // 2, h // 2), self.resample, box=half),
            self.planes[2].resize((w // 2, h // 2), self.resample, box=half),
        )


def _blend(a, b, alpha):
    return tuple(Image.blend(pa, pb, alpha) for pa, pb in zip(a, b, strict=True))


def _video_frame(planes):
    data = np.concatenate([np.asarray(plane).reshape(-1) for plane in planes])
    return av.VideoFrame.from_ndarray(data.reshape(-1, planes[0].width), format="yuv420p")


def _durations(scenes):
    if not scenes:
        raise RenderError("nothing to render: the storyboard has no scenes")
    if len(scenes) > MAX_SCENES:
        raise RenderError(f"at most {MAX_SCENES} scenes can be rendered")
    durations = []
    for scene in scenes:
        try:
            duration = float(scene.get("duration", 5.0))
        except (TypeError, ValueError) as exc:
            raise RenderError(f"scene {scene.get('sequence_index')} has no valid duration") from exc
        if not MIN_DURATION <= duration <= MAX_DURATION:
            raise RenderError(f"scene durations must be {MIN_DURATION:g}..{MAX_DURATION:g} s, got {duration}")
        durations.append(duration)
    return durations


def plan_frames(scenes, fps):
    """For each scene, its [start, end) frame numbers: boundaries rounded from the cumulative durations."""
    durations = _durations(scenes)
    bounds, elapsed = [], 0.0
    for duration in durations:
        start = round(elapsed * fps)
        elapsed += duration
        bounds.append((start, round(elapsed * fps)))
    return bounds


class LocalRenderer:
    name = "local"

    def render(self, image, scenes, director, out_path, *, size=(1280, 720), fps=24, progress=None):
        """Render the storyboard to `out_path` (MP4, H.264, yuv420p); returns {"duration", "frames", "size"}.

        `progress(frames_done, frames_total)` is called after every frame is encoded; it may raise to stop.
        """
        width, height = int(size[0]), int(size[1])
        if width < 16 or height < 16 or width % 2 or height % 2:
            raise RenderError("the video size must be even and at least 16x16")
        bounds = plan_frames(scenes, fps)
        total = bounds[-1][1]
        image = image.convert("RGB")
        fade = [i > 0 and scenes[i].get("transition") == "crossfade" for i in range(len(scenes))]
        shots = {}

        def shot(i):
            if i not in shots:
                shots.pop(i - 2, None)  # only the current and its neighbours are ever needed
                shots[i] = _Shot(image, scenes[i], director, (width, height))
            return shots[i]

        def t_of(i, n):
            start, end = bounds[i]
            return (n - start) / max(1, end - start - 1)

        def draw(n, i):
            frame = shot(i).frame(t_of(i, n))
            start, end = bounds[i]
            half = CROSSFADE * fps / 2
            if fade[i] and n - start < half:  # second half of the dissolve from the previous scene
                other = shot(i - 1).frame(1.0)
                alpha = 0.5 + (n - start + 0.5) / (2 * half)
                frame = _blend(other, frame, min(1.0, alpha))
            elif i + 1 < len(scenes) and fade[i + 1] and end - n <= half:  # first half of the dissolve
                other = shot(i + 1).frame(0.0)
                alpha = 0.5 - (end - n - 0.5) / (2 * half)
                frame = _blend(frame, other, max(0.0, alpha))
            return frame

        tmp_path = f"{out_path}.part"
        frames = queue.Queue(maxsize=8)
        failure, stop = [], threading.Event()

        def produce():
            try:
                for i, (start, end) in enumerate(bounds):
                    for n in range(start, end):
                        if stop.is_set():
                            return
                        frames.put((n, draw(n, i)))
            except BaseException as exc:  # reported to the encoding thread, re-raised there
                failure.append(exc)
            finally:
                frames.put(None)

        producer = threading.Thread(target=produce, name="render-frames", daemon=True)
        written = 0
        try:
            with av.open(tmp_path, mode="w", format="mp4", options={"movflags": "+faststart"}) as container:
                stream = container.add_stream("libx264", rate=Fraction(fps))
                stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
                stream.codec_context.options = {
                    "preset": PRESET,
                    "crf": "21",
                    "threads": "0",  # x264 picks, as the ffmpeg command line does
                    "x264-params": X264_PARAMS,
                }
                time_base = Fraction(1, fps)  # the muxer changes the stream's own time base after the header
                producer.start()
                while (item := frames.get()) is not None:
                    n, picture = item
                    frame = _video_frame(picture)
                    frame.pts, frame.time_base = n, time_base
                    container.mux(stream.encode(frame))
                    written += 1
                    if progress is not None:
                        progress(written, total)
                if failure:
                    raise failure[0]
                container.mux(stream.encode(None))
            if written != total:
                raise RenderError(f"rendered {written} frames, expected {total}")
            os.replace(tmp_path, out_path)
        except BaseException:
            stop.set()
            _drain(frames, producer)
            if os.path.exists(tmp_path):
                os.remove(tmp_path)
            raise
        return {"duration": round(total / fps, 3), "frames": total, "size": [width, height]}


def _drain(frames, producer):
    """Unblock and finish the frame thread after a failure on the encoding side."""
    while producer.is_alive():
        try:
            frames.get(timeout=0.1)
        except queue.Empty:
            continue
