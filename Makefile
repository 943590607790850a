# The two commands of the README (make serve, make test). Each installs what it needs first:
# Python packages into .venv/, the site's front-end libraries into node_modules/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test build check bench weight chromium frameworks-bench mutation

serve: $(VENV)/.site-installed
	$(BIN)/mkdocs serve

test: $(VENV)/.test-installed chromium
	$(BIN)/python -m pytest

build: $(VENV)/.site-installed
	$(BIN)/mkdocs build --strict

check: $(VENV)/.site-installed
	$(BIN)/python -m macros check

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/check_speed.py
	$(BIN)/python benchmarks/build_speed.py

# The framework benchmark (bench/README.md): every framework in its own environment under
# ~/.cache/framework-facts-bench, results to bench/results/ (unpublished; `python -m bench publish RUN REPLICATE`
# copies one into data/measurements/). BENCH_ARGS adds options, e.g.
# make frameworks-bench BENCH_ARGS="--frameworks pytorch jax --workloads mlp"
BENCH_ARGS ?= --cpus 1
frameworks-bench: $(VENV)/.test-installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(BIN)/python -m bench run $(BENCH_ARGS)

# Mutation testing (scripts/mutation.py), by hand, never in CI: one small bug at a time, the tests mapped
# to its module rerun. MUTATION_ARGS picks areas, the sample and the seed, e.g. MUTATION_ARGS="--areas bench --all".
MUTATION_ARGS ?=
mutation: $(VENV)/.test-installed chromium
	nice -n 10 $(BIN)/python scripts/mutation.py $(MUTATION_ARGS)

weight: $(VENV)/.test-installed chromium
	$(BIN)/python benchmarks/page_weight.py

# The browser tests drive Debian's Chromium (Playwright's own browser download is not reachable).
# As root (CI) it is installed with apt-get; otherwise the tests say how, and skip unless CI=true.
CHROMIUM ?= /usr/bin/chromium
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "note: no Chromium at $(CHROMIUM); install it with 'sudo apt-get install chromium' for the browser tests"; \
	  fi; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-installed: $(BIN)/python requirements.txt constraints.txt pyproject.toml package.json package-lock.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@
