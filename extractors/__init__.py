"""One extractor per file format.

An extractor is a module with `NAME` (str) and `extract(source: Source) -> Extraction`.
It returns plain `Row`s with provenance and `Problem`s, and knows nothing of DuckDB
or of alignment.  It must not raise for bad input: it reports a Problem instead
(the caller still guards against bugs).  A new format is a new module plus a line
in `FORMATS` below, and nothing else.
"""
from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType

# suffix -> (format name, module).  Modules are imported on first use so that a
# text-only run never pays for pdfplumber or python-docx.
FORMATS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "extractors.text"),
    ".text": ("text", "extractors.text"),
    ".md": ("text", "extractors.text"),
    ".pdf": ("pdf", "extractors.pdf"),
    ".html": ("html", "extractors.html"),
    ".htm": ("html", "extractors.html"),
    ".docx": ("docx", "extractors.docx"),
    ".xlsx": ("sheet", "extractors.sheet"),
    ".csv": ("sheet", "extractors.sheet"),
}


@dataclass
class Source:
    """A file's bytes and where they came from."""

    path: Path
    data: bytes
    # Paged formats read at most this many pages and report the rest as a problem.
    max_pages: int | None = None

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()


def format_of(path: Path) -> str | None:
    entry = FORMATS.get(path.suffix.lower())
    return entry[0] if entry else None


def module_for(path: Path) -> ModuleType | None:
    entry = FORMATS.get(path.suffix.lower())
    return importlib.import_module(entry[1]) if entry else None


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in FORMATS
