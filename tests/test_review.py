"""chc review: scripted keystrokes produce the expected corrections.csv, and decided rows are not
asked about again; chc review --report counts what was checked by hand."""
from __future__ import annotations

import csv
import shutil

import duckdb
from click.testing import CliRunner

from pipeline import cli
from pipeline.core.paths import ROOT
from pipeline.ingest.batch import extract

RAW = ROOT / "data" / "raw"


def _setup(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(RAW / "000_8490cc893b6709bb.txt", folder / "somerset.txt")  # blank claim cells to check
    db = tmp_path / "chc.duckdb"
    extract([folder], db, workers=1)
    return folder, db


def test_scripted_review_writes_the_decisions_and_extract_applies_them(tmp_path):
    folder, db = _setup(tmp_path)
    corrections = folder / "corrections.csv"
    args = ["review", "--db", str(db), "--corrections", str(corrections), "--reviewer", "tester", "--limit", "4"]
    # accept, set the claim to partial, skip, then quit
    r = CliRunner().invoke(cli.main, args, input="a\nc\npartial\ns\nq\n")
    assert r.exit_code == 0, r.output
    assert "2 decisions written" in r.output and "[1/4]" in r.output and "the Code:" in r.output
    rows = list(csv.DictReader(corrections.open(encoding="utf-8")))
    assert [(x["document"], x["field"], x["value"], x["decided_by"]) for x in rows] == [
        ("somerset.txt", "accept", "", "tester"), ("somerset.txt", "comply", "partial", "tester")]
    second_row = rows[1]["row"]
    # decided rows are not asked again, even before the next extract applies them
    again = CliRunner().invoke(cli.main, args, input="q\n")
    firsts = [ln for ln in r.output.splitlines() if ln.startswith("[")]
    now = [ln for ln in again.output.splitlines() if ln.startswith("[")]
    assert now[0].split("]", 1)[1] == firsts[2].split("]", 1)[1]  # the skipped row comes first now
    extract([folder], db, workers=1)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT comply FROM responses WHERE printed_id = ?", [second_row]).fetchone() == ("partial",)
    con.close()
    report = CliRunner().invoke(cli.main, ["review", "--db", str(db), "--report"])
    assert report.exit_code == 0 and "somerset.txt" in report.output
    assert "2 of 72 rows reviewed by hand" in report.output


def test_an_accepted_row_leaves_the_queue(tmp_path):
    from pipeline.outputs.review import decide, review_queue

    folder, db = _setup(tmp_path)
    corrections = folder / "corrections.csv"
    queue = review_queue(db, corrections)
    assert queue, "the sample has rows worth a look"
    decide(corrections, queue[0], "accept", None, "tester")
    assert (queue[0].doc_id, queue[0].row_no) not in {(i.doc_id, i.row_no) for i in review_queue(db, corrections)}
    extract([folder], db, workers=1)  # applied: the database now says it was reviewed
    assert (queue[0].doc_id, queue[0].row_no) not in {(i.doc_id, i.row_no) for i in review_queue(db, None)}
