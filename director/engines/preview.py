"""Scene previews: one graded keyframe per scene, the frame the render shows in the middle of the scene."""

import io

from director.engines.render import keyframe
from director.framing import DEFAULT_ASPECT_RATIO, output_size

PREVIEW_SHORT_SIDE = 360  # 640x360 at 16:9


class KeyframePreviewer:
    name = "keyframe"

    def render(self, image, scene, director, *, subjects=None, aspect_ratio=DEFAULT_ASPECT_RATIO):
        """A JPEG of the scene (short side 360, the video's shape): its shot on the subjects (or scene["focus"]),
        the director's grade plus grade_adjust, the motion and look of scene["engine"]."""
        size = output_size(aspect_ratio, PREVIEW_SHORT_SIDE)
        frame = keyframe(image, scene, director, size, engine=scene.get("engine"), subjects=subjects)
        buffer = io.BytesIO()
        frame.save(buffer, "JPEG", quality=85, optimize=True)
        return buffer.getvalue()
