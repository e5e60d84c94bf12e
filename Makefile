# essaim — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
MANAGE := $(PY) manage.py
# Hashed lock files for every platform, compiled from pyproject.toml; versions already locked are
# kept unless UPGRADE says otherwise (`make lock UPGRADE=--upgrade`, `UPGRADE="-P django"`).
LOCK := $(VENV)/bin/uv pip compile --quiet --universal --generate-hashes --custom-compile-command "make lock"
PG_URL ?= postgres://postgres@127.0.0.1:5432/essaim

.PHONY: run setup demo serve test test-postgres test-dates quality browser-deps lock clean bench-cohorts bench-pages generate-scale bench-scale bench-load

## make run: install, migrate, load reference and demo data, serve on http://127.0.0.1:8000
run: setup demo serve

setup: $(VENV)/.installed node_modules/.installed
	$(MANAGE) migrate --noinput

demo:
	$(MANAGE) load_territories
	$(MANAGE) load_nomenclatures
	$(MANAGE) load_demo

serve:
	@echo "essaim : http://127.0.0.1:8000 (Ctrl+C pour arrêter)"
	$(MANAGE) runserver 127.0.0.1:8000

# Every package checked against its locked hash, then the project itself without resolving again.
$(VENV)/.installed: pyproject.toml requirements/test.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements/test.txt
	$(PIP) install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## make test: install test needs, check quality, run the whole suite (in CI also on PostgreSQL, and
## on SQLite at awkward dates)
test: $(VENV)/.installed node_modules/.installed browser-deps quality
	$(PY) -m pytest
	@if [ -n "$$CI" ]; then $(MAKE) --no-print-directory test-postgres test-dates; fi

# Instants (Paris time) where a test that assumes an ordinary day fails: Ascension, a Thursday
# before a bridge and a week-end, with 1 May and 8 May falling on Saturdays; the night clocks go
# forward, on Easter Sunday before Easter Monday.
TEST_DATES ?= 2027-05-06T09:00 2027-03-28T01:30

## make test-dates: the suite without the browser, once at each of TEST_DATES (SQLite)
test-dates: $(VENV)/.installed
	@for date in $(TEST_DATES); do \
		echo "Tests au $$date"; \
		env -u DATABASE_URL ESSAIM_TEST_DATE=$$date $(PY) -m pytest -q -m "not browser" || exit 1; \
	done

test-postgres: $(VENV)/.installed node_modules/.installed
	DATABASE_URL=$(PG_URL) $(PY) -m pytest

## make quality: lint and format (Python, templates), the one-way layers between apps, types of the service layer, lock files in step with pyproject.toml, migrations, deploy checks
quality: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint essaim --lint
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy
	@tmp=$$(mktemp -d) && cp requirements/base.txt requirements/test.txt $$tmp/ \
		&& $(LOCK) pyproject.toml -o $$tmp/base.txt \
		&& $(LOCK) pyproject.toml --extra test -c requirements/base.txt -o $$tmp/test.txt \
		&& $(LOCK) pyproject.toml --extra bench -c requirements/test.txt -o $$tmp/bench.txt \
		&& diff -u requirements/base.txt $$tmp/base.txt && diff -u requirements/test.txt $$tmp/test.txt \
		&& diff -u requirements/bench.txt $$tmp/bench.txt; \
		status=$$?; rm -rf $$tmp; \
		if [ $$status -ne 0 ]; then echo "requirements/*.txt ne suit plus pyproject.toml : lancez make lock."; exit 1; fi
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.prod SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
		$(MANAGE) check --deploy --fail-level WARNING

# Browser tests use Debian's chromium, PDF sheets WeasyPrint's Pango; install them when missing
# and we may (root), else those tests skip.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installation de chromium (tests navigateur)…"; \
			apt-get install -y -qq chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null); \
		else \
			echo "chromium absent et pas de droits root : les tests navigateur seront ignorés."; \
		fi; \
	fi
	@if ! ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' || ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || ! ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0'; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installation de Pango (feuilles d'émargement PDF, WeasyPrint)…"; \
			apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null || (apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null); \
		else \
			echo "Pango absent et pas de droits root : les tests des PDF (WeasyPrint) seront ignorés."; \
		fi; \
	fi

## make bench-cohorts: time and quality of the cohort composition engine, 12 to 120 candidates
bench-cohorts: $(VENV)/.installed
	$(PY) scripts/bench_cohorts.py

## make bench-pages: time and query count of the heaviest pages on 100 to 5,000 generated rows
bench-pages: $(VENV)/.installed node_modules/.installed
	$(PY) scripts/bench_pages.py

## make generate-scale: (re)fill the PostgreSQL database essaim_scale with national-scale data
## (200,000 organisations, 500,000 sessions…; SCALE_ARGS="--scale 0.1" for less)
SCALE_DB ?= postgres://postgres@127.0.0.1:5432/essaim_scale
generate-scale: $(VENV)/.installed
	$(PY) scripts/scale_database.py --database-url $(SCALE_DB) --regenerate $(SCALE_ARGS)

## make bench-scale: p50/p95 server time and query count of every key page on that data set
bench-scale: $(VENV)/.installed node_modules/.installed
	$(PY) scripts/scale_database.py --database-url $(SCALE_DB) $(SCALE_ARGS)
	DJANGO_SETTINGS_MODULE=config.settings.bench SECRET_KEY=bench $(MANAGE) collectstatic --noinput -v0
	$(PY) scripts/bench_scale.py --database-url $(SCALE_DB)

## make bench-load: req/s and p95 of key pages under gunicorn, as ratios to a bare view, then a
## mixed crowd of 50 people (installs Locust from requirements/bench.txt)
bench-load: $(VENV)/.installed node_modules/.installed
	$(PIP) install --quiet --require-hashes -r requirements/bench.txt
	$(PY) scripts/scale_database.py --database-url $(SCALE_DB) $(SCALE_ARGS)
	DJANGO_SETTINGS_MODULE=config.settings.bench SECRET_KEY=bench $(MANAGE) collectstatic --noinput -v0
	$(PY) scripts/bench_load.py --database-url $(SCALE_DB)

## make lock: recompile requirements/base.txt (production) and test.txt (development, CI) with hashes
lock: $(VENV)/.installed
	$(LOCK) $(UPGRADE) pyproject.toml -o requirements/base.txt
	$(LOCK) $(UPGRADE) pyproject.toml --extra test -c requirements/base.txt -o requirements/test.txt
	$(LOCK) $(UPGRADE) pyproject.toml --extra bench -c requirements/test.txt -o requirements/bench.txt

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
