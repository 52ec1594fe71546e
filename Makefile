SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@# (pip's warnings about package locations this machine's config names but lacks are noise: filtered)
	$(BIN)/python -m pip install -q --upgrade pip 2>&1 | { grep -v '^WARNING: Location' || true; }
	$(BIN)/python -m pip install -q -e '.[dev]' 2>&1 | { grep -v '^WARNING: Location' || true; }
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/ssrm demo --output ssrm-demo-report

test: $(STAMP)
	@# The HTML report's browser tests drive Debian's chromium; in CI a failed install fails the run.
	bash scripts/ensure-chromium.sh || [ -z "$$CI" ]
	@# The history store's tests run on PostgreSQL as well as SQLite; in CI a missing server fails the run.
	bash scripts/ensure-postgres.sh || [ -z "$$CI" ]
	$(BIN)/ruff check src tests benchmarks scripts docs/examples
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts docs/examples

clean:
	rm -rf $(VENV) ssrm-demo-report .pytest_cache
