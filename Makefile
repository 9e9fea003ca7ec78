# chc: two commands on a fresh machine: `make setup`, then `make extract` / `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CHC    := $(VENV)/bin/chc
DB     ?= data/processed/chc.duckdb

.PHONY: setup tesseract extract test bench clean

setup: $(VENV)/.installed tesseract

# Scanned PDFs are read with Tesseract (Debian's tesseract-ocr): installed here when
# apt-get can run as root, otherwise named; chc works without it (scans are reported).
tesseract:
	@if [ -f /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] || command -v tesseract >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" -eq 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q tesseract-ocr tesseract-ocr-eng || echo "note: apt-get could not install tesseract-ocr; scanned PDFs will be reported, not read"; \
	else echo "note: to read scanned PDFs install Tesseract: sudo apt-get install tesseract-ocr tesseract-ocr-eng (macOS: brew install tesseract)"; fi

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

clean:
	rm -f $(DB) $(DB).wal
