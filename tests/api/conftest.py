import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.images import photo


@pytest.fixture
def upload(api, django_capture_on_commit_callbacks):
    """POST an image as the logged-in user, running the tasks it queues (immediate backend)."""

    def _upload(data=None, name="photo.jpg", content_type="image/jpeg"):
        data = photo() if data is None else data
        with django_capture_on_commit_callbacks(execute=True):
            return api.post(
                "/api/v1/jobs/", {"image": SimpleUploadedFile(name, data, content_type)}, format="multipart"
            )

    return _upload


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call an API function and run the tasks it queues on commit."""

    def _run(method, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return method(*args, **kwargs)

    return _run
