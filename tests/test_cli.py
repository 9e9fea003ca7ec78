"""`chc extract`: every option, re-runs, changed and duplicate files, bad input."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time

import duckdb
import pytest
from click.testing import CliRunner

from pipeline import cli
from tests.conftest import RAW

SEEDS = sorted(RAW.glob("*.txt"))


def run(*args):
    result = CliRunner().invoke(cli.main, list(map(str, args)), catch_exceptions=False)
    return result


def table(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapshot(db):
    return {
        t: table(db, f"SELECT * EXCLUDE ({excl}) FROM {t} ORDER BY ALL") if excl else table(db, f"SELECT * FROM {t} ORDER BY ALL")
        for t, excl in (("documents", "extracted_at"), ("responses", ""), ("response_links", ""),
                        ("problems", ""), ("document_files", ""))
    }


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    for f in SEEDS[:2]:
        shutil.copy(f, folder / f.name)
    return folder


def test_extract_folder_into_db_with_summary(corpus, tmp_path):
    db = tmp_path / "out.duckdb"
    r = run("extract", corpus, "--db", db, "--workers", 1)
    assert r.exit_code == 0, r.output
    assert "2 documents: 2 loaded, 0 partly loaded, 0 failed, 0 unchanged; 144 rows" in r.output
    assert "landlord" in r.output and "edition" in r.output and "low confidence" in r.output
    assert table(db, "SELECT count(*) FROM responses") == [(144,)]
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(SEEDS[0], one / SEEDS[0].name)
    r = run("extract", one, "--db", tmp_path / "one.duckdb", "-q")
    assert "1 document: 1 loaded, 0 partly loaded, 0 failed, 0 unchanged; 72 rows" in r.output


def test_rerun_skips_unchanged_and_changes_nothing(corpus, tmp_path):
    db = tmp_path / "out.duckdb"
    run("extract", corpus, "--db", db, "-q")
    before = snapshot(db)
    r = run("extract", corpus, "--db", db, "-q")
    assert "2 unchanged" in r.output
    assert snapshot(db) == before


def test_force_redoes_documents_with_identical_result(corpus, tmp_path):
    db = tmp_path / "out.duckdb"
    run("extract", corpus, "--db", db, "-q")
    before = snapshot(db)
    r = run("extract", corpus, "--db", db, "-q", "--force")
    assert "2 loaded" in r.output
    assert snapshot(db) == before


def test_workers_give_the_same_database(corpus, tmp_path):
    for f in SEEDS[2:]:
        shutil.copy(f, corpus / f.name)
    run("extract", corpus, "--db", tmp_path / "one.duckdb", "-q", "--workers", 1)
    run("extract", corpus, "--db", tmp_path / "two.duckdb", "-q", "--workers", 2)
    assert snapshot(tmp_path / "one.duckdb") == snapshot(tmp_path / "two.duckdb")


def test_changed_file_replaces_its_old_rows(corpus, tmp_path):
    db = tmp_path / "out.duckdb"
    run("extract", corpus, "--db", db, "-q")
    target = corpus / SEEDS[0].name
    lines = target.read_text(encoding="utf-8").split("\n")
    target.write_text("\n".join(l for l in lines if not l.startswith("1.2\t")), encoding="utf-8")
    run("extract", corpus, "--db", db, "-q")
    docs = table(db, "SELECT file_name, rows FROM documents ORDER BY 1")
    assert docs == [(SEEDS[0].name, 71), (SEEDS[1].name, 72)]
    assert table(db, "SELECT count(*) FROM responses") == [(143,)]


def test_same_bytes_under_two_names_is_one_document_with_both_names(corpus, tmp_path):
    db = tmp_path / "out.duckdb"
    shutil.copy(corpus / SEEDS[0].name, corpus / "copy-of-somerset.txt")
    r = run("extract", corpus, "--db", db, "-q")
    assert r.exit_code == 0
    assert table(db, "SELECT count(*) FROM documents") == [(2,)]
    names = table(db, "SELECT file_name FROM document_files ORDER BY 1")
    assert ("copy-of-somerset.txt",) in names and (SEEDS[0].name,) in names


def test_bad_file_is_a_problem_and_the_batch_goes_on(corpus, tmp_path):
    db = tmp_path / "out.duckdb"
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "policy.txt").write_text("Our complaints policy.\n\nWe listen.\n")
    r = run("extract", corpus, "--db", db, "-q")
    assert r.exit_code == 1
    assert "2 loaded, 0 partly loaded, 2 failed" in r.output
    got = dict(table(db, "SELECT file_name, status FROM documents"))
    assert got["empty.txt"] == "failed" and got["policy.txt"] == "failed"
    msgs = dict(table(db, "SELECT file_name, message FROM problems WHERE severity = 'error'"))
    assert "empty" in msgs["empty.txt"] and "no provision rows" in msgs["policy.txt"]
    assert table(db, "SELECT count(*) FROM responses") == [(144,)]


def test_manifest_option_and_inference(corpus, tmp_path):
    db = tmp_path / "out.duckdb"
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"file,landlord,landlord_type,assessed_period,source_url\n"
                        f"{SEEDS[1].name},Anytown Council,council,2023/24,https://example.org/sa.pdf\n")
    run("extract", corpus, "--db", db, "-q", "--manifest", manifest)
    got = dict((f, rest) for f, *rest in table(
        db, "SELECT file_name, landlord, landlord_type, assessed_period, source_url, landlord_source FROM documents"))
    assert got[SEEDS[1].name] == ["Anytown Council", "council", "2023/24", "https://example.org/sa.pdf", "manifest"]
    # No manifest row: the landlord comes from the text where the document names itself.
    assert got[SEEDS[0].name] == ["Somerset Council", None, None, None, "text"]


def test_malformed_manifest_is_a_clear_error(corpus, tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,landlord,landlord_type\nx.txt,X,charity\n")
    r = run("extract", corpus, "--db", tmp_path / "o.duckdb", "--manifest", manifest)
    assert r.exit_code == 2 and "landlord_type 'charity'" in r.output


def test_default_paths_are_the_sample_corpus(monkeypatch, corpus, tmp_path):
    monkeypatch.setattr(cli, "DEFAULT_RAW", corpus)
    r = run("extract", "--db", tmp_path / "o.duckdb", "-q")
    assert "2 loaded" in r.output


def test_database_in_use_gets_a_clear_message(corpus, tmp_path):
    db = tmp_path / "busy.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen([sys.executable, "-c",
                               f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        r = run("extract", corpus, "--db", db)
        assert r.exit_code == 2
        assert "in use by another process" in r.output
    finally:
        holder.kill()
        holder.wait()


def test_timeout_option_stops_a_slow_document(corpus, tmp_path, monkeypatch):
    import extractors.text

    real = extractors.text.extract

    def slow(source):
        if source.path.name == SEEDS[0].name:
            time.sleep(10)
        return real(source)

    monkeypatch.setattr(extractors.text, "extract", slow)
    db = tmp_path / "o.duckdb"
    r = run("extract", corpus, "--db", db, "-q", "--workers", 1, "--timeout", 2)
    assert r.exit_code == 1 and "1 loaded, 0 partly loaded, 1 failed" in r.output
    assert "longer than 2 s" in table(db, "SELECT message FROM problems WHERE severity = 'error'")[0][0]


def test_max_pages_option_bounds_a_long_pdf(tmp_path):
    from tests.pdf_fixtures import reference_rows, render

    pdf = tmp_path / "long.pdf"
    pages = render(pdf, reference_rows("2024"), "ruled_landscape").pages
    assert pages > 3
    db = tmp_path / "o.duckdb"
    run("extract", pdf, "--db", db, "-q", "--max-pages", 2)
    ((rows, last_page),) = table(db, "SELECT count(*), max(source_end) FROM responses")
    assert 0 < rows < 72 and last_page <= 2
    (msg,) = table(db, "SELECT message FROM problems WHERE severity = 'warning' AND message LIKE '%page limit%'")[0]
    assert f"has {pages} pages" in msg
