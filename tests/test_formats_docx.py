"""Word files written for the test with python-docx: tables with merged cells,
repeated header rows, headings between tables, a form in paragraphs, a broken file."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from pipeline.core.model import Source
from extractors.grid.docx import extract
from pipeline.ingest.process import process_file
from tests.format_cases import req, summaries

R22 = {pid: req("2022", pid) for pid in ("1.2", "1.3", "1.7", "1.8", "5.1", "5.9")}
HEADER = ("Code section", "Code requirement", "Comply: Yes/No", "Evidence, commentary and any explanations")


def table(document, rows):
    t = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, cells in enumerate(rows):
        for j, text in enumerate(cells):
            if text is not None:
                t.cell(i, j).text = text
    return t


def save(document, tmp_path: Path, name: str = "form.docx") -> Path:
    path = tmp_path / name
    document.save(path)
    return path


def read(path: Path):
    return extract(Source(path, path.read_bytes()))


@pytest.fixture
def form(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("Complaint handling self-assessment 2023", style="Title")
    d.add_heading("Section 1 – Definition of a complaint", level=2)
    d.add_paragraph("Mandatory ‘must’ requirements")
    t = table(d, [HEADER,
                  ("1.2", R22["1.2"], "Yes", "Policy section 2."),
                  (None, None, None, "Also on the website."),
                  HEADER,  # the header row repeated where the table crossed a page
                  ("1.3", R22["1.3"], "☐ Yes ☒ No", "Third parties accepted.")])
    t.cell(1, 0).merge(t.cell(2, 0))  # the number cell spans the row and its continuation
    t.cell(1, 2).merge(t.cell(2, 2))
    d.add_heading("Section 5 – The complaint handling process", level=2)
    t = table(d, [HEADER,
                  ("Stage 2", None, None, None),
                  ("5.9", R22["5.9"], "No.", "We are reviewing escalation."),
                  ("", R22["5.1"], "Partial", "n/a")])
    t.cell(1, 0).merge(t.cell(1, 3))  # a full-width heading row inside the table
    t.cell(3, 1).paragraphs[0].text = R22["5.1"][:60]
    t.cell(3, 1).add_paragraph(R22["5.1"][61:])
    ev = t.cell(2, 3)
    ev.add_paragraph("Escalation letters", style="List Bullet")
    ev.add_paragraph("Training records", style="List Bullet")
    return save(d, tmp_path)


def test_tables_with_merged_cells_repeated_headers_and_headings(form: Path):
    ex = read(form)
    assert ex.problems == []
    assert summaries(ex.rows) == [
        ("1.2", "yes", "A complaint", "of residents", "Policy section", "the website"),
        ("1.3", "no", "The resident", "complaints policy", "Third parties", "parties accepted"),
        ("5.9", "no", "If all", "its decision", "We are", "Training records"),
        ("", "partial", "Landlords must", "good reason", "n/a", "n/a"),
    ]
    r12, r13, r59, r51 = ex.rows
    assert r12.evidence == "Policy section 2. Also on the website."
    assert r13.comply_raw == "No"  # the ticked box of "☐ Yes ☒ No"
    assert (r12.source_start, r12.source_end) == (5, 6)  # blocks of the body, paragraphs and table rows
    assert r12.section == "Section 1 – Definition of a complaint"
    assert r12.sub_heading == "Mandatory ‘must’ requirements"
    assert r59.evidence == "We are reviewing escalation.\n• Escalation letters\n• Training records"
    assert (r59.section, r59.stage) == ("Section 5 – The complaint handling process", 2)
    assert r51.requirement == R22["5.1"][:60] + "\n" + R22["5.1"][61:]


def test_docx_end_to_end(form: Path):
    result = process_file(form)
    assert result.document["format"] == "docx" and result.document["code_version"] == "2022"
    got = [(r["provision_id"], r["comply"]) for r in result.tables["responses"]]
    assert got == [("1.2", "yes"), ("1.3", "no"), ("5.9", "no"), ("5.1", "partial")]


def test_form_written_as_paragraphs_and_ticked_boxes(tmp_path: Path):
    d = docx.Document()
    d.add_heading("Section 1: Definition of a complaint", level=1)
    for pid, value, evidence in (("1.7", "Comply: Yes", "Section 4 of our policy."),
                                 ("1.8", "Comply: ☐ Yes ☒ No ☐ Partial", "Exclusions are being rewritten.")):
        d.add_paragraph(f"Code section {pid}")
        d.add_paragraph(R22[pid])
        d.add_paragraph(value)
        d.add_paragraph(f"Evidence: {evidence}")
    ex = read(save(d, tmp_path))
    assert summaries(ex.rows) == [
        ("1.7", "yes", "A landlord", "do so", "Section 4", "our policy"),
        ("1.8", "no", "A complaints", "to residents", "Exclusions are", "being rewritten"),
    ]
    assert ex.rows[0].section == "Section 1: Definition of a complaint"
    assert [r.comply_raw for r in ex.rows] == ["Yes", "No"]  # the ticked box


def test_word_file_without_a_form_and_a_broken_file(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("Minutes of the board meeting.")
    table(d, [("Item", "Owner"), ("Budget", "Finance")])
    ex = read(save(d, tmp_path, "minutes.docx"))
    assert ex.rows == []
    assert "1 table(s) in the document, none with Code provision rows" in ex.problems[0].message

    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    ex = read(broken)
    assert ex.rows == [] and ex.problems[0].severity == "error"
    assert "not a readable Word (.docx) file" in ex.problems[0].message
