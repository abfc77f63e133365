"""What each kind of engine must offer, written down: the flow calls nothing else on an engine.

An engine named in settings.STUDIO_ENGINES is any class with these methods (structural typing: it need not
inherit from these). `Director` is director.directors.Director; images are RGB PIL images; scenes and
analyses are the JSON-ready dicts the API stores.
"""

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from PIL.Image import Image

from director.directors import Director

Scene = dict[str, Any]
Analysis = dict[str, Any]
Progress = Callable[[int, int], None]


@runtime_checkable
class Eye(Protocol):
    """The Eye: scores an image (physics, vibe, logic, quality 0..10; integrity 0..1) and describes it."""

    def analyze(self, image: Image) -> Analysis: ...


@runtime_checkable
class Remaster(Protocol):
    """Repairs a photo that failed the quality gate; returns a new image, the input untouched."""

    def remaster(self, image: Image) -> Image: ...


@runtime_checkable
class PitchWriter(Protocol):
    """One director's pitch for an analysed image (and the user's prompt): {"three_beat_pulse": ..., "scene_board": ...,
    "note_reply": ...}, preferring the words in `vocabulary` (word -> weight) and answering the Studio Note `note`."""

    def write(
        self,
        director: Director,
        analysis: Analysis,
        biased: dict[str, float],
        prompt: str = "",
        *,
        vocabulary: dict[str, float] | None = None,
        note: dict | None = None,
    ) -> dict[str, Any]: ...


@runtime_checkable
class StoryboardWriter(Protocol):
    """Writes a director's storyboard, and rewrites one scene (YELLOW, with feedback) or regenerates it (RED)."""

    def write(
        self, director: Director, analysis: Analysis, *, scenes: int = 3, duration: float = 5.0, prompt: str = ""
    ) -> list[Scene]: ...

    def rewrite(
        self, director: Director, analysis: Analysis, scene: Scene, feedback: str, prompt: str = ""
    ) -> Scene: ...

    def regenerate(self, director: Director, analysis: Analysis, scene: Scene, prompt: str = "") -> Scene: ...


@runtime_checkable
class Previewer(Protocol):
    """A scene's keyframe preview: encoded image bytes (JPEG), framed as the render frames it.

    `subjects` is The Eye's list (or None); `aspect_ratio` the video's ("16:9", "9:16", "1:1", "4:5").
    """

    def render(
        self,
        image: Image,
        scene: Scene,
        director: Director,
        *,
        subjects: list[dict[str, Any]] | None = None,
        aspect_ratio: str = "16:9",
    ) -> bytes: ...


@runtime_checkable
class Renderer(Protocol):
    """Production: renders the storyboard to a video file at `out_path`; `progress(done, total)` may raise to stop.

    `size` is the video's (width, height); `subjects` The Eye's list, most important first, boxes as fractions
    of `image` (or None); `mask` an 8-bit subject mask, 255 = subject (or None). `label` says in plain words
    what renders the video (shown to the user as the engine).
    """

    label: str

    def render(
        self,
        image: Image,
        scenes: list[Scene],
        director: Director,
        out_path: str,
        *,
        size: tuple[int, int],
        fps: int,
        progress: Progress | None = None,
        subjects: list[dict[str, Any]] | None = None,
        mask: Image | None = None,
    ) -> Any: ...


# The kinds of settings.STUDIO_ENGINES and what an engine of each must offer.
KINDS: dict[str, type] = {
    "eye": Eye,
    "remaster": Remaster,
    "pitch_writer": PitchWriter,
    "storyboard_writer": StoryboardWriter,
    "previewer": Previewer,
    "production": Renderer,
}
