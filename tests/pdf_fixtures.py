"""Render known self-assessment rows into PDFs that look like published ones.

Used by tests/test_pdf.py and bench/bench_pdf.py.  Nothing here is committed as
a PDF: every file is generated into a temporary directory from rows whose text
is known, so the expected extraction is known exactly.

Layouts (see `LAYOUTS`), all built with reportlab's platypus tables the way Word
lays out a self-assessment form:

- ``ruled_portrait``: 4-column 2022 form on A4 portrait, full grid, header row
  repeated on every page, rows split inside the row at a page break and, as
  Word does, closed with a rule at the page foot.
- ``ruled_landscape``: 5-column 2024 form on A4 landscape, same rules.
- ``ruled_open``: 5-column landscape whose rows split at a page break have no
  rule at the page foot (and none between the repeated header and the rest of
  the row).
- ``borderless``: no rules at all; bold header row repeated on each page.
- ``header_dup``: a ruled table whose header row is repeated on each page *and*
  printed again mid-page, as pasted tables often do.
- ``long_rows``: rows whose evidence runs over two and three pages.
- ``headings``: one table per section with "Section N: title" headings and
  "Stage N" sub-headings between the tables.
- ``merged``: "Section"/"Stage" as full-width merged rows inside the table,
  evidence cells spanning the commentary column, comply cells merged down.
- ``reordered`` / ``borderless_reordered``: columns in another order.
- ``horizontal_rules``: rules between rows only, no vertical rules.
- ``stage_cells``: "Stage N" typed twice into an otherwise empty row (not merged),
  "Section N" as a merged row.
- ``borderless_narrow``: borderless with 1 cm top and bottom margins, body
  text close to the running header and footer.
- ``unnumbered_top``: new pages before rows 20 and 40; use with
  `unnumbered_rows` so that rows without a number (and no claim) open a page,
  where they look like the rest of a row split by the page break.

Every layout carries page furniture: a running header, a footer and a page
number ("Page N of M"), which an extractor must leave out.

The rows come from `seed_rows()` (the seed text dumps read by the text extractor,
when it is available) or `reference_rows()` (the canonical Code texts with
evidence and commentary written here).  Both give `FixtureRow`s.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "schemas" / "reference"

HEADERS_2022 = ["Code section", "Code requirement", "Comply: Yes / No", "Evidence, commentary and any explanations"]
HEADERS_2024 = ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation"]
RUNNING_HEADER = "Example Homes - Housing Ombudsman Complaint Handling Code self-assessment"
FOOTER = "Example Homes | Published by the Board | Page {page} of {pages}"


@dataclass
class FixtureRow:
    """One row of a self-assessment form, as it should come out of the PDF."""

    printed_id: str
    requirement: str
    comply: str
    evidence: str
    commentary: str = ""
    section: str = ""  # heading printed above the row's table, e.g. "Section 1: Definition of a complaint"
    sub_heading: str = ""  # "Stage 1", "Best practice 'should' requirements", ...
    stage: int | None = None
    # Merged cells (layout "merged"): evidence spans the commentary column; the
    # comply cell spans this row and the next.
    merge_evidence: bool = False
    merge_comply_down: bool = False


@dataclass
class Rendered:
    """A generated PDF and where each row was drawn (from reportlab itself)."""

    path: Path
    pages: int
    row_pages: list[tuple[int, int]]  # per row: first and last page it was drawn on


@dataclass
class Layout:
    name: str
    columns: int  # 4 (2022 form) or 5 (2024 form)
    landscape: bool = False
    ruled: bool = True
    foot_rule: bool = True  # close a row split at a page break with a rule
    headings: bool = False  # one table per section / stage, headings between
    dup_header_every: int = 0  # print the header row again after every N rows
    merged: bool = False  # "Stage N" as a full-width merged row; merged evidence / comply cells
    order: tuple[int, ...] | None = None  # columns in another order than the official form's
    horizontal_only: bool = False  # rules between rows only, no vertical rules (a common Word style)
    stage_cells: bool = False  # "Stage N" typed into ordinary cells of an empty row, not merged
    break_before: tuple[int, ...] = ()  # start a new page (and table) before these rows
    margin_mm: float = 16  # top and bottom page margins
    extra: dict = field(default_factory=dict)


LAYOUTS: dict[str, Layout] = {
    "ruled_portrait": Layout("ruled_portrait", 4),
    "ruled_landscape": Layout("ruled_landscape", 5, landscape=True),
    "ruled_open": Layout("ruled_open", 5, landscape=True, foot_rule=False),
    "borderless": Layout("borderless", 5, landscape=True, ruled=False),
    "header_dup": Layout("header_dup", 4, dup_header_every=9),
    "long_rows": Layout("long_rows", 4),
    "long_rows_open": Layout("long_rows_open", 5, landscape=True, foot_rule=False),
    "headings": Layout("headings", 5, landscape=True, headings=True),
    "headings_borderless": Layout("headings_borderless", 4, ruled=False, headings=True),
    "merged": Layout("merged", 5, landscape=True, merged=True),
    "reordered": Layout("reordered", 5, landscape=True, order=(0, 1, 3, 4, 2)),
    "borderless_reordered": Layout("borderless_reordered", 4, ruled=False, order=(0, 2, 1, 3)),
    "horizontal_rules": Layout("horizontal_rules", 5, landscape=True, horizontal_only=True),
    "stage_cells": Layout("stage_cells", 4, stage_cells=True),
    "unnumbered_top": Layout("unnumbered_top", 4, break_before=(20, 40)),
    "borderless_narrow": Layout("borderless_narrow", 4, ruled=False, margin_mm=10),
}

# --------------------------------------------------------------------------- rows

_EVIDENCE_PARTS = [
    "Our Complaints Policy (section {sid}) sets this out and was approved by the Board in March 2024.",
    "The self-assessment was reviewed by the Resident Scrutiny Panel, see minutes of 12 June 2024.",
    "Staff guidance covers paragraphs 1.1-2 and 4.3-4 of the procedure; training is refreshed every year.",
    "Complaint acknowledgement letters set out the resident's complaint, the outcome sought and the next steps.",
    "• Complaints Policy\n• Compensation Policy\n• Unreasonable Behaviour Policy",
    "Performance against timescales is reported monthly to the Executive Team and quarterly to the Board.",
    "The annual complaints performance and service improvement report is published on our website.",
    "Where an extension is needed we explain why and give the resident the Housing Ombudsman's contact details.",
]
_COMMENTARY_PARTS = [
    "No further action needed.",
    "We will review the wording at the next policy refresh in April 2025.",
    "Action plan item 7: add the definition to the customer self-service portal.",
    "The Member Responsible for Complaints receives a monthly briefing.",
    "",
]


def _ascii_safe(text: str) -> str:
    """Text the standard PDF fonts can print (cp1252); anything else becomes '?'."""
    return text.encode("cp1252", "replace").decode("cp1252")


def reference_rows(edition: str = "2024") -> list[FixtureRow]:
    """Every self-assessment row of the `edition` form with evidence written here.

    The evidence and commentary are drawn deterministically from short realistic
    sentences, with a bulleted list and hyphenated numbers among them.
    """
    stages = {}
    with (REFERENCE / "stages.csv").open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["code_version"] == edition:
                stages[r["provision_id"]] = int(r["stage"])
    rows = []
    with (REFERENCE / f"provisions_{edition}.csv").open(newline="", encoding="utf-8") as f:
        provisions = [r for r in csv.DictReader(f) if r["in_self_assessment"].strip().lower() == "true"]
    comply_cycle = ["Yes", "Yes", "Yes", "No", "Yes", "N/A", "Yes", "In progress", "Yes", ""]
    for i, r in enumerate(provisions):
        pid = r["provision_id"]
        n_parts = 1 + (i * 7) % 4
        evidence = " ".join(
            _EVIDENCE_PARTS[(i + k) % len(_EVIDENCE_PARTS)].format(sid=pid) for k in range(n_parts)
        )
        evidence = re.sub(r"\s*(• )", r"\n\1", evidence).strip()
        evidence = re.sub(r"(Behaviour Policy) ", r"\1\n", evidence)
        commentary = _COMMENTARY_PARTS[i % len(_COMMENTARY_PARTS)] if edition == "2024" else ""
        stage = stages.get(pid)
        rows.append(
            FixtureRow(
                printed_id=pid,
                requirement=_ascii_safe(r["requirement_text"].strip()),
                comply=comply_cycle[i % len(comply_cycle)],
                evidence=_ascii_safe(evidence),
                commentary=_ascii_safe(commentary),
                section=f"Section {r['section_number']}: {r['section_title'].strip()}",
                sub_heading=f"Stage {stage}" if stage else "",
                stage=stage,
            )
        )
    return rows


def seed_rows(path: Path) -> list[FixtureRow]:
    """The rows the text extractor reads from a seed dump, as fixture rows.

    Cell text is made plain (markup removed, lists kept as bullet lines) and
    printable with the standard fonts.  Rows without a printed id keep it blank.
    """
    from pipeline.core.model import Source  # the spine's text extractor
    from extractors.form import markup
    from extractors import text as text_extractor

    ex = text_extractor.extract(Source(path=path, data=path.read_bytes()))
    out = []
    for row in ex.rows:
        pid = re.sub(r"\s+", "", row.printed_id)
        out.append(
            FixtureRow(
                printed_id=_ascii_safe(pid),
                requirement=_ascii_safe(markup.one_line(markup.to_text(row.requirement))),
                comply=_ascii_safe(markup.one_line(row.comply_raw or "")),
                evidence=_ascii_safe(_plain(row.evidence)),
                commentary=_ascii_safe(_plain(row.commentary)),
                section=_ascii_safe(markup.one_line(row.section)),
                sub_heading=_ascii_safe(markup.one_line(row.sub_heading)),
                stage=row.stage,
            )
        )
    return out


def _plain(cell: str) -> str:
    from extractors.form import markup

    lines = [markup.one_line(line) for line in markup.to_text(cell).split("\n")]
    return "\n".join(line for line in lines if line)


def long_rows(rows: list[FixtureRow], two_page: int, three_page: int) -> list[FixtureRow]:
    """Copy of `rows` where row `two_page` gets evidence long enough to run over
    two pages and row `three_page` over three."""
    rows = list(rows)
    base = " ".join(p.format(sid="x") for p in _EVIDENCE_PARTS if not p.startswith("•"))
    for idx, repeats in ((two_page, 9), (three_page, 26)):
        r = rows[idx]
        body = " ".join(f"Item {k + 1}: {base}" for k in range(repeats))
        rows[idx] = replace(r, evidence=f"{r.evidence} {body}".strip())
    return rows


def unnumbered_rows(rows: list[FixtureRow], indexes: tuple[int, ...]) -> list[FixtureRow]:
    """Copy of `rows` whose rows at `indexes` print no number and no claim."""
    rows = list(rows)
    for i in indexes:
        rows[i] = replace(rows[i], printed_id="", comply="")
    return rows


def merged_rows(rows: list[FixtureRow]) -> list[FixtureRow]:
    """Copy of `rows` with merged cells to print in the "merged" layout: every
    7th row's evidence spans the commentary column (so it has no commentary),
    and every 11th row's comply cell spans it and the next row (both then
    claim the same, unless a page break falls between them: the merged cell's
    text is then printed on the first row's page only)."""
    rows = list(rows)
    for i in range(3, len(rows), 7):
        rows[i] = replace(rows[i], commentary="", merge_evidence=True)
    for i in range(5, len(rows) - 1, 11):
        if rows[i].stage == rows[i + 1].stage and not rows[i + 1].merge_comply_down:
            rows[i] = replace(rows[i], comply=rows[i].comply or "Yes", merge_comply_down=True)
            rows[i + 1] = replace(rows[i + 1], comply=rows[i].comply or "Yes")
    return rows


# ------------------------------------------------------------------------ render

_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10, alignment=TA_LEFT)
_HEAD = ParagraphStyle("head", parent=_CELL, fontName="Helvetica-Bold")
_H1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=6, spaceAfter=4)
_H2 = ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=10.5, leading=13, spaceBefore=4, spaceAfter=3)
_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11, spaceAfter=4)


def _para(text: str, style: ParagraphStyle = _CELL, log: dict | None = None, key: int | None = None) -> Paragraph:
    markup = escape(text).replace("\n", "<br/>")
    if log is None or not text:
        return Paragraph(markup, style)
    # A class per cell: reportlab builds the parts of a split paragraph with
    # self.__class__, so every part drawn still knows its row.
    tracked = type("TrackedParagraph", (_Tracked,), {"chc_log": log, "chc_key": key})
    return tracked(markup, style)


class _Tracked(Paragraph):
    chc_log: dict = {}
    chc_key: int | None = None

    def draw(self) -> None:
        self.chc_log.setdefault(self.chc_key, set()).add(self.canv.getPageNumber())
        super().draw()


def _cells(row: FixtureRow, key: int, layout: Layout, log: dict) -> list[Paragraph]:
    cells = [row.printed_id, row.requirement, row.comply, row.evidence]
    if layout.columns == 5:
        cells.append(row.commentary)
    return _ordered(layout, [_para(c, log=log, key=key) for c in cells])


def _ordered(layout: Layout, items: list) -> list:
    return [items[k] for k in layout.order] if layout.order else list(items)


def _widths(layout: Layout, page_width: float) -> list[float]:
    usable = page_width - 30 * mm
    shares = [0.08, 0.34, 0.09, 0.49] if layout.columns == 4 else [0.07, 0.30, 0.08, 0.30, 0.25]
    return [usable * s for s in _ordered(layout, shares)]


def _style(layout: Layout, header_rows: list[int], n_rows: int, spans: list[tuple]) -> TableStyle:
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for h in header_rows:
        if layout.ruled:
            cmds.append(("BACKGROUND", (0, h), (-1, h), colors.HexColor("#d9e2f3")))
    if layout.horizontal_only:
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.black))
    elif layout.ruled:
        cmds.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
        if layout.foot_rule:
            # Word closes the part of a row cut by a page break with a rule at the
            # page foot, and rules off the repeated header from the rest of the row.
            # reportlab's grid leaves both open (the "open" variant).
            cmds += [
                ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), 0.6, colors.black),
                ("LINEABOVE", (0, "inrowsplitend"), (-1, "inrowsplitend"), 0.6, colors.black),
            ]
    cmds += [("SPAN", a, b) for a, b in spans]
    return TableStyle(cmds)


def _table(rows: list[FixtureRow], layout: Layout, page_width: float, log: dict, first_key: int = 0) -> Table:
    headers = _ordered(layout, HEADERS_2022 if layout.columns == 4 else HEADERS_2024)
    data = [[_para(h, _HEAD) for h in headers]]
    header_rows = [0]
    spans: list[tuple] = []
    last_stage = last_section = None
    for i, row in enumerate(rows):
        if layout.dup_header_every and i and i % layout.dup_header_every == 0:
            header_rows.append(len(data))
            data.append([_para(h, _HEAD) for h in headers])
        if (layout.merged or layout.stage_cells) and row.section != last_section:
            # "Section N: title" as a full-width merged row inside the table.
            spans.append(((0, len(data)), (-1, len(data))))
            data.append([_para(row.section, _HEAD)] + [""] * (layout.columns - 1))
            last_section, last_stage = row.section, None
        if layout.merged and row.stage and row.stage != last_stage:
            # "Stage N" as a full-width merged row inside the table.
            spans.append(((0, len(data)), (-1, len(data))))
            data.append([_para(f"Stage {row.stage}", _HEAD)] + [""] * (layout.columns - 1))
        elif layout.stage_cells and row.stage and row.stage != last_stage:
            # "Stage N" typed into the first two cells of an otherwise empty row.
            data.append([_para(f"Stage {row.stage}", _HEAD)] * 2 + [""] * (layout.columns - 2))
        last_stage = row.stage
        cells = _cells(row, first_key + i, layout, log)
        r = len(data)
        if row.merge_evidence and layout.columns == 5:
            cells[4] = ""
            spans.append(((3, r), (4, r)))
        if i and rows[i - 1].merge_comply_down:
            cells[2] = ""  # drawn by the merged cell above
        if row.merge_comply_down:
            spans.append(((2, r), (2, r + 1)))
        data.append(cells)
    return Table(
        data,
        colWidths=_widths(layout, page_width),
        style=_style(layout, header_rows, len(data), spans),
        repeatRows=1,
        splitInRow=1,
        splitByRow=1,
    )


def _furniture(canvas, doc) -> None:
    canvas.saveState()
    width, height = doc.pagesize
    canvas.setFont("Helvetica", 7.5)
    canvas.drawString(15 * mm, height - 9 * mm, RUNNING_HEADER)
    canvas.drawRightString(width - 15 * mm, height - 9 * mm, "OFFICIAL")
    pages = getattr(doc, "_chc_pages", 0) or "?"
    canvas.drawCentredString(width / 2, 8 * mm, FOOTER.format(page=doc.page, pages=pages))
    canvas.drawRightString(width - 15 * mm, 8 * mm, str(doc.page))
    canvas.restoreState()


CLOSING = "Approved by the Board on 12 June 2024 and published with the annual complaints report."


def _closing() -> list:
    """Prose after the last table, which belongs to no row."""
    return [Spacer(1, 3 * mm), _para(CLOSING, _BODY)]


def render(path: Path, rows: list[FixtureRow], layout: Layout | str, title: str = "") -> Rendered:
    """Write `rows` as a self-assessment PDF in `layout`.

    Returns the file with, for each row, the first and last page reportlab drew
    any of its cells on: the provenance an extractor must report."""
    if isinstance(layout, str):
        layout = LAYOUTS[layout]
    pagesize = landscape(A4) if layout.landscape else A4
    log: dict[int, set[int]] = {}

    def story() -> list:
        items: list = [
            _para(title or "Complaint Handling Code: self-assessment form", _H1),
            _para(
                "This self-assessment form should be completed by the complaints officer and "
                "approved by the governing body. Evidence and commentary follow each requirement.",
                _BODY,
            ),
        ]
        if not layout.headings:
            cuts = [0, *layout.break_before, len(rows)]
            for k, (a, b) in enumerate(zip(cuts, cuts[1:])):
                if k:
                    items.append(PageBreak())
                items.append(_table(rows[a:b], layout, pagesize[0], log, first_key=a))
            return items + _closing()
        groups: list[tuple[str, str, int, list[FixtureRow]]] = []
        for i, row in enumerate(rows):
            if groups and groups[-1][0] == row.section and groups[-1][1] == row.sub_heading:
                groups[-1][3].append(row)
            else:
                groups.append((row.section, row.sub_heading, i, [row]))
        last_section = None
        for section, sub, first, group in groups:
            if section != last_section:
                items.append(_para(section, _H1))
                last_section = section
            if sub:
                items.append(_para(sub, _H2))
            items.append(_table(group, layout, pagesize[0], log, first_key=first))
            items.append(Spacer(1, 4 * mm))
        return items + _closing()

    def build(pages: int) -> int:
        log.clear()
        doc = SimpleDocTemplate(
            str(path),
            pagesize=pagesize,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=layout.margin_mm * mm,
            bottomMargin=layout.margin_mm * mm,
            title=title or layout.name,
            invariant=1,
        )
        doc._chc_pages = pages
        doc.build(story(), onFirstPage=_furniture, onLaterPages=_furniture)
        return doc.page

    # Two passes so the footer can say "Page N of M".
    pages = build(build(0))
    row_pages = [(min(log[i]), max(log[i])) if i in log else (0, 0) for i in range(len(rows))]
    return Rendered(path, pages, row_pages)


def rotate_into_forms(src: Path, dest: Path) -> Path:
    """The same document as another producer might write it: each landscape page
    wrapped in a Form XObject, drawn turned a quarter to the left on a portrait
    page that carries /Rotate 90, so that it displays exactly as the original."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(src)
    out = pdfium.PdfDocument.new()
    for index in range(len(source)):
        width, height = source[index].get_size()
        page = out.new_page(height, width)
        xobject = source.page_as_xobject(index, out)
        obj = xobject.as_pageobject()
        obj.transform(pdfium.PdfMatrix(0, 1, -1, 0, height, 0))  # (x, y) -> (height - y, x)
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(90)
    out.save(dest)
    return dest


def render_word_like(path: Path, rows: list[FixtureRow]) -> Path:
    """A one-page 5-column table drawn the way some producers write PDFs: cell
    borders as hair-thin filled rectangles (no stroked lines), and every word
    placed on its own with no space characters between words, cell text
    wrapped to the column width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas as pdfcanvas

    width, height = landscape(A4)
    xs = [40, 90, 330, 400, 620, 800]
    c = pdfcanvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    font, size, leading = "Helvetica", 8, 10

    def wrap(text: str, room: float) -> list[list[str]]:
        lines: list[list[str]] = []
        for word in text.split():
            if lines and stringWidth(" ".join(lines[-1] + [word]), font, size) <= room:
                lines[-1].append(word)
            else:
                lines.append([word])
        return lines

    def words_at(text: str, col: int, top: float) -> int:
        lines = wrap(text, xs[col + 1] - xs[col] - 8)
        for line in lines:
            cx = xs[col] + 4
            for word in line:
                c.drawString(cx, height - top - size, word)
                cx += stringWidth(word + " ", font, size)
            top += leading
        return len(lines)

    def rule_box(x0: float, top: float, x1: float, bottom: float) -> None:
        c.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)

    c.setFont(font, size)
    grid = [60.0]
    table = [HEADERS_2024] + [[r.printed_id, r.requirement, r.comply, r.evidence, r.commentary] for r in rows]
    for cells in table:
        top = grid[-1]
        n_lines = max(1, max(words_at(text, col, top + 3) for col, text in enumerate(cells)))
        grid.append(top + 3 + n_lines * leading + 4)
    for y in grid:
        rule_box(xs[0], y - 0.25, xs[-1], y + 0.25)
    for x in xs:
        rule_box(x - 0.25, grid[0], x + 0.25, grid[-1])
    c.showPage()
    c.save()
    return path


def render_scanned(path: Path, stamp: bool = False) -> Path:
    """A PDF whose pages are images only (a scan): no text layer at all, or with
    `stamp` only a page number added as text (as scanning software does)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdfcanvas
    import io
    import zlib

    # A tiny grey PNG built by hand, so no imaging library is needed.
    width, height = 40, 20
    raw = b"".join(b"\x00" + bytes([200]) * width for _ in range(height))
    png = io.BytesIO()
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png.write(b"\x89PNG\r\n\x1a\n")
    png.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
    png.write(chunk(b"IDAT", zlib.compress(raw)))
    png.write(chunk(b"IEND", b""))
    png.seek(0)
    c = pdfcanvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(2):
        c.drawImage(ImageReader(png), 40, 200, width=500, height=500)
        if stamp:
            c.setFont("Helvetica", 8)
            c.drawString(280, 30, f"Page {c.getPageNumber()}")
        png.seek(0)
        c.showPage()
    c.save()
    return path


def render_encrypted(path: Path, rows: list[FixtureRow], password: str = "secret") -> Path:
    """A self-assessment PDF encrypted with `password` as its user password (""
    makes it open for anyone, with only an owner password against editing, as
    many councils publish)."""
    from reportlab.lib import pdfencrypt

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        encrypt=pdfencrypt.StandardEncryption(password, ownerPassword="owner-only", canModify=0, strength=128),
    )
    doc.build([_table(rows[:3], LAYOUTS["ruled_portrait"], A4[0], {})])
    return path


def render_corrupt(path: Path, rows: list[FixtureRow]) -> Path:
    """A truncated PDF: the first 40% of a real one."""
    whole = render(path.with_suffix(".whole.pdf"), rows[:5], "ruled_portrait").path
    data = whole.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.4)])
    whole.unlink()
    return path


def render_many(path: Path, rows: list[FixtureRow], pages_wanted: int, layout: str = "ruled_landscape") -> Path:
    """A long document (for the memory bench): the rows repeated until the PDF
    has about `pages_wanted` pages."""
    layout_obj = LAYOUTS[layout]
    pagesize = landscape(A4) if layout_obj.landscape else A4
    per_copy = render(path, rows, layout_obj).pages
    copies = max(1, round(pages_wanted / max(per_copy, 1)))
    doc = SimpleDocTemplate(
        str(path), pagesize=pagesize, leftMargin=15 * mm, rightMargin=15 * mm,
        topMargin=16 * mm, bottomMargin=16 * mm, invariant=1,
    )
    story: list = []
    for k in range(copies):
        if k:
            story.append(PageBreak())
        story.append(_table(rows, layout_obj, pagesize[0], {}))
    doc.build(story, onFirstPage=_furniture, onLaterPages=_furniture)
    return path
