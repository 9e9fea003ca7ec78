"""Reading a PDF: each page's words and ruled lines, from PDFium.

Per page: the page text in one call, split into words, with each word's first
and last character box (loose boxes: one height per line, so lines cluster
cleanly); and every ruled line (stroked path segments and hair-thin filled
rectangles, which is how Word draws cell borders), placed through any Form
XObjects, on the page as displayed (/Rotate applied).  Each page and text page
is closed as soon as it is read.

This is the one place words come from: everything after works on `PageData`
(words and rules), so words from another source (OCR) feed the same geometry.
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.pdf.geometry import Rule, Word
from extractors.pdf.settings import DEFAULT, PdfSettings
from pipeline.core.model import Problem

# Characters read as something else: ligatures, and the private-use codes that
# Word's Symbol and Wingdings bullets and ticks come out as.
_CHAR_MAP = {
    0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
    0xF0B7: "\u2022", 0xF0A7: "\u25aa", 0xF0D8: "\u2022", 0xF076: "\u2022", 0xF0FC: "\u2713", 0xF0FB: "\u2717",
    # Wingdings boxes: 0xFE ticked, 0xFD crossed, 0xA8 empty.
    0xF0FE: "\u2611", 0xF0FD: "\u2612", 0xF0A8: "\u2610",
}
_SEPARATORS = {0x20, 0xA0, 0x2002, 0x2003, 0x2009, 0x200B, 0x3000, 0xFEFF, 0xFFFE, 0xFFFF}


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


def _read_words(textpage: pdfium.PdfTextPage, tf: _Transform, settings: PdfSettings) -> list[Word]:
    """Characters grouped into words: split at spaces (PDFium also generates one
    for a gap between characters), at line changes and at gaps.

    Fast path: the page text in one call, then only the first and last
    character's box of each word.  A word whose two ends do not sit on one line
    at a plausible width, or a page whose text does not map one to one onto its
    characters, is read character by character."""
    s = settings
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range() if n > 0 else ""
    if len(text) != n:
        return _words_by_char(raw, 0, n, tf, settings)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    first, last = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    words: list[Word] = []
    for m in _TOKEN.finditer(text):
        i, j = m.start(), m.end() - 1
        if not (get_box(raw, i, first) and get_box(raw, j, last)):
            words += _words_by_char(raw, i, j + 1, tf, settings)
            continue
        x0, top, _, bottom = tf.rect(first.left, first.bottom, first.right, first.top)
        _, ltop, x1, lbottom = tf.rect(last.left, last.bottom, last.right, last.top)
        h = bottom - top
        if abs(lbottom - bottom) > s.same_line_h * h or x1 < x0 or x1 - x0 > (j - i + 1) * s.max_char_width_h * h:
            words += _words_by_char(raw, i, j + 1, tf, settings)
            continue
        words.append(Word(m.group().translate(_TEXT_MAP), x0, min(top, ltop), x1, max(bottom, lbottom)))
    return words


def _words_by_char(raw, begin: int, end: int, tf: _Transform, settings: PdfSettings) -> list[Word]:
    """Words of characters begin..end-1, character by character."""
    s = settings
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
            if (abs(cbottom - bottom) > s.same_line_h * h or cx0 < x1 - s.overlap_back_h * h
                    or cx0 - x1 > s.char_gap_h * h):
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


def _read_rules(page: pdfium.PdfPage, tf: _Transform, settings: PdfSettings) -> tuple[list[Rule], list[Rule], int]:
    """Ruled lines of a page (stroked segments, hair-thin filled rectangles); image count."""
    s = settings
    hs: list[Rule] = []
    vs: list[Rule] = []
    images = 0
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    fx, fy = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()

    def add(xa: float, ya: float, xb: float, yb: float) -> None:
        if abs(ya - yb) <= s.straight and abs(xa - xb) >= s.min_rule:
            hs.append(Rule((ya + yb) / 2, min(xa, xb), max(xa, xb)))
        elif abs(xa - xb) <= s.straight and abs(ya - yb) >= s.min_rule:
            vs.append(Rule((xa + xb) / 2, min(ya, yb), max(ya, yb)))

    def add_box(x0: float, top: float, x1: float, bottom: float) -> None:
        w, h = x1 - x0, bottom - top
        if h <= s.thin and w >= s.min_rule:
            hs.append(Rule((top + bottom) / 2, x0, x1))
        elif w <= s.thin and h >= s.min_rule:
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
        subpaths = _subpaths(handle, m, tf, add if stroke.value else None, fx, fy)
        if not stroke.value:
            # Word's borders are thin filled rectangles; wider fills are shading.
            for points in subpaths:
                xs = [p[0] for p in points]
                ys = [p[1] for p in points]
                add_box(min(xs), min(ys), max(xs), max(ys))
    return merge_rules(hs, s.rule_tol), merge_rules(vs, s.rule_tol), images


def _subpaths(handle, m: tuple[float, ...], tf: _Transform, add, fx: ctypes.c_float,
              fy: ctypes.c_float) -> list[list[tuple[float, float]]]:
    """A path's points in page space, one list per subpath; `add` (stroked paths only) is given
    every straight segment drawn, closing segments included."""
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
        if add is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO and last is not None:
            add(last[0], last[1], px, py)
        last = (px, py)
        if add is not None and pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            add(px, py, start[0], start[1])
            last = start
    return subpaths


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The PDF matrix that applies `inner`, then `outer`."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def merge_rules(rules: list[Rule], tol: float) -> list[Rule]:
    """Collinear rules that touch or overlap become one."""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (round(r.pos / tol), r.start)):
        prev = out[-1] if out else None
        if prev and abs(prev.pos - r.pos) <= tol and r.start <= prev.end + tol:
            prev.end = max(prev.end, r.end)
        else:
            out.append(Rule(r.pos, r.start, r.end))
    return out


def pdf_metadata(data: bytes) -> dict[str, str]:
    """The PDF's Title, Author and Subject (document information), those filled in."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return {}
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, ValueError, UnicodeDecodeError):
        return {}
    finally:
        pdf.close()
    return {key.lower(): " ".join(str(info[key]).split()) for key in ("Title", "Author", "Subject")
            if str(info.get(key) or "").strip()}


def read_pages(data: bytes, max_pages: int | None = None,
               settings: PdfSettings = DEFAULT) -> tuple[list[PageData], list[Problem]]:
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
                words = _read_words(textpage, tf, settings)
                hs, vs, images = _read_rules(page, tf, settings)
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
