"""The brief a user gives at upload: what the video is for, its format, its length and its resolution.

One place for the choices, the bounds and the plan rule, so the upload's check, the model's database
constraints, the storyboard writer and the web studio's form say the same thing.
"""

from dataclasses import dataclass

from django.db import models

from accounts.models import Plan
from studio_project.exceptions import StudioError

MAX_PROMPT = 2000
MIN_SCENES, MAX_SCENES, DEFAULT_SCENES = 1, 10, 3
MIN_SCENE_SECONDS, MAX_SCENE_SECONDS, DEFAULT_SCENE_SECONDS = 2.0, 10.0, 5.0


class AspectRatio(models.TextChoices):
    LANDSCAPE = "16:9", "16:9 landscape"
    PORTRAIT = "9:16", "9:16 portrait (stories, reels)"
    SQUARE = "1:1", "1:1 square"
    FEED = "4:5", "4:5 portrait feed"


class Resolution(models.TextChoices):
    """The video's short side."""

    HD = "720p", "720p"
    FULL_HD = "1080p", "1080p"


SHORT_SIDE = {Resolution.HD: 720, Resolution.FULL_HD: 1080}
# The plans that may render each resolution; a resolution missing here is open to every plan.
RESOLUTION_PLANS = {Resolution.FULL_HD: (Plan.PRO, Plan.ENTERPRISE)}


class PlanRequired(StudioError):
    """The user's plan does not include what they asked for."""

    status_code = 403
    code = "plan_required"


@dataclass(frozen=True)
class Brief:
    brand_essence_prompt: str = ""
    aspect_ratio: str = AspectRatio.LANDSCAPE
    scene_count: int = DEFAULT_SCENES
    scene_duration: float = DEFAULT_SCENE_SECONDS
    resolution: str = Resolution.HD

    @classmethod
    def of(cls, job):
        return cls(**{name: getattr(job, name) for name in cls.__dataclass_fields__})

    def as_fields(self):
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def check_plan(user, resolution):
    """PlanRequired (403) when `user`'s plan does not include `resolution`, saying which plans do."""
    allowed = RESOLUTION_PLANS.get(resolution)
    if allowed and user.plan not in allowed:
        names = " and ".join(Plan(p).label for p in allowed)
        raise PlanRequired(
            f"{resolution} renders are for the {names} plans; your plan is {Plan(user.plan).label}. "
            f"Choose {Resolution.HD} or upgrade your plan."
        )
