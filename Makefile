# The two commands a newcomer needs: `make run` and `make test`. Everything else is here for them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := var/stamps
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
BUILD := static/build
# Only the assets the pages use (the whole dist folder is ~1,400 files).
NHSUK_IMAGES := favicon.ico favicon.svg nhsuk-icon-180.png nhsuk-icon-arrow-down.svg \
	nhsuk-icon-arrow-up-down.svg nhsuk-icon-arrow-up.svg nhsuk-icon-cross.svg
DEMO_PASSWORD ?=
# Local commands run with DEBUG on unless the caller says otherwise.
MANAGE := DEBUG=$${DEBUG:-true} $(PY) manage.py

.PHONY: help demo-code a11y-report bench profile install run test test-unit test-slow test-e2e lint format migrate content catalogue assets clean

help:
	@echo "make run    install everything, load content and demo data, serve on http://127.0.0.1:8000/"
	@echo "make test   install everything, run the whole test suite (unit and real-browser tests)"
	@echo "make lint   ruff check, ruff format --check, import layers, makemigrations --check, catalogue checks"
	@echo "make catalogue  rebuild fixtures/catalogue.json from the YAML source and reload it"

$(STAMPS):
	@mkdir -p $(STAMPS)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip

$(STAMPS)/pip: pyproject.toml | $(PY) $(STAMPS)
	$(PY) -m pip install -qq -e '.[dev]'
	@touch $@

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(BUILD)/css/app.css: static/scss/app.scss $(STAMPS)/npm
	@mkdir -p $(BUILD)/css
	npx --no-install sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules \
		static/scss/app.scss $@

$(STAMPS)/assets: $(STAMPS)/npm Makefile | $(STAMPS)
	@mkdir -p $(BUILD)/nhsuk/images $(BUILD)/js
	cp $(NHSUK)/nhsuk-frontend.min.js $(BUILD)/js/nhsuk-frontend.min.js
	cd $(NHSUK)/assets/images && cp $(NHSUK_IMAGES) $(CURDIR)/$(BUILD)/nhsuk/images/
	@touch $@

assets: $(BUILD)/css/app.css $(STAMPS)/assets

migrate: $(STAMPS)/pip
	$(MANAGE) migrate --no-input -v 0

# Loads the shipped treatment catalogue on first install (later edits are made in the admin).
content: migrate
	$(MANAGE) load_catalogue

# After editing decision_aid/content/catalogue/*.yaml: rebuild the fixture and reload it.
catalogue: migrate
	$(MANAGE) build_catalogue
	$(MANAGE) load_catalogue --reload

install: $(STAMPS)/pip assets migrate content

# The background worker (MDT packs) runs beside the web server and stops with it.
run: install
	$(MANAGE) seed_demo $(if $(DEMO_PASSWORD),--password "$(DEMO_PASSWORD)")
	$(MANAGE) db_worker --reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

# Production-like (README, "Several processes on PostgreSQL"): DEBUG off, gunicorn with 2
# workers and 2 task workers on one PostgreSQL database (by default the one .ci/run makes).
.PHONY: run-prod-like check-postgres
PROD_LIKE_DATABASE_URL := postgres://decision_aid:decision_aid@127.0.0.1:5432/decision_aid
run-prod-like check-postgres: export DATABASE_URL ?= $(PROD_LIKE_DATABASE_URL)

check-postgres:
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; *) \
		echo "run-prod-like needs PostgreSQL (DATABASE_URL=postgres://...): see the README" >&2; \
		exit 2;; esac

run-prod-like: check-postgres install
	$(MANAGE) seed_demo $(if $(DEMO_PASSWORD),--password "$(DEMO_PASSWORD)")
	export DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false \
		SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	$(PY) manage.py collectstatic --no-input -v 0 || exit 1; \
	pids=; for n in 1 2; do \
		$(PY) manage.py db_worker --no-reload --worker-id "pack-worker-$$n" & pids="$$pids $$!"; \
	done; \
	trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	echo "Production-like: http://localhost:8000/ (gunicorn, 2 workers; 2 task workers)"; \
	$(VENV)/bin/gunicorn decision_aid.wsgi --bind 127.0.0.1:8000 --workers 2

# Three tiers (docs/adr/0006-test-tiers.md). make test runs them all: the non-browser tests in
# one parallel run (pytest-xdist: a worker per CPU, each with its own test database; tests go to
# whichever worker is free, except files marked with an xdist_group, whose module-scoped fixtures
# are then built once; XDIST= runs serially), then the real-browser tests, also a worker per CPU
# (each with its own live server and browser; E2E_XDIST= runs them one at a time). make test-unit
# is the quick loop while working: it leaves out the "slow" tests (sweeps of every route, page or
# text, fuzzing, races, real processes), which make test-slow runs. Exit 5: nothing selected.
XDIST ?= -n auto --dist loadgroup
E2E_XDIST ?= -n auto --dist load
# Python's bytecode caches (and pytest's rewritten test modules) are written even where the shell
# sets PYTHONDONTWRITEBYTECODE: without them every run, every worker and every subprocess a test
# starts compiles the project and its tests again (collection 8.6 s against 3.9 s here).
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest

test: install
	$(PYTEST) -m "not e2e" $(XDIST) $(PYTEST_ARGS); unit=$$?; \
	$(PYTEST) -m e2e $(E2E_XDIST) $(PYTEST_ARGS); e2e=$$?; \
	for status in $$unit $$e2e; do [ $$status -eq 0 ] || [ $$status -eq 5 ] || exit $$status; done

# The tiers on their own need only the packages and static files (the tests make their own
# databases), not the development database that install migrates and loads.
test-unit: $(STAMPS)/pip assets
	$(PYTEST) -m "not e2e and not slow" $(XDIST) $(PYTEST_ARGS)

test-slow: $(STAMPS)/pip assets
	$(PYTEST) -m "slow and not e2e" $(XDIST) $(PYTEST_ARGS)

test-e2e: $(STAMPS)/pip assets
	$(PYTEST) -m e2e $(E2E_XDIST) $(PYTEST_ARGS)

# Ratios measured in one run (pages, autosave, PDFs, queue scaling, load): see benchmarks/.
# Accessibility and plain-language gate on its own, then a report of what it found.
a11y-report: install
	$(PYTEST) -q -p no:cacheprovider tests/e2e/test_every_page.py tests/e2e/test_keyboard.py \
		tests/a11y; status=$$?; $(PY) -m tests.a11y.report; exit $$status

# The demo accounts' current two-factor code (they share one known demo secret; issue 17).
demo-code:
	@$(MANAGE) seed_demo --code

# make bench runs every figure; make bench ONLY="queue pdfs" runs just those scenarios.
bench: install
	$(PY) -m benchmarks.run $(ONLY)

# A pyinstrument profile of one request: make profile PAGE=/steps/your-options
PAGE ?= /steps/your-options
profile: install
	$(PY) -m benchmarks.profile "$(PAGE)"

lint: $(STAMPS)/pip
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) build_catalogue --check
	@if [ -f ../shared/tools/seed_overlap.py ]; then python3 ../shared/tools/seed_overlap.py; \
	elif [ "$${CI:-}" = true ]; then \
		echo "lint: ../shared/tools/seed_overlap.py is missing; CI checks the seed overlap" >&2; exit 1; \
	else \
		echo "WARNING: ../shared is not beside the project: the seed overlap was NOT checked" >&2; fi

format: $(STAMPS)/pip
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(BUILD) $(STAMPS) var/staticfiles
