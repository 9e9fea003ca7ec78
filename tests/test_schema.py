"""The database schema is a public interface: every table, view and column is documented."""
from __future__ import annotations

import duckdb


def test_every_table_view_and_column_has_a_comment(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    undocumented_cols = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND NOT internal AND (comment IS NULL OR comment = '') "
        "AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main')"
    ).fetchall()
    assert undocumented_cols == []
    undocumented = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND (comment IS NULL OR comment = '') "
        "UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal "
        "AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert undocumented == []


def test_public_names_are_stable(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    cols = {}
    for t, c in con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'").fetchall():
        cols.setdefault(t, set()).add(c)
    assert {"doc_id", "file_name", "source_path", "sha256", "format", "landlord", "landlord_type", "code_version",
            "assessed_period", "rows", "status", "extractor", "extracted_at"} <= cols["documents"]
    assert {"doc_id", "row_no", "provision_id", "code_version", "printed_id", "id_corrected", "match_score",
            "match_method", "requirement_text", "comply_raw", "comply", "evidence", "commentary", "section",
            "sub_heading", "source_start", "source_end"} <= cols["responses"]
    assert {"code_version", "provision_id", "section_number", "section_title", "obligation", "requirement_text",
            "in_self_assessment"} <= cols["provisions"]
    assert {"provision_2022", "provision_2024", "relation", "confidence"} <= cols["crosswalk"]
    assert {"doc_id", "row_no", "provision_2024", "relation"} <= cols["response_links"]
    assert {"doc_id", "file_name", "stage", "severity", "message"} <= cols["problems"]
    assert con.execute("SELECT count(*) FROM provisions WHERE in_self_assessment GROUP BY code_version ORDER BY 1").fetchall() == [(72,), (72,)]
