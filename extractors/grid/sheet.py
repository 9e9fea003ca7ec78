"""Spreadsheets: `.xlsx` (openpyxl) and `.csv`, one row per provision.

Every worksheet is a grid (`extractors.grid`): a header row names the columns
(else the columns are told from what they hold), merged cells are expanded
(copied down or right), a full-width row or a sheet named like a section
("Section 1", "Stage 2") sets the context.  A CSV's delimiter (`,` `;` tab `|`)
is sniffed and its encoding detected as for text dumps.  A sheet with a single
text column is read by the text readers instead.  `source_start`/`source_end`
are the 1-based sheet row (CSV record) numbers; `Row.sheet` names the
worksheet.
"""
from __future__ import annotations

import csv
import io
import zipfile

from pipeline.core.model import Source
from extractors.text.decode import decode_text
from extractors.grid.reader import MAX_COLUMNS, MAX_ROWS, Cell, GridReader, GridRow, expand_spans, settle, unreadable
from extractors.grid.zipped import oversized
from extractors.text.sniff import text_index
from pipeline.core.model import Extraction, Problem

NAME = "sheet"


def extract(source: Source) -> Extraction:
    out = Extraction(extractor=NAME)
    if source.suffix == ".csv":
        text, out.problems = decode_text(source.data)
        if text is None:
            return out
        sheets = [("", _csv_rows(text))]
    else:
        if (too_big := oversized(source.data, "Excel (.xlsx) workbook")) is not None:
            out.problems.append(too_big)
            return out
        try:
            sheets = _xlsx_sheets(source.data, out.problems)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
            out.problems.append(unreadable("Excel (.xlsx) workbook", e, "an old .xls file must be saved as .xlsx first"))
            return out
    index = text_index()
    reader = GridReader(index)
    lines: list[str] = []
    for name, grid in sheets:
        if name:
            reader.heading(name)
        for row in grid:
            row.sheet = name
        reader.table(grid)
        lines.extend(row.as_line() for row in grid)
    return settle(out, reader, lines, (
        f"{len(sheets)} sheet(s), {sum(len(g) for _, g in sheets)} non-empty rows, none with a Code "
        "provision number or a provision's wording"))


def _csv_rows(text: str) -> list[GridRow]:
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for n, record in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if n > MAX_ROWS:
            break
        if any(v.strip() for v in record):
            rows.append(GridRow([Cell(v.strip()) for v in record], n))
    return rows


def _xlsx_sheets(data: bytes, problems: list[Problem]) -> list[tuple[str, list[GridRow]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True)
    sheets = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        # Only the cells the file holds: asking openpyxl for a cell makes one, and a single cell at
        # XFD5000 would make every cell up to it (82 million) if the sheet were walked by position.
        present = ws._cells
        n_rows = max((r for r, _ in present), default=0)
        n_cols = max((c for _, c in present), default=0)
        if n_rows > MAX_ROWS or n_cols > MAX_COLUMNS:
            problems.append(Problem("extract", "warning", (
                f"sheet {ws.title!r} reaches row {n_rows:,}, column {n_cols:,}; chc reads the first {MAX_ROWS:,} "
                f"rows and {MAX_COLUMNS} columns of a sheet (a self-assessment is far smaller)")))
        n_rows, n_cols = min(n_rows, MAX_ROWS), min(n_cols, MAX_COLUMNS)
        spans = {}
        covered = set()
        for rng in ws.merged_cells.ranges:
            if rng.min_row > n_rows or rng.min_col > n_cols:
                continue
            last_row, last_col = min(rng.max_row, n_rows), min(rng.max_col, n_cols)
            spans[(rng.min_row, rng.min_col)] = (last_row - rng.min_row + 1, last_col - rng.min_col + 1)
            covered.update((r, c) for r in range(rng.min_row, last_row + 1)
                           for c in range(rng.min_col, last_col + 1) if (r, c) != (rng.min_row, rng.min_col))
        raw, numbers = [], []
        for r in range(1, n_rows + 1):
            cells = []
            for c in range(1, n_cols + 1):
                if (r, c) in covered:
                    continue  # filled by expand_spans from the merged range's first cell
                cell = present.get((r, c))
                rowspan, colspan = spans.get((r, c), (1, 1))
                cells.append((_value(cell.value, cell.number_format) if cell is not None else "", rowspan, colspan))
            raw.append(cells)
            numbers.append(r)
        grid = [GridRow(cells, n) for cells, n in zip(expand_spans(raw), numbers)]
        sheets.append((ws.title, [g for g in grid if any(c.text.strip() for c in g.cells)]))
    return sheets


def _value(value, number_format: str = "General") -> str:
    """A cell as text.  A provision number typed as a number keeps the decimals its
    format shows (1.10 formatted "0.00" is "1.10", not 1.1)."""
    if value is None:
        return ""
    if isinstance(value, float):
        decimals = number_format.split(".")[1].count("0") if "." in (number_format or "") else 0
        if decimals:
            return f"{value:.{decimals}f}"
        return str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()
