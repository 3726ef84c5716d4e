# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format worker beat migrate demo bench messages

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

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

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
	--ignore=.venv --ignore=node_modules --ignore=bench --ignore=tests --ignore=staticfiles
messages: install
	$(PY) manage.py makemessages -d django $(MESSAGES)
	$(PY) manage.py makemessages -d djangojs $(MESSAGES)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

worker: install
	$(BIN)/celery -A mile worker --loglevel=info

beat: install
	$(BIN)/celery -A mile beat --loglevel=info

# The benchmarks (bench/README.md): every page's SQL queries at small and large scale (the
# programme-scale data set, `python -m bench.scale_data`, fills an empty database first), the
# Markdown rendering times, the load through gunicorn (LOAD_ARGS), then the e-mail fan-out
# (BENCH_ARGS). PostgreSQL and Redis from DATABASE_URL,
# CACHE_URL and CELERY_BROKER_URL, by default a mile_bench database and Redis dbs 5 and 15.
bench: install
	$(PY) -m bench.queries
	$(PY) -m bench.render
	$(PY) -m bench.load $(LOAD_ARGS)
	$(PY) -m bench.email_fanout $(BENCH_ARGS)
