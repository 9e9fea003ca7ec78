"""Old office formats (.doc, .odt, .rtf, .xls, .ods): the test writes a Word file and a
workbook, has LibreOffice save them in the old formats, and reads those back through chc."""
from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from extractors import convert
from pipeline.core.model import Source
from pipeline.ingest.process import process_file
from tests.format_cases import req

pytestmark = pytest.mark.slow  # each conversion starts LibreOffice (a few seconds)
needs_soffice = pytest.mark.skipif(convert.soffice() is None,
                                   reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")

PIDS = ("1.2", "1.3", "1.4")
CLAIMS = ("Yes", "No", "Partially")  # expected: yes, no, partial
HEADER = ["Code provision", "Code requirement", "Comply: Yes/No", "Evidence", "Commentary / explanation"]
NOTES = ("Our leaflet defines a grievance in plain words.", "A relative may raise it for the tenant.",
         "Repair requests are logged apart from grievances.")


def _soffice_save(files: list[Path], target: str, outdir: Path) -> None:
    profile = (outdir / f"profile-{target}").as_uri()
    subprocess.run([convert.soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                    "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=180)


@pytest.fixture(scope="module")
def old_files(tmp_path_factory) -> dict[str, Path]:
    if convert.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("old")
    d = docx.Document()
    d.add_paragraph("Complaint handling self-assessment, spring 2025", style="Title")
    t = d.add_table(rows=1 + len(PIDS), cols=len(HEADER))
    for j, h in enumerate(HEADER):
        t.cell(0, j).text = h
    for i, (pid, claim, note) in enumerate(zip(PIDS, CLAIMS, NOTES), start=1):
        for j, text in enumerate((pid, req("2024", pid), claim, note, "")):
            t.cell(i, j).text = text
    word = tmp / "word.docx"
    d.save(word)
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for pid, claim, note in zip(PIDS, CLAIMS, NOTES):
        ws.append([pid, req("2024", pid), claim, note, None])
    sheet = tmp / "sheet.xlsx"
    wb.save(sheet)
    out = tmp / "out"
    out.mkdir()
    # LibreOffice's own .odt of the Word file, then .doc and .rtf from that (straight from a
    # python-docx file, its .doc export drops the table).
    _soffice_save([word], "odt", out)
    for target in ("doc", "rtf"):
        _soffice_save([out / "word.odt"], target, out)
    for target in ("xls", "ods"):
        _soffice_save([sheet], target, out)
    return {p.suffix: p for p in out.iterdir() if p.is_file()}


@needs_soffice
@pytest.mark.parametrize("suffix,converted", [(".doc", "docx"), (".odt", "docx"), (".rtf", "docx"),
                                               (".xls", "xlsx"), (".ods", "xlsx")])
def test_old_office_formats_are_converted_and_read(old_files, suffix, converted):
    result = process_file(old_files[suffix])
    doc = result.document
    assert doc["format"] == suffix[1:] and doc["converted_format"] == converted
    assert doc["code_version"] == "2024" and doc["status"] == "loaded"
    got = [(r["provision_id"], r["comply"]) for r in result.tables["responses"]]
    assert got == [("1.2", "yes"), ("1.3", "no"), ("1.4", "partial")]
    assert "plain words" in result.tables["responses"][0]["evidence"]


@needs_soffice
def test_a_damaged_old_file_is_a_problem_not_a_crash(tmp_path):
    bad = tmp_path / "broken.xls"
    bad.write_bytes(b"\x00\x01 this is no spreadsheet")
    result = process_file(bad)
    assert result.status == "failed"
    assert any(p.severity == "error" for p in result.problems)


def test_without_libreoffice_the_problem_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CHC_SOFFICE", "no-such-soffice-command")
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    ex = convert.extract(Source(path, path.read_bytes()))
    (problem,) = ex.problems
    assert problem.severity == "error" and "LibreOffice" in problem.message and "apt-get install" in problem.message
    result = process_file(path)
    assert result.status == "failed" and "LibreOffice" in result.problems[0].message
