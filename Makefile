# chc: two commands on a fresh machine: `make setup`, then `make extract` / `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CHC    := $(VENV)/bin/chc
DB     ?= data/processed/chc.duckdb

.PHONY: setup extract test bench clean notebooks

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

extract: setup
	$(CHC) extract data/raw --db $(DB)

test: setup
	$(PY) -m pytest -q -n 2

bench: setup
	$(PY) bench/run.py $(BENCH)  # e.g. make bench BENCH="scale commentary"

# JupyterLab comes from the notebooks extra (not needed to run them headless: the tests use nbclient).
notebooks: setup
	$(PY) -m pip install --quiet -e '.[notebooks]'
	CHC_DB=$(abspath $(DB)) $(VENV)/bin/jupyter lab notebooks/

clean:
	rm -f $(DB) $(DB).wal
