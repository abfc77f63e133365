from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def validate_settings():
    """Every configured rate must parse, and the API's scopes must all have one: stop start-up otherwise."""
    from rest_framework.settings import api_settings

    # Here, not at the top: this module loads before the app registry, and buckets imports the models.
    from ratelimit.buckets import parse_rate
    from ratelimit.throttling import REQUIRED_SCOPES

    rates = api_settings.DEFAULT_THROTTLE_RATES or {}
    missing = [scope for scope in REQUIRED_SCOPES if scope not in rates]
    if missing:
        raise ImproperlyConfigured(f'REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] has no rate for: {", ".join(missing)}.')
    for scope, text in rates.items():
        if text is not None:  # None: the scope is not throttled (DRF's meaning)
            parse_rate(text, f'DEFAULT_THROTTLE_RATES["{scope}"]')
    for name, text in getattr(settings, "STUDIO_AUTH_RATES", {}).items():
        parse_rate(text, f'STUDIO_AUTH_RATES["{name}"]')
    proxies = getattr(settings, "STUDIO_TRUSTED_PROXIES", 0)
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 0:
        raise ImproperlyConfigured(f"STUDIO_TRUSTED_PROXIES={proxies!r} must be a whole number of proxies, 0 or more.")


class RatelimitConfig(AppConfig):
    name = "ratelimit"
    verbose_name = "Rate limiting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ratelimit import checks  # noqa: F401  (registers the cache check)

        validate_settings()
