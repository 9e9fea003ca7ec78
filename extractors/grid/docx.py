"""Word files (`.docx`), read with python-docx.

Paragraphs and tables are read in document order.  Tables become grids
(`extractors.grid`): horizontally merged cells are copies to the right,
vertically merged cells copies downward (a row whose number cell is such a copy
continues the row above), repeated header rows are skipped, and headings
printed between tables (or as full-width rows inside one) set the section /
stage context.  List paragraphs in a cell keep a bullet.  A document whose form
is not in tables (labelled blocks in paragraphs) is read by the text readers on
its paragraphs.  `source_start`/`source_end` count paragraphs and table rows
together, 1-based, in document order (the n-th block of the body).
"""
from __future__ import annotations

import io
import zipfile

from pipeline.core.model import Source
from extractors.grid.reader import MAX_COLUMNS, Cell, GridReader, GridRow, settle, unreadable
from extractors.grid.zipped import oversized
from extractors.form.markup import BULLETS
from extractors.text.sniff import text_index
from pipeline.core.model import Extraction, Problem

NAME = "docx"


def extract(source: Source) -> Extraction:
    out = Extraction(extractor=NAME)
    if (too_big := oversized(source.data, "Word (.docx) file")) is not None:
        out.problems.append(too_big)
        return out
    try:
        import docx

        document = docx.Document(io.BytesIO(source.data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        out.problems.append(unreadable("Word (.docx) file", e, "an old .doc file must be saved as .docx first"))
        return out
    out.metadata = _properties(document)
    index = text_index()
    reader = GridReader(index)
    lines: list[str] = []
    position = 0
    tables = 0
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            tables += 1
            if (width := _widest(block)) > MAX_COLUMNS:
                out.problems.append(Problem(
                    "extract", "error", f"table {tables} is {width:,} columns wide (cells spanning that many "
                                        f"columns); chc reads tables of at most {MAX_COLUMNS}, so it was skipped"))
                continue
            grid = _grid(block, position)
            position += len(grid)
            reader.table(grid)
            lines.extend(row.as_line() for row in grid)
        else:
            position += 1
            text = _paragraph_text(block)
            if text.strip():
                reader.heading(text)
            lines.append(text)
    what = (f"{tables} table(s) in the document, none with Code provision rows"
            if tables else "the document has no table and no paragraphs in a layout chc reads")
    return settle(out, reader, lines, what)


def _properties(document) -> dict[str, str]:
    """The file's core properties (title, author, subject), those that are filled in."""
    props = document.core_properties
    found = {}
    for key in ("title", "author", "subject"):
        value = " ".join(str(getattr(props, key, "") or "").split())
        if value:
            found[key] = value
    return found


def _paragraph_text(paragraph) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if ("List" in style or numbered) and text[:1] not in BULLETS:
        return f"• {text}"
    return text


def _cell_text(cell) -> str:
    return "\n".join(t for p in cell.paragraphs if (t := _paragraph_text(p)))


def _widest(table) -> int:
    """Columns the table's widest row spans, from its XML (python-docx would copy a cell once per
    column it spans: gridSpan="5000000" is five million cells)."""
    widest = 0
    for tr in table._tbl.tr_lst:
        widest = max(widest, sum(max(1, tc.grid_span) for tc in tr.tc_lst))
    return widest


def _grid(table, position: int) -> list[GridRow]:
    rows = []
    for r, row in enumerate(table.rows):
        own = set(map(id, row._tr.tc_lst))
        cells: list[Cell] = []
        previous = None
        for cell in row.cells:
            tc = cell._tc
            hspan = tc is previous
            previous = tc
            cells.append(Cell(_cell_text(cell), spanned=id(tc) not in own, hspan=hspan))
        rows.append(GridRow(cells, position + r + 1))
    return rows
