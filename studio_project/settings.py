"""Studio settings: one file, read from the environment.

Every variable has a safe default for a first local run; a value that cannot be
parsed stops start-up with a message naming the variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name, default, minimum=0):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-for-any-real-deployment"
SECRET_KEY = os.environ.get("SECRET_KEY") or _DEV_SECRET
if SECRET_KEY == _DEV_SECRET and not DEBUG and not env_bool("STUDIO_ALLOW_DEV_SECRET", False):
    raise ImproperlyConfigured("SECRET_KEY is not set. Set SECRET_KEY, or DEBUG=true for a local run.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "accounts",
    "ratelimit",
    "director",
    "learning",
    "audit",
    "studio_project",
    # django-ratelimit's own checks of the cache it counts in (see Rate limiting below)
    "ratelimit.django_ratelimit_app.DjangoRatelimitChecksConfig",
]

MIDDLEWARE = [
    "studio_project.logs.RequestIdMiddleware",
    "studio_project.uploads.LengthRequiredMiddleware",
    "studio_project.middleware.QueryStringMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # after sessions, before common (Django's order)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.language.CulturalLanguageMiddleware",  # the signed-in user's cultural context picks the language
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ratelimit.middleware.RateLimitHeadersMiddleware",
]

ROOT_URLCONF = "studio_project.urls"
WSGI_APPLICATION = "studio_project.wsgi.application"
ASGI_APPLICATION = "studio_project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Database: PostgreSQL in production and CI, a SQLite file for a first run.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'studio.sqlite3'}"
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True)
except Exception as exc:  # dj-database-url raises several types for a bad URL
    raise ImproperlyConfigured(f"DATABASE_URL could not be parsed: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db.setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
elif env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # PostgreSQL: the hottest statements (studio_project.db.statement_cursor: the token lookup with its
    # rate-limit count, the director state's row) are prepared, planned once per connection. Django's
    # own queries bind on the client and are never prepared, this setting or not. Turn off behind a
    # connection pooler that cannot keep prepared statements (PgBouncer before 1.21, or with
    # max_prepared_statements = 0).
    _db.setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.UsernameOrEmailBackend"]  # username in any case, or email
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The web studio's languages (the cultural context's en, zh-CN, zh-TW, ms); catalogues in locale/.
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("ms", "Bahasa Melayu")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or VAR_DIR / "static")
try:  # whitenoise warns at every start when the folder is missing (before collectstatic)
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = None  # media is never served from a public path; see director.media
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploads: The Eye accepts at most 10 MiB of image (the one limit: the upload handler, the
# validation, the database constraint and the web studio all read it). A multipart body may add
# its part headers and small fields; one declaring more, or carrying more file data, is refused
# while it streams in (studio_project/uploads.py).
STUDIO_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
STUDIO_MAX_UPLOAD_BODY_BYTES = STUDIO_MAX_UPLOAD_BYTES + 64 * 1024
STUDIO_MAX_IMAGE_PIXELS = env_int("STUDIO_MAX_IMAGE_PIXELS", 40_000_000, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "studio_project.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The Studio Head's latest evaluation, written by `manage.py evaluate_studio_head`, shown on the learning dashboard.
STUDIO_EVALUATION_FILE = Path(os.environ.get("STUDIO_EVALUATION_FILE") or VAR_DIR / "evaluation" / "studio_head.json")

# Background work: Django's tasks framework on the database.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ratelimit.authentication.CountingTokenAuthentication",  # DRF's, counting in the same statement
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "studio_project.schema.StudioAutoSchema",
    "EXCEPTION_HANDLER": "studio_project.errors.exception_handler",
    # The browsable API only for a local run: in production every answer, errors included, is JSON.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    # JSON bodies only (a form post is a 415); the upload (JobViewSet.create) takes multipart instead.
    "DEFAULT_PARSER_CLASSES": ["studio_project.parsers.JSONParser"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Studio API",
    "DESCRIPTION": "Turn one still image into a short directed video.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Operation ids and tags from the path below /api/ (the share page at /share/ would otherwise widen it).
    "SCHEMA_PATH_PREFIX": r"/api/",
    # The enum components (drf-spectacular's default), then the links between operations.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "studio_project.schema.add_links"],
}

# TLS hardening: on whenever DEBUG is off; each can be turned off by name for a
# local run without TLS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (Django's built-in): scripts only from this site or
# with the per-response nonce; nothing from any other origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "media-src": [CSP.SELF, "blob:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Logs: JSON lines with the request id (text in DEBUG unless LOG_FORMAT=json).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "studio_project.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "studio_project.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default config gives "django" its own console handler when DEBUG is on; without this,
        # every django.* record (e.g. each task a worker runs) would be printed twice.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"level": "ERROR"},
    },
}

# Engines by name: each value is a class path; "production" maps the directors'
# recommended engines to implementations (all local by default, each with its own motion and look).
STUDIO_ENGINES = {
    "eye": os.environ.get("STUDIO_EYE_ENGINE", "director.engines.eye.LocalEye"),
    "pitch_writer": "director.engines.pitch_writer.TemplatePitchWriter",
    "storyboard_writer": "director.engines.storyboard.TemplateStoryboardWriter",
    "previewer": "director.engines.preview.KeyframePreviewer",
    "remaster": "director.engines.remaster.LocalRemaster",
    "production": {
        "default": "director.engines.render.KlingStyleRenderer",
        "kling": "director.engines.render.KlingStyleRenderer",
        "luma": "director.engines.render.LumaStyleRenderer",
        "gemini_pro": "director.engines.render.GeminiProStyleRenderer",
    },
}

# Production watchdog: a render whose worker stops reporting for this long is
# re-queued (up to STUDIO_MAX_RENDER_ATTEMPTS renders in all), then failed with a refund.
STUDIO_RENDER_STALL_SECONDS = env_int("STUDIO_RENDER_STALL_SECONDS", 90, minimum=1)
STUDIO_MAX_RENDER_ATTEMPTS = env_int("STUDIO_MAX_RENDER_ATTEMPTS", 2, minimum=1)
STUDIO_STEP_TIMEOUT_SECONDS = env_int("STUDIO_STEP_TIMEOUT_SECONDS", 600, minimum=1)
STUDIO_WATCHDOG_INTERVAL = env_int("STUDIO_WATCHDOG_INTERVAL", 30, minimum=1)
STUDIO_RENDER_SIZE = (
    env_int("STUDIO_RENDER_WIDTH", 1280, minimum=16),
    env_int("STUDIO_RENDER_HEIGHT", 720, minimum=16),
)
STUDIO_RENDER_FPS = env_int("STUDIO_RENDER_FPS", 24, minimum=1)

# --- Web studio ---
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Rate limiting ---
# The API's limits per user (per client address when signed out), counted in the
# database; see docs/ratelimit.md. A view's `throttle_scope` picks its limit.
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["ratelimit.throttling.StudioThrottle"]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "generate": os.environ.get("STUDIO_RATE_GENERATE", "10/min"),
    "refine": os.environ.get("STUDIO_RATE_REFINE", "30/min"),
    "upload": os.environ.get("STUDIO_RATE_UPLOAD", "20/min"),
    "api": os.environ.get("STUDIO_RATE_API", "60/min"),
    "media": os.environ.get("STUDIO_RATE_MEDIA", "600/min"),  # images, previews, video (players fetch ranges)
    "account": os.environ.get("STUDIO_RATE_ACCOUNT", "10/min"),  # revoking and rotating the API token
    "password": os.environ.get("STUDIO_RATE_PASSWORD", "5/min"),  # changing the password, deleting the account
    "export": os.environ.get("STUDIO_RATE_EXPORT", "5/hour"),  # downloading all of one's data
    "share": os.environ.get("STUDIO_RATE_SHARE", "300/min"),  # a share link's page, poster and video, per address
}
# Sign-in (admin login and auth/token share these counts) and sign-up, per client address and per username.
STUDIO_AUTH_RATES = {
    "login_ip": os.environ.get("STUDIO_RATE_LOGIN_IP", "20/min"),
    "login_username": os.environ.get("STUDIO_RATE_LOGIN_USERNAME", "5/min"),
    "register_ip": os.environ.get("STUDIO_RATE_REGISTER_IP", "20/hour"),
}
# How many reverse proxies in front of Studio append to X-Forwarded-For (0: use the peer address).
STUDIO_TRUSTED_PROXIES = env_int("STUDIO_TRUSTED_PROXIES", 0)
# django-ratelimit counts through this cache, i.e. in rate_limit_buckets (no Redis). Its own checks run
# (their errors for fake, per-process or non-atomic caches stay on); only W001, "not officially supported",
# which it says of every backend other than memcached and Redis, is silenced: BucketCache is shared and
# atomic (tests/ratelimit/test_cache_backend.py), and ratelimit.checks verifies that setting by name.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "ratelimit.cache.BucketCache", "LOCATION": "auth"},
}
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "ratelimit.clients.client_ip"
RATELIMIT_HASH_ALGORITHM = "ratelimit.cache.ReadableKey"
STUDIO_RATELIMIT_PURGE_INTERVAL = env_int("STUDIO_RATELIMIT_PURGE_INTERVAL", 3600, minimum=1)
# PostgreSQL: commit each count without waiting for its WAL flush (exact across processes all the same;
# only a database crash can lose the last moment of counts). See docs/ratelimit.md.
STUDIO_RATELIMIT_ASYNC_COMMIT = env_bool("STUDIO_RATELIMIT_ASYNC_COMMIT", True)
# A token request's count is taken in blocks of up to this many per web process while the window has plenty left
# (1: every request counted on its own); unused counts go back to the bucket after STUDIO_RATELIMIT_BLOCK_SECONDS.
# The limit is never exceeded either way. See docs/ratelimit.md.
STUDIO_RATELIMIT_BLOCK = env_int("STUDIO_RATELIMIT_BLOCK", 16, minimum=1)
STUDIO_RATELIMIT_BLOCK_SECONDS = env_int("STUDIO_RATELIMIT_BLOCK_SECONDS", 1, minimum=1)
