"""Connections to the chc database file: the one place that opens it.  It says clearly when
another process holds the file or when the file is damaged, and every reading command opens
it through `connect_read_only`, locked down so that SQL can read the database and nothing else."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipeline.core.errors import DatabaseBusy, DatabaseMissing, UsageError
from pipeline.db import schema

__all__ = ["DatabaseBusy", "DatabaseDamaged", "DatabaseMissing", "connect", "connect_read_only"]


class DatabaseDamaged(UsageError):
    """The database file is not a whole DuckDB database (random bytes, truncated, a bad block)."""


# A reading connection: the main database read-only, and no file system beyond it (no COPY TO,
# EXPORT, ATTACH, read_csv/read_text/read_blob/glob), no extension installed or loaded behind the
# user's back, and a configuration no statement can change (SET, PRAGMA settings).
LOCKED_DOWN = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}
EXTENSIONS_ENV = "CHC_DUCKDB_EXTENSIONS"  # where installed DuckDB extension files are
# A DuckDB file: a 4 KiB file header and two 4 KiB database headers, then the blocks.
_HEADERS = 3 * 4096
_DAMAGE_SIGNS = ("not a valid duckdb database", "could not read enough bytes", "checksum",
                 "corrupt", "invalid block", "failed to read database header", "no more bytes")


def rebuild_hint(db_path: Path | str) -> str:
    return (f"{db_path} is damaged (not a whole DuckDB database). The raw files are the source of truth: "
            f"delete it and rebuild it with `make clean extract` (or `chc extract --db {db_path}` once the "
            "file is removed)")


def is_damage(e: BaseException) -> bool:
    """Does this DuckDB error say the database file itself is broken?"""
    return isinstance(e, duckdb.Error) and any(s in str(e).lower() for s in _DAMAGE_SIGNS)


def connect(db_path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection for chc itself (the loader writes through it)."""
    return _open(Path(db_path), read_only, None)


def connect_read_only(db_path: Path | str, extensions: tuple[str, ...] = ()) -> duckdb.DuckDBPyConnection:
    """The database as every reading command opens it: read-only and locked down (LOCKED_DOWN).

    With `extensions` (already installed on this machine; never downloaded) the connection is an
    in-memory database, for work tables such as a full-text index: the extensions are loaded, the
    database attached read-only as `chc` (name its tables chc.<table>), then the lock applied."""
    db_path = Path(db_path)
    if not extensions:
        return _open(db_path, True, LOCKED_DOWN)
    _must_exist(db_path)
    con = duckdb.connect(config={k: v for k, v in LOCKED_DOWN.items() if k.startswith("auto")})
    try:
        if where := os.environ.get(EXTENSIONS_ENV):  # a folder holding extension files, never a download
            con.execute("SET extension_directory = ?", [where])
        for ext in extensions:
            con.execute(f"LOAD {ext}")
        path = str(db_path).replace("'", "''")
        try:
            con.execute(f"ATTACH '{path}' AS chc (READ_ONLY)")
        except duckdb.Error as e:
            raise _explained(db_path, e) from e
        con.execute("SET enable_external_access = false")
        con.execute("SET enable_progress_bar = false")  # as in _open: nothing drawn on stdout
        con.execute("SET lock_configuration = true")
        _check_whole(con, db_path, "chc")
    except BaseException:
        con.close()
        raise
    return con


def _must_exist(db_path: Path) -> None:
    if not db_path.exists():
        raise DatabaseMissing(f"{db_path} does not exist: run `chc extract` (or `make extract`) first")


def _open(db_path: Path, read_only: bool, config: dict | None) -> duckdb.DuckDBPyConnection:
    if read_only:
        _must_exist(db_path)
    else:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    config = dict(config or {})
    lock = config.pop("lock_configuration", False)
    try:
        con = duckdb.connect(str(db_path), read_only=read_only, config=config)
    except duckdb.Error as e:
        raise _explained(db_path, e) from e
    try:
        # DuckDB draws a progress bar on stdout for a query past two seconds (a report at national
        # scale runs several): it would be mixed into the output, `chc query --format csv > x.csv`
        # included. It is a per-connection setting, so it is set before the configuration is locked.
        con.execute("SET enable_progress_bar = false")
        if lock:
            con.execute("SET lock_configuration = true")
        _check_whole(con, db_path, None)
        schema.check(con, db_path, writable=not read_only)
    except BaseException:
        con.close()
        raise
    return con


def _explained(db_path: Path, e: duckdb.Error) -> Exception:
    if isinstance(e, duckdb.IOException) and "lock" in str(e).lower():
        return DatabaseBusy(
            f"{db_path} is in use by another process (another `chc extract`, a notebook or a "
            "query tool). Close it or wait for it to finish, then run again.")
    if is_damage(e):
        return DatabaseDamaged(rebuild_hint(db_path))
    return e


def _check_whole(con: duckdb.DuckDBPyConnection, db_path: Path, name: str | None) -> None:
    """A truncated file still opens and answers whatever lies in its first blocks: compare its
    size with the blocks its header counts."""
    try:
        size = os.path.getsize(db_path)
    except OSError:
        return
    rows = con.execute("PRAGMA database_size").fetchall()
    for database, _, block_size, _total, used_blocks, *_ in rows:
        if name is not None and database != name:
            continue
        # used, not total: DuckDB may cut free blocks off the end of the file
        if size and size < _HEADERS + int(block_size) * int(used_blocks):
            raise DatabaseDamaged(rebuild_hint(db_path))
        return
