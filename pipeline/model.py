"""The plain objects that flow through chc.

Extractors produce `Row`s and `Problem`s inside an `Extraction`; alignment turns
each Row into a `Response`; the loader writes Responses and Problems to DuckDB.
None of these objects knows about DuckDB or about any file format.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")


@dataclass
class Row:
    """One provision row as printed in a document, before alignment.

    `comply_raw` is None when the row has no comply cell at all, "" when the
    cell is present but blank.  `source_start`/`source_end` are 1-based line
    numbers for text formats and page numbers for paged formats (PDF).
    """

    printed_id: str = ""
    requirement: str = ""
    comply_raw: str | None = None
    evidence: str = ""
    commentary: str = ""
    section: str = ""
    sub_heading: str = ""
    source_start: int = 0
    source_end: int = 0
    # Paged formats: bounding box (x0, top, x1, bottom) in PDF points on source_start.
    bbox: tuple[float, float, float, float] | None = None
    # Anything else an extractor wants to keep for provenance (cell counts, table index).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Problem:
    """Something a user should know about a document.  Never raised: collected."""

    stage: str  # read | extract | align | analyse | load
    severity: str  # info | warning | error
    message: str
    row_no: int | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")


@dataclass
class Extraction:
    """What an extractor returns for one file."""

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # The document's own text as read (for landlord/period inference), may be truncated.
    text: str = ""
    # Column headers seen, e.g. ["Code provision", "Code requirement", "Comply", "Evidence", "Commentary"].
    headers: list[list[str]] = field(default_factory=list)
    extractor: str = ""
    pages: int | None = None


@dataclass
class Response:
    """An aligned row: what the `responses` table holds."""

    doc_id: str
    row_no: int
    provision_id: str | None
    code_version: str
    printed_id: str
    id_corrected: bool
    match_score: float
    match_method: str
    requirement_text: str
    comply_raw: str | None
    comply: str
    evidence: str
    commentary: str
    section: str
    sub_heading: str
    source_start: int
    source_end: int
    bbox: tuple[float, float, float, float] | None = None
