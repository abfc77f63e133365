"""Start-up checks for the site as a whole."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core import checks
from django.core.files.storage import storages


# Untagged, so runserver, migrate, db_worker and `check --deploy` run it; collectstatic (which runs only the
# staticfiles checks) does not, and can fix what it reports.
@checks.register()
def check_static_manifest(app_configs, **kwargs):
    """With DEBUG off every page's {% static %} reads the manifest: without it, every admin page answers 500."""
    if settings.DEBUG:
        return []
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin) or storage.manifest_storage.exists(storage.manifest_name):
        return []
    return [
        checks.Error(
            f"The static files have not been collected: {storage.manifest_storage.path(storage.manifest_name)} "
            "is missing, so with DEBUG off every admin page and /api/docs/ would answer 500.",
            hint="Run `manage.py collectstatic --noinput` (it fills STATIC_ROOT), or set DEBUG=true for a local run.",
            id="studio.E001",
        )
    ]
