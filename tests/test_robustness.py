"""Bad input, crashes and re-runs: nothing lost, nothing stops the batch."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import extractors.text
from pipeline import ROOT
from pipeline.extract import extract
from pipeline.process import Limits
from tests.conftest import RAW
from tests.synth import generate

SEEDS = sorted(RAW.glob("*.txt"))


def q(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "raw"
    f.mkdir()
    for s in SEEDS[:2]:
        shutil.copy(s, f / s.name)
    return f


def statuses(db):
    return dict(q(db, "SELECT file_name, status FROM documents"))


def errors(db):
    return dict(q(db, "SELECT file_name, message FROM problems WHERE severity = 'error'"))


def test_binary_junk_named_txt(folder, tmp_path):
    (folder / "junk.txt").write_bytes(os.urandom(4096))
    summary = extract([folder], tmp_path / "db.duckdb", workers=1)
    assert (summary.count("loaded"), summary.count("failed")) == (2, 1)
    assert "not text" in errors(tmp_path / "db.duckdb")["junk.txt"]


def test_text_in_other_encodings_loads(folder, tmp_path):
    text = SEEDS[2].read_text(encoding="utf-8")
    (folder / "bom.txt").write_bytes(text.encode("utf-8-sig"))
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "cp1252.txt").write_bytes(text.encode("cp1252", errors="replace"))
    extract([folder], tmp_path / "db.duckdb", workers=1)
    rows = dict(q(tmp_path / "db.duckdb", "SELECT file_name, rows FROM documents"))
    assert rows["bom.txt"] == rows["utf16.txt"] == rows["cp1252.txt"] == 68


def test_file_that_disappears_mid_run(folder, tmp_path):
    victim = folder / SEEDS[1].name

    def on_progress(outcome, done, total):
        if done == 1 and victim.exists():
            victim.unlink()  # gone after discovery, before it is read

    summary = extract([folder], tmp_path / "db.duckdb", workers=1, on_progress=on_progress)
    assert summary.count("loaded") == 1 and summary.count("failed") == 1
    assert "cannot read the file" in errors(tmp_path / "db.duckdb")[victim.name]


def test_extractor_crash_is_a_problem_and_the_batch_goes_on(folder, tmp_path, monkeypatch):
    real = extractors.text.extract

    def flaky(source):
        if source.path.name == SEEDS[0].name:
            raise ZeroDivisionError("bug")
        return real(source)

    monkeypatch.setattr(extractors.text, "extract", flaky)
    summary = extract([folder], tmp_path / "db.duckdb", workers=1)
    assert statuses(tmp_path / "db.duckdb") == {SEEDS[0].name: "failed", SEEDS[1].name: "loaded"}
    assert "ZeroDivisionError" in errors(tmp_path / "db.duckdb")[SEEDS[0].name]
    assert not summary.ok


def test_worker_that_dies_is_isolated(folder, tmp_path, monkeypatch):
    for s in SEEDS[2:]:
        shutil.copy(s, folder / s.name)
    (folder / "killer.txt").write_text("boom")
    real = extractors.text.extract

    def deadly(source):
        if source.path.name == "killer.txt":
            os._exit(3)  # a crash in native code takes the worker process with it
        return real(source)

    monkeypatch.setattr(extractors.text, "extract", deadly)  # workers are forked: they see it
    summary = extract([folder], tmp_path / "db.duckdb", workers=2)
    assert summary.count("loaded") == 5
    assert "worker process died" in errors(tmp_path / "db.duckdb")["killer.txt"]


def test_slow_document_is_stopped_by_the_time_limit(folder, tmp_path, monkeypatch):
    real = extractors.text.extract

    def slow(source):
        if source.path.name == SEEDS[0].name:
            time.sleep(10)
        return real(source)

    monkeypatch.setattr(extractors.text, "extract", slow)
    extract([folder], tmp_path / "db.duckdb", workers=1, limits=Limits(timeout=2))  # room for a cold start on a busy machine
    assert statuses(tmp_path / "db.duckdb")[SEEDS[1].name] == "loaded"
    assert "longer than 2 s" in errors(tmp_path / "db.duckdb")[SEEDS[0].name]


def test_failed_document_recovers_on_the_next_run(folder, tmp_path):
    db = tmp_path / "db.duckdb"
    bad = folder / "late.txt"
    bad.write_text("nothing here yet")
    extract([folder], db, workers=1)
    assert statuses(db)["late.txt"] == "failed"
    bad.write_bytes(SEEDS[3].read_bytes())
    extract([folder], db, workers=1)
    assert statuses(db)["late.txt"] == "loaded"
    assert q(db, "SELECT count(*) FROM problems WHERE severity = 'error'") == [(0,)]
    assert q(db, "SELECT count(*) FROM documents") == [(3,)]


def consistent(db) -> int:
    """Every document holds exactly its rows; nothing dangles.  Returns the document count."""
    bad = q(db, "SELECT d.doc_id FROM documents d LEFT JOIN responses r USING (doc_id) "
                "GROUP BY d.doc_id, d.rows HAVING count(r.doc_id) <> d.rows")
    assert bad == []
    assert q(db, "SELECT count(*) FROM responses WHERE doc_id NOT IN (SELECT doc_id FROM documents)") == [(0,)]
    return q(db, "SELECT count(*) FROM documents")[0][0]


def test_killed_run_keeps_finished_documents_and_the_next_run_completes(tmp_path):
    corpus = tmp_path / "corpus"
    generate(corpus, 240, seed=5)
    db = tmp_path / "killed.duckdb"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(corpus), "--db", str(db),
                             "--workers", "2", "-q"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Path(f"{db}.wal").exists() and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(1.5)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole process group: writer and workers
    proc.wait()
    partial = consistent(db)
    assert partial < 240, "the run finished before it could be killed: give it more documents"
    summary = extract([corpus], db, workers=2)
    assert summary.count("skipped") == partial
    assert consistent(db) == 240
    clean = tmp_path / "clean.duckdb"
    extract([corpus], clean, workers=2)
    sql = "SELECT * EXCLUDE (extracted_at) FROM documents ORDER BY doc_id"
    assert q(db, sql) == q(clean, sql)
    sql = "SELECT * FROM responses ORDER BY doc_id, row_no"
    assert q(db, sql) == q(clean, sql)
