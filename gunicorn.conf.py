"""Gunicorn for Studio: threaded sync workers sized for the machine.

Requests mostly wait on PostgreSQL, so a few processes with several threads
each serve a 2-core machine best; override with WEB_WORKERS / WEB_THREADS.
A thread reads its request itself, so a slow client holds it: in production gunicorn
sits behind nginx (deploy/nginx.conf, `make serve`), which hands it complete requests.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", max(2, multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("WEB_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# The same bounds as nginx's large_client_header_buffers (8 KiB a line), so either answers alike.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
max_requests = 5000
max_requests_jitter = 500
accesslog = "-" if os.environ.get("ACCESS_LOG", "true").lower() == "true" else None
access_log_format = '{"remote": "%(h)s", "forwarded_for": "%({x-forwarded-for}i)s", "request": "%(r)s", "status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "request_id": "%({x-request-id}o)s"}'  # noqa: E501
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Run Django's system checks before any worker starts: an error (say, static files not collected) stops here.

    `manage.py check` and runserver run them; gunicorn alone would start and answer 500s.
    """
    import sys

    import django
    from django.core import checks
    from django.db import connections

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studio_project.settings")
    django.setup()
    errors = [message for message in checks.run_checks() if message.is_serious()]
    connections.close_all()  # nothing the master opened is shared with a forked worker
    for message in errors:
        print(f"System check error: {message}", file=sys.stderr, flush=True)
    if errors:
        raise SystemExit(f"gunicorn: {len(errors)} system check error(s); fix them and start again.")
