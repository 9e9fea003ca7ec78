"""Connections to the chc database file: one place that opens it, says clearly when another
process holds it, and checks its schema version (pipeline.db.schema) before anything reads or
writes it."""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.core.errors import DatabaseBusy, DatabaseMissing
from pipeline.db import schema

__all__ = ["DatabaseBusy", "DatabaseMissing", "connect"]


def connect(db_path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    db_path = Path(db_path)
    if read_only and not db_path.exists():
        raise DatabaseMissing(f"{db_path} does not exist: run `chc extract` (or `make extract`) first")
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(db_path), read_only=read_only)
    except duckdb.IOException as e:
        if "lock" in str(e).lower():
            raise DatabaseBusy(
                f"{db_path} is in use by another process (another `chc extract`, a notebook or a "
                "query tool). Close it or wait for it to finish, then run again."
            ) from e
        raise
    try:
        schema.check(con, db_path, writable=not read_only)
    except BaseException:
        con.close()
        raise
    return con
