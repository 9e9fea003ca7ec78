"""Hostile input (issue 12): names, sizes and shapes that used to lose a batch, hang a run,
exhaust memory or escape a read-only query.  Caps are set small here so each case is fast."""
from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.ingest import process as process_mod
from pipeline.ingest.batch import extract
from pipeline.ingest.limits import Limits
from tests.conftest import RAW, db_rows

SEEDS = sorted(RAW.glob("*.txt"))


q = db_rows


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "raw"
    f.mkdir()
    for s in SEEDS[:2]:
        shutil.copy(s, f / s.name)
    return f


def provision_rows(n: int) -> str:
    """n tab rows that look like provisions (numbers cycling through the Code's sections)."""
    lines = ["Code provision\tCode requirement\tComply: Yes / No\tEvidence\tCommentary / explanation"]
    for i in range(n):
        lines.append(f"{1 + i % 9}.{1 + i % 17}\tThe landlord keeps a written record number {i}.\tYes\t"
                     f"Register entry {i} kept by the housing team.\tChecked each quarter.")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- 1. names that are not UTF-8
def test_file_name_that_is_not_utf8_is_stored_losslessly(folder, tmp_path):
    raw_name = b"r\xe9sum\xe9 \xff.txt"
    odd = folder / os.fsdecode(raw_name)
    shutil.copy(SEEDS[2], odd)
    db = tmp_path / "db.duckdb"
    summary = extract([folder], db, workers=1)
    assert summary.count("loaded") == 3, [(o.file_name, o.first_error) for o in summary.outcomes]
    (name, hexed), = q(db, "SELECT file_name, file_name_hex FROM documents WHERE file_name_hex IS NOT NULL")
    assert name == "r\\xe9sum\\xe9 \\xff.txt"
    assert bytes.fromhex(hexed) == raw_name
    (path_hex,), = q(db, "SELECT source_path_hex FROM document_files WHERE source_path_hex IS NOT NULL")
    assert Path(os.fsdecode(bytes.fromhex(path_hex))).read_bytes() == SEEDS[2].read_bytes()
    again = extract([folder], db, workers=1)  # and every later run works too
    assert again.count("skipped") == 3 and again.ok


def test_what_a_run_logs_about_a_non_utf8_file_name_is_utf8(folder, tmp_path, caplog):
    # `chc -v` prints these lines; a lone surrogate would break the console (and pytest-xdist's
    # report of any test that captured them)
    odd = folder / os.fsdecode(b"caf\xe9 2025.txt")
    shutil.copy(SEEDS[2], odd)
    with caplog.at_level(logging.INFO, logger="pipeline"):
        extract([folder], tmp_path / "db.duckdb", workers=1)
    messages = [r.getMessage() for r in caplog.records]
    assert any("caf\\xe9 2025.txt" in m for m in messages)
    for m in messages:
        m.encode("utf-8")


def test_one_document_the_database_refuses_does_not_fail_the_batch(folder, tmp_path, monkeypatch):
    real = process_mod.process_file

    def poisoned(path, entry=None, limits=Limits()):
        result = real(path, entry, limits)
        if result.document and path.name == SEEDS[1].name:
            result.document["landlord"] = "Bad \udce9 Homes"  # text no UTF-8 store accepts
        return result

    monkeypatch.setattr("pipeline.ingest.batch.process_file", poisoned)
    db = tmp_path / "db.duckdb"
    summary = extract([folder], db, workers=1)
    assert len(summary.outcomes) == 2
    status = dict(q(db, "SELECT file_name, status FROM documents"))
    assert status[SEEDS[0].name] == "loaded" and status[SEEDS[1].name] == "failed"
    (msg,), = q(db, "SELECT message FROM problems WHERE file_name = ? AND severity = 'error'", [SEEDS[1].name])
    assert "database refused" in msg
    assert q(db, "SELECT landlord FROM documents WHERE file_name = ?", [SEEDS[1].name])[0][0] == "Bad \\xe9 Homes"


# ---------------------------------------------------------------- 2. time, rows, problems, corpus step
def test_rows_a_document_may_yield_are_capped(tmp_path):
    f = tmp_path / "raw"
    f.mkdir()
    (f / "huge.txt").write_text(provision_rows(400), encoding="utf-8")
    db = tmp_path / "db.duckdb"
    extract([f], db, workers=1, limits=Limits(max_rows=60, max_problems=12))
    (status, rows), = q(db, "SELECT status, rows FROM documents")
    assert rows <= 60 and status in ("partial", "failed")
    messages = [m for (m,) in q(db, "SELECT message FROM problems")]
    assert len(messages) <= 12
    assert any("more than the 60 chc reads" in m for m in messages)


def test_problems_a_document_may_record_are_capped(tmp_path):
    f = tmp_path / "raw"
    f.mkdir()
    (f / "many.txt").write_text(provision_rows(300), encoding="utf-8")
    db = tmp_path / "db.duckdb"
    extract([f], db, workers=1, limits=Limits(max_problems=5))
    messages = [m for (m,) in q(db, "SELECT message FROM problems")]
    assert len(messages) == 5
    assert "more problems not recorded" in messages[-1] or any("more problems not recorded" in m for m in messages)


def test_alignment_and_analysis_are_under_the_time_limit(folder, tmp_path, monkeypatch):
    def slow_align(*a, **k):
        time.sleep(30)

    monkeypatch.setattr(process_mod, "align", slow_align)
    started = time.monotonic()
    summary = extract([folder / SEEDS[0].name], tmp_path / "db.duckdb", workers=1, limits=Limits(timeout=1))
    assert time.monotonic() - started < 15
    assert summary.count("failed") == 1
    assert "longer than 1 s" in summary.outcomes[0].first_error


def test_corpus_step_failure_keeps_the_documents_and_the_next_run_works(folder, tmp_path, monkeypatch):
    from pipeline.commentary import corpus

    def out_of_memory(con):
        con.execute("BEGIN")  # fails mid-transaction, as DuckDB's memory limit does
        raise duckdb.OutOfMemoryException("could not allocate block of size 256 KiB")

    db = tmp_path / "db.duckdb"
    monkeypatch.setattr(corpus, "update_boilerplate", out_of_memory)
    summary = extract([folder], db, workers=1)
    assert summary.count("loaded") == 2
    assert any("corpus step" in n and "OutOfMemory" in n for n in summary.notes)
    monkeypatch.undo()
    again = extract([folder], db, workers=1, force=True)
    assert again.count("loaded") == 2 and again.commentary["rows"] > 0 and not again.notes


# ---------------------------------------------------------------- 4. chc query reads and does nothing else
from click.testing import CliRunner  # noqa: E402

from pipeline import cli  # noqa: E402


def run_cli(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def db_copy(seed_db, tmp_path):
    db = tmp_path / "chc.duckdb"
    shutil.copy(seed_db, db)
    return db


@pytest.fixture
def other_db(tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE responses AS SELECT range AS n FROM range(3)")
    con.close()
    return other


def refused(result, *words):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    low = result.output.lower()
    assert all(w.lower() in low for w in words), result.output


def test_query_cannot_write_files(db_copy, tmp_path):
    target = tmp_path / "written.csv"
    refused(run_cli("query", f"COPY (SELECT 'owned' AS x) TO '{target}'", "--db", db_copy), "COPY", "only reads")
    refused(run_cli("query", f"EXPORT DATABASE '{tmp_path / 'dump'}'", "--db", db_copy), "EXPORT")
    assert not target.exists() and not (tmp_path / "dump").exists()


def test_query_cannot_attach_and_change_another_database(db_copy, other_db):
    refused(run_cli("query", f"ATTACH '{other_db}' AS x (READ_WRITE)", "--db", db_copy), "ATTACH")
    refused(run_cli("query", f"ATTACH '{other_db}' AS x (READ_WRITE); DELETE FROM x.responses", "--db", db_copy),
            "one statement")
    assert duckdb.connect(str(other_db), read_only=True).execute("SELECT count(*) FROM responses").fetchall() == [(3,)]


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM read_blob('/etc/hostname')",
    "SELECT * FROM glob('/*')",
    "SELECT * FROM '/etc/passwd'",
])
def test_query_cannot_read_files_beyond_the_database(db_copy, sql):
    result = run_cli("query", sql, "--db", db_copy)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "root:" not in result.output and "localhost" not in result.output
    assert "disabled" in result.output.lower() or "does not exist" in result.output


@pytest.mark.parametrize("sql", [
    "INSTALL httpfs",
    "LOAD httpfs",
    "CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')",
    "SET threads = 1",
    "SET enable_external_access = true",
    "PRAGMA enable_profiling",
    "RESET lock_configuration",
    "CALL pragma_version()",
    "CREATE TEMP TABLE x AS SELECT 1",
])
def test_query_refuses_everything_but_reading(db_copy, sql):
    refused(run_cli("query", sql, "--db", db_copy), "only reads")


@pytest.mark.parametrize("sql", [
    "SELECT count(*) AS n FROM documents",
    "WITH d AS (SELECT * FROM documents) SELECT count(*) AS n FROM d",
    "DESCRIBE documents",
    "SHOW TABLES",
    "EXPLAIN SELECT * FROM documents",
    "SELECT count(*) AS n FROM documents;",
])
def test_query_still_reads(db_copy, sql):
    result = run_cli("query", sql, "--db", db_copy)
    assert result.exit_code == 0, result.output


def test_every_reading_command_is_locked_down(db_copy, tmp_path, monkeypatch):
    """The one helper every reading command opens the database with."""
    from pipeline.db import connection

    seen = []
    real = connection.connect_read_only

    def spy(*a, **k):
        con = real(*a, **k)
        seen.append(con.execute("SELECT current_setting('enable_external_access'), "
                                "current_setting('lock_configuration')").fetchall()[0])
        return con

    monkeypatch.setattr(connection, "connect_read_only", spy)
    for mod in ("query", "search"):
        monkeypatch.setattr(f"pipeline.outputs.{mod}.connect_read_only", spy, raising=False)
    (name,), = duckdb.connect(str(db_copy), read_only=True).execute(
        "SELECT landlord FROM documents WHERE landlord IS NOT NULL LIMIT 1").fetchall()
    for args in (["query", "SELECT 1"], ["compare", "1.2"], ["landlord", name], ["search", "policy", "--method", "scan"],
                 ["export", tmp_path / "out"], ["report", tmp_path / "r.html"], ["dictionary", "--db", db_copy]):
        before = len(seen)
        extra = [] if "--db" in args else ["--db", db_copy]
        result = run_cli(*args, *extra)
        assert result.exit_code == 0, (args, result.output)
        assert len(seen) > before, args
        assert all(s == (False, True) for s in seen[before:]), (args, seen)
    assert (tmp_path / "out" / "datapackage.json").exists() and (tmp_path / "r.html").exists()


# ---------------------------------------------------------------- 5. clean messages, exit 2
READERS = [["query", "SELECT 1"], ["compare", "1.2"], ["landlord", "x"], ["search", "policy"],
           ["export", "{tmp}/out"], ["report", "{tmp}/r.html"], ["dictionary"]]


def test_reading_a_database_held_by_a_writer_is_one_clean_message(db_copy, tmp_path):
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(120)", str(db_copy)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        for args in READERS:
            args = [a.format(tmp=tmp_path) for a in args]
            result = run_cli(*args, "--db", db_copy)
            refused(result, "in use by another process")
    finally:
        holder.kill()
        holder.wait()


def test_damaged_database_says_so_and_how_to_rebuild(db_copy, tmp_path, folder):
    whole = db_copy.read_bytes()
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(os.urandom(300_000))
    half = tmp_path / "half.duckdb"
    half.write_bytes(whole[: len(whole) // 2])
    for bad in (junk, half):
        for args in READERS[:2]:
            refused(run_cli(*args, "--db", bad), "damaged", "make clean extract")
        refused(run_cli("extract", folder, "--db", bad, "-q"), "damaged", "make clean extract")


def write_manifest(folder, data: bytes):
    (folder / "manifest.csv").write_bytes(data)


def test_manifest_in_cp1252_is_read(folder, tmp_path):
    write_manifest(folder, ("file,landlord,landlord_type,assessed_period,source_url\n"
                            f"{SEEDS[0].name},Caf\u00e9 Housing \u2013 North,council,2024-25,\n").encode("cp1252"))
    result = run_cli("extract", folder, "--db", tmp_path / "db.duckdb", "-q")
    assert result.exit_code == 0, result.output
    assert ("Caf\u00e9 Housing \u2013 North",) in q(tmp_path / "db.duckdb", "SELECT landlord FROM documents")


@pytest.mark.parametrize("data, words", [
    (os.urandom(3000).replace(b"\n", b"x"), ["not text"]),
    (b"file,landlord\n" + b"a.txt,\"" + b"x" * 140_000 + b"\"\n", ["line 2", "131,072"]),
    (b"file,landlord,landlord_type\nb.txt,Acme,castle\n", ["line 2", "landlord_type"]),
])
def test_malformed_manifest_is_exit_2_with_the_line(folder, tmp_path, data, words):
    write_manifest(folder, data)
    refused(run_cli("extract", folder, "--db", tmp_path / "db.duckdb", "-q"), "manifest.csv", *words)


def test_duplicate_manifest_row_is_a_warning(folder, tmp_path):
    write_manifest(folder, (f"file,landlord\n{SEEDS[0].name},First Homes\n{SEEDS[0].name},Second Homes\n").encode())
    result = run_cli("extract", folder, "--db", tmp_path / "db.duckdb", "-q")
    assert result.exit_code == 0
    assert "second row for" in result.output and "line 2" in result.output


def test_fifo_on_the_command_line_and_in_a_folder_is_refused(folder, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    os.mkfifo(folder / "inner-pipe.txt")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    db = tmp_path / "db.duckdb"
    started = time.monotonic()
    summary = extract([folder, fifo], db, workers=1)
    assert time.monotonic() - started < 120
    assert summary.count("loaded") == 2 and summary.count("failed") == 3
    errs = dict(q(db, "SELECT file_name, message FROM problems WHERE severity = 'error'"))
    assert "named pipe" in errs["pipe.txt"] and "named pipe" in errs["inner-pipe.txt"]
    assert "cannot read" in errs["dangling.txt"]


def test_markup_in_names_and_javascript_links(folder, tmp_path):
    shutil.copy(SEEDS[2], folder / "Acme [bold] Homes [red].txt")
    write_manifest(folder, (f"file,landlord,landlord_type,assessed_period,source_url\n"
                            f"{SEEDS[0].name},Acme [/] Homes,council,,javascript:alert(document.domain)\n"
                            f"{SEEDS[1].name},Other [red]Homes,council,,https://example.org/sa.pdf\n").encode())
    db = tmp_path / "db.duckdb"
    for _ in range(2):  # this run and every later one
        result = run_cli("extract", folder, "--db", db)
        assert result.exit_code == 0, result.output
        assert "Acme [/] Homes" in result.output and "Traceback" not in result.output
        assert "Acme [bold] Homes [red].txt" in result.output
    assert run_cli("report", tmp_path / "r.html", "--db", db).exit_code == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "javascript:" not in html.split("<script")[0] and 'href="https://example.org/sa.pdf"' in html


def test_query_output_neutralises_formulas_and_control_characters(db_copy):
    sql = ("SELECT '=HYPERLINK(\"http://x\")' AS a, '@SUM(A1)' AS b, '-' AS c, -3 AS d, "
           "'red' || chr(27) || '[31m' || chr(155) || 'x' AS e")
    out = run_cli("query", sql, "--db", db_copy, "--format", "csv").output
    assert "'=HYPERLINK" in out and "'@SUM" in out and ",-,-3," in out
    for fmt in ("csv", "table", "json"):
        out = run_cli("query", sql, "--db", db_copy, "--format", fmt).output
        assert "\x1b" not in out and "\x9b" not in out, fmt
    import json
    assert json.loads(run_cli("query", sql, "--db", db_copy, "--format", "json").output)[0]["e"] == \
        "red\x1b[31m\x9bx"  # JSON keeps the value, escaped


# ---------------------------------------------------------------- hostile formats, small caps
def test_docx_span_of_millions_of_columns_fails_fast(tmp_path):
    import docx
    from docx.oxml.ns import qn

    from extractors.grid import docx as docx_reader
    from pipeline.core.model import Source

    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).text = "1.2"
    tc_pr = t.rows[0]._tr.tc_lst[0].get_or_add_tcPr()
    span = tc_pr.makeelement(qn("w:gridSpan"), {qn("w:val"): "5000000"})
    tc_pr.append(span)
    path = tmp_path / "wide.docx"
    d.save(path)
    started = time.monotonic()
    ex = docx_reader.extract(Source(path, path.read_bytes()))
    assert time.monotonic() - started < 20
    assert any("5,000,00" in p.message and "columns" in p.message for p in ex.problems)


def test_docx_with_a_text_node_the_parser_refuses_is_bad_input(tmp_path):
    import zipfile

    import docx

    base = tmp_path / "base.docx"
    docx.Document().save(base)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>" + b"a" * 11_000_000 + b"</w:t></w:r></w:p>")
            zout.writestr(item, data)
    result = process_mod.process_file(bomb)
    assert result.status == "failed"
    msg = " ".join(p.message for p in result.problems)
    assert "malformed or too deep or large" in msg and "please report" not in msg.lower()


def test_zip_part_inflating_past_the_cap_is_too_large(tmp_path, monkeypatch):
    import docx

    from extractors.grid import zipped

    d = docx.Document()
    d.add_paragraph("padding " * 200_000)  # ~1.6 MB of XML, deflated to a few KB
    path = tmp_path / "inflates.docx"
    d.save(path)
    monkeypatch.setattr(zipped, "MAX_PART", 1_000_000)
    result = process_mod.process_file(path)
    assert result.status == "failed" and "too large to read" in result.problems[0].message


def test_xlsx_cell_at_the_far_corner_does_not_walk_every_cell(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "1.2"
    ws["XFD5000"] = "far away"
    path = tmp_path / "corner.xlsx"
    wb.save(path)
    from extractors.grid import sheet
    from pipeline.core.model import Source

    started = time.monotonic()  # the extractor alone: no cold start of alignment on a busy machine
    ex = sheet.extract(Source(path, path.read_bytes()))
    assert time.monotonic() - started < 30
    assert any("column 16,384" in p.message for p in ex.problems)


def test_deeply_nested_html_fails_in_seconds(tmp_path):
    path = tmp_path / "deep.html"
    path.write_bytes(b"<html><body>" + b"<div>" * 200_000 + b"x" + b"</div>" * 200_000 + b"</body></html>")
    started = time.monotonic()
    result = process_mod.process_file(path)
    assert time.monotonic() - started < 20
    assert result.status == "failed" and "nests elements" in result.problems[0].message


def test_html_declaring_utf8_with_cp1252_bytes(tmp_path):
    from extractors.grid import html as html_reader
    from pipeline.core.model import Source

    page = ('<html><head><meta charset="utf-8"></head><body><p>Compensation of \u00a3250 was paid \u2013 '
            'see the policy.</p></body></html>').encode("cp1252")
    ex = html_reader.extract(Source(tmp_path / "p.html", page))
    assert "\u00a3250" in ex.text and "\u0141" not in ex.text
    assert any(p.severity == "warning" and "declares UTF-8" in p.message for p in ex.problems)


def test_text_almost_all_utf8_stays_utf8():
    from extractors.text.decode import decode_text

    body = "Stage 1 \u2013 we reply within 10 working days \u2013 always.\n" * 200
    data = body.encode("utf-8")
    data = data[:3000] + b"\x92\x93\xff" + data[3000:]
    text, problems = decode_text(data)
    assert text.count("\u2013") == 400 and "\u00e2\u20ac" not in text
    assert any("3 bytes" in p.message for p in problems)


def test_worker_past_its_memory_limit_fails_its_document_alone(folder, tmp_path, monkeypatch):
    import extractors.text

    real = extractors.text.extract
    (folder / "greedy.txt").write_text(SEEDS[2].read_text(encoding="utf-8") + "\nextra line\n", encoding="utf-8")

    def greedy(source):
        if source.path.name == "greedy.txt":
            hog = bytearray(3 << 30)  # more than the worker may take
            return hog
        return real(source)

    monkeypatch.setattr(extractors.text, "extract", greedy)  # workers are forked: they see it
    db = tmp_path / "db.duckdb"
    summary = extract([folder], db, workers=2, limits=Limits(max_memory=512 << 20))
    assert summary.count("loaded") == 2 and summary.count("failed") == 1
    (msg,), = q(db, "SELECT message FROM problems WHERE file_name = 'greedy.txt' AND severity = 'error'")
    assert "too large to read" in msg


@pytest.mark.slow
def test_workers_exit_when_the_parent_is_killed(tmp_path):
    import signal
    import subprocess
    import sys

    from pipeline.core.paths import ROOT
    from tests.synth import generate

    corpus = tmp_path / "corpus"
    generate(corpus, 60, seed=3)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(corpus), "--db",
                             str(tmp_path / "db.duckdb"), "--workers", "2", "-q"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(children) < 2 and proc.poll() is None:
        time.sleep(0.2)
        try:
            children = [int(c) for c in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        except OSError:
            children = []
    assert len(children) >= 2, "the workers never started"
    proc.send_signal(signal.SIGKILL)  # the parent only, as the OOM killer does
    proc.wait()
    deadline = time.monotonic() + 30
    alive = children
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [c for c in children if Path(f"/proc/{c}").exists()
                 and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2:3]]
    assert not alive, f"workers {alive} outlived their parent"


# ---------------------------------------------------------------- 8. re-runs
def test_renamed_file_takes_its_new_name(folder, tmp_path):
    db = tmp_path / "db.duckdb"
    extract([folder], db, workers=1)
    (folder / SEEDS[0].name).rename(folder / "renamed.txt")
    summary = extract([folder], db, workers=1)
    assert summary.count("skipped") == 2 and not summary.missing
    names = sorted(n for (n,) in q(db, "SELECT file_name FROM documents"))
    assert names == sorted(["renamed.txt", SEEDS[1].name])
    assert sorted(n for (n,) in q(db, "SELECT file_name FROM document_files")) == names


def test_deleted_file_is_reported_then_pruned(folder, tmp_path):
    db = tmp_path / "db.duckdb"
    extract([folder], db, workers=1)
    (folder / SEEDS[0].name).unlink()
    summary = extract([folder], db, workers=1)
    assert summary.missing == [SEEDS[0].name]
    result = run_cli("extract", folder, "--db", db, "-q")
    assert "--prune" in result.output
    summary = extract([folder], db, workers=1, prune=True)
    assert not summary.missing and any("removed 1 document" in n for n in summary.notes)
    assert q(db, "SELECT file_name FROM documents") == [(SEEDS[1].name,)]


def test_source_path_does_not_depend_on_the_working_directory(folder, tmp_path, monkeypatch):
    db = tmp_path / "db.duckdb"
    monkeypatch.chdir(tmp_path)
    extract([Path("raw")], db, workers=1)
    monkeypatch.chdir(folder)
    extract([Path(".")], db, workers=1)
    assert q(db, "SELECT count(*) FROM document_files") == [(2,)]
    assert all(Path(p).is_absolute() for (p,) in q(db, "SELECT source_path FROM document_files"))


def test_disk_full_says_so_and_what_to_do(folder, tmp_path, monkeypatch):
    from pipeline.db.loader import Loader

    def full(self, table, rows):
        raise duckdb.IOException('Could not write file "db.duckdb.wal": No space left on device')

    monkeypatch.setattr(Loader, "_insert", full)
    db = tmp_path / "db.duckdb"
    result = run_cli("extract", folder, "--db", db, "-q")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "No space left on device" in result.output and "free some disk space" in result.output
    assert "cannot rollback" not in result.output
    monkeypatch.undo()
    assert extract([folder], db, workers=1).count("loaded") == 2


def test_garbled_pdf_text_layer_is_not_loaded_as_good(tmp_path):
    import dataclasses

    from tests import pdf_fixtures as F

    def shifted(text: str) -> str:  # what a font with shifted glyph codes extracts as
        return "".join(chr((ord(c) - 97 + 7) % 26 + 97) if "a" <= c <= "z" else
                       chr((ord(c) - 65 + 7) % 26 + 65) if "A" <= c <= "Z" else c for c in text)

    rows = [dataclasses.replace(r, requirement=shifted(r.requirement), evidence=shifted(r.evidence),
                                commentary=shifted(r.commentary)) for r in F.reference_rows("2024")[:30]]
    path = tmp_path / "garbled.pdf"
    F.render(path, rows, "ruled_landscape")
    result = process_mod.process_file(path)
    assert result.status in ("partial", "failed")
    assert any("text layer looks garbled" in p.message for p in result.problems)


def test_page_of_vector_segments_is_not_called_a_scan(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "vector.pdf"
    c = canvas.Canvas(str(path))
    for i in range(20_000):
        x, y = 20 + (i % 500), 20 + (i // 500) * 15
        c.line(x, y, x + 0.4, y + 0.4)
    c.showPage()
    c.save()
    result = process_mod.process_file(path)
    msg = " ".join(p.message for p in result.problems)
    assert result.status == "failed" and "no text layer" in msg
    assert "scanned" not in msg and "drawn shapes" in msg


def test_no_connection_draws_duckdbs_progress_bar_on_stdout(db_copy):
    """A query past two seconds would print DuckDB's progress bar into a command's output (a CSV or JSON
    piped elsewhere, a bench reading a child's stdout): reading and writing connections turn it off.
    Asked in a process of its own, as a command runs: DuckDB's default differs under pytest."""
    import subprocess
    import sys

    from pipeline.core.paths import ROOT

    code = ("import sys; from pipeline.db import connection as c\n"
            "for opener in (c.connect_read_only, c.connect):\n"
            "    con = opener(sys.argv[1])\n"
            "    print(con.execute(\"SELECT current_setting('enable_progress_bar'), "
            "current_setting('lock_configuration')\").fetchall())\n"
            "    con.close()\n")
    out = subprocess.run([sys.executable, "-c", code, str(db_copy)], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[:2] == ["[(False, True)]", "[(False, False)]"], out
