"""The plain objects that flow through chc.

A `Source` (a file's bytes) goes to an extractor, which returns `Row`s and
`Problem`s inside an `Extraction`; alignment turns each Row into a `Response`;
`pipeline.ingest.process_file` gathers everything about one file in a
`DocumentResult`, which the loader writes to DuckDB.  None of these objects knows
about DuckDB or about any file format.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

SEVERITIES = ("info", "warning", "error")


@dataclass
class Source:
    """A file's bytes and where they came from."""

    path: Path
    data: bytes
    # Paged formats read at most this many pages and report the rest as a problem.
    max_pages: int | None = None
    # Scanned pages (PDF): ocr auto | never | always, Tesseract language(s), seconds per page.
    ocr: str = "auto"
    ocr_lang: str = "eng"
    ocr_page_timeout: float | None = None

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()


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
    # Context from the form's headings: the "Stage N" and "Section N" the row sits under.
    stage: int | None = None
    section_number: int | None = None
    # The provision the printed number names, or (no number) the one its wording opens.
    id_hint: str | None = None
    text_hint: str | None = None
    # Provenance: how the row was read.  `read_as` names the reader or layout that won
    # (text: tabbed | pipes | blocks | flat; grid; pdf: ruled | borderless); `merged` the
    # columns whose cell was merged down from the row above; `continued` how many later
    # parts (page breaks) were joined onto it; `sheet` a spreadsheet row's worksheet.
    read_as: str = ""
    merged: list[str] = field(default_factory=list)
    continued: int = 0
    sheet: str = ""
    html_markup: bool = False  # the cells carried HTML residue that was turned into text
    # Rows read by OCR (read_as "ocr+..."): mean word confidence of the row, and the lowest
    # word confidence in its claim cell (None: no claim word found), both 0-1.
    ocr_confidence: float | None = None
    claim_confidence: float | None = None
    # Columns beyond the form's ("Action / owner / target date", "RAG"): header -> whole cell text.
    extra_columns: dict[str, str] = field(default_factory=dict)


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
    # What the file says of itself, for the landlord's name: "title", "site_name" (a web
    # page's og:site_name), "author", "subject" (PDF and Word properties); only those present.
    metadata: dict[str, str] = field(default_factory=dict)
    # The format the bytes were converted to before reading (an old office format through LibreOffice).
    converted_format: str | None = None
    ocr_pages: list[int] = field(default_factory=list)  # pages whose words came from OCR
    # Tables that are not the form (KPI tables, action plans), as printed, with why not: each a
    # dict of page, layout, header, n_rows, n_columns, cells (body rows), bbox, why.  Context, never rows.
    context_tables: list[dict] = field(default_factory=list)


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
    # How the row was read (Row.read_as, merged, continued, sheet, html_markup), kept in the database.
    read_as: str = ""
    merged_cells: list[str] = field(default_factory=list)
    continued_parts: int = 0
    sheet: str = ""
    html_markup: bool = False
    ocr_confidence: float | None = None
    claim_confidence: float | None = None
    extra_columns: str | None = None  # JSON {header: text} of columns beyond the form's


@dataclass
class DocumentResult:
    """Everything chc learnt about one file: the `documents` row, the document's rows of
    every document-scoped table, and its problems.  What the loader writes."""

    path: Path
    sha256: str | None
    document: dict | None  # the documents row; None when the file could not be read
    tables: dict[str, list[dict]] = field(default_factory=dict)  # doc-scoped tables by name
    problems: list[Problem] = field(default_factory=list)

    @property
    def doc_id(self) -> str | None:
        return self.document["doc_id"] if self.document else None

    @property
    def status(self) -> str:
        return self.document["status"] if self.document else "failed"
