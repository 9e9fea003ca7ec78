"""Intake (issue 17): the re-run loop, every file accounted for, cut-short forms, paths."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import cli
from pipeline.ingest.batch import NothingFound, extract
from tests.conftest import RAW, db_rows

SEEDS = sorted(RAW.glob("*.txt"))


def run(*args):
    return CliRunner().invoke(cli.main, list(map(str, args)), catch_exceptions=False)


table = db_rows


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "data" / "raw"
    folder.mkdir(parents=True)
    for seed in SEEDS[:2]:
        shutil.copy(seed, folder / seed.name)
    return folder


def test_manifest_edits_reach_unchanged_documents_without_reextracting(raw, tmp_path):
    db = tmp_path / "o.duckdb"
    first = extract([raw], db, workers=1)
    assert first.count("loaded") == 2
    before = dict(table(db, "SELECT file_name, extracted_at FROM documents"))
    a, b = SEEDS[0].name, SEEDS[1].name
    (raw / "manifest.csv").write_text(
        "file,landlord,landlord_type,assessed_period,source_url,assessment\n"
        f"{a},Northmoor Homes,housing association,2024/25,https://example.org/nm.pdf,nm-2024\n"
        f"{b},,council,,https://example.org/b.html,\n")
    again = extract([raw], db, workers=1)
    assert again.count("skipped") == 2 and again.count("loaded") == 0
    applied = {o.file_name: o.manifest_applied for o in again.outcomes}
    assert "landlord" in applied[a] and "assessment_id" in applied[a] and "source_url" in applied[b]
    got = {r[0]: r[1:] for r in table(db, "SELECT file_name, landlord, landlord_type, assessed_period, source_url, "
                                          "landlord_source, assessment_id, extracted_at FROM documents")}
    assert got[a][:6] == ("Northmoor Homes", "housing association", "2024/25", "https://example.org/nm.pdf",
                          "manifest", "nm-2024")
    assert got[b][1] == "council" and got[b][3] == "https://example.org/b.html"
    assert {f: r[6] for f, r in got.items()} == before  # nothing was extracted again
    # The summary shows the landlord now recorded.
    assert {o.file_name: o.landlord for o in again.outcomes}[a] == "Northmoor Homes"
    # A third run with no edit changes nothing.
    assert not any(o.manifest_applied for o in extract([raw], db, workers=1).outcomes)


def test_a_landlord_taken_out_of_the_manifest_comes_back_from_the_text(raw, tmp_path):
    db = tmp_path / "o.duckdb"
    name = SEEDS[0].name  # names itself in its text
    (raw / "manifest.csv").write_text(f"file,landlord\n{name},Typo Council\n")
    extract([raw], db, workers=1)
    (raw / "manifest.csv").write_text(f"file,landlord\n{name},\n")
    extract([raw], db, workers=1)
    landlord, source = table(db, "SELECT landlord, landlord_source FROM documents WHERE file_name = ?", [name])[0]
    assert source == "text" and landlord and landlord != "Typo Council"


def test_every_file_in_a_folder_is_accounted_for(raw, tmp_path):
    (raw / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    (raw / "notes.wpd").write_bytes(b"WordPerfect")
    db = tmp_path / "o.duckdb"
    r = run("extract", raw, "--db", db, "--workers", "1")
    assert r.exit_code == 0, r.output
    assert "2 documents: 2 loaded" in r.output and "2 other files ignored" in r.output
    assert "scan.jpg" in r.output and "not a format chc reads" in r.output
    rows = table(db, "SELECT file_name, severity, message FROM problems WHERE doc_id IS NULL ORDER BY file_name")
    assert [(f, s) for f, s, _ in rows] == [("notes.wpd", "warning"), ("scan.jpg", "warning")]
    assert ".jpg is not a format chc reads" in rows[1][2]
    # A second run records them once, not twice.
    run("extract", raw, "--db", db, "--workers", "1")
    assert table(db, "SELECT count(*) FROM problems WHERE doc_id IS NULL")[0][0] == 2


def test_a_folder_of_only_unreadable_files_is_not_a_success(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"\xff\xd8")
    r = run("extract", folder, "--db", tmp_path / "o.duckdb")
    assert r.exit_code == 1 and "a.jpg" in r.output


def test_an_empty_or_missing_folder_says_where_it_looked(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("extract", empty, "--db", tmp_path / "o.duckdb")
    assert r.exit_code == 2 and "holds no files" in r.output and str(empty.resolve()) in r.output.replace("\n", "")
    with pytest.raises(NothingFound, match="does not exist"):
        extract([tmp_path / "typo"], tmp_path / "o.duckdb")
    # No path given: ./data/raw of the working directory, and it says so when there is none.
    monkeypatch.chdir(tmp_path)
    r = run("extract", "--db", tmp_path / "o.duckdb")
    assert r.exit_code == 2 and "data/raw" in r.output and "does not exist" in r.output


def test_a_cut_short_form_is_a_warning_naming_the_missing_sections(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEEDS[3].read_text(encoding="utf-8")  # a full 72-row 2024 form
    cut = folder / "cut.txt"
    cut.write_text(text[:3000], encoding="utf-8")
    db = tmp_path / "o.duckdb"
    r = run("extract", folder, "--db", db, "--workers", "1")
    assert "1 incomplete" in r.output and "incomplete form" in r.output
    rerun = run("extract", folder, "--db", db, "--workers", "1")  # unchanged: the warning is still shown
    assert "1 unchanged" in rerun.output and "1 incomplete" in rerun.output
    (message,) = [m for (m,) in table(db, "SELECT message FROM problems WHERE severity = 'warning'") if "incomplete" in m]
    rows = table(db, "SELECT rows FROM documents")[0][0]
    assert f"holds {rows} of the 72 rows of the 2024 form" in message or "of the 72 rows" in message
    assert "sections" in message and "9" in message.split("sections")[1]
    # The whole form gives no such warning.
    shutil.copy(SEEDS[3], folder / "whole.txt")
    extract([folder / "whole.txt"], db, workers=1)
    assert not [m for (m,) in table(db, "SELECT message FROM problems p JOIN documents d USING (doc_id) "
                                        "WHERE d.file_name = 'whole.txt'") if "incomplete" in m]


def test_manifest_rows_naming_no_file_are_warned_with_the_likely_file(raw, tmp_path):
    a = SEEDS[0].name
    (raw / "manifest.csv").write_text(f"file,landlord\n{a.upper()},Upper Council\nsomerset-2024.pdf,Somerset\n")
    summary = extract([raw], tmp_path / "o.duckdb", workers=1)
    assert any(a.upper() in w and f"did you mean {a!r}" in w for w in summary.warnings)
    assert any("somerset-2024.pdf" in w for w in summary.warnings)
    r = run("extract", raw, "--db", tmp_path / "o.duckdb")
    assert "warning" in r.output and "names no file" in r.output


def test_source_path_is_absolute_whatever_folder_chc_ran_from(raw, tmp_path, monkeypatch):
    project = raw.parent.parent
    sub = raw / "2024"
    sub.mkdir()
    shutil.move(raw / SEEDS[1].name, sub / SEEDS[1].name)
    db = tmp_path / "o.duckdb"
    monkeypatch.chdir(project)  # the project folder: ./data/raw is the raw folder
    extract([Path("data/raw")], db, workers=1)
    paths = {f: p for f, p in table(db, "SELECT file_name, source_path FROM document_files")}
    # the same file however it was reached: its absolute path, links resolved (issue 12 chose absolute)
    assert paths == {SEEDS[0].name: str((raw / SEEDS[0].name).resolve()),
                     SEEDS[1].name: str((sub / SEEDS[1].name).resolve())}
    # From another folder the same files are recorded by absolute path, never '../data/raw/..'.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    other = tmp_path / "other.duckdb"
    extract([Path("../data/raw")], other, workers=1)
    stored = [p for (p,) in table(other, "SELECT source_path FROM documents")]
    assert all(Path(p).is_absolute() and ".." not in p for p in stored)


def test_default_paths_are_relative_to_the_working_directory():
    from pipeline.core.paths import DEFAULT_DB, DEFAULT_RAW

    assert not DEFAULT_RAW.is_absolute() and DEFAULT_RAW.as_posix() == "data/raw"
    assert not DEFAULT_DB.is_absolute() and DEFAULT_DB.as_posix() == "data/processed/chc.duckdb"


def test_one_assessment_over_several_files_counts_once(tmp_path):
    # One 2024 form published as three pages (sections 1-2, 3-5, 6-9), grouped by the manifest.
    lines = SEEDS[3].read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith(("Section 3:", "Section 6:"))]
    folder = tmp_path / "raw"
    folder.mkdir()
    parts = [lines[:starts[0]], lines[starts[0]:starts[1]], lines[starts[1]:]]
    for n, part in enumerate(parts, start=1):
        (folder / f"page{n}.txt").write_text("".join(part), encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,landlord,assessment\n" + "".join(f"page{n}.txt,Westholm Council,westholm-2024\n" for n in (1, 2, 3)))
    db = tmp_path / "o.duckdb"
    summary = extract([folder], db, workers=1)
    assert summary.count("loaded") == 3
    assert not any(o.warning for o in summary.outcomes)  # each part is not a cut-short form
    (row,) = table(db, "SELECT assessment_id, files, code_version, form_rows, answered, sections_missing "
                       "FROM assessment_coverage")
    assert row[:4] == ("westholm-2024", 3, "2024", 72) and row[4] >= 70 and row[5] == []
    assert not summary.warnings
    # Two of the three parts: the group is incomplete, said once for the assessment.
    partial_db = tmp_path / "partial.duckdb"
    (folder / "page3.txt").rename(tmp_path / "page3.txt")
    partial = extract([folder], partial_db, workers=1)
    assert any("assessment 'westholm-2024' (2 files)" in w and "sections 6, 7, 8, 9 are missing" in w
               for w in partial.warnings)
    (tmp_path / "page3.txt").rename(folder / "page3.txt")
    # The files stay inspectable one by one.
    assert len(table(db, "SELECT * FROM coverage")) == 3
    assert table(db, "SELECT DISTINCT assessment_id FROM documents") == [("westholm-2024",)]
    # Without the grouping each part is its own assessment and a cut-short one.
    (folder / "manifest.csv").unlink()
    alone = tmp_path / "alone.duckdb"
    summary = extract([folder / "page1.txt"], alone, workers=1)
    assert summary.outcomes[0].warning and "sections 3, 4, 5, 6, 7, 8, 9 are missing" in summary.outcomes[0].warning


def test_grouping_parts_later_answers_their_cut_short_warnings(tmp_path):
    lines = SEEDS[4].read_text(encoding="utf-8").splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if line.startswith("Section 5:"))
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "front.txt").write_text("".join(lines[:cut]), encoding="utf-8")
    (folder / "back.txt").write_text("".join(lines[:12] + lines[cut:]), encoding="utf-8")
    db = tmp_path / "o.duckdb"
    warned = "SELECT count(*) FROM problems WHERE starts_with(message, 'incomplete form')"
    extract([folder], db, workers=1)
    assert table(db, warned)[0][0] >= 1
    (folder / "manifest.csv").write_text("file,assessment\nfront.txt,ab\nback.txt,ab\n")
    again = extract([folder], db, workers=1)
    assert again.count("skipped") == 2 and table(db, warned)[0][0] == 0
    # Taken out of the group again: each part is judged alone once more (processed again).
    (folder / "manifest.csv").write_text("file,assessment\nfront.txt,\nback.txt,\n")
    third = extract([folder], db, workers=1)
    assert third.count("loaded") == 2 and table(db, warned)[0][0] >= 1
