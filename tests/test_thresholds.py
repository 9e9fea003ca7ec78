"""Thresholds shared by the pipeline and the SQL are set once (pipeline/core/thresholds.py): the
loader writes them to `settings`, and low_confidence() / low_specificity() read them there."""
from __future__ import annotations

import re
import shutil

import duckdb

from pipeline.align import LOW_CONFIDENCE
from pipeline.core import catalogue, thresholds
from pipeline.core.paths import ROOT, SCHEMAS
from pipeline.db import loader as loader_module
from pipeline.db.loader import Loader


def test_the_macros_read_the_python_values(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    got = con.execute("SELECT low_confidence(), low_specificity()").fetchone()
    per_doc = con.execute("SELECT d.low_confidence, c.low_confidence FROM documents d JOIN coverage c USING (doc_id)"
                          ).fetchall()
    con.close()
    assert got == (thresholds.LOW_CONFIDENCE, thresholds.LOW_SPECIFICITY) and LOW_CONFIDENCE == got[0]
    assert per_doc and all(a == b for a, b in per_doc)


def test_the_sql_and_the_notebooks_restate_no_threshold():
    numbers = {thresholds.LOW_CONFIDENCE, thresholds.LOW_SPECIFICITY}
    found = []
    for path in [*(SCHEMAS / "sql").glob("*.sql"), *(ROOT / "notebooks").glob("*.ipynb")]:
        for n in numbers:
            for m in re.finditer(rf"(?<![\d.+-]){re.escape(str(n))}(?![\d])", path.read_text(encoding="utf-8")):
                found.append(f"{path.name}: {m.group(0)}")
    assert found == []


def test_changing_the_python_value_changes_what_the_views_say(seed_db, tmp_path, monkeypatch):
    db = tmp_path / "copy.duckdb"
    shutil.copy(seed_db, db)
    monkeypatch.setitem(loader_module.SETTINGS, "low_confidence", (1.01, "every row"))
    Loader(db, catalogue.load()).close()  # a writer opening the database rewrites the settings
    con = duckdb.connect(str(db), read_only=True)
    low = con.execute("SELECT sum(low_confidence) FROM coverage").fetchone()[0]
    total = con.execute("SELECT count(*) FROM responses r JOIN assessments USING (doc_id)").fetchone()[0]
    con.close()
    assert low == total
