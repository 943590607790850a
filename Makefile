# The two commands of the README (make serve, make test). Each installs what it needs first:
# Python packages into .venv/, the site's front-end libraries into node_modules/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test build check bench

serve: $(VENV)/.site-installed
	$(BIN)/mkdocs serve

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

build: $(VENV)/.site-installed
	$(BIN)/mkdocs build --strict

check: $(VENV)/.site-installed
	$(BIN)/python -m macros check

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/check_speed.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-installed: $(BIN)/python requirements.txt constraints.txt pyproject.toml package.json package-lock.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@
