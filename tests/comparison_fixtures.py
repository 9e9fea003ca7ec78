"""Databases for the comparison tests (views, commands, report, export, notebooks).

Imported by those test files; `seed_db` (tests/conftest.py) is the sample corpus as is.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import RAW

SOMERSET_2022 = "000_8490cc893b6709bb.txt"
WILTSHIRE_2024 = "003_e6844f383381df90.txt"
BRENT_2024 = "004_1d9858e681de945e.txt"
_BUILT: dict[str, Path] = {}


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def dicts(db: Path, sql: str, params: list | None = None) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="session")
def paired_db(tmp_path_factory) -> Path:
    """One landlord ("Testshire Council") with a 2022-edition and a 2024-edition assessment, plus Brent.

    The 2022 file is Somerset's and the 2024 file Wiltshire's, renamed by the manifest: the
    same landlord over time, as far as the database can tell.
    """
    from pipeline.ingest.batch import extract

    # Several test modules import this fixture, and pytest gives each module its own copy of an
    # imported fixture; build the database once per session all the same.
    if "paired" in _BUILT:
        return _BUILT["paired"]
    folder = tmp_path_factory.mktemp("paired")
    raw = folder / "raw"
    raw.mkdir()
    for f in (SOMERSET_2022, WILTSHIRE_2024, BRENT_2024):
        shutil.copy(RAW / f, raw / f)
    (raw / "manifest.csv").write_text(
        "file,landlord,landlord_type,assessed_period,source_url\n"
        f"{SOMERSET_2022},Testshire Council,council,2022/23,https://example.org/testshire-2022.pdf\n"
        f"{WILTSHIRE_2024},Testshire Council,council,2024/25,\n"
        f"{BRENT_2024},Brent Council,council,2024/25,\n", encoding="utf-8")
    db = folder / "paired.duckdb"
    summary = extract([raw], db, workers=1)
    assert summary.ok
    _BUILT["paired"] = db
    return db


@pytest.fixture
def seed_copy(seed_db, tmp_path) -> Path:
    """A private, writable copy of the sample database (for tests that plant rows)."""
    db = tmp_path / "copy.duckdb"
    shutil.copy(seed_db, db)
    wal = Path(str(seed_db) + ".wal")
    if wal.exists():
        shutil.copy(wal, Path(str(db) + ".wal"))
    return db
