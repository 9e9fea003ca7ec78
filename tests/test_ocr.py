"""Scanned self-assessments: generated forms printed to images, "scanned" back with
noise (tests/scan_fixtures.py) and read by OCR through the PDF extractor.

The rows are written here (tests/pdf_fixtures.reference_rows: the Code's own
texts with evidence written for the tests), never the seed documents'.  OCR is
slow (seconds a page), so the scans are small and built once per session.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extractors.form.markup import one_line
from extractors.pdf import extract, ocr
from extractors.pdf import geometry, reading
from pipeline.core.claims import normalise
from pipeline.core.model import Source
from pipeline.ingest.process import process_file
from tests import pdf_fixtures as F
from tests import published_fixtures as P
from tests import scan_fixtures as S

needs_tesseract = pytest.mark.skipif(ocr.open_engine("eng")[0] is None, reason="Tesseract is not installed")


def words(text: str) -> list[str]:
    return [w for w in one_line(text).split(" ") if re.search(r"[A-Za-z0-9]", w)]


@dataclass
class Scan:
    rows: list[F.FixtureRow]
    path: Path
    smudged: str  # provision whose claim was faded on the scan
    _extraction: object = None

    @property
    def extraction(self):
        if self._extraction is None:
            self._extraction = extract(Source(self.path, self.path.read_bytes()))
        return self._extraction


def _claim_box(src: Path, rows, target: str) -> tuple[int, tuple[float, float, float, float]]:
    """Page and box (points) of `target`'s claim word on the born-digital PDF."""
    born = extract(Source(src, src.read_bytes(), ocr="never"))
    row = next(r for r in born.rows if r.printed_id == target)
    pages, _ = reading.read_pages(src.read_bytes())
    x0, top, x1, bottom = row.bbox
    word = min((w for w in pages[row.source_start - 1].words
                if w.text == row.comply_raw and x0 <= w.cx <= x1 and top <= w.cy <= bottom),
               key=lambda w: w.top)
    return row.source_start, (word.x0 - 2, word.top - 2, word.x1 + 2, word.bottom + 2)


@pytest.fixture(scope="session")
def scanned(tmp_path_factory):
    cache: dict[tuple, Scan] = {}
    folder = tmp_path_factory.mktemp("scans")

    def get(layout: str, edition: str, first: int, n: int, dpi: int) -> Scan:
        key = (layout, edition, first, n, dpi)
        if key not in cache:
            rows = F.reference_rows(edition)[first:first + n]
            src = F.render(folder / f"{layout}-{dpi}.pdf", rows, layout).path
            target = next(r.printed_id for r in rows[2:] if r.comply == "Yes")
            noise = S.Noise(smudges=(_claim_box(src, rows, target),))
            path = S.scan(src, folder / f"{layout}-{dpi}-scan.pdf", dpi, noise)
            cache[key] = Scan(rows, path, target)
        return cache[key]

    return get


def _agreement(scan: Scan) -> dict[str, float]:
    got = {r.printed_id: r for r in scan.extraction.rows}
    want = {r.printed_id: r for r in scan.rows}
    found = [p for p in want if p in got]
    comply = [p for p in found if normalise(got[p].comply_raw)[0] == normalise(want[p].comply)[0]]
    text = []
    for p in found:
        g = words(got[p].evidence + " " + got[p].commentary)
        w = words(want[p].evidence + " " + want[p].commentary)
        text.append(g[:3] == w[:3] and g[-3:] == w[-3:])
    return {
        "rows_p": len(found) / max(len(got), 1),
        "rows_r": len(found) / len(want),
        "comply": len(comply) / max(len(found), 1),
        "text": sum(text) / max(len(found), 1),
    }


# ---------------------------------------------------------------- no Tesseract needed


def test_letters_that_form_no_words_are_a_garbage_text_layer():
    prose = ("We publish our complaints policy on the website and we review it each year with the "
             "residents panel, so that the policy is clear and easy to find for all of our residents")
    shifted = "".join(chr((ord(c) - 97 + 7) % 26 + 97) if c.islower() else c for c in prose)
    as_words = lambda text: [geometry.Word(t, 0, 0, 1, 1) for t in text.split()]  # noqa: E731
    assert not ocr.is_garbage(as_words(prose))
    assert ocr.is_garbage(as_words(shifted))
    assert not ocr.is_garbage(as_words("Page 3 of 12"))  # too few words to judge


def _page_image(tmp_path, layout: str, dpi: int) -> tuple[np.ndarray, reading.PageData]:
    src = F.render(tmp_path / f"{layout}.pdf", F.reference_rows("2024")[:6], layout).path
    pdf = pdfium.PdfDocument(str(src))
    gray = np.array(pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    pdf.close()
    pages, _ = reading.read_pages(src.read_bytes())
    return gray, pages[0]


@pytest.mark.parametrize("turn, angle", [(0, 1.5), (90, -0.7), (0, -2.0)])
def test_page_on_its_side_and_skew_are_found(tmp_path, turn, angle):
    gray, _ = _page_image(tmp_path, "ruled_portrait", 100)
    img = Image.fromarray(gray).rotate(turn, expand=True).rotate(angle, fillcolor=255, resample=Image.BICUBIC)
    on_side, skew = ocr.orientation(ocr._ink(np.array(img)))
    assert on_side == (turn == 90)
    assert abs(skew + angle) <= 0.15  # the correction undoes the scanner's turn


def test_rules_found_on_the_image_match_the_drawn_ones(tmp_path):
    gray, born = _page_image(tmp_path, "ruled_landscape", 150)
    hs, vs, _ = ocr.find_rules(gray, 150)
    k = 72 / 150
    for drawn, found in ((born.vrules, vs), (born.hrules, hs)):
        found_pt = [(p * k, a * k, b * k) for p, a, b in found]
        long_drawn = [r for r in drawn if r.end - r.start > 20]
        assert long_drawn
        for r in long_drawn:
            assert any(abs(p - r.pos) <= 1.5 and a <= r.start + 3 and b >= r.end - 3 for p, a, b in found_pt), r


def test_without_tesseract_the_scan_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tessdata", lambda lang: None)
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    path = F.render_scanned(tmp_path / "scan.pdf")
    ex = extract(Source(path, path.read_bytes()))
    errors = [p.message for p in ex.problems if p.severity == "error"]
    assert ex.rows == [] and len(errors) == 1
    assert "needs OCR" in errors[0] and "apt-get install tesseract-ocr" in errors[0]


def test_ocr_never_leaves_a_scan_unread(tmp_path):
    path = F.render_scanned(tmp_path / "scan.pdf")
    ex = extract(Source(path, path.read_bytes(), ocr="never"))
    assert ex.rows == [] and ex.ocr_pages == []
    assert "needs OCR" in ex.problems[0].message and "--ocr never" in ex.problems[0].message


# ------------------------------------------------------- imaging (no Tesseract needed)

_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf"


def _canvas(width: int = 900, height: int = 200):
    from PIL import ImageDraw

    img = Image.new("L", (width, height), 255)
    return img, ImageDraw.Draw(img)


def _font(px: int):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(_FONT, px)
    except OSError:
        pytest.skip("DejaVu fonts are not installed")


def test_dust_is_wiped_and_full_stops_are_kept():
    img, draw = _canvas()
    rng = np.random.default_rng(3)
    px = img.load()
    specks = [(int(x), int(y)) for x, y in zip(rng.integers(0, 900, 300), rng.integers(0, 200, 300))]
    for x, y in specks:
        px[x, y] = 20
    draw.ellipse((400, 100, 404, 104), fill=0)  # a full stop of small print at 300 dpi
    draw.text((100, 40), "Partly met.", font=_font(34), fill=0)
    gray = np.array(img)
    clean = ocr.despeckle(gray, 300)
    untouched = [(x, y) for x, y in specks if not (95 <= x <= 330 and 35 <= y <= 90)]
    assert all(clean[y, x] == 255 for x, y in untouched)
    assert clean[102, 402] < 128  # the dot stays
    text_ink = (gray[35:90, 95:330] < 128).sum()
    assert (clean[35:90, 95:330] < 128).sum() >= 0.97 * text_ink  # letters keep their ink


def test_check_boxes_on_the_image_become_box_characters():
    """Boxes drawn by a form, one ticked with a check mark: found by shape, not by
    reading, and the letters OCR made of them give way to box characters."""
    img, draw = _canvas()
    font = _font(30)
    for x, ticked in ((60, False), (330, True)):
        draw.rectangle((x, 80, x + 26, 106), outline=0, width=2)
        if ticked:
            draw.line((x + 5, 93, x + 11, 101, x + 22, 84), fill=0, width=3)
        draw.text((x + 40, 76), "Agreed", font=font, fill=0)
    draw.text((600, 76), "O D 0", font=font, fill=0)  # round letters are no boxes
    gray = np.array(img)
    boxes = ocr.tick_boxes(gray, 34)
    assert [(b[0] // 10, b[4]) for b in boxes] == [(6, False), (33, True)]
    raw = [("El", 58, 78, 88, 108, 76, 110, 0.31, 105.0), ("Agreed", 100, 76, 200, 108, 76, 110, 0.96, 105.0),
           ("Mi", 328, 78, 358, 108, 76, 110, 0.22, 105.0), ("Agreed", 370, 76, 470, 108, 76, 110, 0.95, 105.0)]
    texts = [w[0] for w in sorted(ocr.with_tick_boxes(gray, raw), key=lambda w: w[1])]
    assert texts == ["\u2610", "Agreed", "\u2612", "Agreed"]


def test_ink_no_word_covers_is_found_and_dust_is_not():
    img, draw = _canvas()
    font = _font(30)
    draw.text((40, 60), "Evidence held", font=font, fill=0)
    draw.text((520, 60), "Nil", font=font, fill=0)  # a word the page reading dropped
    px = img.load()
    for x in range(300, 480, 7):
        px[x, 150] = 0
    gray = np.array(img)
    read = [(40, 60, 250, 100)]  # the words Tesseract did read
    found = ocr.unread_ink(gray, read, 34)
    assert len(found) == 1 and 500 <= found[0][0] <= 525 and found[0][2] <= 590


def test_scan_with_a_page_number_stamp_is_read_by_ocr(tmp_path):
    """Scanning software's text stamp (a page number) over a page-sized image does not
    count as a text layer; the scan's resolution is read from its image."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdfcanvas

    scan = Image.new("L", (1240, 1754), 250)  # A4 at 150 dpi
    path = tmp_path / "stamped.pdf"
    c = pdfcanvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(scan), 0, 0, width=A4[0], height=A4[1])
    c.setFont("Helvetica", 8)
    c.drawString(280, 20, "Scan 0001 page 1")
    c.showPage()
    c.save()
    pages, _ = reading.read_pages(path.read_bytes())
    assert pages[0].words
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert ocr.wants_ocr(pages[0], pdf[0], "auto")
        assert abs(ocr.native_dpi(pdf[0]) - 150) < 1
        assert ocr.render_dpi(pdf[0], 300) == ocr.LOW_RES_DPI
    finally:
        pdf.close()


# ------------------------------------------------------------------- real OCR


@needs_tesseract
@pytest.mark.slow
def test_scan_at_300_dpi_reads_every_row(scanned):
    """Three pages: crooked by 0.8-2 degrees, blurred, speckled, the second upside down."""
    scan = scanned("ruled_landscape", "2024", 0, 12, 300)
    ex = scan.extraction
    assert [p for p in ex.problems if p.severity == "error"] == []
    assert ex.ocr_pages == [1, 2, 3]
    info = [p.message for p in ex.problems if p.severity == "info"]
    assert any("read by OCR" in m and "2 (180 degrees)" in m for m in info), info
    got = {r.printed_id: r for r in ex.rows}
    assert sorted(got) == sorted(r.printed_id for r in scan.rows)
    for want in scan.rows:
        row = got[want.printed_id]
        assert row.read_as == "ocr+ruled" and 0.5 < row.ocr_confidence <= 1.0
        if want.printed_id != scan.smudged:
            assert normalise(row.comply_raw)[0] == normalise(want.comply)[0], want.printed_id
        g, w = words(row.evidence + " " + row.commentary), words(want.evidence + " " + want.commentary)
        assert g[:3] == w[:3] and g[-3:] == w[-3:], want.printed_id
    scores = _agreement(scan)
    assert scores["rows_p"] >= 0.98 and scores["rows_r"] >= 0.98 and scores["text"] >= 0.95, scores


@needs_tesseract
@pytest.mark.slow
def test_faded_claim_is_listed_in_claims_to_check(scanned, tmp_path):
    from pipeline.ingest.batch import extract as run_extract

    scan = scanned("ruled_portrait", "2022", 40, 5, 300)  # one page
    db = tmp_path / "scan.duckdb"
    run_extract([scan.path], db, workers=1)
    con = duckdb.connect(str(db), read_only=True)
    flagged = dict(con.execute(
        "SELECT printed_id, detail FROM claims_to_check WHERE reason = 'claim_read_uncertain'").fetchall())
    clean = con.execute(
        "SELECT count(*) FROM responses WHERE claim_confidence >= low_ocr_confidence() AND comply = 'yes'"
    ).fetchone()[0]
    ocr_pages = con.execute("SELECT ocr_pages FROM documents").fetchall()
    con.close()
    assert ocr_pages == [([1],)]  # the document records which pages were OCRed
    assert scan.smudged in flagged, flagged
    assert "check it against the scan" in flagged[scan.smudged]
    blank = {r.printed_id for r in scan.rows if not r.comply}
    assert set(flagged) - blank == {scan.smudged}  # clean claims are not listed
    assert clean >= 1


@needs_tesseract
@pytest.mark.slow
def test_scan_at_150_dpi(scanned):
    """A coarser scan (and the same noise): the page is enlarged to LOW_RES_DPI before
    Tesseract reads it.  Read at 300 dpi this page gave rows P/R 0.8/0.8, comply 0.75,
    text 0.25; enlarged (and with dust wiped), P/R 0.83/1.0, comply 0.8, text 1.0: every
    row is found with its first and last words (one extra row, one claim misread)."""
    scan = scanned("ruled_portrait", "2022", 40, 5, 150)
    scores = _agreement(scan)
    assert scores["rows_r"] == 1.0 and scores["text"] == 1.0 and scores["comply"] >= 0.75, scores
    assert scan.extraction.ocr_pages == [1]
    assert all(r.read_as == "ocr+ruled" for r in scan.extraction.rows)


@needs_tesseract
def test_per_page_time_budget_stops_ocr_and_says_so(tmp_path):
    src = F.render(tmp_path / "form.pdf", F.reference_rows("2024")[:4], "ruled_landscape").path
    path = S.scan(src, tmp_path / "scan.pdf", 150, S.Noise(upside_down=()))
    ex = extract(Source(path, path.read_bytes(), ocr_page_timeout=0.01))
    warnings = [p.message for p in ex.problems if p.severity == "warning"]
    assert any("per-page time budget" in m and "--ocr-page-timeout" in m for m in warnings), ex.problems


@needs_tesseract
@pytest.mark.slow
@pytest.mark.skipif(not P.have_renderers(), reason="needs soffice, chromium and pdftotext")
def test_scanned_word_form_printed_by_libreoffice(tmp_path):
    """A form written with python-docx (header cells wrapped over lines) and printed
    by LibreOffice, its first page scanned by the held-out "scanner" (fed upside
    down, more blur and dust): every row, claim and first and last words come back
    through the whole pipeline (alignment included)."""
    built = S.build(S.Case(S.HELD_OUT, "published", "wrapped_header", P.HELD_OUT, 0, 1), tmp_path, 300)
    result = process_file(built.path)
    assert {r["read_as"].split("+")[0] for r in result.tables["responses"]} == {"ocr"}
    scores = S.agreement(built, result.tables["responses"])
    assert len(built.truth) >= 4
    assert scores["found"] == scores["predicted"] == scores["truth"], scores["misses"]
    assert scores["comply_ok"] == scores["text_ok"] == scores["found"], scores["misses"]
