"""Scene previews: one graded keyframe per scene, framed exactly as the render will frame it."""

import io

from director.grading import frame_at

PREVIEW_SIZE = (640, 360)
KEYFRAME_AT = 0.5  # the middle of the camera move shows where the shot is going


class KeyframePreviewer:
    name = "keyframe"

    def render(self, image, scene, director):
        """A 640x360 JPEG of the scene: its shot around scene["focus"], the director's grade plus grade_adjust."""
        frame = frame_at(image, scene, director, PREVIEW_SIZE, t=KEYFRAME_AT)
        buffer = io.BytesIO()
        frame.save(buffer, "JPEG", quality=85, optimize=True)
        return buffer.getvalue()
