# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
WS_PORT ?= 8001

.PHONY: install run test lint format worker beat migrate demo bench messages lock serve bundle

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

# The demo's own e-mails (invitations of its delegates...) go to files in var/mail/, so that
# they do not flood the terminal; everything else follows EMAIL_BACKEND / EMAIL_HOST.
demo: migrate
	EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend} \
	  $(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite on TEST_WORKERS processes (pytest-xdist; auto: one per CPU), each on a test database,
# a Redis cache, broker and channel-layer database and a temporary folder of its own
# (tests/workers.py). --dist load hands tests out in pytest-django's order, transactional tests
# (which flush the tables, the migrations' seed data with them) after the others; loadscope
# would run a module whole at its first place, its flushes before other modules' tests that
# need the seed data. A module fixture is so built on each worker. TEST_WORKERS=0: one process.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The catalogues under locale/: the strings marked in the templates and Python (django) and in
# static/js (djangojs), for English and each translation, then compiled. The .mo files are
# committed: a fresh clone shows the translations without GNU gettext. Needs GNU gettext.
MESSAGES := -l en_GB -l pt_PT -l el -l es -l it --no-obsolete --add-location=file \
	--ignore=.venv --ignore=node_modules --ignore=bench --ignore=tests --ignore=staticfiles \
	--ignore=static/dist
messages: install
	$(PY) manage.py makemessages -d django $(MESSAGES)
	$(PY) manage.py makemessages -d djangojs $(MESSAGES)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

# The live editor's front-end (frontend/live/*.js, issue 18): the npm packages of package-lock.json
# bundled by esbuild into one minified file, static/dist/live.js, which is committed (`make run`
# needs no Node.js). The build is deterministic: CI rebuilds it and fails on any difference.
bundle:
	npm ci --no-audit --no-fund
	node_modules/.bin/esbuild frontend/live/main.js --bundle --minify --format=iife \
	  --target=es2020 --charset=utf8 --legal-comments=none --log-level=warning \
	  --outfile=static/dist/live.js

# For development: the worker and beat of `make run`'s environment.
worker: install
	$(BIN)/celery -A mile worker --loglevel=info

beat: install
	mkdir -p var
	$(BIN)/celery -A mile beat --loglevel=info --schedule var/celerybeat-schedule

# requirements.lock: every runtime dependency (no dev extras) pinned, with the hashes of every
# file PyPI has for it. Run after changing the dependencies in pyproject.toml; commit both.
lock: install
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	  --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.lock pyproject.toml

# Production (README, "Production"): its own environment (.venv-serve) with the locked runtime
# dependencies only, checked against their hashes, and the project itself without its
# dependencies; then the deploy checks, the migrations, the static files and the Procfile's four
# processes under honcho, which reads ENV_FILE (.env) on top of the environment: web (mile.wsgi)
# on HOST:PORT, ws (mile.asgi, the WebSockets) on HOST:WS_PORT, worker and beat. Stop with
# Ctrl-C (or SIGTERM): honcho stops all four.
SERVE_VENV := .venv-serve
SERVE_BIN := $(SERVE_VENV)/bin
ENV_FILE ?= .env
HONCHO := $(SERVE_BIN)/honcho --env $(ENV_FILE)

$(SERVE_BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed") if sys.version_info < (3, 11) else None'
	test -x $(SERVE_BIN)/python || $(PYTHON) -m venv $(SERVE_VENV)
	$(SERVE_BIN)/python -m pip install --quiet --require-hashes --requirement requirements.lock
	$(SERVE_BIN)/python -m pip install --quiet --no-deps --editable .
	touch $@

# Collected (hashed and compressed: a minute of CPU) only when a static file or a package changed.
staticfiles/staticfiles.json: $(SERVE_BIN)/.installed $(shell find static -type f)
	$(HONCHO) run $(SERVE_BIN)/python manage.py collectstatic --noinput --verbosity 0
	touch $@

serve: $(SERVE_BIN)/.installed
	mkdir -p var
	$(HONCHO) run $(SERVE_BIN)/python manage.py check --deploy --fail-level WARNING
	$(HONCHO) run $(SERVE_BIN)/python manage.py migrate --noinput
	$(MAKE) --no-print-directory staticfiles/staticfiles.json
	PATH="$(abspath $(SERVE_BIN)):$$PATH" HOST=$(HOST) PORT=$(PORT) WS_PORT=$(WS_PORT) \
	  exec $(HONCHO) start

# The benchmarks (bench/README.md): every page's SQL queries at small and large scale (the
# programme-scale data set, `python -m bench.scale_data`, fills an empty database first), the
# Markdown rendering times, the memory of a 20 MB document's upload, the load through gunicorn (LOAD_ARGS), then the e-mail fan-out
# (BENCH_ARGS), then the live co-editing over WebSockets (LIVE_ARGS; LIVE_BENCH_SECONDS).
# PostgreSQL and Redis from DATABASE_URL, CACHE_URL, CELERY_BROKER_URL and CHANNEL_LAYER_URL,
# by default a mile_bench database and Redis dbs 5, 15 and 6.
bench: install
	$(PY) -m bench.queries
	$(PY) -m bench.render
	$(PY) -m bench.upload
	$(PY) -m bench.load $(LOAD_ARGS)
	$(PY) -m bench.email_fanout $(BENCH_ARGS)
	$(PY) -m bench.live $(LIVE_ARGS)
