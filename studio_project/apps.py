from django.apps import AppConfig


class StudioProjectConfig(AppConfig):
    """The site itself: no models, only its start-up checks."""

    name = "studio_project"
    verbose_name = "Studio"

    def ready(self):
        from studio_project import checks  # noqa: F401  (registers the checks)
