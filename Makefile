# chc: two commands on a fresh machine: `make setup`, then `make extract` / `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CHC    := $(VENV)/bin/chc
DB     ?= data/processed/chc.duckdb

# Debian packages some features and tests use: Chromium (report rendering and printing, browser-
# printed PDF fixtures), LibreOffice (old office formats, Word/Calc-printed PDF fixtures),
# Tesseract (OCR of scanned PDFs), poppler-utils (page images in checks).
DEBIAN_PACKAGES := chromium libreoffice-writer-nogui libreoffice-calc-nogui tesseract-ocr tesseract-ocr-eng \
                   libtesseract-dev libleptonica-dev poppler-utils

.DEFAULT_GOAL := help
.PHONY: help setup system-packages extract test test-fast lint bench notebooks clean

help:  ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: system-packages $(VENV)/.installed  ## install the Debian packages (as root) and .venv with chc and its dev tools

system-packages:  ## the Debian packages above: installed when run as root, else listed
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
		echo "chc works without them, but these features need: sudo apt-get install $$missing"; \
	fi

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

# JupyterLab comes from the notebooks extra (not needed to run them headless: the tests use nbclient).
notebooks: setup  ## open the notebooks in JupyterLab (installs the notebooks extra)
	$(PY) -m pip install --quiet -e '.[notebooks]'
	CHC_DB=$(abspath $(DB)) $(VENV)/bin/jupyter lab notebooks/

clean:  ## remove the built database (the raw files are the source of truth)
	rm -f $(DB) $(DB).wal
