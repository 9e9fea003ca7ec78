"""One extractor per file format; `FORMATS` is the registry.

An extractor is a module with `NAME` (str) and `extract(source: Source) -> Extraction`
(`pipeline.core.model`).  It returns plain `Row`s with provenance and `Problem`s,
knows nothing of DuckDB or of alignment, and imports only `pipeline.core` from
the pipeline.  It must not raise for bad input: it reports a Problem instead (the
caller still guards against bugs).  A new format is a new module plus a line in
`FORMATS` below, and nothing else.

    form/   what is known about the printed form (columns, headers, headings, labels, ticks, furniture)
    text/   text dumps and web pages saved as text (one module per layout reader)
    grid/   tables as grids of cells: HTML, Word, spreadsheets
    pdf/    PDFs: text layer and rules from PDFium, chc's own table geometry
"""
from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

# suffix -> (format name, module).  Modules are imported on first use so that a
# text-only run never pays for PDFium or python-docx.
FORMATS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "extractors.text"),
    ".text": ("text", "extractors.text"),
    ".md": ("text", "extractors.text"),
    ".pdf": ("pdf", "extractors.pdf"),
    ".html": ("html", "extractors.grid.html"),
    ".htm": ("html", "extractors.grid.html"),
    ".docx": ("docx", "extractors.grid.docx"),
    ".xlsx": ("sheet", "extractors.grid.sheet"),
    ".csv": ("sheet", "extractors.grid.sheet"),
    # Old office formats: converted by LibreOffice (extractors/convert.py), then read as docx / xlsx.
    ".doc": ("doc", "extractors.convert"),
    ".odt": ("odt", "extractors.convert"),
    ".rtf": ("rtf", "extractors.convert"),
    ".xls": ("xls", "extractors.convert"),
    ".ods": ("ods", "extractors.convert"),
}


def format_of(path: Path) -> str | None:
    entry = FORMATS.get(path.suffix.lower())
    return entry[0] if entry else None


def module_for(path: Path) -> ModuleType | None:
    entry = FORMATS.get(path.suffix.lower())
    return importlib.import_module(entry[1]) if entry else None


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in FORMATS
