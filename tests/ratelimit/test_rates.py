import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ratelimit.apps import validate_settings
from ratelimit.buckets import Rate, parse_rate

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text, rate",
    [
        ("10/min", Rate(10, 60)),
        ("30/m", Rate(30, 60)),
        ("100/hour", Rate(100, 3600)),
        ("5/30s", Rate(5, 30)),
        ("1000/day", Rate(1000, 86400)),
        ("7/2h", Rate(7, 7200)),
        (" 20 / minute ", Rate(20, 60)),
        ("3/SEC", Rate(3, 1)),
    ],
)
def test_it_reads_rates(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "10", "ten/min", "10/fortnight", "0/min", "10/0s", "-1/min", "10/min/2", None])
def test_a_bad_rate_is_a_configuration_error_naming_the_setting(text):
    with pytest.raises(ImproperlyConfigured, match="STUDIO_RATE_X"):
        parse_rate(text, "STUDIO_RATE_X")


def test_start_up_refuses_a_missing_scope(settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    del rates["refine"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    with pytest.raises(ImproperlyConfigured, match="refine"):
        validate_settings()


def test_start_up_refuses_a_negative_proxy_count(settings):
    settings.STUDIO_TRUSTED_PROXIES = -1
    with pytest.raises(ImproperlyConfigured, match="STUDIO_TRUSTED_PROXIES"):
        validate_settings()


def test_the_configured_settings_are_valid():
    validate_settings()


@pytest.mark.parametrize("variable", ["STUDIO_RATE_GENERATE", "STUDIO_RATE_LOGIN_USERNAME"])
def test_manage_py_will_not_start_with_a_bad_rate(variable):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", variable: "lots/min"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "'lots/min' is not a rate" in result.stderr
