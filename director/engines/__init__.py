"""Engines are chosen in settings by name (STUDIO_ENGINES).

Each kind of engine is a small interface (director/engines/protocols.py) with a local default that does real
work offline; an external provider is one more class named in settings, never a branch in the flow.
"""

from functools import cache
from typing import Literal, overload

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from director.engines.protocols import KINDS, Eye, PitchWriter, Previewer, Remaster, Renderer, StoryboardWriter

Engine = Eye | Remaster | PitchWriter | StoryboardWriter | Previewer | Renderer


@cache
def _load(kind, path):
    engine = import_string(path)()
    if not isinstance(engine, KINDS[kind]):
        wanted = KINDS[kind].__name__
        raise ImproperlyConfigured(f"STUDIO_ENGINES[{kind!r}] names {path}, which is not a {wanted} engine.")
    return engine


@overload
def get_engine(kind: Literal["eye"], name: str | None = None) -> Eye: ...
@overload
def get_engine(kind: Literal["remaster"], name: str | None = None) -> Remaster: ...
@overload
def get_engine(kind: Literal["pitch_writer"], name: str | None = None) -> PitchWriter: ...
@overload
def get_engine(kind: Literal["storyboard_writer"], name: str | None = None) -> StoryboardWriter: ...
@overload
def get_engine(kind: Literal["previewer"], name: str | None = None) -> Previewer: ...
@overload
def get_engine(kind: Literal["production"], name: str | None = None) -> Renderer: ...


def get_engine(kind: str, name: str | None = None) -> Engine:
    """The configured engine of `kind`; for "production", `name` is the director's engine (kling, luma...)."""
    configured = settings.STUDIO_ENGINES[kind]
    if isinstance(configured, dict):
        configured = configured.get(name) or configured["default"]
    return _load(kind, configured)


def engine_label(name):
    """What renders for an engine name, in plain words ("Local renderer, Luma-style motion") in the active
    language; None for None.

    Worked out once per language and engine name (a director state names the engine once for the record and once
    per scene, and each label is two catalogue lookups), and again after STUDIO_ENGINES or the languages change.
    """
    if not name:
        return None
    key = (get_language(), name)
    label = _LABELS.get(key)
    if label is None:
        label = _LABELS[key] = getattr(get_engine("production", name), "label", None) or str(name)
    return label


_LABELS = {}


@receiver(setting_changed)
def _forget_labels(*, setting, **kwargs):
    if setting in ("STUDIO_ENGINES", "LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS"):
        _LABELS.clear()
