"""django-ratelimit's own system checks run, and its errors are not silenced."""

from django.core import checks


def test_its_checks_pass_for_the_bucket_cache(settings):
    messages = [m for m in checks.run_checks(tags=[checks.Tags.caches]) if not m.is_silenced()]
    assert messages == []


def test_a_per_process_cache_is_an_error(settings):
    settings.CACHES = {**settings.CACHES, "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ids = {m.id for m in checks.run_checks(tags=[checks.Tags.caches]) if not m.is_silenced()}
    assert "django_ratelimit.E003" in ids
