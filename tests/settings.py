"""Test run environment: the one settings module, with test-friendly variables."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-deployment-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("MEDIA_ROOT", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test-media"))

# Small, quick renders in tests; the benchmark renders at full size.
os.environ.setdefault("STUDIO_RENDER_WIDTH", "320")
os.environ.setdefault("STUDIO_RENDER_HEIGHT", "180")
os.environ.setdefault("STUDIO_RENDER_FPS", "12")

from studio_project.settings import *  # noqa: E402,F403

# Tests don't run collectstatic; serve static files without a manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# APIClient posts JSON unless a test says otherwise (uploads say format="multipart"), as every API client must.
REST_FRAMEWORK = {**REST_FRAMEWORK, "TEST_REQUEST_DEFAULT_FORMAT": "json"}  # noqa: F405
