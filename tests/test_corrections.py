"""Corrections that are data: data/raw/corrections.csv survives re-runs and --force, keeps the
extracted value beside the corrected one, and never lands on the wrong row."""
from __future__ import annotations

import shutil

import pytest

from pipeline.core.paths import ROOT
from tests.conftest import db_rows
from pipeline.ingest.batch import extract

RAW = ROOT / "data" / "raw"
BRENT = "004_1d9858e681de945e.txt"  # a 2024-edition form
HEADER = "document,row,provision,field,value,reason,decided_by,decided_at\n"


@pytest.fixture
def folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / BRENT, raw / "brent.txt")
    return raw


_one = db_rows


def test_a_correction_survives_a_re_run_and_a_force(folder, tmp_path):
    db = tmp_path / "chc.duckdb"
    extract([folder], db, workers=1)
    (before,) = _one(db, "SELECT comply FROM responses WHERE provision_id = '6.3'")
    new = "partial" if before[0] != "partial" else "no"
    (folder / "corrections.csv").write_text(HEADER + f"brent.txt,6.3,,comply,{new},evidence says half done,ana,2026-12-01\n")
    for force in (False, False, True):
        summary = extract([folder], db, workers=1, force=force)
        assert summary.corrections == {"applied": 1, "stale": 0}
        assert _one(db, "SELECT comply FROM responses WHERE provision_id = '6.3'") == [(new,)]
        assert _one(db, "SELECT field, original, corrected, decided_by FROM response_corrections") == [
            ("comply", before[0], new, "ana")]
    # the views count the corrected claim
    assert _one(db, "SELECT comply FROM compliance_matrix WHERE provision_2024 = '6.3'") == [(new,)]
    # taking the decision out puts back what chc extracted
    (folder / "corrections.csv").write_text(HEADER)
    extract([folder], db, workers=1)
    assert _one(db, "SELECT comply FROM responses WHERE provision_id = '6.3'") == [before]
    assert _one(db, "SELECT count(*) FROM response_corrections") == [(0,)]


def test_a_provision_correction_moves_the_row_in_2024_numbering(folder, tmp_path):
    db = tmp_path / "chc.duckdb"
    extract([folder], db, workers=1)
    (row_no,) = _one(db, "SELECT row_no FROM responses WHERE provision_id = '1.2'")[0]
    (folder / "corrections.csv").write_text(HEADER + f"brent.txt,row {row_no},1.2,provision_id,1.3,test,ana,\n")
    extract([folder], db, workers=1)
    assert _one(db, "SELECT provision_id FROM responses WHERE row_no = ?", [row_no]) == [("1.3",)]
    assert _one(db, "SELECT provision_2024 FROM response_links WHERE row_no = ?", [row_no]) == [("1.3",)]
    # the guard: the decision names the provision the row had, so it is not applied twice over
    extract([folder], db, workers=1)
    assert _one(db, "SELECT provision_id FROM responses WHERE row_no = ?", [row_no]) == [("1.3",)]


def test_a_stale_decision_is_reported_and_applied_to_nothing(folder, tmp_path):
    db = tmp_path / "chc.duckdb"
    (folder / "corrections.csv").write_text(
        HEADER
        + "brent.txt,9.99,,comply,no,a row that is not there,ana,\n"
        + "gone.txt,1.2,,comply,no,a document that is not there,ana,\n"
        + "brent.txt,row 5,7.7,comply,no,the row is no longer 7.7,ana,\n"
        + "brent.txt,1.2,,comply,maybe,not a claim,ana,\n")
    summary = extract([folder], db, workers=1)
    assert summary.corrections == {"applied": 0, "stale": 4}
    messages = [m for (m,) in _one(db, "SELECT message FROM problems WHERE stage = 'review' ORDER BY message")]
    assert any("line 2: row '9.99' matches no row" in m for m in messages)
    assert any("line 3: document 'gone.txt' matches no document" in m for m in messages)
    assert any("line 4: row 'row 5' (7.7) matches no row" in m for m in messages)
    assert any("line 5: claim 'maybe' is not one of" in m for m in messages)
    assert _one(db, "SELECT count(*) FROM response_corrections") == [(0,)]


def test_a_document_named_by_its_sha256_prefix_and_not_a_row(folder, tmp_path):
    db = tmp_path / "chc.duckdb"
    extract([folder], db, workers=1)
    ((sha,),) = _one(db, "SELECT sha256 FROM documents")
    (folder / "corrections.csv").write_text(HEADER + f"{sha[:12]},1.2,,not_a_row,,a quoted table,ana,\n")
    extract([folder], db, workers=1)
    assert _one(db, "SELECT provision_id, match_method FROM responses WHERE printed_id = '1.2'") == [(None, "not_a_row")]
    (folder / "corrections.csv").write_text(HEADER)
    extract([folder], db, workers=1)
    assert _one(db, "SELECT provision_id, match_method FROM responses WHERE printed_id = '1.2'") == [("1.2", "number+text")]


def _violations(db) -> dict[str, list]:
    """Every data test (keys, counts, editions) that finds violating rows in this database."""
    from pipeline.db.keys import data_tests

    found = {}
    for name, sql in data_tests():
        rows = db_rows(db, sql)
        if rows:
            found[name] = rows
    return found


def test_a_missing_row_is_added_with_its_text_and_can_take_a_claim(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = (RAW / BRENT).read_text(encoding="utf-8").splitlines(keepends=True)
    (raw / "brent_cut.txt").write_text("".join(line for line in lines if not line.startswith("6.3\t")), encoding="utf-8")
    db = tmp_path / "chc.duckdb"
    extract([raw], db, workers=1)
    assert _one(db, "SELECT count(*) FROM responses WHERE provision_id = '6.3'") == [(0,)]
    (rows_before,) = _one(db, "SELECT rows FROM documents")[0]
    text = "Full replies to first-stage complaints go out inside ten working days of acknowledgement."
    (raw / "corrections.csv").write_text(
        HEADER + f"brent_cut.txt,6.3,,missing row,{text},the row is on page 9 of the PDF,ana,2026-12-02\n"
                 "brent_cut.txt,6.3,,comply,yes,printed beside it,ana,2026-12-02\n")
    for force in (False, True):
        summary = extract([raw], db, workers=1, force=force)
        assert summary.corrections == {"applied": 2, "stale": 0}
        assert _one(db, "SELECT evidence, comply, match_method FROM responses WHERE provision_id = '6.3'") == [
            (text, "yes", "review")]
        assert _one(db, "SELECT rows FROM documents") == [(rows_before + 1,)]
        assert _one(db, "SELECT comply FROM compliance_matrix WHERE provision_2024 = '6.3'") == [("yes",)]
        assert _one(db, "SELECT field, original, corrected FROM response_corrections ORDER BY line") == [
            ("missing_row", None, text), ("comply", "not_stated", "yes")]
        assert _violations(db) == {}
    # taking the decisions out removes the row again
    (raw / "corrections.csv").write_text(HEADER)
    extract([raw], db, workers=1)
    assert _one(db, "SELECT count(*) FROM responses WHERE provision_id = '6.3'") == [(0,)]
    assert _one(db, "SELECT rows FROM documents") == [(rows_before,)]
    assert _violations(db) == {}


def test_a_missing_row_that_chc_now_reads_is_not_doubled(folder, tmp_path):
    db = tmp_path / "chc.duckdb"
    (folder / "corrections.csv").write_text(HEADER + "brent.txt,6.3,,missing_row,some text,,ana,\n"
                                                     "brent.txt,9.99,,missing_row,some text,,ana,\n")
    summary = extract([folder], db, workers=1)
    assert summary.corrections == {"applied": 0, "stale": 2}
    assert _one(db, "SELECT count(*) FROM responses WHERE provision_id = '6.3'") == [(1,)]
    messages = [m for (m,) in _one(db, "SELECT message FROM problems WHERE stage = 'review' ORDER BY message")]
    assert "is no longer missing" in messages[0] and "line 2" in messages[0]
    assert "'9.99' is not a provision" in messages[1] and "line 3" in messages[1]


def test_an_edition_decision_realigns_the_document_and_holds(folder, tmp_path):
    db = tmp_path / "chc.duckdb"
    extract([folder], db, workers=1)
    assert _one(db, "SELECT code_version, code_version_read FROM documents") == [("2024", "2024")]
    (folder / "corrections.csv").write_text(HEADER + "brent.txt,,,code_version,2022,reviewer reads it as the 2022 form,ana,\n")
    summary = extract([folder], db, workers=1)
    assert [o.status for o in summary.outcomes] == ["loaded"]  # read again, aligned to the decided edition
    assert summary.corrections == {"applied": 1, "stale": 0}
    assert _one(db, "SELECT code_version, code_version_read FROM documents") == [("2022", "2024")]
    assert _one(db, "SELECT DISTINCT code_version FROM responses") == [("2022",)]
    summary = extract([folder], db, workers=1)  # unchanged since: not read again, still 2022
    assert [o.status for o in summary.outcomes] == ["skipped"]
    assert _one(db, "SELECT code_version FROM documents") == [("2022",)]
    assert _violations(db) == {}
    (folder / "corrections.csv").write_text(HEADER)  # the decision taken out: back to what chc reads
    summary = extract([folder], db, workers=1)
    assert [o.status for o in summary.outcomes] == ["loaded"]
    assert _one(db, "SELECT code_version FROM documents") == [("2024",)]


def test_an_edition_decision_with_an_unknown_edition_is_reported(folder, tmp_path):
    db = tmp_path / "chc.duckdb"
    (folder / "corrections.csv").write_text(HEADER + "brent.txt,,,code_version,2023,,ana,\n")
    summary = extract([folder], db, workers=1)
    assert summary.corrections == {"applied": 0, "stale": 1}
    assert _one(db, "SELECT code_version FROM documents") == [("2024",)]
    (message,) = _one(db, "SELECT message FROM problems WHERE stage = 'review'")[0]
    assert "'2023' is not one of 2022, 2024" in message
