"""Engines are chosen in settings by name (STUDIO_ENGINES).

Each kind of engine is a small interface with a local default that does real
work offline; an external provider is one more class named in settings, never
a branch in the flow.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def _load(path):
    return import_string(path)()


def get_engine(kind, name=None):
    """The configured engine of `kind`; for "production", `name` is the director's engine (kling, luma...)."""
    configured = settings.STUDIO_ENGINES[kind]
    if isinstance(configured, dict):
        configured = configured.get(name) or configured["default"]
    return _load(configured)
