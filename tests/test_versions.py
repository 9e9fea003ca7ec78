"""Versions: the release, the extractor version (the re-extraction key) and the schema version
stored in the database (an older database is migrated or refused, never a Binder Error)."""
from __future__ import annotations

import importlib.metadata
import shutil
import tomllib

import duckdb
import pytest
from click.testing import CliRunner

import pipeline
from pipeline import cli
from pipeline.core import versions
from pipeline.core.paths import ROOT
from pipeline.db import schema
from pipeline.db.connection import connect
from pipeline.ingest.batch import extract

RAW = ROOT / "data" / "raw"
PROVENANCE = ("read_as", "merged_cells", "continued_parts", "sheet", "html_markup")


@pytest.fixture(scope="module")
def one_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("versions") / "one.duckdb"
    assert extract([sorted(RAW.glob("*.txt"))[0]], db, workers=1).ok
    return db


@pytest.fixture
def db_copy(one_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(one_db, db)
    return db


def _statuses(db):
    return [o.status for o in extract([sorted(RAW.glob("*.txt"))[0]], db, workers=1).outcomes]


def test_the_version_lives_in_one_place():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert importlib.metadata.version("chc") == pipeline.__version__


def test_a_new_release_does_not_re_extract_but_a_new_extractor_version_does(db_copy, monkeypatch):
    con = duckdb.connect(str(db_copy), read_only=True)
    assert con.execute("SELECT DISTINCT extractor FROM documents").fetchall() == [
        (versions.extractor_version("text"),)]
    con.close()
    monkeypatch.setattr(pipeline, "__version__", "99.0.0")
    assert _statuses(db_copy) == ["skipped"]
    monkeypatch.setattr(versions, "EXTRACTOR_VERSION", versions.EXTRACTOR_VERSION + "-next")
    assert _statuses(db_copy) == ["loaded"]
    con = duckdb.connect(str(db_copy), read_only=True)
    assert con.execute("SELECT DISTINCT extractor FROM documents").fetchall() == [
        (f"text/{versions.EXTRACTOR_VERSION}",)]
    con.close()
    assert _statuses(db_copy) == ["skipped"]


def test_the_schema_version_is_stored(one_db):
    con = duckdb.connect(str(one_db), read_only=True)
    assert con.execute("SELECT value FROM _chc.meta WHERE key = 'schema_version'").fetchall() == [
        (str(schema.SCHEMA_VERSION),)]
    con.close()


def _make_old(db, drop=PROVENANCE):
    """A database as an older chc wrote it: no _chc schema, columns added since missing."""
    con = duckdb.connect(str(db))
    con.execute("DROP SCHEMA _chc CASCADE")
    for c in drop:
        con.execute(f"ALTER TABLE responses DROP COLUMN {c}")
    con.close()


def test_an_older_database_is_refused_by_readers_and_migrated_by_the_writer(db_copy):
    _make_old(db_copy)
    # Before migrating, every reader says what to do, and no DuckDB error leaks out.
    with pytest.raises(schema.SchemaMismatch, match="rebuild it: make clean extract"):
        connect(db_copy, read_only=True)
    run = CliRunner().invoke(cli.main, ["query", "SELECT read_as FROM responses", "--db", str(db_copy)])
    assert run.exit_code == 2 and "make clean extract" in run.output and "Binder" not in run.output
    run = CliRunner().invoke(cli.main, ["compare", "1.2", "--db", str(db_copy)])
    assert run.exit_code == 2 and "make clean extract" in run.output

    # The writer migrates in place: the rows are kept, the new columns added, the version written.
    con = duckdb.connect(str(db_copy), read_only=True)
    before = con.execute("SELECT doc_id, row_no, comply FROM responses ORDER BY ALL").fetchall()
    con.close()
    summary = extract([sorted(RAW.glob("*.txt"))[1]], db_copy, workers=1)
    assert summary.ok
    con = connect(db_copy, read_only=True)
    assert con.execute("SELECT value FROM _chc.meta").fetchall() == [(str(schema.SCHEMA_VERSION),)]
    cols = {c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'responses'")
            .fetchall()}
    assert set(PROVENANCE) <= cols
    old_doc = before[0][0]
    assert con.execute("SELECT doc_id, row_no, comply FROM responses WHERE doc_id = ? ORDER BY ALL",
                       [old_doc]).fetchall() == before
    # Old rows say they were not recorded (NULL); new rows say how they were read.
    assert con.execute("SELECT count(*) FROM responses WHERE doc_id = ? AND read_as IS NULL", [old_doc]
                       ).fetchone()[0] == len(before)
    assert con.execute("SELECT count(*) FROM responses WHERE doc_id <> ? AND read_as IS NULL", [old_doc]
                       ).fetchone()[0] == 0
    con.close()


def test_a_database_that_cannot_be_migrated_is_refused_by_the_writer_too(db_copy):
    _make_old(db_copy, drop=("comply",))  # NOT NULL without a default: cannot be filled in
    for read_only in (True, False):
        with pytest.raises(schema.SchemaMismatch, match="responses.comply .*rebuild it: make clean extract"):
            connect(db_copy, read_only=read_only)
    run = CliRunner().invoke(cli.main, ["extract", str(sorted(RAW.glob("*.txt"))[0]), "--db", str(db_copy), "-q"])
    assert run.exit_code == 2 and "make clean extract" in run.output and "Binder" not in run.output


def test_a_database_from_a_newer_chc_is_refused(db_copy):
    con = duckdb.connect(str(db_copy))
    con.execute("UPDATE _chc.meta SET value = ? WHERE key = 'schema_version'", [str(schema.SCHEMA_VERSION + 1)])
    con.close()
    for read_only in (True, False):
        with pytest.raises(schema.SchemaMismatch, match="newer chc.*rebuild it: make clean extract"):
            connect(db_copy, read_only=read_only)
