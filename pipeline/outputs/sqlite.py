"""`chc export DIR --sqlite FILE`: an SQLite copy of the database for Datasette, with its metadata.json.

Every table and every question view (`schemas/sql/3*.sql`) becomes an SQLite table, written with
sqlite-utils; lists become JSON text, dates ISO text. `metadata.json` beside FILE carries the table
and column descriptions from the schema's COMMENTs (the data dictionary), suggested facets, the
licence and reuse note of the open-data export, and the README's questions as canned queries
(`schemas/datasette/queries.sql`). Then `datasette FILE -m metadata.json` serves a browsable,
faceted site and a JSON API to people who do not write SQL.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.core.paths import ROOT
from pipeline.outputs.dictionary import _origin
from pipeline.outputs.export import DEFAULT_LICENSE, REUSE_NOTE, licence_descriptor
from pipeline.outputs.query import open_db, records

QUERIES_FILE = ROOT / "schemas" / "datasette" / "queries.sql"
# Columns worth a facet in Datasette, where the table has them (low-cardinality answers people filter by).
FACETS = ("code_version", "comply", "cell", "relation", "obligation", "reason", "due_status", "landlord_label",
          "field", "kind", "status", "change")
BATCH = 2000


@dataclass
class SqliteExport:
    sqlite: Path
    metadata: Path
    tables: list[str]


def question_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The views defined in the question layer (`schemas/sql/3*.sql`), in catalogue order."""
    origin = _origin()
    views = [r["view_name"] for r in records(
        con, "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal ORDER BY view_name")]
    return [v for v in views if origin.get(v, "").startswith("3")]


def canned_queries(path: Path = QUERIES_FILE) -> dict[str, dict[str, str]]:
    """`-- name: key | title` blocks of `path` -> Datasette's queries mapping."""
    out: dict[str, dict[str, str]] = {}
    name = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"--\s*name:\s*(\w+)\s*\|\s*(.+)", line)
        if m:
            name = m.group(1)
            out[name] = {"title": m.group(2).strip(), "sql": ""}
        elif name and not line.startswith("--"):
            out[name]["sql"] += line + "\n"
    for q in out.values():
        q["sql"] = q["sql"].strip().rstrip(";")
    return out


def export_sqlite(db: Path | str, out: Path | str, license: str = DEFAULT_LICENSE) -> SqliteExport:
    """Write `out` (SQLite) and `out`'s sibling metadata.json from the DuckDB database `db`."""
    import sqlite_utils

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    con = open_db(db)
    try:
        tables = [r["table_name"] for r in records(
            con, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
                 "ORDER BY table_name")]
        names = tables + question_views(con)
        target = sqlite_utils.Database(out)
        described: dict[str, Any] = {}
        for name in names:
            described[name] = _copy(con, target, name, is_view=name not in tables)
        target.close()
    finally:
        con.close()
    licence = licence_descriptor(license)
    metadata = {
        "title": "Complaint Handling Code self-assessments (chc)",
        "description": "Social landlords' self-assessments against the Housing Ombudsman's Complaint Handling "
                       "Code, read and aligned by chc. " + REUSE_NOTE,
        "license": licence["name"],
        "license_url": licence["path"],
        "databases": {out.stem: {"tables": described, "queries": canned_queries()}},
    }
    meta_path = out.parent / "metadata.json"
    meta_path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return SqliteExport(out, meta_path, names)


def _copy(con: duckdb.DuckDBPyConnection, target: Any, name: str, is_view: bool) -> dict[str, Any]:
    cols = records(con, "SELECT column_name, data_type, comment FROM duckdb_columns() "
                        "WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index", [name])
    kind = "duckdb_views() WHERE view_name" if is_view else "duckdb_tables() WHERE table_name"
    comment = records(con, f"SELECT comment FROM {kind} = ? AND schema_name = 'main'", [name])
    pk = [] if is_view else _primary_key(con, name)
    table = target[name]
    table.create({c["column_name"]: _sqlite_type(c["data_type"]) for c in cols}, pk=pk or None)
    cur = con.execute(f'SELECT * FROM "{name}"')
    names = [c["column_name"] for c in cols]
    while batch := cur.fetchmany(BATCH):
        table.insert_all(({k: _value(v) for k, v in zip(names, row)} for row in batch), batch_size=BATCH)
    facets = [f for f in FACETS if f in names][:3]
    desc = (comment[0]["comment"] if comment else None) or ""
    out: dict[str, Any] = {"description": desc + (" (A chc question view, copied as a table.)" if is_view else ""),
                           "columns": {c["column_name"]: c["comment"] or "" for c in cols}}
    if facets:
        out["facets"] = facets
    return out


def _primary_key(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    rows = records(con, "SELECT constraint_column_names AS cols FROM duckdb_constraints() "
                        "WHERE schema_name = 'main' AND table_name = ? AND constraint_type = 'PRIMARY KEY'", [name])
    return list(rows[0]["cols"]) if rows else []


def _sqlite_type(duck_type: str) -> type:
    t = duck_type.upper()
    if t.endswith("[]") or t.startswith(("LIST", "STRUCT", "MAP")):
        return str
    if t == "BOOLEAN" or re.match(r"U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?$", t):
        return int
    if t.startswith(("DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC")):
        return float
    return str


def _value(v: Any) -> Any:
    if isinstance(v, (list, dict, tuple)):
        return json.dumps(v, ensure_ascii=False, default=str)
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return v.isoformat()
    return v
