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
from pipeline.core.paths import ROOT
from pipeline.ingest.batch import extract
from pipeline.ingest.limits import Limits
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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


def _policy_pdf(path: Path) -> Path:
    """A real-looking PDF with a text layer and no self-assessment table: a complaints policy."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = [Paragraph("Complaints Policy 2024", styles["Title"])]
    for n in range(1, 30):
        story.append(Paragraph(f"{n}. We welcome complaints as a way to learn. A complaint can be made in person, "
                               "by telephone, in writing or by email, and we will acknowledge it within five "
                               "working days. Residents may contact the Housing Ombudsman at any time.",
                               styles["BodyText"]))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


@pytest.mark.slow
def test_a_folder_of_every_kind_of_bad_input_loads_the_rest(tmp_path):
    """Every bad input of issue 7 in one batch: each gets a clear error in problems, the rest loads."""
    from click.testing import CliRunner

    from pipeline import cli
    from tests import pdf_fixtures as F

    folder = tmp_path / "raw"
    folder.mkdir()
    good = {s.name: s for s in SEEDS[:2]}
    for name, src in good.items():
        shutil.copy(src, folder / name)
    shutil.copy(SEEDS[0], folder / "same-bytes-other-name.txt")
    text = SEEDS[2].read_text(encoding="utf-8")
    (folder / "bom.txt").write_bytes(text.encode("utf-8-sig"))
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "cp1252.txt").write_bytes(text.encode("cp1252", errors="replace"))
    bad = {
        "empty.txt": "empty",
        "junk.txt": "not text",
        "junk.pdf": "not a readable PDF",
        "truncated.pdf": None,  # PDFium may rebuild part of it: a clear message, whatever it says
        "encrypted.pdf": "password",
        "scan.pdf": "OCR",
        "policy.pdf": "no provision rows",
        "unknown-layout.txt": "no provision rows",
        "broken.docx": None,
    }
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(os.urandom(5000))
    (folder / "junk.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(5000))
    F.render_corrupt(folder / "truncated.pdf", F.reference_rows("2022"))
    F.render_encrypted(folder / "encrypted.pdf", F.reference_rows("2024"))
    F.render_scanned(folder / "scan.pdf")
    _policy_pdf(folder / "policy.pdf")
    (folder / "unknown-layout.txt").write_text(
        "Item;Status;Owner\nAcknowledge within 5 days;Done;Team A\nPublish annual report;Late;Team B\n")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04" + os.urandom(3000))
    db = tmp_path / "db.duckdb"
    r = CliRunner().invoke(cli.main, ["extract", str(folder), "--db", str(db), "--workers", "2"],
                           catch_exceptions=False)
    assert r.exit_code == 1, r.output  # some documents failed: the exit status says so
    got = statuses(db)
    for name in list(good) + ["bom.txt", "utf16.txt", "cp1252.txt"]:
        assert got[name] == "loaded", name
    errs = {f: m for f, m in q(db, "SELECT file_name, string_agg(message, ' | ') FROM problems "
                                    "WHERE severity = 'error' GROUP BY file_name")}
    for name, words in bad.items():
        if name == "truncated.pdf" and got.get(name) in ("loaded", "partial"):
            continue  # rebuilt by PDFium: then it is a document like any other
        assert got.get(name, "failed") == "failed", name
        assert name in errs and (words is None or words in errs[name]), (name, errs.get(name))
    # the duplicate is one document with both names; the summary counts what happened
    assert q(db, f"SELECT count(*) FROM document_files WHERE doc_id = "
                 f"(SELECT doc_id FROM documents WHERE file_name = '{SEEDS[0].name}')") == [(2,)]
    n_failed = sum(1 for name in bad if got.get(name, "failed") == "failed")
    assert f"{5 + (len(bad) - n_failed)} loaded, 0 partly loaded, {n_failed} failed, 1 unchanged" in r.output
    assert consistent(db) == len(got)


def test_a_run_in_this_process_leaves_its_garbage_collector_as_it_was(folder, tmp_path):
    import gc

    before = gc.get_threshold(), gc.get_freeze_count()
    extract([folder], tmp_path / "db.duckdb", workers=1)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
