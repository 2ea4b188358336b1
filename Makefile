# The few verbs people type. Every target sets up the virtualenv itself when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock run demo-reset test lint typecheck check bench messages worker beat clean

# Installs exactly what requirements/dev.txt locks (versions and hashes), then the project itself.
$(STAMP): pyproject.toml requirements/dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# After changing a dependency in pyproject.toml: lock it again (production, then with the dev tools).
LOCK := $(BIN)/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: $(STAMP)
	$(LOCK) --output-file requirements/production.txt pyproject.toml
	$(LOCK) --extra dev --output-file requirements/dev.txt pyproject.toml

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Open http://$(HOST):$(PORT)/ and sign in with one of the demo logins above."
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Erase the database (everyone's changes too) and load the demo again: asks first.
demo-reset: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --reset

# make test ARGS="tests/reporting -k tracker" runs some; ARGS=--lf runs what failed last time.
test: $(STAMP)
	$(BIN)/pytest $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs over the services, selectors and permissions ([tool.mypy] in pyproject.toml).
typecheck: $(STAMP)
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-0123456789abcdef \
	  DJANGO_ALLOWED_HOSTS=artracker.example.gc.ca SITE_URL=https://artracker.example.gc.ca DATABASE_URL=sqlite:///tmp/check.sqlite3 REDIS_URL=redis://:check-only@127.0.0.1:6379/0 \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

bench: $(STAMP)
	$(BIN)/python -m bench

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=tests --no-location
	$(BIN)/python manage.py compilemessages -l fr --ignore=.venv

worker: $(STAMP)
	$(BIN)/celery -A config worker --loglevel=INFO

beat: $(STAMP)
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 .test-db.sqlite3 staticfiles .mypy_cache
