"""SQL data tests over the sample database: each query returns the rows that break a key
(schemas/keys.csv: unique, not null, no orphans) or another invariant (schemas/tests/*.sql)."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from pipeline.db import keys

TESTS = keys.data_tests()


@pytest.fixture(scope="module")
def con(seed_db):
    c = duckdb.connect(str(seed_db), read_only=True)
    yield c
    c.close()


@pytest.mark.parametrize("name,sql", TESTS, ids=[n for n, _ in TESTS])
def test_no_violating_rows(con, name, sql):
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    bad = [dict(zip(cols, r)) for r in cur.fetchmany(5)]
    assert bad == [], f"{name}: {bad}"


def test_every_table_and_published_view_has_its_keys_declared(con):
    declared = keys.primary_keys()
    enforced = dict(con.execute(
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
        "WHERE schema_name = 'main' AND constraint_type = 'PRIMARY KEY'").fetchall())
    # Where the schema enforces a primary key, keys.csv says the same.
    assert {t: list(c) for t, c in enforced.items()} == {t: declared[t] for t in enforced}
    tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")
              .fetchall()}
    doc_scoped = {t for (t,) in con.execute("SELECT DISTINCT table_name FROM duckdb_columns() "
                                            "WHERE schema_name = 'main' AND column_name = 'doc_id'").fetchall()}
    fks = keys.foreign_keys()
    assert (doc_scoped & tables) - {"documents"} <= set(fks), "every document-scoped table names its parent"
    for child, refs in fks.items():
        for cols, parent, ref_cols in refs:
            assert len(cols) == len(ref_cols) and parent in set(declared) | tables, (child, parent)


def test_the_checks_find_broken_rows(seed_db, tmp_path):
    db = tmp_path / "broken.duckdb"
    shutil.copy(seed_db, db)
    c = duckdb.connect(str(db))
    c.execute("INSERT INTO signals SELECT * REPLACE (row_no + 100000 AS row_no) FROM signals LIMIT 1")
    c.execute("INSERT INTO sentences SELECT * FROM sentences LIMIT 1")
    c.execute("UPDATE documents SET rows = rows + 1 WHERE doc_id = (SELECT min(doc_id) FROM documents)")
    found = {name for name, sql in TESTS if c.execute(sql).fetchall()}
    c.close()
    assert {"signals.doc_id_row_no_references_responses", "sentences.primary_key_unique",
            "document_rows_counted"} <= found
