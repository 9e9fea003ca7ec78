"""PDF self-assessments: ruled and borderless tables, every row, with page and position.

How it reads a PDF
------------------
1. **Text layer and rules from PDFium** (pypdfium2, the engine camelot 2.x also
   renders with).  Per page: the page text in one call, split into words, with
   each word's first and last character box (loose boxes: one height per line,
   so lines cluster cleanly); and every ruled line (stroked path segments and
   hair-thin filled rectangles, which is how Word draws cell borders), placed
   through any Form XObjects, on the page as displayed (/Rotate applied).
   Each page and text page is closed as soon as it is read.
2. **Page furniture out**: lines outside ruled tables that repeat at the same
   height on several pages (digits masked, so "Page 3 of 12" repeats), page
   numbers in the margins, and anything in the outermost margin band.
3. **Ruled tables** (groups of vertical rules): column boundaries are the
   vertical rules, row boundaries the horizontal ones; a row with no rule at its
   foot (page break) ends where the verticals end.  Merged cells are read from
   the rules themselves: a missing vertical inside a row merges cells across, a
   missing horizontal merges a cell down (its text is copied onto each row it
   spans and the row notes it in ``Row.merged``).
4. **Borderless tables** (and tables ruled between rows only): columns start
   where the header row's words start; a row starts at a line whose first
   column holds a provision number, or after a row gap at a block that prints
   another provision's canonical wording (a row printed without its number).
   The column model carries over to pages whose header is not repeated.
5. Header rows (``layout.is_header``/``header_roles``) are dropped wherever they
   appear, including a second header mid-page, and set the column roles.
   Section / Stage / must-should headings (``layout.classify_heading``) between
   tables, or as a merged full-width row inside one, set the row context.
6. A row whose number cell and comply cell are empty at the top of a page (only
   a repeated header above it) continues the last row of the previous page: its
   cells are joined column by column, so a row split over two or three pages is
   one row whose ``source_end`` is its last page.
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

import ctypes
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.core.model import Source
from extractors.form.columns import (
    COMMENTARY,
    COMPLY,
    EVIDENCE,
    FORM_2022,
    FORM_2024,
    ID,
    REQUIREMENT,
    header_roles,
    is_header,
    is_header_fragment,
)
from extractors.form.headings import Context, Heading, classify_heading
from extractors.form.furniture import is_noise
from pipeline.core.ids import parse_id
from extractors.form.markup import join, one_line
from pipeline.core import catalogue
from pipeline.core.claims import is_comply_value
from pipeline.core.matching import TextIndex
from pipeline.core.model import Extraction, Problem, Row

NAME = "pdf"
TEXT_LIMIT = 200_000  # characters of document text kept for landlord/period inference

# Characters read as something else: ligatures, and the private-use codes that
# Word's Symbol and Wingdings bullets and ticks come out as.
_CHAR_MAP = {
    0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
    0xF0B7: "\u2022", 0xF0A7: "\u25aa", 0xF0D8: "\u2022", 0xF076: "\u2022", 0xF0FC: "\u2713", 0xF0FB: "\u2717",
}
_SEPARATORS = {0x20, 0xA0, 0x2002, 0x2003, 0x2009, 0x200B, 0x3000, 0xFEFF, 0xFFFE, 0xFFFF}
_PAGE_NO = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_DIGITS = re.compile(r"\d+")
TEXT_ROLES = (REQUIREMENT, EVIDENCE, COMMENTARY)

# Geometry tolerances, in PDF points.
RULE_TOL = 2.0  # rules this close are one rule
MIN_RULE = 4.0  # shorter strokes are not rules
THIN = 2.5  # a filled rectangle thinner than this is a drawn rule
# Shares of the page height: text outside tables this close to the top or bottom
# edge is furniture; within MARGIN it is furniture when it repeats across pages
# or is a page number.  EDGE stays inside Word's narrowest margins (0.5").
EDGE = 0.035
MARGIN = 0.15


# =========================================================================== reading


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Rule:
    """A ruled line: `pos` is y for a horizontal rule, x for a vertical one;
    `start`/`end` its extent along the other axis."""

    pos: float
    start: float
    end: float


@dataclass
class PageData:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    hrules: list[Rule]
    vrules: list[Rule]
    images: int = 0


class _Transform:
    """PDF user space (y up, page rotation not applied) -> displayed page, y down."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        left, bottom, right, top = page.get_cropbox()
        self.l, self.b, self.r, self.t = left, bottom, right, top
        self.rotation = page.get_rotation() % 360
        if self.rotation in (90, 270):
            self.width, self.height = top - bottom, right - left
        else:
            self.width, self.height = right - left, top - bottom

    def point(self, x: float, y: float) -> tuple[float, float]:
        rot = self.rotation
        if rot == 0:
            return x - self.l, self.t - y
        if rot == 90:
            return y - self.b, x - self.l
        if rot == 180:
            return self.r - x, y - self.b
        return self.t - y, self.r - x

    def rect(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


# PDFium reports a hyphen that ends a line as 0x02 (one character) or, in the
# page text, as U+FFFE with the two lines joined: such a token spans two lines
# and is read character by character, which keeps "self-" and "assessment".
_TOKEN = re.compile("[^\x00\x01\x03-\x20\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff\uffff]+")
_TEXT_MAP = str.maketrans({0x02: "-", 0xFFFE: "-", **_CHAR_MAP})


def _read_words(textpage: pdfium.PdfTextPage, tf: _Transform) -> list[Word]:
    """Characters grouped into words: split at spaces (PDFium also generates one
    for a gap between characters), at line changes and at gaps.

    Fast path: the page text in one call, then only the first and last
    character's box of each word.  A word whose two ends do not sit on one line
    at a plausible width, or a page whose text does not map one to one onto its
    characters, is read character by character."""
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range() if n > 0 else ""
    if len(text) != n:
        return _words_by_char(raw, 0, n, tf)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    first, last = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    words: list[Word] = []
    for m in _TOKEN.finditer(text):
        i, j = m.start(), m.end() - 1
        if not (get_box(raw, i, first) and get_box(raw, j, last)):
            words += _words_by_char(raw, i, j + 1, tf)
            continue
        x0, top, _, bottom = tf.rect(first.left, first.bottom, first.right, first.top)
        lx0, ltop, x1, lbottom = tf.rect(last.left, last.bottom, last.right, last.top)
        h = bottom - top
        if abs(lbottom - bottom) > 0.5 * h or x1 < x0 or x1 - x0 > (j - i + 1) * 1.2 * h:
            words += _words_by_char(raw, i, j + 1, tf)
            continue
        words.append(Word(m.group().translate(_TEXT_MAP), x0, min(top, ltop), x1, max(bottom, lbottom)))
    return words


def _words_by_char(raw, begin: int, end: int, tf: _Transform) -> list[Word]:
    """Words of characters begin..end-1, character by character."""
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    rect = pdfium_c.FS_RECTF()
    words: list[Word] = []
    chars: list[str] = []
    x0 = top = x1 = bottom = 0.0
    for i in range(begin, end):
        u = get_unicode(raw, i)
        if u == 2:
            u = 0x2D
        if u < 32 or u in _SEPARATORS:
            if chars:
                words.append(Word("".join(chars), x0, top, x1, bottom))
                chars = []
            continue
        if not get_box(raw, i, rect):
            continue
        cx0, ctop, cx1, cbottom = tf.rect(rect.left, rect.bottom, rect.right, rect.top)
        ch = _CHAR_MAP.get(u) or chr(u)
        if chars:
            h = bottom - top
            if abs(cbottom - bottom) > 0.5 * h or cx0 < x1 - 0.5 * h or cx0 - x1 > 0.15 * h:
                words.append(Word("".join(chars), x0, top, x1, bottom))
                chars = []
        if chars:
            chars.append(ch)
            x1 = max(x1, cx1)
            top = min(top, ctop)
            bottom = max(bottom, cbottom)
        else:
            chars = [ch]
            x0, top, x1, bottom = cx0, ctop, cx1, cbottom
    if chars:
        words.append(Word("".join(chars), x0, top, x1, bottom))
    return words


def _read_rules(page: pdfium.PdfPage, tf: _Transform) -> tuple[list[Rule], list[Rule], int]:
    """Ruled lines of a page (stroked segments, hair-thin filled rectangles); image count."""
    hs: list[Rule] = []
    vs: list[Rule] = []
    images = 0
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    fx, fy = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()

    def add(xa: float, ya: float, xb: float, yb: float) -> None:
        if abs(ya - yb) <= 1.0 and abs(xa - xb) >= MIN_RULE:
            hs.append(Rule((ya + yb) / 2, min(xa, xb), max(xa, xb)))
        elif abs(xa - xb) <= 1.0 and abs(ya - yb) >= MIN_RULE:
            vs.append(Rule((xa + xb) / 2, min(ya, yb), max(ya, yb)))

    def add_box(x0: float, top: float, x1: float, bottom: float) -> None:
        w, h = x1 - x0, bottom - top
        if h <= THIN and w >= MIN_RULE:
            hs.append(Rule((top + bottom) / 2, x0, x1))
        elif w <= THIN and h >= MIN_RULE:
            vs.append(Rule((x0 + x1) / 2, top, bottom))

    # Objects inside a Form XObject are placed by their own matrix and then by
    # the form's: containers[level] maps a level's space to the page.
    containers: dict[int, tuple[float, ...]] = {0: (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)}
    kinds = [pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM]
    for obj in page.get_objects(filter=kinds, max_depth=4):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        handle = obj.raw
        if not pdfium_c.FPDFPageObj_GetMatrix(handle, matrix) or obj.level not in containers:
            continue
        m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), containers[obj.level])
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            containers[obj.level + 1] = m
            continue
        if not pdfium_c.FPDFPath_GetDrawMode(handle, fill, stroke) or not (stroke.value or fill.value):
            continue
        a, b, c, d, e, f = m
        subpaths: list[list[tuple[float, float]]] = []
        start = last = None
        for k in range(pdfium_c.FPDFPath_CountSegments(handle)):
            seg = pdfium_c.FPDFPath_GetPathSegment(handle, k)
            if not pdfium_c.FPDFPathSegment_GetPoint(seg, fx, fy):
                continue
            px, py = tf.point(a * fx.value + c * fy.value + e, b * fx.value + d * fy.value + f)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([(px, py)])
                start = last = (px, py)
                continue
            subpaths[-1].append((px, py))
            if stroke.value and kind == pdfium_c.FPDF_SEGMENT_LINETO and last is not None:
                add(last[0], last[1], px, py)
            last = (px, py)
            if stroke.value and pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                add(px, py, start[0], start[1])
                last = start
        if not stroke.value:
            # Word's borders are thin filled rectangles; wider fills are shading.
            for points in subpaths:
                xs = [p[0] for p in points]
                ys = [p[1] for p in points]
                add_box(min(xs), min(ys), max(xs), max(ys))
    return _merge(hs), _merge(vs), images


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The PDF matrix that applies `inner`, then `outer`."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _merge(rules: list[Rule]) -> list[Rule]:
    """Collinear rules that touch or overlap become one."""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (round(r.pos / RULE_TOL), r.start)):
        prev = out[-1] if out else None
        if prev and abs(prev.pos - r.pos) <= RULE_TOL and r.start <= prev.end + RULE_TOL:
            prev.end = max(prev.end, r.end)
        else:
            out.append(Rule(r.pos, r.start, r.end))
    return out


def read_pages(data: bytes, max_pages: int | None = None) -> tuple[list[PageData], list[Problem]]:
    """Every page's words and rules (the first `max_pages` at most), or the
    problem that stopped the reading."""
    problems: list[Problem] = []
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            msg = ("the PDF is encrypted and needs a password to open; skipped. Ask the landlord for "
                   "an unprotected copy, or save one without a password, then run again")
        else:
            msg = (f"not a readable PDF ({e}); the file may be damaged, truncated by the download, "
                   "or not a PDF at all: download it again")
        return [], [Problem("read", "error", msg)]
    pages: list[PageData] = []
    n_pages = len(pdf)
    if max_pages is not None and n_pages > max_pages:
        problems.append(Problem(
            "read", "warning",
            f"the PDF has {n_pages} pages; only the first {max_pages} were read (the page limit), "
            "so rows printed after them are missing",
        ))
        n_pages = max_pages
    try:
        for index in range(n_pages):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as e:
                problems.append(Problem("read", "warning", f"page {index + 1} cannot be read ({e}); skipped"))
                continue
            textpage = None
            try:
                tf = _Transform(page)
                textpage = page.get_textpage()
                words = _read_words(textpage, tf)
                hs, vs, images = _read_rules(page, tf)
                pages.append(PageData(index + 1, tf.width, tf.height, words, hs, vs, images))
            except (pdfium.PdfiumError, ValueError, ZeroDivisionError, OverflowError) as e:
                problems.append(Problem("read", "warning", f"page {index + 1} cannot be read ({e}); skipped"))
            finally:
                if textpage is not None:
                    textpage.close()
                page.close()
    finally:
        pdf.close()
    if not data.rstrip().endswith(b"%%EOF"):
        problems.append(Problem(
            "read", "warning",
            "the PDF does not end with %%EOF: it looks truncated (an interrupted download?); "
            "rows after the damage may be missing, download it again",
        ))
    return pages, problems


# ============================================================================ lines


@dataclass
class Line:
    words: list[Word]
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


def to_lines(words: list[Word]) -> list[Line]:
    """Words grouped into lines (vertical overlap), top to bottom, left to right."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        line = lines[-1] if lines else None
        if line is not None:
            overlap = min(line.bottom, w.bottom) - max(line.top, w.top)
            if overlap >= 0.5 * min(line.bottom - line.top, w.bottom - w.top):
                line.words.append(w)
                line.top = min(line.top, w.top)
                line.bottom = max(line.bottom, w.bottom)
                continue
        lines.append(Line([w], w.top, w.bottom))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def cell_text(words: list[Word]) -> str:
    """One cell's words as text: lines in reading order, joined without gluing words."""
    if not words:
        return ""
    text = join([line.text for line in to_lines(words)])
    return text.replace("\u00ad", "")


# ======================================================================= furniture


def _furniture(pages: list[PageData], regions: list[list["Region"]]) -> list[set[int]]:
    """Per page, ids of words that are running headers, footers or page numbers."""
    per_page_lines: list[list[Line]] = []
    keys: Counter = Counter()
    for page, regs in zip(pages, regions):
        outside = [w for w in page.words if not any(r.contains(w) for r in regs)]
        lines = to_lines(outside)
        per_page_lines.append(lines)
        for key in {_furniture_key(line) for line in lines if _in_margin(line, page, MARGIN)}:
            keys[key] += 1
    repeat_min = max(2, int(0.3 * len(pages)))
    out: list[set[int]] = []
    for page, lines in zip(pages, per_page_lines):
        drop: set[int] = set()
        for line in lines:
            text = line.text
            if (
                _in_margin(line, page, EDGE)
                or (_in_margin(line, page, MARGIN) and keys[_furniture_key(line)] >= repeat_min)
                or (_in_margin(line, page, MARGIN) and _PAGE_NO.match(text))
            ):
                if is_header([text]) or classify_heading(text):
                    continue  # a table header or heading near the edge is content
                drop.update(id(w) for w in line.words)
        out.append(drop)
    return out


def _furniture_key(line: Line) -> tuple[str, int]:
    return _DIGITS.sub("#", line.text.lower()), round(line.top / 3)


def _in_margin(line: Line, page: PageData, share: float) -> bool:
    return line.bottom < share * page.height or line.top > (1 - share) * page.height


# ==================================================================== table items


@dataclass
class Band:
    """One physical table row on one page, its cells already assigned to roles."""

    page: int
    bbox: tuple[float, float, float, float]
    cells: dict[str, str | None]  # role -> text; None: no such cell in this row (merged away)
    id_text: str
    first_on_page: bool
    layout: str  # ruled | borderless
    merged: list[str] = field(default_factory=list)


@dataclass
class HeaderItem:
    page: int
    cells: list[str]
    roles: tuple[str, ...] | None


@dataclass
class HeadingItem:
    page: int
    heading: Heading


@dataclass
class Region:
    """A ruled table on a page: its column boundaries and row boundaries."""

    x0: float
    top: float
    x1: float
    bottom: float
    xs: list[float]
    ys: list[float]
    vrules: list[Rule]
    hrules: list[Rule]

    def contains(self, w: Word) -> bool:
        return self.x0 - 1 <= w.cx <= self.x1 + 1 and self.top - 1 <= w.cy <= self.bottom + 1


def _cluster(values: list[float], tol: float = RULE_TOL) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def find_regions(page: PageData) -> list[Region]:
    """Ruled tables: chains of vertical rules that overlap vertically, with the
    horizontal rules that fall inside them."""
    groups: list[list[Rule]] = []
    span: list[list[float]] = []
    for v in sorted(page.vrules, key=lambda v: v.start):
        if groups and v.start <= span[-1][1] + RULE_TOL:
            groups[-1].append(v)
            span[-1][1] = max(span[-1][1], v.end)
        else:
            groups.append([v])
            span.append([v.start, v.end])
    regions = []
    for vs, (top, bottom) in zip(groups, span):
        xs = _cluster([v.pos for v in vs])
        if len(xs) < 3 or xs[-1] - xs[0] < 100 or bottom - top < 8:
            continue
        x0, x1 = xs[0], xs[-1]
        hs = [h for h in page.hrules
              if top - RULE_TOL <= h.pos <= bottom + RULE_TOL and h.end > x0 + 2 and h.start < x1 - 2]
        ys = _cluster([top] + [h.pos for h in hs] + [bottom])
        regions.append(Region(x0, top, x1, bottom, xs, ys, vs, hs))
    return regions


class _Columns:
    """The column model of the current table: roles, and for borderless pages the
    x where each column starts."""

    def __init__(self, roles: tuple[str, ...], lefts: list[float] | None = None) -> None:
        self.roles = roles
        self.lefts = lefts or []

    def role(self, index: int) -> str:
        if index < len(self.roles):
            return self.roles[index]
        return self.roles[-1] if self.roles else EVIDENCE


def _default_roles(n_columns: int) -> tuple[str, ...]:
    if n_columns >= 5:
        return FORM_2024 + (COMMENTARY,) * (n_columns - 5)
    if n_columns == 4:
        return FORM_2022
    return (ID, REQUIREMENT, EVIDENCE)[:max(n_columns, 1)]


def _roles_from_header(cells: list[str]) -> tuple[str, ...] | None:
    roles = header_roles(cells)
    if not roles or roles[0] != ID or REQUIREMENT not in roles:
        return None
    roles = [r or EVIDENCE for r in roles]
    roles += [roles[-1]] * (len(cells) - len(roles))
    return tuple(roles)


def _ruled_items(page: PageData, region: Region, words: list[Word], columns: _Columns | None):
    """Items (header, heading, band) of one ruled table on one page, top to bottom,
    and the column model after it (a header row in it names the columns)."""
    xs = region.xs
    ys = _split_headers(region.ys, words)
    cuts = set(ys) - set(region.ys)  # boundaries under a header, drawn or not
    n_cols, n_bands = len(xs) - 1, len(ys) - 1

    def v_present(j: int, top: float, bottom: float) -> bool:
        mid = (top + bottom) / 2
        x = xs[j]
        return any(abs(v.pos - x) <= RULE_TOL and v.start - RULE_TOL <= mid <= v.end + RULE_TOL
                   for v in region.vrules)

    def h_present(b: int, c: int) -> bool:
        if b == 0 or ys[b] in cuts:
            return True
        y, mid = ys[b], (xs[c] + xs[c + 1]) / 2
        return any(abs(h.pos - y) <= RULE_TOL and h.start - RULE_TOL <= mid <= h.end + RULE_TOL for h in region.hrules)

    # Cell spans per band: runs of columns between the vertical rules present in that band.
    starts: list[list[int]] = []  # band -> column -> first column of its merged cell
    for b in range(n_bands):
        top, bottom = ys[b], ys[b + 1]
        row, first = [], 0
        for c in range(n_cols):
            if c > 0 and v_present(c, top, bottom):
                first = c
            row.append(first)
        starts.append(row)
    # Vertical merges: a cell with no rule above it belongs to the band above.
    owner = [[b] * n_cols for b in range(n_bands)]
    for b in range(1, n_bands):
        for c in range(n_cols):
            if not h_present(b, c):
                owner[b][c] = owner[b - 1][c]
    cell_words: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        c = min(max(bisect_right(xs, w.cx) - 1, 0), n_cols - 1)
        b = min(max(bisect_right(ys, w.cy) - 1, 0), n_bands - 1)
        ob = owner[b][c]
        cell_words.setdefault((ob, starts[ob][c]), []).append(w)
    texts = {key: cell_text(ws) for key, ws in cell_words.items()}

    items = []
    first_body = True
    for b in range(n_bands):
        spans = sorted(set(starts[b]))
        cells = [texts.get((owner[b][c], starts[owner[b][c]][c]), "") for c in spans]
        if not any(cells):
            continue
        bbox = (xs[0], ys[b], xs[-1], ys[b + 1])
        headings = [classify_heading(one_line(c)) for c in cells if c]
        if len(spans) == 1 or all(headings):
            # A full-width merged row, or a row that holds only a heading ("Stage 1",
            # perhaps repeated in a second cell): context, never a provision.
            if headings[0]:
                items.append(HeadingItem(page.number, headings[0]))
            continue
        line_cells = [one_line(c) for c in cells]
        if is_header(line_cells):
            roles = _roles_from_header(line_cells) if len(spans) == n_cols else None
            items.append(HeaderItem(page.number, line_cells, roles))
            if roles:
                columns = _Columns(roles)  # the header names the columns of the rows under it
            continue
        roles = columns.roles if columns and len(columns.roles) == n_cols else _default_roles(n_cols)
        band_cells: dict[str, str | None] = {role: None for role in roles}
        merged = []
        for c in range(n_cols):
            role = roles[c]
            if starts[b][c] != c:
                continue  # covered by a cell merged from the left
            text = texts.get((owner[b][c], starts[owner[b][c]][c]), "")
            if owner[b][c] != b:
                merged.append(role)
            band_cells[role] = text if band_cells.get(role) is None else join([band_cells[role] or "", text])
        id_text = one_line(band_cells.pop(ID, None) or "")
        items.append(Band(page.number, bbox, band_cells, id_text, first_body, "ruled", merged))
        first_body = False
    return items, columns


def _split_headers(ys: list[float], words: list[Word]) -> list[float]:
    """Row boundaries plus one under any header that shares a band with body text.

    Word and reportlab do not always rule off a repeated header from the part of
    a split row under it; the header's own lines tell where it ends."""
    by_band: dict[int, list[Word]] = {}
    for w in words:
        b = bisect_right(ys, w.cy) - 1
        if 0 <= b < len(ys) - 1:
            by_band.setdefault(b, []).append(w)
    extra: list[float] = []
    for b, ws in by_band.items():
        lines = to_lines(ws)
        if len(lines) < 2 or not is_header([lines[0].text]):
            continue
        k = 1
        while k < len(lines) and _continues_header(lines[k].text):
            k += 1
        if k < len(lines) and header_roles(_header_columns(lines[:k])[1]):
            extra.append((lines[k - 1].bottom + lines[k].top) / 2)
    return sorted(ys + extra) if extra else ys


def _continues_header(text: str) -> bool:
    return is_header([text]) or is_header_fragment([text])


def _header_columns(lines: list[Line]) -> tuple[list[float], list[str]]:
    """Column starts and header cell texts from a (possibly wrapped) header block."""
    words = sorted((w for line in lines for w in line.words), key=lambda w: w.x0)
    height = max(line.bottom - line.top for line in lines)
    groups: list[list[Word]] = []
    right = -1e9
    for w in words:
        if groups and w.x0 <= right + 0.5 * height:
            groups[-1].append(w)
            right = max(right, w.x1)
        else:
            groups.append([w])
            right = w.x1
    lefts = [min(w.x0 for w in g) for g in groups]
    texts = [one_line(cell_text(g)) for g in groups]
    return lefts, texts


def _borderless_items(page: PageData, words: list[Word], columns: _Columns | None):
    """Items of a page without ruled tables: header lines set the columns (from
    their word positions); a provision number in the first column starts a row."""
    items: list = []
    lines = to_lines(words)
    band: dict | None = None
    first_body = True

    def close() -> None:
        nonlocal band, first_body
        if band is None:
            return
        cols: _Columns = band["columns"]
        per_col: dict[int, list[Word]] = {}
        for w in band["words"]:
            per_col.setdefault(_column_of(cols.lefts, w.x0), []).append(w)
        cells: dict[str, str | None] = {role: "" for role in cols.roles}
        for c in sorted(per_col):
            role = cols.role(c)
            cells[role] = join([cells.get(role) or "", cell_text(per_col[c])])
        ws = band["words"]
        bbox = (min(w.x0 for w in ws), min(w.top for w in ws), max(w.x1 for w in ws), max(w.bottom for w in ws))
        id_text = one_line(cells.pop(ID, "") or "")
        items.append(Band(page.number, bbox, cells, id_text, band["first"], "borderless"))
        first_body = False
        band = None

    paused = False  # prose came after the last row: skip text until a row or header

    def new_band(pid: str | None) -> dict:
        return {"columns": columns, "words": [], "first": first_body, "pid": pid}

    i = 0
    prev_bottom = None
    while i < len(lines):
        line = lines[i]
        text = line.text
        gap = prev_bottom is not None and line.top - prev_bottom > 0.6 * (line.bottom - line.top)
        prev_bottom = line.bottom
        if is_noise(text):
            i += 1
            continue
        # Header block: a line naming three column roles, plus wrapped lines under it.
        if is_header([text]):
            block = [line]
            j = i + 1
            while j < len(lines) and _continues_header(lines[j].text) and \
                    lines[j].top - block[-1].bottom < 0.8 * (line.bottom - line.top):
                block.append(lines[j])
                j += 1
            lefts, cells = _header_columns(block)
            roles = _roles_from_header(cells)
            if roles and len(roles) == len(lefts):
                close()
                paused = False
                columns = _Columns(roles, lefts)
                items.append(HeaderItem(page.number, cells, roles))
                prev_bottom = block[-1].bottom
                i = j
                continue
        if columns is None or _column_of(columns.lefts, line.x0) == 0:
            first_cell = " ".join(w.text for w in line.words
                                  if columns is None or _column_of(columns.lefts, w.x0) == 0)
            pid = parse_id([first_cell]) if columns is not None else None
            if pid is not None:
                close()
                paused = False
                band = new_band(pid.provision_id)
            else:
                heading = classify_heading(text)
                if heading:
                    close()
                    items.append(HeadingItem(page.number, heading))
                elif columns is not None and len(columns.lefts) > 1 and line.x1 > columns.lefts[1] + 2:
                    close()  # prose across the columns: no row goes on past it on this page
                    paused = True
                elif columns is not None and not paused:
                    band = band or new_band(None)
                    band["words"].extend(line.words)
                i += 1
                continue
        elif paused:
            i += 1
            continue  # text under prose, until the next numbered row or header
        elif band is not None and band["words"] and gap and _unnumbered_row(lines, i, columns, band["pid"]):
            close()  # a row printed without its number, recognised by its wording
            band = new_band(None)
        band = band or new_band(None)
        band["words"].extend(line.words)
        i += 1
    close()
    return items, columns


def _unnumbered_row(lines: list[Line], i: int, columns: _Columns, open_id: str | None) -> bool:
    """Does the block of lines from `i` (to the next vertical gap) print the
    requirement of another provision, with no number in the first column?"""
    if REQUIREMENT not in columns.roles:
        return False
    req_col = columns.roles.index(REQUIREMENT)
    words: list[Word] = []
    prev = None
    for line in lines[i:]:
        if prev is not None and line.top - prev.bottom > 0.6 * (line.bottom - line.top):
            break
        if any(_column_of(columns.lefts, w.x0) == 0 for w in line.words):
            break
        words += [w for w in line.words if _column_of(columns.lefts, w.x0) == req_col]
        prev = line
    if not words:
        return False
    return _text_index().starts_unnumbered_row(cell_text(words), open_id)


@lru_cache(maxsize=1)
def _text_index() -> TextIndex:
    return TextIndex(catalogue.load())


def _column_of(lefts: list[float], x0: float) -> int:
    return max(bisect_right(lefts, x0 + 3) - 1, 0)


# ======================================================================= assembly


class _Assembler:
    """Turns the stream of headers, headings and bands into rows, joining a row
    that a page break split back together."""

    def __init__(self) -> None:
        self.ctx = Context()
        self.rows: list[Row] = []
        self.parts: list[dict[str, list[str]]] = []
        self.headers: list[list[str]] = []
        self.interrupted = True

    def feed(self, item) -> None:
        if isinstance(item, HeadingItem):
            self.ctx.apply(item.heading)
            self.interrupted = True
        elif isinstance(item, HeaderItem):
            if item.cells not in self.headers:
                self.headers.append(item.cells)
        else:
            self._band(item)

    def _band(self, band: Band) -> None:
        comply = band.cells.get(COMPLY)
        if (
            not band.id_text
            and band.first_on_page
            and self.rows
            and not self.interrupted
            and self._comply_continues(comply)
            and band.page > self.rows[-1].source_end  # the row's previous part is on an earlier page
            and not _text_index().starts_unnumbered_row(
                band.cells.get(REQUIREMENT) or "", self.rows[-1].id_hint)
        ):
            # ... unless it prints another provision's wording: a row without its number.
            self._continue(band)
            return
        pid = parse_id([band.id_text]) if band.id_text else None
        requirement = band.cells.get(REQUIREMENT) or ""
        printed = band.id_text
        if pid is not None:
            printed = pid.printed
            if pid.rest:
                requirement = join([pid.rest, requirement])
        elif band.id_text:
            # Text in the number column that is not a number: keep it with the requirement.
            requirement = join([band.id_text, requirement])
            printed = ""
        row = Row(
            printed_id=printed,
            comply_raw=one_line(comply) if comply is not None else None,
            section=self.ctx.section,
            sub_heading=self.ctx.sub_heading,
            source_start=band.page,
            source_end=band.page,
            bbox=tuple(round(v, 2) for v in band.bbox),
            stage=self.ctx.stage,
            id_hint=pid.provision_id if pid else None,
            section_number=self.ctx.section_number,
            read_as=band.layout,
        )
        if band.merged:
            row.merged = list(band.merged)
        self.rows.append(row)
        self.parts.append({
            REQUIREMENT: [requirement],
            EVIDENCE: [band.cells.get(EVIDENCE) or ""],
            COMMENTARY: [band.cells.get(COMMENTARY) or ""],
        })
        self.interrupted = False

    def _comply_continues(self, comply: str | None) -> bool:
        """Is this comply cell, at the top of a page, blank or the rest of the
        previous row's comply cell (a long one cut by the page break)?"""
        text = one_line(comply or "")
        return not text or bool(self.rows[-1].comply_raw) and not is_comply_value(text)

    def _continue(self, band: Band) -> None:
        row, parts = self.rows[-1], self.parts[-1]
        for role in TEXT_ROLES:
            text = band.cells.get(role)
            if text:
                parts[role].append(text)
        comply = one_line(band.cells.get(COMPLY) or "")
        if comply:
            row.comply_raw = one_line(join([row.comply_raw or "", comply]))
        elif row.comply_raw is None and band.cells.get(COMPLY) is not None:
            row.comply_raw = ""
        row.source_end = band.page
        row.continued += 1

    def finish(self) -> list[Row]:
        for row, parts in zip(self.rows, self.parts):
            row.requirement = join(parts[REQUIREMENT])
            row.evidence = join(parts[EVIDENCE])
            row.commentary = join(parts[COMMENTARY])
        return self.rows


# =========================================================================== entry


def _why_no_text(pages: list[PageData], plural: bool = False) -> str:
    """What pages without a text layer hold instead: scanned images, or only drawn shapes
    (text turned into outlines, a drawing), which are not images."""
    if any(p.images for p in pages):
        return "scanned images" if plural else "a scanned image"
    return "only drawn shapes, no images (text drawn as outlines, or a drawing)"


def extract(source: Source) -> Extraction:
    out = Extraction(extractor=NAME)
    pages, problems = read_pages(source.data, getattr(source, "max_pages", None))
    out.problems.extend(problems)
    if not pages:
        return out
    out.pages = len(pages)
    textless = [p.number for p in pages if not p.words]
    if len(textless) == len(pages):
        out.problems.append(Problem(
            "read", "error",
            f"no text layer on any of its {len(pages)} page(s): {_why_no_text(pages)}, it needs OCR "
            "(e.g. ocrmypdf) before chc can read it; skipped",
        ))
        return out
    if textless:
        shown = ", ".join(map(str, textless[:10])) + (" ..." if len(textless) > 10 else "")
        out.problems.append(Problem(
            "read", "warning",
            f"page(s) {shown} have no text layer ({_why_no_text([p for p in pages if not p.words], plural=True)}, "
            "need OCR); rows printed there are missing",
        ))

    regions = [find_regions(p) for p in pages]
    furniture = _furniture(pages, regions)
    assembler = _Assembler()
    columns: _Columns | None = None
    text_parts: list[str] = []
    for page, regs, drop in zip(pages, regions, furniture):
        words = [w for w in page.words if id(w) not in drop]
        text_parts.append("\n".join(line.text for line in to_lines(page.words)))
        inside: list[list[Word]] = [[] for _ in regs]
        outside: list[Word] = []
        for w in words:
            for k, r in enumerate(regs):
                if r.contains(w):
                    inside[k].append(w)
                    break
            else:
                outside.append(w)
        if regs:
            # Text between ruled tables is headings or prose, in order with the tables.
            stream: list[tuple[float, int, object]] = []
            for line in to_lines(outside):
                heading = classify_heading(line.text)
                if heading:
                    stream.append((line.top, 0, HeadingItem(page.number, heading)))
            for k, r in enumerate(regs):
                items, columns = _ruled_items(page, r, inside[k], columns)
                stream.append((r.top, 1, items))
            stream.sort(key=lambda s: (s[0], s[1]))
            first_band_seen = False
            for _, kind, payload in stream:
                for item in (payload if kind else [payload]):
                    if isinstance(item, Band):
                        # Only the first body row of the page can continue the previous page.
                        item.first_on_page = not first_band_seen
                        first_band_seen = True
                    assembler.feed(item)
        else:
            # A column model from ruled tables has no column positions: on a page
            # without rules only a header row can start a borderless table.
            model = columns if columns and columns.lefts else None
            items, model = _borderless_items(page, outside, model)
            if model is not None or (columns and columns.lefts):
                columns = model
            for item in items:
                assembler.feed(item)
    out.rows = assembler.finish()
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
    return out
