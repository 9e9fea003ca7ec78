# chc: two commands on a fresh machine: `make setup`, then `make extract` / `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CHC    := $(VENV)/bin/chc
DB     ?= data/processed/chc.duckdb

.PHONY: setup extract test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@# LibreOffice reads old office formats (.doc .odt .rtf .xls .ods); installed where we are root on Debian.
	@command -v soffice >/dev/null 2>&1 || { [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-writer-nogui libreoffice-calc-nogui; } || \
		echo "note: LibreOffice not installed; .doc/.odt/.rtf/.xls/.ods files will be reported, not read"
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

clean:
	rm -f $(DB) $(DB).wal
