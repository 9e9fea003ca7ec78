# chc: two commands on a fresh machine: `make setup`, then `make extract` / `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CHC    := $(VENV)/bin/chc
DB     ?= data/processed/chc.duckdb

.DEFAULT_GOAL := help
.PHONY: help setup extract test test-fast lint bench clean

help:  ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(VENV)/.installed  ## create .venv and install chc with its dev tools

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

extract: setup  ## data/raw/* -> data/processed/chc.duckdb
	$(CHC) extract data/raw --db $(DB)

test: setup  ## the whole test suite, as CI runs it
	$(PY) -m pytest -q -n 2

test-fast: setup  ## the inner loop: every test not marked slow
	$(PY) -m pytest -q -n 2 -m "not slow"

lint: setup  ## ruff: style, likely bugs, complexity <= 15 per function
	$(PY) -m ruff check pipeline extractors tests bench

bench: setup  ## speed and memory figures into bench/results (BENCH="scale commentary" runs a subset)
	$(PY) bench/run.py $(BENCH)

clean:  ## remove the built database (the raw files are the source of truth)
	rm -f $(DB) $(DB).wal
