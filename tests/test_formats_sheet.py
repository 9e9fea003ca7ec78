"""Spreadsheets written for the test: .xlsx with openpyxl, .csv in several dialects."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from pipeline.core.model import Source
from extractors.grid.sheet import extract
from pipeline.ingest.process import process_file
from tests.format_cases import req, summaries

R24 = {pid: req("2024", pid) for pid in ("1.2", "1.3", "1.4", "1.5", "2.1", "6.5", "6.16")}


def read(path: Path):
    return extract(Source(path, path.read_bytes()))


def workbook(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Section 1"
    ws.append(["Complaint Handling Code self-assessment 2024"])
    ws.append([])
    ws.append(["Code provision", "Code requirement", "Comply: Yes/No", "Evidence", "Commentary / explanation"])
    ws.append(["1.2", R24["1.2"], "Yes", "Policy 2.1", "Reviewed yearly"])
    ws.append([1.3, R24["1.3"], "Y", "Third parties", None])
    ws.append(["1.4", R24["1.4"], "Yes.", "Service request log", None])
    ws.append([None, None, None, "and monthly reports", None])
    ws.merge_cells("A6:A7")  # the number cell spans a continuation row
    ws.merge_cells("C6:C7")
    stages = wb.create_sheet("Complaint stages")
    stages.append(["Code provision", "Code requirement", "Comply: Yes/No", "Evidence", "Commentary / explanation"])
    stages.append(["Stage 1"])
    stages.merge_cells("A2:E2")
    stages.append(["6.5", R24["6.5"], "No.", "Letters are being changed", None])
    stages.append(["Stage 2"])
    stages.append(["", R24["6.16"], "Partial", "n/a", None])
    path = tmp_path / "assessment.xlsx"
    wb.save(path)
    return path


def test_xlsx_one_row_per_provision_with_merged_cells_and_sheets(tmp_path: Path):
    ex = read(workbook(tmp_path))
    assert ex.problems == []
    assert summaries(ex.rows) == [
        ("1.2", "yes", "A complaint", "of residents", "Policy 2.1", "Reviewed yearly"),
        ("1.3", "yes", "A resident", "complaints policy", "Third parties", "Third parties"),
        ("1.4", "yes", "Landlords must", "reviewed regularly", "Service request", "monthly reports"),
        ("6.5", "no", "When an", "the Ombudsman", "Letters are", "being changed"),
        ("", "partial", "When an", "the Ombudsman", "n/a", "n/a"),
    ]
    rows = ex.rows
    assert rows[2].evidence == "Service request log and monthly reports"
    assert (rows[2].source_start, rows[2].source_end) == (6, 7)  # sheet rows
    assert rows[0].section == "Section 1" and rows[0].sheet == "Section 1"
    assert [r.stage for r in rows[3:]] == [1, 2]
    assert rows[4].sheet == "Complaint stages"


def test_xlsx_end_to_end_tells_stage_twins_apart(tmp_path: Path):
    result = process_file(workbook(tmp_path))
    assert result.document["format"] == "sheet" and result.document["code_version"] == "2024"
    got = [(r["provision_id"], r["comply"]) for r in result.tables["responses"]]
    assert got == [("1.2", "yes"), ("1.3", "yes"), ("1.4", "yes"), ("6.5", "no"), ("6.16", "partial")]


def test_csv_dialects_and_a_sheet_without_header(tmp_path: Path):
    semicolon = tmp_path / "semicolon.csv"
    semicolon.write_text(
        "Code provision;Code requirement;Comply;Evidence\n"
        f"1.4;\"{R24['1.4']}\";No;Being set up\n"
        f"1.5;\"{R24['1.5']}\";N/A;n/a\n",
        encoding="cp1252",
    )
    assert summaries(read(semicolon).rows) == [
        ("1.4", "no", "Landlords must", "reviewed regularly", "Being set", "set up"),
        ("1.5", "not_applicable", "A complaint", "resident complains", "n/a", "n/a"),
    ]
    headless = tmp_path / "headless.csv"
    headless.write_text(
        f"2.1,\"{R24['2.1']}\",YES,\"Exclusions, listed in section 5\"\n"
        f"1.3,\"{R24['1.3']}\",Partial,Letters\n",
        encoding="utf-8",
    )
    assert summaries(read(headless).rows) == [
        ("2.1", "yes", "Landlords must", "own merits", "Exclusions listed", "section 5"),
        ("1.3", "partial", "A resident", "complaints policy", "Letters", "Letters"),
    ]


def test_sheet_without_provisions_is_an_error(tmp_path: Path):
    path = tmp_path / "budget.csv"
    path.write_text("Item,Cost\nRepairs,100\nHeating,200\n", encoding="utf-8")
    ex = read(path)
    assert ex.rows == []
    assert ex.problems[0].severity == "error"
    assert "1 sheet(s), 3 non-empty rows, none with a Code provision number" in ex.problems[0].message
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    ex = read(broken)
    assert "not a readable Excel (.xlsx) workbook" in ex.problems[0].message


def test_columns_beyond_the_form_are_kept_whole_under_their_headers(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Section 2"
    ws.append(["Ref", "Requirement", "Status", "Compliant (Y/N/P)", "Evidence", "Lead officer", "Action / due"])
    ws.append(["2.1", req("2024", "2.1"), "Green", "Y", "Refusals go on the case log.", "Complaints manager", None])
    ws.append(["2.2", req("2024", "2.2"), "Amber", "P", "Exclusions listed; no reasons letter.", "Head of service",
               "Reasons letter template - by 30 Nov"])
    ws.append([None, None, None, None, "Residents panel saw the draft.", None, "then train staff - by 31 Jan"])
    path = tmp_path / "extra.xlsx"
    wb.save(path)
    rows = read(path).rows
    assert [(r.printed_id, r.comply_raw) for r in rows] == [("2.1", "Y"), ("2.2", "P")]
    assert [r.commentary for r in rows] == ["", ""]
    assert rows[0].extra_columns == {"Status": "Green", "Lead officer": "Complaints manager"}
    assert rows[1].extra_columns == {"Status": "Amber", "Lead officer": "Head of service",
                                     "Action / due": "Reasons letter template - by 30 Nov then train staff - by 31 Jan"}
    assert rows[1].evidence == "Exclusions listed; no reasons letter. Residents panel saw the draft."
