# The two commands: `make run` (embedded demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format install clean bench-matching bench-reminders bench-load

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Embedded mode: SQLite under var/, emails on the console, tasks in process, the cache (rate
# limits, used one-time codes) in a table of the database, shared by every process.
# `make run PORT=8080` serves on another port; links in emails follow it (SITE_URL).
PORT ?= 8000
run: export DEBUG ?= 1
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: export ALLOWED_SIGNUP_DOMAINS ?= example.org
# The demo's programme office: the account pages, allauth's emails and the demo programme
# (seed_demo) all name this one address.
run: export PROGRAMME_OFFICE_EMAIL ?= edi-office@example.org
run: $(STAMP)
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py run_periodic & \
	  trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The suite runs on PostgreSQL and Redis (tests that need them fail without them, see
# tests/servers.py): the local servers unless DATABASE_URL and REDIS_URL say otherwise.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/reverse_mentoring
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
test test-fast: export DATABASE_URL ?= $(TEST_DATABASE_URL)
test test-fast: export REDIS_URL ?= $(TEST_REDIS_URL)
test: export SECRET_KEY ?= insecure-test-only-key
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

test-fast: export SECRET_KEY ?= insecure-test-only-key
test-fast: $(STAMP)
	$(BIN)/pytest -m "not e2e and not production"

# Scores 2,000 mentors x 500 board members and compares optimal with greedy assignment.
bench-matching: $(STAMP)
	$(BIN)/python -m matching.bench

# Times the reminders dispatcher over 100,000 meetings (nothing due, then 1% due) and prints
# the PostgreSQL plans of its queries. It creates, then drops, a throwaway database
# (reverse_mentoring_bench) on the server DATABASE_URL names (default: local PostgreSQL).
bench-reminders: $(STAMP)
	$(BIN)/python -m bench.reminders

# Serves the pages with gunicorn under production settings over 10,000 people, 2,000 pairs and
# 50,000 meetings, signs in through the sign-in form and drives each page with wrk (Debian's
# package): throughput against a signed-in ping, latency at 100 requests a second, and query
# counts with small and large data. Writes bench/results/<date>.json. A throwaway database
# (reverse_mentoring_loadbench) is created, then dropped, on the server DATABASE_URL names.
bench-load: $(STAMP)
	$(BIN)/python -m bench.load

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache
