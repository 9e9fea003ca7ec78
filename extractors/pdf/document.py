"""PDF self-assessments: ruled and borderless tables, every row, with page and position.

How it reads a PDF (one module per stage; every tolerance in ``settings.PdfSettings``)
--------------------------------------------------------------------------------------
1. ``reading``: **text layer and rules from PDFium** (pypdfium2, the engine camelot 2.x also
   renders with).  Per page: the page text in one call, split into words, with
   each word's first and last character box (loose boxes: one height per line,
   so lines cluster cleanly); and every ruled line (stroked path segments and
   hair-thin filled rectangles, which is how Word draws cell borders), placed
   through any Form XObjects, on the page as displayed (/Rotate applied).
   Each page and text page is closed as soon as it is read.
2. ``furniture``: **page furniture out**: lines outside ruled tables that repeat at the same
   height on several pages (digits masked, so "Page 3 of 12" repeats), page
   numbers in the margins, and anything in the outermost margin band.
3. ``regions``, ``ruled``: **ruled tables** (groups of vertical rules): column boundaries are the
   vertical rules, row boundaries the horizontal ones; a row with no rule at its
   foot (page break) ends where the verticals end.  Merged cells are read from
   the rules themselves: a missing vertical inside a row merges cells across, a
   missing horizontal merges a cell down (its text is copied onto each row it
   spans and the row notes it in ``Row.merged``).
4. ``borderless``: **borderless tables** (and tables ruled between rows only): columns start
   where the header row's words start; a row starts at a line whose first
   column holds a provision number, or after a row gap at a block that prints
   another provision's canonical wording (a row printed without its number).
   The column model carries over to pages whose header is not repeated.
   ``verdict``: only a table that is the form gives rows, judged per table from
   its header (naming the form's columns, or the last form table's columns
   carried on), how strongly its rows print the Code's wording beside their
   numbers, and the form's own headings; KPI tables, action plans numbered like
   the Code and boxed web widgets do not, and are kept as context
   (``Extraction.context_tables``).  A document whose only candidates failed on
   alignment alone (a form that paraphrases its requirements) is read again
   without that test.
   A horizontal rule counts only if it runs between column boundaries
   (underlined links and highlights inside a cell are not row rules).
5. Header rows (``form.columns.is_header_row``/``header_roles``) are dropped wherever they
   appear, including a second header mid-page, and set the column roles.
   Section / Stage / must-should headings (``layout.classify_heading``) between
   tables, or as a merged full-width row inside one, set the row context.
6. ``assembly``: a row whose number cell and comply cell are empty at the top of a page (only
   a repeated header above it) continues the last row of the previous page: its
   cells are joined column by column, so a row split over two or three pages is
   one row whose ``source_end`` is its last page.
   Tick boxes read as the option ticked (``form.ticks``); columns beyond the
   form's are kept whole in ``Row.extra_columns``.
7. Cell text is re-joined line by line in reading order with
   ``markup.join`` (line-end hyphens kept, "1.1-" + "2" -> "1.1-2", soft
   hyphens dropped, bullet lines kept on their own lines).

Why PDFium and our own geometry rather than a table library's cells
---------------------------------------------------------------------
``bench/bench_pdf.py`` (figures in bench/results/pdf.json) runs all three on
the same ten generated layouts (123 pages, 720 rows; tests/pdf_fixtures.py).
One run on the shared 2-core dev machine (absolute times vary 2-3x with its
load from run to run; the ratios hold):

- pdfplumber 0.11 ``extract_tables`` (page closed after each page): ~275 ms
  per page; its text layer alone (``page.chars``) costs more than camelot's
  whole run, so no design on top of pdfplumber can meet "2x the faster library".
- camelot 2.0 lattice with ``engine="vector"`` (no rendering): ~70 ms/page;
  its ``stream``/``network`` flavours guess columns from whitespace and split
  rows on wrapped lines, so they are no answer for borderless forms.
- chc on PDFium: ~20 ms/page for the extractor, ~48 ms/page per document end to
  end (with alignment and commentary analysis); 69 MB peak RSS on 204 pages
  (pdfplumber 45 MB, camelot 393 MB).

Rows recovered intact (number, claim and every text cell exact): chc 720/720;
pdfplumber 545, camelot 546.  Both libraries return cells, not rows: a row
split by a page break comes back as two table rows (with or without a rule at
the page foot), neither finds borderless tables, and neither drops repeated
headers or keeps heading context.  So the choice per layout is the same for
ruled and borderless pages: PDFium for the text and the rules, the rules for
the grid where a page has them, the header's word positions where it has none.

Problems, never exceptions: an unreadable or truncated file, a password, a page
(or document) with no text layer (a scan: "needs OCR"), or a document with text
but no provision table are reported in ``Extraction.problems``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from extractors.form.headings import classify_heading
from extractors.pdf.assembly import Assembler
from extractors.pdf.borderless import borderless_items
from extractors.pdf.furniture import find_furniture
from extractors.pdf.geometry import Word, to_lines
from extractors.pdf.items import Band, Columns, HeaderItem, HeadingItem
from extractors.pdf import ocr
from extractors.pdf.reading import PageData, pdf_metadata, read_pages
from extractors.pdf.regions import Region, find_regions
from extractors.pdf.ruled import ruled_items
from extractors.pdf.settings import DEFAULT, PdfSettings
from extractors.pdf.verdict import judge_table
from pipeline.core.model import Extraction, Problem, Source

NAME = "pdf"
TEXT_LIMIT = 200_000  # characters of document text kept for landlord/period inference


@dataclass
class TableVerdict:
    page: int
    region: Region | None  # None: a borderless table
    is_form: bool
    why: str
    roles: tuple[str, ...] = ()  # the column roles the form's rows were read with
    weak_alignment: bool = False  # turned down only because its rows do not print the Code's wording
    header: list[str] = field(default_factory=list)  # its header row as printed, if it has one
    body: list[list[str]] = field(default_factory=list)  # its body rows as printed
    layout: str = "ruled"

    def context(self) -> dict:
        """The table as context (a KPI table, an action plan): never a response."""
        r = self.region
        return {"page": self.page, "layout": self.layout, "header": self.header, "n_rows": len(self.body),
                "n_columns": max((len(row) for row in [self.header, *self.body]), default=0),
                "cells": self.body, "bbox": [round(v, 2) for v in (r.x0, r.top, r.x1, r.bottom)] if r else None,
                "why": self.why}


@dataclass
class Trace:
    """What the reader saw and decided, for `inspect`: pages, ruled tables and
    whether each was taken as the form, and the words dropped as furniture."""

    pages: list
    regions: list[list[Region]]
    furniture: list[set[int]]
    tables: list[TableVerdict] = field(default_factory=list)


def extract(source: Source, settings: PdfSettings = DEFAULT) -> Extraction:
    return read_document(source, settings)[0]


def _why_no_text(pages: list[PageData], plural: bool = False) -> str:
    """What pages without a text layer hold instead: scanned images, or only drawn shapes
    (text turned into outlines, a drawing), which are not images."""
    if any(p.images for p in pages):
        return "scanned images" if plural else "a scanned image"
    return "only drawn shapes, no images (text drawn as outlines, or a drawing)"


def read_document(source: Source, settings: PdfSettings = DEFAULT) -> tuple[Extraction, Trace | None]:
    """The extraction and the trace of how it was made."""
    out = Extraction(extractor=NAME)
    pages, problems = read_pages(source.data, getattr(source, "max_pages", None), settings)
    out.problems.extend(problems)
    if not pages:
        return out, None
    out.pages = len(pages)
    out.metadata = pdf_metadata(source.data)
    # Scanned pages (no usable text layer) are read by OCR into the same PageData.
    pages, scanned = ocr.fill(source.data, pages, source.ocr, source.ocr_lang, source.ocr_page_timeout)
    out.problems.extend(scanned.problems)
    out.ocr_pages = scanned.pages
    textless = [p.number for p in pages if not p.words]
    if len(textless) == len(pages):
        out.problems.append(Problem(
            "read", "error",
            f"no text layer on any of its {len(pages)} page(s): {_why_no_text(pages)}, it needs OCR "
            f"(e.g. ocrmypdf) before chc can read it{scanned.hint()}; skipped",
        ))
        return out, None
    if textless:
        shown = ", ".join(map(str, textless[:10])) + (" ..." if len(textless) > 10 else "")
        out.problems.append(Problem(
            "read", "warning",
            f"page(s) {shown} have no text layer ({_why_no_text([p for p in pages if not p.words], plural=True)}, "
            f"need OCR{scanned.hint()}); "
            "rows printed there are missing",
        ))

    regions = [find_regions(p, settings) for p in pages]
    furniture = find_furniture(pages, regions, settings)
    assembler, trace, text_parts = _read_tables(pages, regions, furniture, settings)
    if not assembler.open and any(t.weak_alignment for t in trace.tables):
        # Every candidate was turned down only because its rows do not print the Code's
        # wording: a form that paraphrases its requirements.  Read it without that test.
        assembler, trace, text_parts = _read_tables(pages, regions, furniture,
                                                    replace(settings, form_align_share=0.0))
    out.rows = assembler.finish()
    out.context_tables = [t.context() for t in trace.tables if not t.is_form and t.body]
    ocr.annotate(out.rows, pages, scanned)
    out.headers = assembler.headers
    out.text = "\n".join(text_parts)[:TEXT_LIMIT]
    if not out.rows:
        message = ("no provision rows found: the PDF has text but no table whose rows start with a Code "
                   "provision number under a header naming the requirement, comply and evidence columns")
        imaged = [p for p in pages if p.images and len(p.words) < 50]
        if len(imaged) * 2 >= len(pages):
            message += ("; most pages are images with almost no text, so the table is probably scanned: "
                        "it needs OCR (e.g. ocrmypdf) first")
        out.problems.append(Problem("extract", "error", message))
    return out, trace


def _read_tables(pages: list[PageData], regions: list[list[Region]], furniture: list[set[int]],
                 settings: PdfSettings) -> tuple[Assembler, Trace, list[str]]:
    """Every page's tables through the verdict (is it the form?), the form's items into
    the assembler, the rest kept in the trace as context."""
    assembler = Assembler()
    columns: Columns | None = None
    form_xs: list[float] | None = None  # column boundaries of the last table taken as the form
    other_xs: list[float] | None = None  # those of the last table seen, when it was not the form
    trace = Trace(pages, regions, furniture)
    text_parts: list[str] = []
    for page, regs, drop in zip(pages, regions, furniture):
        words = [w for w in page.words if id(w) not in drop]
        text_parts.append("\n".join(line.text for line in to_lines(page.words, settings)))
        inside, outside = _by_region(words, regs)
        if regs:
            # Text between ruled tables is headings or prose, in order with the tables.
            stream: list[tuple[float, int, object]] = []
            for line in to_lines(outside, settings):
                heading = classify_heading(line.text)
                if heading:
                    stream.append((line.top, 0, HeadingItem(page.number, heading)))
            above = 0.0  # the foot of the table above (or the page's top)
            for k, r in enumerate(regs):
                items, model = ruled_items(page, r, inside[k], columns, settings)
                heading_above = any(kind == 0 and above <= top <= r.top for top, kind, _ in stream)
                above = r.bottom
                v = judge_table(items, r.xs, form_xs, settings, heading_above, other_xs)
                other_xs = None if v.is_form else r.xs
                roles = model.roles if model else ()
                trace.tables.append(TableVerdict(page.number, r, v.is_form, v.why, roles if v.is_form else (),
                                                 v.weak_alignment, *_printed_rows(items), "ruled"))
                if not v.is_form:
                    continue  # a KPI table, an action plan, a widget: never responses
                columns, form_xs = model, r.xs
                stream.append((r.top, 1, items))
            _feed_in_order(stream, assembler)
        else:
            # A column model from ruled tables has no column positions: on a page
            # without rules only a header row can start a borderless table.
            model = columns if columns and columns.lefts else None
            items, model = borderless_items(page, outside, model, settings)
            kept, rejected_last = _judge_borderless(page, items, trace, settings)
            if rejected_last:
                model = None  # a table that is not the form does not carry on to the next page
            if model is not None or (columns and columns.lefts):
                columns = model
            for item in kept:
                assembler.feed(item)
    return assembler, trace, text_parts


def _by_region(words: list[Word], regs: list[Region]) -> tuple[list[list[Word]], list[Word]]:
    """The page's words in each ruled region, and those outside every region."""
    inside: list[list[Word]] = [[] for _ in regs]
    outside: list[Word] = []
    for w in words:
        k = next((k for k, r in enumerate(regs) if r.contains(w)), None)
        (outside if k is None else inside[k]).append(w)
    return inside, outside


def _feed_in_order(stream: list[tuple[float, int, object]], assembler: Assembler) -> None:
    """Headings and the form's table items of one page, top to bottom, into the assembler."""
    stream.sort(key=lambda s: (s[0], s[1]))
    first_band_seen = False
    for _, kind, payload in stream:
        for item in (payload if kind else [payload]):
            if isinstance(item, Band):
                # Only the first body row of the page can continue the previous page.
                item.first_on_page = not first_band_seen
                first_band_seen = True
            assembler.feed(item)


def _judge_borderless(page: PageData, items: list, trace: Trace, settings: PdfSettings) -> tuple[list, bool]:
    """The items of a borderless page that belong to the form, and whether the page's last
    table was turned down.  Each header row opens a table of its own, judged like a ruled
    one; rows before the first header carry on the table of the page before, already judged."""
    runs: list[list] = [[]]
    for item in items:
        if isinstance(item, HeaderItem) and item.roles and runs[-1]:
            runs.append([])
        runs[-1].append(item)
    kept: list = []
    rejected = False
    heading_above = False
    for run in runs:
        opens = bool(run) and isinstance(run[0], HeaderItem) and run[0].roles
        rejected = False
        if opens:
            v = judge_table(run, None, None, settings, heading_above)
            trace.tables.append(TableVerdict(page.number, None, v.is_form, v.why,
                                             run[0].roles if v.is_form else (), v.weak_alignment,
                                             *_printed_rows(run), "borderless"))
            rejected = not v.is_form
        if rejected:
            # Headings printed in it still set the context of the rows that follow.
            kept.extend(i for i in run if isinstance(i, HeadingItem))
        else:
            kept.extend(run)
        heading_above = bool(run) and isinstance(run[-1], HeadingItem)
    return kept, rejected


def _printed_rows(items: list) -> tuple[list[str], list[list[str]]]:
    """A table's header and body rows as printed (for a table kept as context); a header
    printed again further down is not a row."""
    header: list[str] = []
    body: list[list[str]] = []
    for item in items:
        if isinstance(item, HeaderItem) and not header and not body:
            header = list(item.cells)
        elif isinstance(item, Band):
            body.append(list(item.printed) if item.printed else [item.id_text, *(c or "" for c in item.cells.values())])
    return header, body
