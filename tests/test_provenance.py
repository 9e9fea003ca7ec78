"""How each row was read reaches the database: responses.read_as, merged_cells, continued_parts,
sheet, html_markup (from the Row's provenance fields)."""
from __future__ import annotations

import duckdb

from pipeline.ingest.process import process_file
from tests.test_formats_sheet import workbook
from tests.test_pdf import LONG_THREE, LONG_TWO, build  # noqa: F401  (the PDF fixture cache)


def test_text_rows_record_the_layout_that_won(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    got = con.execute("SELECT DISTINCT d.format, r.read_as, r.sheet IS NULL, r.continued_parts "
                      "FROM responses r JOIN documents d USING (doc_id) ORDER BY ALL").fetchall()
    con.close()
    assert got and {f for f, *_ in got} == {"text"}
    assert {(layout, no_sheet, parts) for _, layout, no_sheet, parts in got} <= {
        (layout, True, 0) for layout in ("tabbed", "pipes", "blocks", "flat")}


def test_spreadsheet_rows_record_their_sheet_and_reader(tmp_path):
    rows = process_file(workbook(tmp_path)).tables["responses"]
    assert [r["sheet"] for r in rows] == ["Section 1"] * 3 + ["Complaint stages"] * 2
    assert {r["read_as"] for r in rows} == {"grid"}


def test_pdf_rows_record_page_breaks_and_merged_cells(build, tmp_path):  # noqa: F811
    case = build("long_rows_open")
    rows = process_file(case.rendered.path).tables["responses"]
    assert {r["read_as"] for r in rows} <= {"ruled", "borderless"}
    pages = case.rendered.row_pages
    assert [r["continued_parts"] for r in rows] == [b - a for a, b in pages]
    assert rows[LONG_TWO]["continued_parts"] >= 1 and rows[LONG_THREE]["continued_parts"] >= 2
    merged = process_file(build("merged").rendered.path).tables["responses"]
    assert any(r["merged_cells"] == ["comply"] for r in merged)
    assert all(r["merged_cells"] == [] for r in rows)
