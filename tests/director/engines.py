"""Engines for tests: an Eye that always fails, one that counts its runs, a renderer that fails."""

from director.engines.eye import LocalEye


class FailingEye:
    name = "failing"

    def analyze(self, image):
        raise ValueError("the sensor returned no data")


class FailingRenderer:
    """A production engine whose encoder gives up after the first frames, to exercise the refund."""

    name = "failing"
    label = "A renderer that fails, for tests"

    def render(self, image, scenes, director, out_path, *, size, fps, progress=None, subjects=None, mask=None):
        if progress:
            progress(1, len(scenes) * fps)
        raise RuntimeError("the encoder stopped")


class CountingEye(LocalEye):
    """The local Eye, counting its runs: how a test sees that an analysis was reused instead of run again."""

    runs = 0

    def analyze(self, image):
        type(self).runs += 1
        return super().analyze(image)
