"""The data dictionary: generated from the schema, matching the database, committed up to date."""
from __future__ import annotations

import re

from click.testing import CliRunner

from pipeline import cli
from pipeline.outputs.dictionary import DEFAULT_OUT, dictionary
from tests.comparison_fixtures import rows


def test_dictionary_from_the_schema_files_matches_the_database(seed_db):
    assert dictionary(seed_db) == dictionary()


def test_dictionary_describes_every_table_view_macro_and_column(seed_db):
    text = dictionary(seed_db)
    objects = rows(seed_db, "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main' "
                            "UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'main' "
                            "AND NOT internal UNION ALL SELECT DISTINCT function_name, comment FROM duckdb_functions() "
                            "WHERE schema_name = 'main' AND function_type IN ('macro', 'table_macro') AND NOT internal")
    assert len(objects) > 20
    headings = re.findall(r"^### (\w+)$", text, re.M)
    assert sorted(headings) == sorted(n for n, _ in objects)
    for name, comment in objects:
        section = text.split(f"\n### {name}\n", 1)[1].split("\n### ", 1)[0]
        assert comment.strip() in section, name
    undocumented = set()
    for table, column, dtype, comment in rows(
            seed_db, "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
                     "WHERE schema_name = 'main' AND NOT internal"):
        section = text.split(f"\n### {table}\n", 1)[1].split("\n### ", 1)[0]
        desc = comment.replace("|", chr(92) + "|") if comment else "(undocumented)"
        assert f"| `{column}` | {dtype} | {desc} |" in section.splitlines(), (table, column)
        if not comment:
            undocumented.add(table)
    # Tables and the question views document every column (only some older cleaning views do not yet).
    tables = {t for (t,) in rows(seed_db, "SELECT table_name FROM duckdb_tables()")}
    assert not undocumented & tables
    assert not {t for t in undocumented if text.index(f"### {t}\n") > text.index("## Question views")}
    assert "`commitments_due(as_of)`: table macro" in text


def test_committed_data_dictionary_is_up_to_date():
    committed = DEFAULT_OUT.read_text(encoding="utf-8")
    assert committed == dictionary(), (
        "docs/data-dictionary.md is out of date with schemas/sql: run "
        "`.venv/bin/chc dictionary --out docs/data-dictionary.md` and commit it")


def test_dictionary_command_prints_or_writes(seed_db, tmp_path):
    printed = CliRunner().invoke(cli.main, ["dictionary"], catch_exceptions=False)
    assert printed.exit_code == 0 and printed.output == dictionary()
    out = tmp_path / "dd.md"
    written = CliRunner().invoke(cli.main, ["dictionary", "--db", str(seed_db), "--out", str(out)],
                                 catch_exceptions=False)
    assert written.exit_code == 0 and written.output.strip() == f"wrote {out}"
    assert out.read_text(encoding="utf-8") == dictionary(seed_db)
    missing = CliRunner().invoke(cli.main, ["dictionary", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "does not exist" in missing.output


def test_no_column_of_any_table_or_view_is_undocumented():
    """Every column of every table and view the schema defines carries a COMMENT (no "(undocumented)")."""
    from pipeline.outputs.dictionary import dictionary, schema_connection

    con = schema_connection()
    missing = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' "
                          "AND NOT internal AND coalesce(trim(comment), '') = '' ORDER BY ALL").fetchall()
    objects = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
                          "AND coalesce(trim(comment), '') = '' UNION ALL SELECT view_name FROM duckdb_views() "
                          "WHERE schema_name = 'main' AND NOT internal AND coalesce(trim(comment), '') = ''").fetchall()
    con.close()
    assert missing == [] and objects == []
    assert "(undocumented)" not in dictionary()
