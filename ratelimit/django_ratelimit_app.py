"""django-ratelimit's app under a label of its own: its label, "ratelimit", is this app's."""

from django_ratelimit.apps import DjangoRatelimitConfig


class DjangoRatelimitChecksConfig(DjangoRatelimitConfig):
    label = "django_ratelimit"
    default = False
