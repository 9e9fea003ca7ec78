"""The database schema: the `.sql` files of `schemas/sql/`, applied in name order."""
from __future__ import annotations

from pathlib import Path

from pipeline.core.paths import SCHEMAS

SQL_DIR = SCHEMAS / "sql"


def sql_files() -> list[Path]:
    return sorted(SQL_DIR.glob("*.sql"))
