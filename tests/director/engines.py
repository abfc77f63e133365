"""An Eye that always fails, to exercise the failure path through the registry."""


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
