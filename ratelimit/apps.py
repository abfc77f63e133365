from django.apps import AppConfig


class RatelimitConfig(AppConfig):
    name = "ratelimit"
    verbose_name = "Rate limiting"
    default_auto_field = "django.db.models.BigAutoField"
