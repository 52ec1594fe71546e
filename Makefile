SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo

.PHONY: demo test lint install clean

# (pip's warnings about package locations this machine's config names but lacks are noise: filtered)
PIP := $(BIN)/python -m pip install -q
QUIET_PIP := { grep -v '^WARNING: Location' || true; }

$(VENV)/bin/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip 2>&1 | $(QUIET_PIP)

# `make demo` needs only the demo extra (the emulator); `make test` the developer tools too.
$(DEMO_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) -e '.[demo]' 2>&1 | $(QUIET_PIP)
	touch $(DEMO_STAMP)

# The spark extra (PySpark, ~500 MB, once) lets the Spark engine's equivalence tests run (local[2], Java 17+).
$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) -e '.[dev,demo,spark]' 2>&1 | $(QUIET_PIP)
	touch $(STAMP) $(DEMO_STAMP)

install: $(STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/ssrm demo --output ssrm-demo-report

test: $(STAMP)
	@# The HTML report's browser tests drive Debian's chromium; in CI a failed install fails the run.
	bash scripts/ensure-chromium.sh || [ -z "$$CI" ]
	@# The history store's tests run on PostgreSQL as well as SQLite; in CI a missing server fails the run.
	bash scripts/ensure-postgres.sh || [ -z "$$CI" ]
	$(BIN)/ruff check src tests benchmarks scripts docs/examples
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts docs/examples
	$(BIN)/mypy

clean:
	rm -rf $(VENV) ssrm-demo-report .pytest_cache
