"""PDF self-assessments: generated PDFs whose rows are known, read back exactly.

Every layout of tests/pdf_fixtures.py is rendered once per session (lazily, so
xdist workers only build what they test) from rows whose texts are known: the
canonical Code texts with written evidence, and the rows the text extractor
reads from the seed dumps.  Where each row was drawn comes from reportlab
itself, so page provenance is checked against the renderer, not the reader.
"""
from __future__ import annotations

import dataclasses
import re
import shutil

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.core.model import Source
import extractors.pdf as pdf_extractor
from extractors.pdf import reading, regions
from extractors.form.markup import one_line
from pipeline import cli
from pipeline.core.claims import normalise
from tests import pdf_fixtures as F
from tests.conftest import RAW, TRUTH
from tests.truth_scoring import score

SEEDS = {p.name[:3]: p for p in sorted(RAW.glob("*.txt"))}

# case -> (rows source, layout, column count, row transform)
REFERENCE_CASES = {
    "ruled_portrait": ("2022", "ruled_portrait"),
    "ruled_landscape": ("2024", "ruled_landscape"),
    "ruled_open": ("2024", "ruled_open"),
    "borderless": ("2024", "borderless"),
    "header_dup": ("2022", "header_dup"),
    "long_rows": ("2022", "long_rows"),
    "long_rows_open": ("2024", "long_rows_open"),
    "headings": ("2024", "headings"),
    "headings_borderless": ("2022", "headings_borderless"),
    "merged": ("2024", "merged"),
    "reordered": ("2024", "reordered"),
    "borderless_reordered": ("2022", "borderless_reordered"),
    "horizontal_rules": ("2024", "horizontal_rules"),
    "stage_cells": ("2022", "stage_cells"),
    "unnumbered_top": ("2022", "unnumbered_top"),
    "borderless_narrow": ("2022", "borderless_narrow"),
}
# Seed rows (real published wording and evidence) in the layouts that suit their form.
SEED_CASES = {
    "seed000_headings_borderless": ("000", "headings_borderless"),
    "seed000_long_rows": ("000", "long_rows"),
    "seed001_ruled_open": ("001", "ruled_open"),
    "seed002_header_dup": ("002", "header_dup"),
    "seed003_headings": ("003", "headings"),
    "seed004_long_rows_open": ("004", "long_rows_open"),
    "seed004_borderless": ("004", "borderless"),
}
CASES = list(REFERENCE_CASES) + list(SEED_CASES)
LONG_TWO, LONG_THREE = 5, 20  # rows made to run over two and three pages


@dataclasses.dataclass
class Case:
    name: str
    layout: F.Layout
    rows: list[F.FixtureRow]
    rendered: F.Rendered
    extraction: object


def _rows_for(name: str) -> tuple[list[F.FixtureRow], F.Layout]:
    if name in REFERENCE_CASES:
        edition, layout_name = REFERENCE_CASES[name]
        rows = F.reference_rows(edition)
        layout = F.LAYOUTS[layout_name]
    else:
        seed, layout_name = SEED_CASES[name]
        rows = F.seed_rows(SEEDS[seed])
        columns = 5 if any(r.commentary for r in rows) or seed in ("003", "004") else 4
        layout = dataclasses.replace(F.LAYOUTS[layout_name], columns=columns)
    if layout.name.startswith("long_rows"):
        rows = F.long_rows(rows, LONG_TWO, LONG_THREE)
    if layout.merged:
        rows = F.merged_rows(rows)
    if layout.break_before:
        rows = F.unnumbered_rows(rows, layout.break_before)
    return rows, layout


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    cache: dict[str, Case] = {}
    folder = tmp_path_factory.mktemp("pdfs")

    def get(name: str) -> Case:
        if name not in cache:
            rows, layout = _rows_for(name)
            rendered = F.render(folder / f"{name}.pdf", rows, layout)
            data = rendered.path.read_bytes()
            extraction = pdf_extractor.extract(Source(rendered.path, data))
            cache[name] = Case(name, layout, rows, rendered, extraction)
        return cache[name]

    return get


def expected_comply(case: Case, i: int) -> str:
    """The claim printed for row i: a comply cell merged down from the row above
    is printed on the first row's page only, so a page break between the two
    leaves the second row's cell blank on its page."""
    pages = case.rendered.row_pages
    if i and case.rows[i - 1].merge_comply_down and pages[i - 1][1] != pages[i][0]:
        return ""
    return case.rows[i].comply


def words(text: str) -> list[str]:
    return [w for w in one_line(text).split(" ") if re.search(r"[A-Za-z0-9]", w)]


# ------------------------------------------------------------------ every layout


@pytest.mark.parametrize("name", CASES)
def test_rows_ids_comply_and_texts_exact(build, name):
    case = build(name)
    ex = case.extraction
    assert [p for p in ex.problems if p.severity == "error"] == []
    assert [r.printed_id for r in ex.rows] == [r.printed_id for r in case.rows]
    for i, (want, got) in enumerate(zip(case.rows, ex.rows)):
        where = f"{name} row {want.printed_id or '(no number)'}"
        comply = expected_comply(case, i)
        assert (got.comply_raw or "") == comply, where
        assert normalise(got.comply_raw)[0] == normalise(comply)[0], where
        for field in ("requirement", "evidence", "commentary"):
            w, g = words(getattr(want, field)), words(getattr(got, field))
            assert g[:8] == w[:8], f"{where}: first words of {field}"
            assert g[-6:] == w[-6:], f"{where}: last words of {field}"
            assert one_line(getattr(got, field)) == one_line(getattr(want, field)), f"{where}: {field}"


@pytest.mark.parametrize("name", CASES)
def test_rows_record_the_pages_they_were_drawn_on(build, name):
    case = build(name)
    got = [(r.source_start, r.source_end) for r in case.extraction.rows]
    assert got == case.rendered.row_pages
    assert case.extraction.pages == case.rendered.pages


@pytest.mark.parametrize("name", ["long_rows", "long_rows_open", "seed004_long_rows_open"])
def test_rows_split_over_two_and_three_pages_are_one_row(build, name):
    case = build(name)
    pages = case.rendered.row_pages
    # The fixture really splits these rows (checked against the renderer) ...
    assert pages[LONG_TWO][1] - pages[LONG_TWO][0] >= 1
    assert pages[LONG_THREE][1] - pages[LONG_THREE][0] >= 2
    # The page the two-page row starts on ends with a rule under it in the Word-like
    # layout and without one in the open layout.
    page = reading.read_pages(case.rendered.path.read_bytes())[0][pages[LONG_TWO][0] - 1]
    region = regions.find_regions(page)[-1]
    closed = any(abs(h.pos - region.bottom) < 2 for h in page.hrules)
    assert closed == case.layout.foot_rule
    # ... and each comes back as one row holding all its evidence.
    for i in (LONG_TWO, LONG_THREE):
        row = case.extraction.rows[i]
        assert (row.source_start, row.source_end) == pages[i]
        assert one_line(row.evidence) == one_line(case.rows[i].evidence)
        assert row.continued == pages[i][1] - pages[i][0]


@pytest.mark.parametrize("name", CASES)
def test_bbox_is_the_rows_place_on_its_first_page(build, name):
    case = build(name)
    width, height = (842, 596) if case.layout.landscape else (596, 842)
    last: dict[int, float] = {}
    for row in case.extraction.rows:
        x0, top, x1, bottom = row.bbox
        assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height, (row.printed_id, row.bbox)
        # Rows on one page come down the page in order, without overlapping.
        assert top >= last.get(row.source_start, 0) - 1, row.printed_id
        last[row.source_start] = bottom


def test_rotated_pages_drawn_through_forms_read_the_same(build, tmp_path):
    """Landscape pages stored as portrait pages with /Rotate 90, their content in
    Form XObjects: same rows, pages and boxes, and the rules inside the forms
    still make it a ruled table."""
    import pypdfium2 as pdfium

    case = build("ruled_landscape")
    path = F.rotate_into_forms(case.rendered.path, tmp_path / "rotated.pdf")
    doc = pdfium.PdfDocument(path)
    left, bottom, right, top = doc[0].get_mediabox()
    assert right - left < top - bottom and doc[0].get_rotation() == 90
    doc.close()
    got = pdf_extractor.extract(Source(path, path.read_bytes())).rows
    want = case.extraction.rows
    assert [(r.printed_id, r.comply_raw, r.requirement, r.evidence, r.commentary, r.source_start, r.source_end)
            for r in got] == [(r.printed_id, r.comply_raw, r.requirement, r.evidence, r.commentary,
                               r.source_start, r.source_end) for r in want]
    for g, w in zip(got, want):
        assert g.bbox == pytest.approx(w.bbox, abs=0.5)
        assert g.read_as == "ruled"


@pytest.mark.slow
def test_bbox_holds_the_row_number_and_first_words(build):
    """Cross-check with an independent reader: the text pdfplumber finds inside
    the row's box starts with its number and requirement."""
    import pdfplumber

    case = build("ruled_landscape")
    with pdfplumber.open(case.rendered.path) as pdf:
        for row in case.extraction.rows[:12]:
            page = pdf.pages[row.source_start - 1]
            text = page.crop(row.bbox).extract_text()
            page.close()
            assert text.split()[0] == row.printed_id
            assert words(text)[1:4] == words(row.requirement)[:3]


@pytest.mark.parametrize("name", ["headings", "headings_borderless", "merged", "stage_cells",
                                  "seed003_headings", "seed000_headings_borderless"])
def test_section_and_stage_headings_are_row_context(build, name):
    case = build(name)
    for want, got in zip(case.rows, case.extraction.rows):
        assert got.section == want.section, want.printed_id
        assert got.stage == want.stage, want.printed_id
        if want.stage:
            assert f"Stage {want.stage}" in got.sub_heading


def test_merged_cells(build):
    case = build("merged")
    rows, got = case.rows, case.extraction.rows
    merged_evidence = [i for i, r in enumerate(rows) if r.merge_evidence]
    merged_comply = [i for i, r in enumerate(rows) if r.merge_comply_down]
    assert merged_evidence and merged_comply
    for i in merged_evidence:
        # One cell across Evidence and Commentary: all of it is evidence.
        assert one_line(got[i].evidence) == one_line(rows[i].evidence) and got[i].commentary == ""
    for i in merged_comply:
        same_page = case.rendered.row_pages[i][1] == case.rendered.row_pages[i + 1][0]
        if same_page:
            # A comply cell merged down two rows is the claim of both.
            assert got[i + 1].comply_raw == got[i].comply_raw == rows[i].comply
            assert got[i + 1].merged == ["comply"]
    # Full-width "Section"/"Stage" rows inside the table are headings, not rows.
    assert not any(r.printed_id == "" for r in got)


@pytest.mark.parametrize("name", ["ruled_portrait", "borderless", "headings", "borderless_narrow"])
def test_page_furniture_is_not_content(build, name):
    case = build(name)
    for row in case.extraction.rows:
        for text in (row.requirement, row.evidence, row.commentary, row.comply_raw or ""):
            assert "Example Homes" not in text and "OFFICIAL" not in text
            assert not re.search(r"Page \d+ of \d+", text)
    # It is still in the document text (the landlord often names itself there).
    assert F.RUNNING_HEADER in case.extraction.text


@pytest.mark.parametrize("name", ["header_dup", "borderless", "ruled_landscape"])
def test_repeated_and_duplicated_headers_are_dropped_and_recorded(build, name):
    case = build(name)
    ex = case.extraction
    assert len(ex.rows) == len(case.rows)
    header_words = {"Code requirement", "Comply: Yes / No"}
    for row in ex.rows:
        assert not any(h in row.requirement or h in (row.comply_raw or "") for h in header_words)
    expected = F.HEADERS_2022 if case.layout.columns == 4 else F.HEADERS_2024
    assert F._ordered(case.layout, expected) in ex.headers


def test_bullets_stay_on_their_own_lines(build):
    case = build("ruled_landscape")
    bulleted = [(w, g) for w, g in zip(case.rows, case.extraction.rows) if "\n• " in w.evidence]
    assert bulleted
    for want, got in bulleted:
        got_lines = got.evidence.split("\n")
        for line in want.evidence.split("\n"):
            if line.startswith("• "):
                assert line in got_lines, (want.printed_id, line)


def test_wrapped_words_are_not_glued_or_split_at_line_ends(tmp_path):
    """Hyphenated words and ranges broken at a line end ("self-" / "assessment",
    "1.1-" / "2", as Word wraps them) come back whole; other line ends become
    one space, so no two words are glued."""
    import pdfplumber

    sentence = "The self-assessment covers paragraphs 1.1-2 and 4.3-4 of the co-ordinated policy."
    whole = " ".join([sentence] * 3)
    # Print it with line breaks right after the hyphens and between words.
    printed = whole.replace("self-", "self-\n").replace("1.1-", "1.1-\n").replace("co-", "co-\n")
    printed = printed.replace("covers ", "covers\n")
    rows = [F.FixtureRow("1.2", printed, "Yes", printed, printed)]
    rendered = F.render(tmp_path / "hyphens.pdf", rows, "ruled_landscape")
    with pdfplumber.open(rendered.path) as pdf:
        page_text = pdf.pages[0].extract_text()
    # The page really shows lines ending in a hyphen (else this test would prove nothing).
    assert re.search(r"self-\s", page_text) and re.search(r"1\.1-\s", page_text)
    got = pdf_extractor.extract(Source(rendered.path, rendered.path.read_bytes())).rows[0]
    assert got.requirement == whole and got.evidence == whole and got.commentary == whole


# --------------------------------------------------------------- bad documents


def test_scanned_pdf_needs_ocr(tmp_path):
    path = F.render_scanned(tmp_path / "scan.pdf")
    ex = pdf_extractor.extract(Source(path, path.read_bytes()))
    assert ex.rows == []
    assert [p.severity for p in ex.problems] == ["error"]
    assert "needs OCR" in ex.problems[0].message and "skipped" in ex.problems[0].message


def test_encrypted_pdf_is_a_clear_problem(tmp_path):
    path = F.render_encrypted(tmp_path / "locked.pdf", F.reference_rows("2022"))
    ex = pdf_extractor.extract(Source(path, path.read_bytes()))
    assert ex.rows == []
    assert [(p.stage, p.severity) for p in ex.problems] == [("read", "error")]
    assert "encrypted" in ex.problems[0].message and "password" in ex.problems[0].message


@pytest.mark.parametrize("kind", ["truncated", "garbage", "empty"])
def test_corrupt_pdf_is_a_clear_problem_not_an_exception(tmp_path, kind):
    path = tmp_path / f"{kind}.pdf"
    if kind == "truncated":
        F.render_corrupt(path, F.reference_rows("2022"))
    else:
        path.write_bytes(b"" if kind == "empty" else b"%PDF-1.4\n\x00\x01 this is not a pdf" * 20)
    ex = pdf_extractor.extract(Source(path, path.read_bytes()))
    assert ex.problems, kind
    messages = " ".join(p.message for p in ex.problems)
    if kind == "truncated":
        # PDFium may rebuild what it can; either way the damage is reported.
        assert "truncated" in messages or "not a readable PDF" in messages
    else:
        assert ex.rows == [] and ex.problems[0].severity == "error"
        assert "not a readable PDF" in messages


def test_page_limit_reads_the_first_pages_and_says_so(build):
    case = build("ruled_portrait")
    source = Source(case.rendered.path, case.rendered.path.read_bytes())
    source.max_pages = 2
    ex = pdf_extractor.extract(source)
    assert ex.pages == 2
    assert ex.rows and all(r.source_end <= 2 for r in ex.rows)
    assert [r.printed_id for r in ex.rows] == [r.printed_id for r in case.rows[: len(ex.rows)]]
    assert any(p.severity == "warning" and "only the first 2" in p.message for p in ex.problems)


# ------------------------------------------------------------------ end to end


@pytest.mark.slow
def test_generated_pdfs_through_chc_extract_into_duckdb(build, tmp_path):
    """`chc extract` on a folder of PDFs: every row aligned to its provision, with pages and box."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["ruled_portrait", "long_rows_open", "borderless", "merged"]
    for name in names:
        shutil.copy(build(name).rendered.path, folder / f"{name}.pdf")
    db = tmp_path / "chc.duckdb"
    result = CliRunner().invoke(cli.main, ["extract", str(folder), "--db", str(db), "--workers", "1", "-q"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = dict(con.execute("SELECT file_name, format || ' ' || status || ' ' || code_version FROM documents").fetchall())
        assert docs == {
            "ruled_portrait.pdf": "pdf loaded 2022",
            "long_rows_open.pdf": "pdf loaded 2024",
            "borderless.pdf": "pdf loaded 2024",
            "merged.pdf": "pdf loaded 2024",
        }
        for name in names:
            case = build(name)
            got = con.execute(
                "SELECT provision_id, printed_id, source_start, source_end, bbox IS NOT NULL "
                "FROM responses r JOIN documents d USING (doc_id) WHERE d.file_name = ? ORDER BY row_no",
                [f"{name}.pdf"],
            ).fetchall()
            want = [(r.printed_id, r.printed_id, a, b, True) for r, (a, b) in zip(case.rows, case.rendered.row_pages)]
            assert got == want, name
    finally:
        con.close()


@pytest.mark.slow
def test_seed_rows_as_pdfs_score_like_the_text_dumps(build, tmp_path):
    """The seed rows rendered as PDFs, named like the seeds, meet the same truth
    tables as the text dumps: rows, claims and first/last evidence words."""
    folder = tmp_path / "in"
    folder.mkdir()
    picks = {"000": "seed000_long_rows", "001": "seed001_ruled_open", "002": "seed002_header_dup",
             "003": "seed003_headings", "004": "seed004_borderless"}
    for seed, case_name in picks.items():
        shutil.copy(build(case_name).rendered.path, folder / (SEEDS[seed].stem + ".pdf"))
    db = tmp_path / "seeds.duckdb"
    result = CliRunner().invoke(cli.main, ["extract", str(folder), "--db", str(db), "--workers", "1", "-q"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    scores = score(db, TRUTH)
    for seed in picks:
        assert scores[SEEDS[seed].stem] == {"rows_p": 1.0, "rows_r": 1.0, "comply": 1.0, "text": 1.0}, seed


def test_layout_path_per_table_style(build):
    """Which reading each style gets: rules make a ruled table; rules between
    rows only (no verticals) or none at all are read from the header positions."""
    assert {r.read_as for r in build("ruled_open").extraction.rows} == {"ruled"}
    assert {r.read_as for r in build("horizontal_rules").extraction.rows} == {"borderless"}
    assert {r.read_as for r in build("borderless").extraction.rows} == {"borderless"}


def test_borders_as_filled_rectangles_and_words_placed_without_spaces(tmp_path):
    """As some producers write PDFs: borders are thin filled rectangles, and each
    word is placed on its own with no space characters between words."""
    rows = [
        F.FixtureRow("1.2", "A complaint must be defined as an expression of dissatisfaction however made",
                     "Yes", "Complaints Policy section 3 defines a complaint in these words", "No change needed."),
        F.FixtureRow("1.3", "A resident does not have to use the word complaint for it to be treated as such",
                     "No", "Staff guidance and training cover this", "Training refreshed in April 2025."),
        F.FixtureRow("1.4", "Landlords must recognise the difference between a service request and a complaint",
                     "", "Service requests are logged separately in the housing system", ""),
    ]
    path = F.render_word_like(tmp_path / "word_like.pdf", rows)
    ex = pdf_extractor.extract(Source(path, path.read_bytes()))
    assert [(r.printed_id, r.comply_raw, r.requirement, r.evidence, r.commentary) for r in ex.rows] == [
        (r.printed_id, r.comply, r.requirement, r.evidence, r.commentary) for r in rows]
    assert {r.read_as for r in ex.rows} == {"ruled"}
    assert F.HEADERS_2024 in ex.headers


@pytest.mark.parametrize("name", ["ruled_open", "borderless", "headings_borderless", "seed001_ruled_open"])
def test_prose_after_the_last_table_belongs_to_no_row(build, name):
    ex = build(name).extraction
    assert F.CLOSING.split()[0] in ex.text
    for row in ex.rows:
        assert "Approved by the Board on 12 June" not in " ".join((row.requirement, row.evidence, row.commentary))


def test_word_symbol_bullets_and_ticks_read_as_text():
    """Word's Symbol/Wingdings bullets and ticks arrive as private-use code points."""
    assert "\uf0b7 Complaints Policy".translate(reading._TEXT_MAP) == "\u2022 Complaints Policy"
    assert "\uf0fc".translate(reading._TEXT_MAP) == "\u2713"
    assert normalise("\uf0fc".translate(reading._TEXT_MAP))[0] == "yes"
    assert "of\ufb01ce".translate(reading._TEXT_MAP) == "office"


def test_pdf_protected_only_against_editing_is_read(tmp_path):
    rows = F.reference_rows("2022")
    path = F.render_encrypted(tmp_path / "owner.pdf", rows, password="")
    assert b"/Encrypt" in path.read_bytes()
    ex = pdf_extractor.extract(Source(path, path.read_bytes()))
    assert [p for p in ex.problems if p.severity == "error"] == []
    assert [(r.printed_id, r.comply_raw) for r in ex.rows] == [(r.printed_id, r.comply) for r in rows[:3]]
    assert [one_line(r.requirement) for r in ex.rows] == [one_line(r.requirement) for r in rows[:3]]


@pytest.mark.slow
def test_damaged_bytes_never_raise(build):
    """Bytes overwritten at random places (seeded) in a real self-assessment PDF:
    every variant comes back as an Extraction, rows or problems, never an exception."""
    import random

    data = build("ruled_portrait").rendered.path.read_bytes()
    rng = random.Random(3)
    for _ in range(40):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            at = rng.randrange(len(damaged))
            damaged[at:at + 8] = bytes(rng.randrange(256) for _ in range(8))
        ex = pdf_extractor.extract(Source(build("ruled_portrait").rendered.path, bytes(damaged)))
        assert ex.rows or ex.problems


def test_unnumbered_row_opening_a_page_is_its_own_row_and_aligns_by_text(build):
    """A row printed without number or claim at the top of a page looks like the
    rest of a split row; its wording (another provision's) makes it a row."""
    from pipeline.core import catalogue
    from pipeline.align.aligner import align

    case = build("unnumbered_top")
    got = case.extraction.rows
    reference = F.reference_rows("2022")
    for i in case.layout.break_before:
        assert got[i].printed_id == "" and got[i].source_start == got[i - 1].source_end + 1
        assert one_line(got[i - 1].evidence) == one_line(case.rows[i - 1].evidence)
    responses = align(case.extraction, "doc", catalogue.load()).responses
    assert [r.provision_id for r in responses] == [r.printed_id for r in reference]


def test_scanned_page_inside_a_text_pdf_is_a_warning_naming_the_page(build, tmp_path):
    import pypdfium2 as pdfium

    case = build("ruled_portrait")
    scan = F.render_scanned(tmp_path / "scan.pdf")
    merged = pdfium.PdfDocument(case.rendered.path)
    merged.import_pages(pdfium.PdfDocument(scan), [0])
    path = tmp_path / "with_scan.pdf"
    merged.save(path)
    merged.close()
    ex = pdf_extractor.extract(Source(path, path.read_bytes()))
    last = case.rendered.pages + 1
    assert [r.printed_id for r in ex.rows] == [r.printed_id for r in case.rows]
    warnings = [p.message for p in ex.problems if p.severity == "warning"]
    assert any(f"page(s) {last} have no text layer" in m and "OCR" in m for m in warnings), warnings


def test_scan_with_only_page_numbers_as_text_is_said_to_need_ocr(tmp_path):
    path = F.render_scanned(tmp_path / "stamped.pdf", stamp=True)
    ex = pdf_extractor.extract(Source(path, path.read_bytes()))
    assert ex.rows == [] and "Page 1" in ex.text
    assert [p.severity for p in ex.problems] == ["error"]
    assert "no provision rows found" in ex.problems[0].message and "needs OCR" in ex.problems[0].message


def test_comply_cell_cut_by_a_page_break_is_rejoined(tmp_path):
    """A comply cell holding a long statement runs over the page break: its rest
    at the top of the next page continues the row and the claim."""
    rows = F.reference_rows("2022")
    statement = "Yes - " + " ".join(f"the policy was reviewed in year {k} and approved by the Board" for k in range(12))
    rows[5] = dataclasses.replace(rows[5], comply=statement)
    rendered = F.render(tmp_path / "long_comply.pdf", rows, "ruled_portrait")
    assert rendered.row_pages[5][1] > rendered.row_pages[5][0]  # the row (and its comply cell) is split
    ex = pdf_extractor.extract(Source(rendered.path, rendered.path.read_bytes()))
    assert [r.printed_id for r in ex.rows] == [r.printed_id for r in rows]
    assert ex.rows[5].comply_raw == statement and normalise(ex.rows[5].comply_raw)[0] == "yes"
    assert (ex.rows[5].source_start, ex.rows[5].source_end) == rendered.row_pages[5]
