# Studio's front door. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: system-deps run test lint migrations-check bench serve install install-dev clean-venv

# Find a Python >= 3.12 by running each candidate (pyenv shims answer `python3.13`
# even when they cannot run it).
define FIND_PYTHON
for cand in "python3.13" "PYENV_VERSION=3.13.0 python3.13" \
            "$$(pyenv root 2>/dev/null)/versions/3.13.0/bin/python3.13" \
            "$$(ls -d $$HOME/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | tail -1)" \
            "python3.12" "PYENV_VERSION=3.12.1 python3.12" \
            "$$(pyenv root 2>/dev/null)/versions/3.12.1/bin/python3.12" "python3"; do \
  [ -n "$$cand" ] || continue; \
  if env $$cand -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
    echo "$$cand"; exit 0; fi; \
done; exit 1
endef
export FIND_PYTHON

$(VENV)/.created:
	@cand=$$(bash -c "$$FIND_PYTHON") || { \
	  echo "Studio needs Python 3.12 or newer and none was found."; \
	  echo "Install one, e.g. 'pyenv install 3.13.0' or 'apt-get install python3.13 python3.13-venv', then run make again."; \
	  exit 1; }; \
	echo "Using $$cand"; env $$cand -m venv $(VENV) && touch $@

$(VENV)/.installed: $(VENV)/.created requirements.txt requirements-nodeps.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-nodeps.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt requirements-benchmark.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-benchmark.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	@mkdir -p var
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py ensure_demo_user
	DEBUG=$${DEBUG:-true} $(PY) manage.py schedule_periodic_tasks
	@echo "Studio: http://$(HOST):$(PORT)/studio/  admin: http://$(HOST):$(PORT)/admin/  API docs: http://$(HOST):$(PORT)/api/docs/"
	@export DEBUG=$${DEBUG:-true}; \
	$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

# Debian packages the suite uses (chromium for browser tests, ffmpeg for the render
# baseline, nginx for make serve); installed when missing and run as root, otherwise named.
system-deps:
	@bash .ci/system-deps

# A developer's run keeps the test database between runs (--reuse-db; pass PYTEST_DB=--create-db after a
# migration changes); CI (CI set in the environment, as .ci/run does) always builds it fresh.
PYTEST_DB ?= $(if $(CI),--create-db,--reuse-db)
test: install-dev system-deps
	$(PY) -m pytest $(PYTEST_DB) $(PYTEST_ARGS)

# ruff for style and errors; vulture for dead code (its settings and whitelist: pyproject.toml, .vulture_whitelist.py).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/vulture

migrations-check: install
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

# The production stack locally: nginx on $(HOST):$(PORT) in front of gunicorn on a unix
# socket, and a task worker, on PostgreSQL, DEBUG off (docs/production.md). nginx reads
# every request in full before gunicorn sees it. TLS is terminated elsewhere in
# production; locally the secure-cookie and redirect settings are turned off by name.
# Stopping it (Ctrl-C, or SIGTERM to make) stops nginx, gunicorn and the worker.
SERVE_DIR ?= var/serve
serve: install
	@mkdir -p $(SERVE_DIR)
	@export DEBUG=false DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/studio} \
	  SECRET_KEY=$${SECRET_KEY:-$$(cat var/serve-secret 2>/dev/null || (mkdir -p var && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' | tee var/serve-secret))} \
	  SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-false} \
	  CSRF_COOKIE_SECURE=$${CSRF_COOKIE_SECURE:-false} SECURE_HSTS_SECONDS=$${SECURE_HSTS_SECONDS:-0} \
	  STUDIO_TRUSTED_PROXIES=$${STUDIO_TRUSTED_PROXIES:-1} BIND=unix:$(abspath $(SERVE_DIR))/gunicorn.sock; \
	nginx="$(PY) deploy/nginx.py --listen $(HOST):$(PORT) --upstream $$BIND --prefix $(SERVE_DIR)/nginx"; \
	$(PY) manage.py collectstatic --noinput -v 0 && $(PY) manage.py migrate --noinput && \
	$(PY) manage.py schedule_periodic_tasks && $$nginx --check && \
	{ rm -f $(SERVE_DIR)/gunicorn.sock; \
	  $(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	  $(VENV)/bin/gunicorn -c gunicorn.conf.py studio_project.wsgi & web=$$!; \
	  trap 'kill $$proxy $$web $$worker 2>/dev/null; wait' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; \
	  for _ in $$(seq 100); do [ -S $(SERVE_DIR)/gunicorn.sock ] && break; sleep 0.2; done; \
	  $$nginx & proxy=$$!; \
	  echo "Studio: http://$(HOST):$(PORT)/studio/ (nginx, gunicorn on $(SERVE_DIR)/gunicorn.sock)"; \
	  wait -n; }

bench: install-dev
	$(PY) benchmarks/run_all.py

clean-venv:
	rm -rf $(VENV)
