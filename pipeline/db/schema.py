"""The database schema: the `.sql` files of `schemas/sql/`, applied in name order, and its version.

`SCHEMA_VERSION` is stored in the database (`_chc.meta`) by every writer and checked whenever a
database is opened.  A database of an older schema is migrated by the writer where the change
is one it can make in place (a column added since, nullable or with a default: ALTER TABLE ...
ADD COLUMN; a table added since: created by the schema files); anything else, a database from a
newer chc, and any older database opened read-only, is refused with a message saying what to
do, never left to fail later with a DuckDB Binder Error.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.core.errors import UsageError
from pipeline.core.paths import SCHEMAS

SQL_DIR = SCHEMAS / "sql"
# 1: chc <= 0.3.0 (no _chc.meta table).  2: responses carry how each row was read (read_as,
# merged_cells, continued_parts, sheet, html_markup); _chc.meta, _chc.claims, _chc.settings.
# 3: OCR confidences, extra columns, assessments and converted formats on responses/documents;
# the identity (landlords, landlord_names, document_landlords) and review (corrections,
# response_corrections) tables.  4: context_tables (tables that are not the form); signals of
# commitments read from an extra column say which (source_column) and who leads them (owner).
SCHEMA_VERSION = 4
META_TABLE = "_chc.meta"
SCHEMAS_CHECKED = ("main", "_chc")  # the schemas whose tables hold data (int holds only views)
REBUILD = "rebuild it: make clean extract (or chc extract --db FILE --force into a new file)"


class SchemaMismatch(UsageError):
    """The database was written with a schema this chc cannot use as it is."""


def sql_files() -> list[Path]:
    return sorted(SQL_DIR.glob("*.sql"))


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) every table, view and macro of the schema; idempotent."""
    for f in sql_files():
        con.execute(f.read_text(encoding="utf-8"))


def schema_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory database holding only the schema (no rows)."""
    con = duckdb.connect()
    apply(con)
    return con


def _base_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Qualified names (main.documents, _chc.meta) of the tables in the database."""
    return {f"{s}.{t}" for s, t in con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal "
        f"AND schema_name IN {SCHEMAS_CHECKED}").fetchall()}


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The database's schema version; None for a database chc has not written to yet."""
    tables = _base_tables(con)
    if META_TABLE in tables:
        found = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchone()
        if found:
            return int(found[0])
    if "main.documents" in tables:
        return 1  # written before chc recorded its schema version
    return None


def write_version(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"INSERT OR REPLACE INTO {META_TABLE} VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


@dataclass
class _Column:
    table: str
    name: str
    type: str
    nullable: bool
    default: str | None


def _columns(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], _Column]:
    rows = con.execute(
        "SELECT c.schema_name || '.' || c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default "
        "FROM duckdb_columns() c JOIN duckdb_tables() t USING (schema_name, table_name) "
        f"WHERE NOT c.internal AND c.schema_name IN {SCHEMAS_CHECKED}").fetchall()
    return {(t, c): _Column(t, c, ty, bool(n), d) for t, c, ty, n, d in rows}


def migration(con: duckdb.DuckDBPyConnection, db_path: Path | str) -> list[str]:
    """The statements that bring this database's tables to the current schema.

    Raises SchemaMismatch when a difference cannot be made good in place (a column removed,
    retyped, or added as NOT NULL without a default)."""
    want_con = schema_connection()
    try:
        want = _columns(want_con)
    finally:
        want_con.close()
    have = _columns(con)
    tables = {t for t, _ in have}
    statements, refused = [], []
    for key, col in want.items():
        if col.table not in tables:
            continue  # a table added since: the schema files create it
        got = have.get(key)
        if got is None:
            if not col.nullable and col.default is None:
                refused.append(f"{col.table}.{col.name} is new and cannot be filled in")
            else:
                default = f" DEFAULT {col.default}" if col.default is not None else ""
                schema_name, table = col.table.split(".")
                statements.append(f'ALTER TABLE "{schema_name}"."{table}" ADD COLUMN "{col.name}" {col.type}{default}')
        elif got.type != col.type:
            refused.append(f"{col.table}.{col.name} is {got.type}, now {col.type}")
    refused += [f"{t}.{c} is no longer part of the schema" for (t, c) in have if (t, c) not in want
                and t in {w for w, _ in want}]
    if refused:
        raise SchemaMismatch(f"{db_path} was written by an older chc whose schema cannot be migrated "
                             f"({'; '.join(refused)}): {REBUILD}")
    return statements


def check(con: duckdb.DuckDBPyConnection, db_path: Path | str, writable: bool) -> None:
    """Refuse a database of another schema version, or (writable) migrate an older one."""
    version = stored_version(con)
    if version is None or version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise SchemaMismatch(f"{db_path} was written by a newer chc (schema version {version}; this chc "
                             f"knows {SCHEMA_VERSION}): upgrade chc, or {REBUILD}")
    statements = migration(con, db_path)
    if not writable:
        raise SchemaMismatch(f"{db_path} has schema version {version}, older than this chc's {SCHEMA_VERSION}: "
                             f"run chc extract --db {db_path} once to migrate it, or {REBUILD}")
    con.execute("BEGIN")
    try:
        for s in statements:
            con.execute(s)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
