"""The SQL is layered: the question views build on a private intermediate schema (int) in which
each shared expression is written once; int stays out of the public surface."""
from __future__ import annotations

import re

import duckdb

from pipeline.core.paths import SCHEMAS
from pipeline.outputs.dictionary import dictionary

SQL = {f.name: f.read_text(encoding="utf-8") for f in sorted((SCHEMAS / "sql").glob("*.sql"))}
INT = re.compile(r'(?<![\w"])"?int"?\.[a-z_]+')
SHARED = {
    "has evidence": r"coalesce\(trim\(\w+\.evidence\), ''\) <> ''",
    "form obligation": r"coalesce\(\w+\.form_group, \w+\.obligation\)",
    "response scores joined": r"JOIN\s+(?:main\.)?response_scores",
}


def test_each_shared_expression_is_written_once():
    for what, pattern in SHARED.items():
        where = [name for name, text in SQL.items() for _ in re.finditer(pattern, text)]
        assert len(where) == 1, (what, where)
        assert where[0].startswith("25_"), (what, where)


def test_question_views_read_the_intermediate_layer(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    private = {v for (v,) in con.execute("SELECT view_name FROM duckdb_views() WHERE schema_name = 'int'").fetchall()}
    sql = dict(con.execute("SELECT view_name, sql FROM duckdb_views() WHERE schema_name = 'main'").fetchall())
    has = con.execute("SELECT count(*) FILTER (WHERE has_evidence), count(*) FROM int.scored_responses").fetchone()
    con.close()
    assert {"scored_responses", "aligned_responses", "linked_responses"} <= private
    for view in ("compliance_matrix", "claims_to_check", "provision_shares", "claim_shares", "matrix_text"):
        assert INT.search(sql[view]), view
    assert 0 < has[0] < has[1]
    assert not INT.search(dictionary()) and "scored_responses" not in dictionary()
