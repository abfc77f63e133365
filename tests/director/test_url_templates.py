import uuid

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from director.serializers import _url

ROUTES = [("job-image", ("pk",)), ("job-video", ("pk",)), ("job-scene-preview", ("pk", "scene_id"))]


@pytest.mark.parametrize(("name", "keys"), ROUTES)
@pytest.mark.parametrize("prefix", ["/", "/studio-app/"])
def test_filled_templates_equal_reverse(name, keys, prefix):
    set_script_prefix(prefix)
    try:
        for _ in range(3):
            kwargs = {key: uuid.uuid4() for key in keys}
            assert _url(name, **kwargs) == reverse(name, kwargs=kwargs)
    finally:
        clear_script_prefix()
