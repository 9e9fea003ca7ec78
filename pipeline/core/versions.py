"""The versions chc records, each with its own job.

- `pipeline.__version__`: the release (pyproject reads it).  Changing it re-extracts nothing.
- `EXTRACTOR_VERSION`: what the rows of a document depend on (extractors, alignment, commentary
  analysis).  `documents.extractor` holds `<format>/<EXTRACTOR_VERSION>`; a document loaded by
  another extractor version is extracted again on the next `chc extract`.  Bump it when a change
  alters the rows chc would write for a document it has already loaded.
- `SCHEMA_VERSION` (pipeline.db.schema): the shape of the database.
"""
from __future__ import annotations

EXTRACTOR_VERSION = "6"  # 6: the merges of this release (published PDFs, commentary, text readers, OCR)


def extractor_version(fmt: str) -> str:
    """The `documents.extractor` value for a document of this format read now."""
    return f"{fmt}/{EXTRACTOR_VERSION}"


def is_current(extractor: str | None) -> bool:
    """Was a document with this `documents.extractor` value read by the current extractor version?"""
    return (extractor or "").rsplit("/", 1)[-1] == EXTRACTOR_VERSION
