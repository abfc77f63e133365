"""The brief a user gives at upload: what the video is for, its format, its length and its resolution.

One place for the choices, the bounds and the plan rule, so the upload's check, the model's database
constraints, the storyboard writer and the web studio's form say the same thing.
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_noop

from accounts.models import Plan
from studio_project.exceptions import StudioError

MAX_PROMPT = 2000
MIN_SCENES, MAX_SCENES, DEFAULT_SCENES = 1, 10, 3
MIN_SCENE_SECONDS, MAX_SCENE_SECONDS, DEFAULT_SCENE_SECONDS = 2.0, 10.0, 5.0


class AspectRatio(models.TextChoices):
    # English in the API's schema; the upload form shows them in the page's language (studio_project/web.py).
    LANDSCAPE = "16:9", gettext_noop("16:9 landscape")
    PORTRAIT = "9:16", gettext_noop("9:16 portrait (stories, reels)")
    SQUARE = "1:1", gettext_noop("1:1 square")
    FEED = "4:5", gettext_noop("4:5 portrait feed")


class Resolution(models.TextChoices):
    """The video's short side."""

    HD = "720p", "720p"
    FULL_HD = "1080p", "1080p"


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


# --- Reading the prompt ------------------------------------------------------------------------------------------

# Words that carry no intent of their own: what is left of a prompt without them is what the directors take up.
STOPWORDS = frozenset(
    """a an the and or but nor so yet of to in on at by for from with without into onto over under about as is are
    was were be been being it its this that these those there here we our us you your i me my they them their he she
    his her him make made making want wants need needs should would could can will just very really please some any
    all more most less much many also than then like such only own same each every one two video film clip shot
    shots scene scenes show shows showing do does did get got let lets use using image picture photo""".split()
)
# Where a video is shown: "for Instagram" is an intent the directors keep as written.
CHANNELS = (
    "Instagram", "Reels", "Stories", "TikTok", "YouTube", "Shorts", "Facebook", "LinkedIn", "Pinterest", "Snapchat",
    "Twitter", "Vimeo", "website", "web", "homepage", "email", "newsletter", "billboard", "cinema", "television", "TV",
)  # fmt: skip
_CHANNEL = re.compile(
    r"\bfor\s+(?:(?:an?|the|our|my|your)\s+)?(" + "|".join(re.escape(c) for c in CHANNELS) + r")\b", re.IGNORECASE
)
_TOKEN = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
MAX_PROMPT_WORDS = 8


@dataclass(frozen=True)
class PromptReading:
    """What a director takes from a prompt: names (a product, a brand), where it is shown, and its other words."""

    names: tuple[str, ...] = ()
    purpose: str = ""  # "for Instagram", or empty
    words: tuple[str, ...] = ()

    def __bool__(self):
        return bool(self.names or self.purpose or self.words)

    @property
    def subject(self):
        """Who or what the video is for: its names, else its first words."""
        if self.names:
            return " and ".join(self.names[:2])
        return " ".join(self.words[:2])

    @property
    def other_words(self):
        """The words the subject does not already say."""
        return self.words if self.names else self.words[2:]


def _is_name(token, sentence_start, next_token):
    if any(c.isdigit() for c in token) or any(c.isupper() for c in token[1:]):
        return True  # X100, iPhone, LUMEN
    if not token[:1].isupper():
        return False
    # A capital at the start of a sentence is only a name beside another capitalised word ("Lumen Coffee ...").
    return not sentence_start or bool(next_token and next_token[:1].isupper())


def read_prompt(prompt, director=None):
    """The prompt's distinctive words, in order, without a word `director` may not say (director.uses_forbidden)."""
    text = str(prompt or "")
    if not text.strip():
        return PromptReading()
    allowed = (lambda word: not director.uses_forbidden(word)) if director is not None else (lambda word: True)
    purpose = ""
    if (match := _CHANNEL.search(text)) and allowed(match.group(1)):
        purpose = " ".join(match.group(0).split())  # as written: "for our website"
    matches = list(_TOKEN.finditer(text))
    names, words, seen = [], [], set()
    current = []
    for i, match in enumerate(matches):
        token = match.group(0).replace("’", "'")
        start = i == 0 or bool(_SENTENCE_END.search(text[: match.start()]))
        following = matches[i + 1].group(0) if i + 1 < len(matches) else ""
        folded = token.casefold()
        is_channel = bool(purpose) and folded == purpose.split()[-1].casefold()
        if not is_channel and folded not in STOPWORDS and _is_name(token, start, following) and allowed(token):
            current.append(token)
            continue
        if current:
            names.append(" ".join(current))
            current = []
        if is_channel or folded in STOPWORDS or len(token) < 3 or folded in seen or not allowed(token):
            continue
        seen.add(folded)
        words.append(token)
    if current:
        names.append(" ".join(current))
    unique_names = list(dict.fromkeys(names))
    named = {part.casefold() for name in unique_names for part in name.split()}
    words = [w for w in words if w.casefold() not in named]
    return PromptReading(tuple(unique_names[:3]), purpose, tuple(words[:MAX_PROMPT_WORDS]))
