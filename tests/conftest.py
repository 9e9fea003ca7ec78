from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.model import Source
from pipeline.core.paths import ROOT

RAW = ROOT / "data" / "raw"
TRUTH = Path(__file__).parent / "truth"


def db_rows(db, sql: str, params=None) -> list[tuple]:
    """The answer to `sql` on a read-only connection to `db`, closed after."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params or [])).fetchall()
    finally:
        con.close()


def text_source(text: str, name: str = "doc.txt") -> Source:
    return Source(Path(name), text.encode("utf-8"))


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """The sample corpus extracted once into a temporary database."""
    from pipeline.ingest.batch import extract

    db = tmp_path_factory.mktemp("seed") / "chc.duckdb"
    summary = extract([RAW], db, workers=1)
    assert summary.ok, [o for o in summary.outcomes if o.status == "failed"]
    return db
