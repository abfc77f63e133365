"""Every engine configured in settings offers what its kind's Protocol says the flow calls."""

import inspect

import pytest
from django.conf import settings

from director.engines import get_engine
from director.engines.protocols import KINDS, Eye, Renderer


def configured():
    for kind, value in settings.STUDIO_ENGINES.items():
        for name in value if isinstance(value, dict) else [None]:
            yield kind, name


def test_every_kind_in_settings_has_a_protocol():
    assert set(settings.STUDIO_ENGINES) == set(KINDS)


@pytest.mark.parametrize(("kind", "name"), list(configured()))
def test_each_configured_engine_offers_its_protocols_methods_and_parameters(kind, name):
    engine = get_engine(kind, name)
    protocol = KINDS[kind]
    assert isinstance(engine, protocol)
    for method in [m for m in vars(protocol) if not m.startswith("_") and callable(vars(protocol)[m])]:
        wanted = set(inspect.signature(getattr(protocol, method)).parameters) - {"self"}
        offered = set(inspect.signature(getattr(engine, method)).parameters)
        assert wanted <= offered, (kind, method)


def test_a_class_without_the_method_is_not_an_engine_of_that_kind():
    class Blind:
        def render(self, image, scene, director):
            return b""

    assert not isinstance(Blind(), Eye)
    assert isinstance(get_engine("eye"), Eye) and not isinstance(get_engine("eye"), Renderer)
