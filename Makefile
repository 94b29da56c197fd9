# Peerdesk: `make run` starts everything locally, `make test` runs the whole suite.
# Both work on a fresh machine with Python 3.11; nothing else needs to be installed by hand.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint security format install messages chromium lock clean help

help:
	@echo "make run    start Peerdesk on http://127.0.0.1:8000 (database, Redis, worker, beat, web)"
	@echo "make test   run the whole test suite against real PostgreSQL"
	@echo "make lint   ruff check and format check"
	@echo "make security  check --deploy with production settings, bandit, pip-audit"

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# Compiled catalogues are built, not committed; Babel does it without GNU gettext. locale_overrides holds
# our German for allauth's and Django's strings (see LOCALE_PATHS in community/settings.py).
messages: install
	@$(BIN)/pybabel -q compile --domain django --directory community/locale
	@$(BIN)/pybabel -q compile --domain django --directory community/locale_overrides

run: install messages
	@$(BIN)/python -m community.local run

# Browser tests drive Debian's chromium; install it when it is missing.
chromium:
	@test -x /usr/bin/chromium || { echo "installing chromium (Debian package) for the browser tests"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: install messages chromium
	@$(BIN)/python -m community.local test -- $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Deployment checks, bandit and pip-audit (.ci/security says what each checks and when pip-audit is skipped).
security: install
	@bash .ci/security

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin the whole dependency set after changing pyproject.toml: requirements.lock is what production
# installs, requirements-dev.lock adds the test tools.
PIN := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(PIN) -o requirements.lock pyproject.toml
	$(PIN) --extra dev -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) var
