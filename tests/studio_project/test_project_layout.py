"""The project package stands on its own: settings assign each setting once, errors are Studio's, not an app's."""

import ast
from pathlib import Path

from django.conf import settings

import director.errors
import studio_project.exceptions

PROJECT = Path(studio_project.exceptions.__file__).parent


def _assignments(path):
    tree = ast.parse(path.read_text())
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


def test_settings_assign_middleware_installed_apps_and_caches_once():
    names = _assignments(PROJECT / "settings.py")
    for name in ("MIDDLEWARE", "INSTALLED_APPS", "CACHES"):
        assert names.count(name) == 1, name
    assert settings.MIDDLEWARE[-1] == "ratelimit.middleware.RateLimitHeadersMiddleware"
    assert "ratelimit.django_ratelimit_app.DjangoRatelimitChecksConfig" in settings.INSTALLED_APPS
    assert set(settings.CACHES) == {"default", "ratelimit"}


def test_the_project_package_imports_no_apps_error_class():
    tree = ast.parse((PROJECT / "errors.py").read_text())
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(module.startswith("director") for module in modules), modules


def test_the_generic_errors_are_studios_and_still_importable_from_director():
    for name in ("StudioError", "NotFound", "InvalidRequest", "StaleVersion", "VersionRequired"):
        assert getattr(director.errors, name) is getattr(studio_project.exceptions, name)
    assert issubclass(director.errors.StageConflict, studio_project.exceptions.StudioError)
