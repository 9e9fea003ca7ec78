"""Scanned pages: rendered, straightened and read by Tesseract into the reader's PageData.

A page is read by OCR when it has no usable text layer: no words at all, words
that form no language (a font without a ToUnicode map decodes to letters that
make no words), or only a stamp of text (a page number) over a page-sized image.
The page is then

1. rendered with PDFium (pypdfium2) in grey at ``DPI`` (300: Tesseract's own
   recommendation), or at ``LOW_RES_DPI`` when the scan itself is coarser than
   ``LOW_RES`` (at 150 dpi small print loses letters, see tests/test_ocr.py);
2. turned upright: a page whose ink profile is flatter across rows than across
   columns is lying on its side (turned 90 degrees); a page read with low word
   confidence is tried the other way up and the better reading kept.  Tesseract's
   own orientation detection (OSD) is not used: in the tesserocr 2.13 wheel
   (Tesseract 5.5.4) ``DetectOrientationScript`` aborts the process
   (std::out_of_range), which would kill a batch worker;
3. deskewed by projection profile: the angle (within +/- ``MAX_SKEW`` degrees)
   whose row profile of ink is sharpest, found on a reduced copy;
4. ruled lines found on the image with a morphological line filter (OpenCV:
   opening with long thin kernels, then connected components), the same filter
   camelot's lattice flavour runs on its rendered page; done directly on our own
   render, it costs a few milliseconds a page instead of a second render and
   camelot's table guessing, and it returns rules, which is what the reader's
   geometry needs (camelot returns cells).  The lines are wiped from the image
   before OCR, so Tesseract does not read them as "|" or "_";
5. read by Tesseract (tesserocr, the C++ API in-process, one engine loaded once
   per document; pytesseract, which starts the ``tesseract`` program for each
   page and parses its TSV, is the fallback: on the tuning scans at 300 dpi 2.5
   CPU seconds a page against 4.1, bench/results/ocr.json) into words with boxes
   and confidences, after toner dust is wiped (`despeckle`);
6. mended where page reading fails on forms: check boxes found by shape become
   box characters (`tick_boxes`), ink no word covers is read again a line at a
   time (`recover`), and once the rows are known a claim read with low confidence
   or as no claim is read again from its own cell (`reread_claim`).
   Each word gets its text line's top and bottom, the loose boxes the
   reader's line clustering expects from a text layer.

Everything is converted to PDF points, top-left origin, so the page goes
through the same table geometry as a born-digital one.
"""
from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# Each chc worker is one process per core already; Tesseract's OpenMP threads
# on top of that only contend for the same cores.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from extractors.pdf.geometry import Rule, Word  # noqa: E402
from extractors.pdf.reading import PageData  # noqa: E402
from pipeline.core.claims import is_comply_value  # noqa: E402
from pipeline.core.model import Problem, Row  # noqa: E402
from pipeline.core.thresholds import LOW_OCR_CONFIDENCE  # noqa: E402

MODES = ("auto", "never", "always")
DPI = 300
MAX_SKEW = 5.0  # degrees; more than this is not a scanner's skew
UPRIGHT_CONFIDENCE = 0.75  # below this mean word confidence the page is tried other ways up
# A page scanned coarser than LOW_RES dpi is enlarged to LOW_RES_DPI before Tesseract reads
# it: letters of 8-10 pt print at 150 dpi are ~10 pixels high, too few for its model.  On the
# 150 dpi tuning scans (bench/bench_ocr.py), PDFium's smoothed enlargement read rows P/R
# 0.93/0.93 at 300 dpi and 0.97/0.98 at 400; OpenCV's cubic enlargement of the scan's own
# pixels did worse than either (0.68/0.70 at 300 on the reportlab layouts).
LOW_RES, LOW_RES_DPI = 250, 400
SPECK_AREA = 5  # pixels at 300 dpi: ink specks this small are dust (a full stop of 8 pt print is ~9)
LINE_HEIGHT = 40  # pixels: words shorter than this are enlarged 2x when read again on their own
TICK_FILL = 0.08  # share of a check box's inside inked from which it counts as ticked
MAX_REREADS = 80  # places read again a page, at most (each a few tens of milliseconds)
MIN_REREAD_CONFIDENCE = 0.5  # a word read again on its own is kept at this confidence or more
INSTALL = "install Tesseract (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng) and run again"

# Words that make up a good share of any English prose; a text layer of 20 or
# more words with almost none of them is letters that form no words.
_COMMON = frozenset(
    "a an and are as at be by for from has have in is it its of on or our that the their this to was "
    "we will with which not all any these been can may must should each who".split()
)
_ALPHA = re.compile(r"[A-Za-z]{1,}")


@dataclass(slots=True)
class OcrWord(Word):
    """A word read by OCR: `conf` is Tesseract's word confidence, 0-1."""

    conf: float = 1.0


@dataclass
class OcrReport:
    """What OCR did to a document: which pages it read, and why others stayed unread."""

    mode: str = "auto"
    engine: str = ""
    pages: list[int] = field(default_factory=list)  # pages whose words came from OCR
    empty: list[int] = field(default_factory=list)  # pages OCRed that gave no words
    unavailable: str = ""  # why OCR could not run at all
    problems: list[Problem] = field(default_factory=list)
    # For reading claim cells again once the rows are known (`annotate`): each OCRed
    # page as Tesseract saw it (upright, level, rules and dust wiped; compressed, ~2 MB
    # where the bitmap is ~9 MB), its resolution, and the engine.
    images: dict[int, tuple] = field(default_factory=dict, repr=False)  # page: ((zlib bytes, shape), dpi)
    reader: Engine | None = field(default=None, repr=False)

    def hint(self) -> str:
        """What to add to "needs OCR" messages about pages that stayed without text."""
        if self.unavailable:
            return f"; OCR is not available ({self.unavailable}): {INSTALL}"
        if self.empty:
            return "; OCR (Tesseract) found no text on them either"
        if self.mode == "never":
            return "; OCR is off (--ocr never)"
        return ""


# ====================================================================== page choice


def is_garbage(words: list[Word]) -> bool:
    """A text layer whose letters form no words (20+ letter runs, under 3% common words)."""
    tokens = [t.lower() for w in words for t in _ALPHA.findall(w.text)]
    if len(tokens) < 20:
        return False
    common = sum(t in _COMMON for t in tokens)
    return common < 0.03 * len(tokens)


def _images(page) -> list[tuple[float, float, float, float, int]]:
    """Images drawn on a PDFium page: (left, bottom, right, top) in points, and width in pixels."""
    import pypdfium2.raw as pdfium_c

    out = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        # pypdfium2 5 renamed get_pos/get_size to get_bounds/get_px_size.
        bounds = getattr(obj, "get_bounds", None) or obj.get_pos
        px_size = getattr(obj, "get_px_size", None) or obj.get_size
        try:
            left, bottom, right, top = bounds()
            px_width = px_size()[0]
        except Exception:  # an image PDFium cannot decode
            continue
        out.append((left, bottom, right, top, int(px_width)))
    return out


def _image_cover(page) -> float:
    """Share of the page's area under its largest image."""
    width, height = page.get_size()
    best = max(((r - le) * (t - b) for le, b, r, t, _ in _images(page)), default=0.0)
    return best / max(width * height, 1.0)


def native_dpi(page) -> float | None:
    """The resolution a scanned page was scanned at: its page-sized image's pixels per inch."""
    width, height = page.get_size()
    for left, bottom, right, top, px in _images(page):
        if (right - left) * (top - bottom) > 0.5 * width * height and right > left:
            return px / ((right - left) / 72)
    return None


def wants_ocr(page: PageData, pdf_page, mode: str) -> bool:
    """Whether `page` is read by OCR in `mode` (auto: only when its text layer is no use)."""
    if mode == "never":
        return False
    if mode == "always" or not page.words or is_garbage(page.words):
        return True
    # A scanner's stamp (page number, date) over a page-sized image.
    return page.images > 0 and len(page.words) < 20 and _image_cover(pdf_page) > 0.5


# ========================================================================== engines


@lru_cache(maxsize=4)
def tessdata(lang: str) -> str | None:
    """The tessdata folder holding `lang`'s traineddata files (every part of "eng+fra")."""
    candidates = [os.environ.get("TESSDATA_PREFIX", "")]
    candidates += [str(p) for p in sorted(Path("/usr/share/tesseract-ocr").glob("*/tessdata"), reverse=True)]
    candidates += ["/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata"]
    for folder in candidates:
        if folder and all(Path(folder, f"{part}.traineddata").is_file() for part in lang.split("+")):
            return folder.rstrip("/") + "/"
    return None


class Engine:
    """One Tesseract reader, reused for every page of a document."""

    name = ""

    def read(self, image, dpi: int, timeout: float | None, line: bool = False) -> tuple[list[tuple], bool]:
        """Words of a PIL image as (text, x0, top, x1, bottom, line_top, line_bottom, conf 0-1,
        baseline y or None) in pixels, and whether the reading was cut short by the time budget.
        `line`: the image is one line of text (a cell's claim, a word the page layout missed),
        read without page segmentation."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class TesserocrEngine(Engine):
    def __init__(self, lang: str, folder: str) -> None:
        import tesserocr

        self._t = tesserocr
        # Inverted-text retries double the time on pages with shading and find
        # nothing a self-assessment prints white on black.
        self.api = tesserocr.PyTessBaseAPI(path=folder, lang=lang, psm=tesserocr.PSM.AUTO,
                                           variables={"tessedit_do_invert": "0"})
        self.name = f"tesserocr {tesserocr.__version__} (Tesseract {tesserocr.tesseract_version().split()[1]})"

    def read(self, image, dpi, timeout, line=False):
        RIL = self._t.RIL
        api = self.api
        api.SetPageSegMode(self._t.PSM.SINGLE_LINE if line else self._t.PSM.AUTO)
        api.SetImage(image)
        api.SetSourceResolution(dpi)
        ok = api.Recognize(timeout=int(timeout * 1000) if timeout else 0)
        out: list[tuple] = []
        it = api.GetIterator()
        if it is None:
            return out, not ok
        while True:
            try:
                text = it.GetUTF8Text(RIL.WORD)
            except RuntimeError:  # tesserocr's "No text returned": a blank page
                break
            box = it.BoundingBox(RIL.WORD)
            line = it.BoundingBox(RIL.TEXTLINE)
            base = it.Baseline(RIL.WORD)
            if text and text.strip() and box and line:
                x0, top, x1, bottom = box
                baseline = (base[0][1] + base[1][1]) / 2 if base else None
                out.append((text.strip(), x0, top, x1, bottom, line[1], line[3], it.Confidence(RIL.WORD) / 100,
                            baseline))
            if not it.Next(RIL.WORD):
                break
        return out, not ok

    def close(self) -> None:
        self.api.End()


class CliEngine(Engine):
    """The `tesseract` program through pytesseract (one process per page)."""

    def __init__(self, lang: str, folder: str | None) -> None:
        import pytesseract

        self._p = pytesseract
        self.lang = lang
        self.config = "--psm 3 -c tessedit_do_invert=0" + (f' --tessdata-dir "{folder}"' if folder else "")
        self.name = f"pytesseract {pytesseract.__version__} (Tesseract {pytesseract.get_tesseract_version()})"

    def read(self, image, dpi, timeout, line=False):
        p = self._p
        config = self.config.replace("--psm 3", "--psm 7") if line else self.config
        try:
            d = p.image_to_data(image, lang=self.lang, config=f"{config} --dpi {dpi}",
                                output_type=p.Output.DICT, timeout=timeout or 0)
        except RuntimeError:  # pytesseract's timeout
            return [], True
        lines: dict[tuple, list[int]] = {}
        for k, text in enumerate(d["text"]):
            if text.strip() and float(d["conf"][k]) >= 0:
                lines.setdefault((d["block_num"][k], d["par_num"][k], d["line_num"][k]), []).append(k)
        out = []
        for ks in lines.values():
            ltop = min(d["top"][k] for k in ks)
            lbottom = max(d["top"][k] + d["height"][k] for k in ks)
            for k in ks:
                x0, top = d["left"][k], d["top"][k]
                out.append((d["text"][k].strip(), x0, top, x0 + d["width"][k], top + d["height"][k],
                            ltop, lbottom, float(d["conf"][k]) / 100, None))
        return out, False


_ENGINES: dict[tuple[str, str], Engine] = {}


def open_engine(lang: str, prefer: str | None = None) -> tuple[Engine | None, str]:
    """The fastest Tesseract binding available, or None and why there is none.
    CHC_OCR_BINDING=pytesseract puts the fallback first (bench/bench_ocr.py compares them)."""
    prefer = prefer or os.environ.get("CHC_OCR_BINDING", "tesserocr")
    folder = tessdata(lang)
    order = ["tesserocr", "pytesseract"] if prefer == "tesserocr" else ["pytesseract", "tesserocr"]
    reasons = []
    for name in order:
        try:
            if name == "tesserocr":
                if folder is None:
                    reasons.append(f"no {lang}.traineddata found")
                    continue
                # One engine a process: loading the language model costs a fraction of a
                # second, which a batch of one-page scans would pay on every document.
                if (lang, folder) not in _ENGINES:
                    _ENGINES[(lang, folder)] = TesserocrEngine(lang, folder)
                return _ENGINES[(lang, folder)], ""
            if shutil.which("tesseract") is None:
                reasons.append("no tesseract program on PATH")
                continue
            return CliEngine(lang, folder), ""
        except ImportError:
            reasons.append(f"{name} is not installed")
        except Exception as e:  # a language Tesseract cannot load, a broken install
            reasons.append(f"{name} failed to start: {e}")
    return None, "; ".join(dict.fromkeys(reasons))


# ========================================================================== imaging


def _ink(gray):
    """Ink mask (uint8 0/255) of a grey image, by Otsu's threshold."""
    import cv2

    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def _spread(profile) -> float:
    """How unevenly ink falls across a profile (variance over mean squared): high when
    the profile crosses text lines and the gaps between them, low along them."""
    p = profile.astype("float64")
    return float(p.var() / max(p.mean() ** 2, 1e-9))


def orientation(mask) -> tuple[bool, float]:
    """Whether the page lies on its side (text lines run down the image), and the
    degrees to rotate it (counter-clockwise, after any quarter turn) so its lines
    are level: the angle within +/- MAX_SKEW whose row profile of ink spreads
    most, on a reduced copy, tried both ways round."""
    import cv2
    import numpy as np

    h, w = mask.shape
    scale = min(1.0, 1000 / max(h, w))
    small = cv2.resize(mask, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)

    def best(img) -> tuple[float, float]:
        sh, sw = img.shape
        centre = (sw / 2, sh / 2)

        def score(angle: float) -> float:
            m = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
            turned = cv2.warpAffine(img, m, (sw, sh), flags=cv2.INTER_NEAREST, borderValue=0)
            return _spread(turned.sum(axis=1))

        coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=score)
        fine = max(np.arange(coarse - 0.5, coarse + 0.501, 0.05), key=score)
        return score(fine), float(fine)

    upright, angle = best(small)
    side, side_angle = best(np.rot90(small, -1).copy())
    if side > 1.5 * upright:
        return True, side_angle
    return False, angle


def rotate(gray, angle: float):
    """`gray` turned `angle` degrees counter-clockwise about its centre, same size, white fill."""
    import cv2

    if abs(angle) < 0.02:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def find_rules(gray, dpi: int):
    """Horizontal and vertical ruled lines of a level page, in pixels, and their mask.

    A rule is a run of ink at least ~0.25 inch long and thinner than ~0.04 inch:
    longer than any letter's stroke, so text does not pass the filter."""
    import cv2
    import numpy as np

    mask = _ink(gray)
    length = max(8, int(dpi * 0.25))
    thick = max(2, int(dpi * 0.04))
    horizontal = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    # Bridge the breaks a scan leaves in a line (speckle, faint toner).
    gap = max(3, dpi // 50)
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for src, out, along in ((horizontal, hs, True), (vertical, vs, False)):
        # A page has a few hundred rules at most: 16-bit labels, half the memory traffic.
        n, _, stats, _ = cv2.connectedComponentsWithStats(src, connectivity=8, ltype=cv2.CV_16U)
        for x, y, w, h, _area in stats[1:n]:
            x, y, w, h = int(x), int(y), int(w), int(h)  # numpy ints would leak into Row.bbox
            if along and w >= length and h <= thick * 3:
                out.append((y + h / 2, float(x), float(x + w)))
            elif not along and h >= length and w <= thick * 3:
                out.append((x + w / 2, float(y), float(y + h)))
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    return hs, vs, lines


def despeckle(gray, dpi: int):
    """`gray` with toner dust wiped: specks of ink smaller than a full stop of small print.

    Tesseract reads a speck beside a letter as part of the word ("_In progress",
    "In. progress"), which turns a claim into no claim."""
    return _despeckled(gray, dpi)[0]


def _despeckled(gray, dpi: int):
    """`despeckle`'s page, and the ink components (mask, stats) left on it, which
    `tick_boxes` looks through without labelling the page again."""
    import cv2

    mask = _ink(gray)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    limit = max(1, round(SPECK_AREA * (dpi / 300) ** 2))
    small = stats[:, cv2.CC_STAT_AREA] <= limit
    small[0] = False
    out = gray.copy()
    dust = small[labels]
    out[dust] = 255
    mask[dust] = 0
    return out, (mask, stats[1:][~small[1:]])


def unread_ink(gray, boxes: list[tuple[int, int, int, int]], typical: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, top, x1, bottom, pixels) of word-sized ink that no word read covers.

    Tesseract's page layout analysis drops short words standing alone in a narrow
    cell ("No" in a comply column between two wide ones); the ink is still on the
    page.  Letters are joined into words and words into short phrases (a gap of up to
    ~0.6 of a line's height), then every blob as tall as a line of text with at most
    a fifth of it under a word's box is a place to read again."""
    import cv2
    import numpy as np

    mask = _ink(gray)
    joined = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(typical * 0.6)), 1)))
    covered = np.zeros(mask.shape, np.uint8)
    for x0, top, x1, bottom in boxes:
        covered[max(0, top):bottom + 1, max(0, x0):x1 + 1] = 1
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:n]:
        if not (0.5 * typical <= h <= 2.5 * typical and w >= 0.5 * typical):
            continue
        ink = mask[y:y + h, x:x + w] > 0
        if ink.sum() < 0.5 * typical * typical * 0.1 or covered[y:y + h, x:x + w][ink].mean() > 0.2:
            continue
        out.append((int(x), int(y), int(x + w), int(y + h)))
    return out


def read_line(engine: Engine, gray, box: tuple[int, int, int, int], typical: float, dpi: int,
              timeout: float | None) -> list[tuple]:
    """The words in `box` of `gray`, read as one line: padded with white (Tesseract
    misreads letters touching the image's edge) and enlarged when the print is small
    (its LSTM model reads lines about 30 pixels high best); in page pixels."""
    import cv2
    from PIL import Image

    x0, top, x1, bottom = box
    pad = int(typical * 0.6) + 4
    h, w = gray.shape
    x0, top, x1, bottom = max(0, x0 - pad), max(0, top - pad), min(w, x1 + pad), min(h, bottom + pad)
    crop = gray[top:bottom, x0:x1]
    scale = 2 if typical < LINE_HEIGHT else 1
    if scale > 1:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    words, _ = engine.read(Image.fromarray(crop), dpi * scale, timeout, line=True)
    out = []
    for text, a, t, b, btm, lt, lb, conf, base in words:
        out.append((text, x0 + a / scale, top + t / scale, x0 + b / scale, top + btm / scale,
                    top + lt / scale, top + lb / scale, conf, None if base is None else top + base / scale))
    return out


def tick_boxes(gray, typical: float, components=None) -> list[tuple[int, int, int, int, bool, float]]:
    """Printed check boxes: (x0, top, x1, bottom, ticked, certainty) in pixels.

    Tesseract reads a box glyph as letters ("CL Yes Kl No"), so which option is
    ticked is lost.  A box is a square of ink about a letter high whose four sides
    are all drawn; it is ticked when ink crosses its inside (a cross, a tick, a fill)."""
    import cv2

    if components is None:
        mask = _ink(gray)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        stats = stats[1:n]
    else:
        mask, stats = components
    out = []
    for x, y, w, h, _area in stats:
        if not (0.4 * typical <= h <= 1.3 * typical and 0.8 <= w / h <= 1.25) or min(w, h) < 8:
            continue
        box = mask[y:y + h, x:x + w] > 0
        edge = max(2, round(min(w, h) * 0.12))
        sides = (box[:edge].any(axis=0).mean(), box[-edge:].any(axis=0).mean(),
                 box[:, :edge].any(axis=1).mean(), box[:, -edge:].any(axis=1).mean())
        if min(sides) < 0.9:
            continue
        inset = round(min(w, h) * 0.25)
        inner = box[inset:h - inset, inset:w - inset]
        fill = float(inner.mean()) if inner.size else 0.0
        ticked = fill >= TICK_FILL
        certainty = 0.95 if fill < TICK_FILL / 2 or fill >= TICK_FILL * 2 else 0.5
        out.append((int(x), int(y), int(x + w), int(y + h), ticked, certainty))
    return out


def with_tick_boxes(gray, raw: list[tuple], components=None) -> list[tuple]:
    """`raw` with the letters read off each check box replaced by the box's character
    (see `tick_boxes`), so that the form's tick reading (extractors/form/ticks.py)
    finds the ticked option as it does in a text layer."""
    typical = _typical_height(raw)
    if typical is None:
        return raw
    boxes = tick_boxes(gray, typical, components)
    if not boxes:
        return raw
    kept = []
    for word in raw:
        x0, top, x1, bottom = word[1:5]
        area = max(1.0, (x1 - x0) * (bottom - top))
        if any(max(0, min(x1, b[2]) - max(x0, b[0])) * max(0, min(bottom, b[3]) - max(top, b[1])) >= 0.4 * area
               for b in boxes):
            continue
        kept.append(word)
    for x0, top, x1, bottom, ticked, certainty in boxes:
        mid = (top + bottom) / 2
        kept.append(("\u2612" if ticked else "\u2610", x0, top, x1, bottom, mid - typical / 2, mid + typical / 2,
                     certainty, None))
    return kept


def _typical_height(raw: list[tuple]) -> float | None:
    heights = sorted(w[4] - w[2] for w in raw if _WORDLIKE.search(w[0]))
    return heights[len(heights) // 2] if heights else None


def recover(engine: Engine, gray, raw: list[tuple], dpi: int, timeout: float | None) -> list[tuple]:
    """Words the page reading missed (see `unread_ink`), read a line at a time."""
    typical = _typical_height(raw)
    if typical is None:
        return []
    boxes = [(int(w[1]), int(w[2]), int(w[3]), int(w[4])) for w in raw]
    found = []
    for box in unread_ink(gray, boxes, typical)[:MAX_REREADS]:
        found += [w for w in read_line(engine, gray, box, typical, dpi, timeout)
                  if _WORDLIKE.search(w[0]) and w[7] >= MIN_REREAD_CONFIDENCE]
    return found


# ============================================================================ pages


def _merge(rules: list[Rule], tol: float = 2.0) -> list[Rule]:
    """Collinear rules that touch or overlap become one (as the reader merges drawn rules)."""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (r.pos, r.start)):
        for prev in reversed(out[-8:]):
            if abs(prev.pos - r.pos) <= tol and r.start <= prev.end + tol:
                prev.end = max(prev.end, r.end)
                break
        else:
            out.append(Rule(r.pos, r.start, r.end))
    return out


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


_WORDLIKE = re.compile(r"[A-Za-z0-9]")
_EDGE_JUNK = re.compile(r"^[_=|~`^¦]+|[_=|~`^¦]+$")
_BOXES = ("\u2612", "\u2610")  # check boxes found on the image, ticked and empty (`tick_boxes`)


def _clean(raw: list[tuple]) -> list[tuple]:
    """OCR words with one box height per text line, dust left out.

    A text layer's boxes run from the font's ascent to its descent, so every word
    of a line shares a top and bottom and lines cluster cleanly; OCR boxes hug the
    ink ("a" is shorter than "Ag") and blur or specks can make one tall enough to
    bridge two lines.  So a word's box is rebuilt from its baseline and the page's
    typical word height; without a baseline (pytesseract's TSV has none) it takes
    its text line's box unless that line is taller than two lines of text.
    Specks read as punctuation (no letter or digit, low confidence or tiny) are dropped."""
    heights = sorted(w[4] - w[2] for w in raw if _WORDLIKE.search(w[0]))
    if not heights:
        return []
    typical = heights[len(heights) // 2]
    out = []
    for text, x0, top, x1, bottom, ltop, lbottom, conf, baseline in raw:
        if not _WORDLIKE.search(text) and text not in _BOXES and (conf < 0.6 or bottom - top < 0.4 * typical):
            continue
        if baseline is not None and top - typical <= baseline <= bottom + typical:
            top, bottom = baseline - 0.85 * typical, baseline + 0.3 * typical
        elif lbottom - ltop <= 1.8 * typical:
            top, bottom = min(top, ltop), max(bottom, lbottom)
        if _WORDLIKE.search(text):
            # A rule's remnant or a speck glued to a word's end ("_In", "=Yes", "No|").
            text = _EDGE_JUNK.sub("", text) or text
        out.append((text, x0, top, x1, bottom, conf))
    return out


def render(pdf_page, dpi: int):
    """The page in grey at `dpi` (PDFium's smoothed resampling of the scan's image)."""
    import numpy as np

    bitmap = pdf_page.render(scale=dpi / 72, grayscale=True)
    gray = np.array(bitmap.to_pil().convert("L"))
    bitmap.close()
    return gray


def render_dpi(pdf_page, dpi: int) -> int:
    """The resolution to read a page at: `dpi`, or LOW_RES_DPI for a page scanned
    coarser than LOW_RES (see LOW_RES_DPI)."""
    native = native_dpi(pdf_page)
    return max(dpi, LOW_RES_DPI) if native is not None and native < LOW_RES else dpi


def read_page(engine: Engine, pdf_page, number: int, dpi: int = DPI,
              timeout: float | None = None) -> tuple[PageData, dict]:
    """One page read by OCR: its PageData (points, top-left origin) and what was done to it."""
    import numpy as np
    from PIL import Image

    started = time.perf_counter()
    gray = render(pdf_page, dpi)
    turn = 0
    on_side, skew = orientation(_ink(gray))
    if on_side:
        gray, turn = np.rot90(gray, -1).copy(), 90
    gray = rotate(gray, skew)

    def budget() -> float | None:
        return None if timeout is None else max(0.5, timeout - (time.perf_counter() - started))

    def attempt(img):
        hs, vs, lines = find_rules(img, dpi)
        clean = img.copy()
        clean[lines > 0] = 255
        clean, components = _despeckled(clean, dpi)
        words, cut = engine.read(Image.fromarray(clean), dpi, budget())
        conf = _mean([w[7] for w in words]) or 0.0
        return clean, hs, vs, words, cut, conf, components

    best = attempt(gray)
    if best[3] and not best[4] and best[5] < UPRIGHT_CONFIDENCE:
        # Perhaps upside down (or on its other side): read it turned half round.
        other = attempt(np.rot90(gray, 2).copy())
        if other[5] > best[5] and len(other[3]) >= 0.5 * len(best[3]):
            best, turn = other, (turn + 180) % 360
    img, hs, vs, raw, cut, conf, components = best
    raw = with_tick_boxes(img, raw, components)
    if not cut:
        raw = raw + recover(engine, img, raw, dpi, budget())
    k = 72.0 / dpi
    words: list[Word] = [OcrWord(text, x0 * k, top * k, x1 * k, bottom * k, c)
                         for text, x0, top, x1, bottom, c in _clean(raw)]
    h_px, w_px = img.shape
    page = PageData(
        number, w_px * k, h_px * k, words,
        _merge([Rule(p * k, a * k, b * k) for p, a, b in hs]),
        _merge([Rule(p * k, a * k, b * k) for p, a, b in vs]),
        images=1,
    )
    info = {"page": number, "turned": turn, "skew": round(skew, 2), "words": len(words),
            "confidence": round(conf, 3), "seconds": round(time.perf_counter() - started, 2), "cut": cut,
            "dpi": dpi,
            "image": img}
    return page, info


def fill(data: bytes, pages: list[PageData], mode: str = "auto", lang: str = "eng",
         page_timeout: float | None = None, dpi: int = DPI) -> tuple[list[PageData], OcrReport]:
    """`pages` with every page that needs it (see `wants_ocr`) replaced by its OCR reading."""
    import pypdfium2 as pdfium

    report = OcrReport(mode=mode)
    if mode == "never" or not pages:
        return pages, report
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return pages, report
    engine: Engine | None = None
    out = list(pages)
    infos: list[dict] = []
    try:
        for i, page in enumerate(pages):
            pdf_page = pdf[page.number - 1]
            try:
                if not wants_ocr(page, pdf_page, mode):
                    continue
                if engine is None:
                    engine, why = open_engine(lang)
                    if engine is None:
                        report.unavailable = why
                        break
                    report.engine = engine.name
                try:
                    read, info = read_page(engine, pdf_page, page.number, render_dpi(pdf_page, dpi),
                                           page_timeout)
                except (RuntimeError, ValueError, MemoryError, pdfium.PdfiumError) as e:
                    report.problems.append(Problem(
                        "read", "warning", f"page {page.number}: OCR failed ({type(e).__name__}: {e}); "
                        "its rows are missing"))
                    continue
            finally:
                pdf_page.close()
            image = info.pop("image")
            infos.append(info)
            if info["cut"]:
                report.problems.append(Problem(
                    "read", "warning",
                    f"page {page.number}: OCR stopped at the per-page time budget ({page_timeout:g} s); "
                    "rows printed there may be missing or cut short (raise --ocr-page-timeout)",
                ))
            if read.words:
                out[i] = read
                report.pages.append(page.number)
                report.images[page.number] = (_pack(image), info["dpi"])
            elif not page.words:
                report.empty.append(page.number)
    finally:
        pdf.close()
    report.reader = engine
    if report.unavailable and mode == "always":
        report.problems.append(Problem("read", "warning", f"--ocr always: OCR is not available "
                                                          f"({report.unavailable}); {INSTALL}"))
    if report.pages:
        done = [x for x in infos if x["page"] in report.pages]
        turned = [f"{x['page']} ({x['turned']} degrees)" for x in done if x["turned"]]
        conf = _mean([x["confidence"] for x in done]) or 0.0
        report.problems.append(Problem(
            "read", "info",
            f"page(s) {_pages(report.pages)} read by OCR ({report.engine}, "
            f"{'/'.join(str(d) for d in sorted({x['dpi'] for x in done}))} dpi, {lang}): mean word "
            f"confidence {conf:.2f}" + (f"; turned upright: {', '.join(turned)}" if turned else ""),
        ))
    return out, report


def _pack(image) -> tuple[bytes, tuple[int, int]]:
    import zlib

    # zlib at its fastest level: half PNG's time for the same size on a scanned page.
    return zlib.compress(image.tobytes(), 1), image.shape


def _unpack(packed: tuple[bytes, tuple[int, int]]):
    import zlib

    import numpy as np

    data, shape = packed
    return np.frombuffer(zlib.decompress(data), np.uint8).reshape(shape)


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:10])) + (" ..." if len(numbers) > 10 else "")


# ============================================================================= rows


def annotate(rows: list[Row], pages: list[PageData], report: OcrReport) -> None:
    """Mark rows read from OCR pages with their mean word confidence and their claim
    cell's: the OCR words inside the row's box on its first page; for the claim,
    the word nearest the top of the row for each token of the claim.  A claim read
    with low confidence, or read as no claim of the vocabulary, is read again from
    its own cell (`reread_claim`)."""
    if not report.pages:
        return
    by_number = {p.number: p for p in pages}
    ocr = set(report.pages)
    images: dict[int, object] = {}
    for row in rows:
        if row.source_start not in ocr or row.bbox is None:
            continue
        x0, top, x1, bottom = row.bbox
        inside = [w for w in by_number[row.source_start].words
                  if isinstance(w, OcrWord) and x0 - 1 <= w.cx <= x1 + 1 and top - 1 <= w.cy <= bottom + 1]
        row.read_as = f"ocr+{row.read_as}" if row.read_as else "ocr"
        row.ocr_confidence = round(_mean([w.conf for w in inside]) or 0.0, 3)
        claim_words = _claim_words(row.comply_raw or "", inside)
        row.claim_confidence = round(min(w.conf for w in claim_words), 3) if claim_words else None
        if claim_words and report.reader is not None and not any(w.text in _BOXES for w in claim_words) and (
                row.claim_confidence < LOW_OCR_CONFIDENCE or not is_comply_value(row.comply_raw)):
            if row.source_start not in images:
                packed, dpi = report.images[row.source_start]
                images[row.source_start] = (_unpack(packed), dpi)
            reread_claim(row, claim_words, *images[row.source_start], report.reader)


def _claim_words(raw: str, inside: list[OcrWord]) -> list[OcrWord]:
    out = []
    for token in raw.split():
        same = [w for w in inside if w.text == token]
        if same:
            out.append(min(same, key=lambda w: (w.top, w.x0)))
    return out


def reread_claim(row: Row, claim_words: list[OcrWord], image, dpi: int, engine: Engine) -> None:
    """Read the claim's words again on their own, as one line; the new reading replaces
    the old when it is a claim of the vocabulary (schemas/comply_values.csv) and the
    old one was not, or was read with less confidence."""
    k = dpi / 72.0
    box = (int(min(w.x0 for w in claim_words) * k), int(min(w.top for w in claim_words) * k),
           int(max(w.x1 for w in claim_words) * k) + 1, int(max(w.bottom for w in claim_words) * k) + 1)
    typical = (box[3] - box[1]) / max(1, len({round(w.top) for w in claim_words}))
    words = read_line(engine, image, box, typical, dpi, None)
    words = [w for w in words if _WORDLIKE.search(w[0]) or w[0] in ("-", "–", "—")]
    if not words:
        return
    text = " ".join(w[0] for w in words)
    conf = min(w[7] for w in words)
    if is_comply_value(text) and (not is_comply_value(row.comply_raw) or conf > (row.claim_confidence or 0.0)):
        row.comply_raw, row.claim_confidence = text, round(conf, 3)
