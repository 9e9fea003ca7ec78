"""One claim vocabulary: schemas/claims.csv, read by the pipeline, loaded as a table, used by the
SQL (claim_rank), the report and the notebooks; no other copy of the list."""
from __future__ import annotations

import csv
import re

import duckdb
import pytest

from pipeline.core import claims
from pipeline.core.paths import ROOT, SCHEMAS
from pipeline.outputs import compare, landlord
import importlib

report = importlib.import_module("pipeline.outputs.report.render")  # the module (the package exports a function of that name)


def _csv() -> list[dict]:
    with (SCHEMAS / "claims.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_python_reads_the_vocabulary_from_the_file():
    rows = _csv()
    assert set(claims.VALUES) == {r["value"] for r in rows}
    assert list(claims.VALUES) == [r["value"] for r in sorted(rows, key=lambda r: int(r["rank"]))]
    assert claims.VALUES[0] == "no" and claims.VALUES[-1] == "yes"
    assert compare.CLAIMS == landlord.CLAIMS == report.CLAIMS == claims.SHOWN
    assert {k: report.COLOURS[k] for k in claims.VALUES} == {r["value"]: r["colour"] for r in rows}
    assert all(f".c-{r['value']}{{background:{r['colour']}}}" in report.CLAIM_CSS for r in rows)
    with (SCHEMAS / "comply_values.csv").open(newline="", encoding="utf-8") as f:
        assert {r["comply"] for r in csv.DictReader(f)} <= set(claims.VALUES)


def test_the_database_holds_the_vocabulary_and_claim_rank_reads_it(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    got = con.execute("SELECT value, rank, shown, label, colour FROM claims ORDER BY rank").fetchall()
    ranks = dict(con.execute("SELECT value, claim_rank(value) FROM claims").fetchall())
    comply = {v for (v,) in con.execute("SELECT DISTINCT comply FROM responses").fetchall()}
    summary_cols = {c for (c,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'document_summary'").fetchall()}
    share_cols = {t: {c for (c,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [t]).fetchall()}
        for t in ("provision_shares", "claim_shares")}
    con.close()
    assert got == [(r["value"], int(r["rank"]), int(r["shown"]), r["label"], r["colour"])
                   for r in sorted(_csv(), key=lambda r: int(r["rank"]))]
    assert ranks == {r["value"]: int(r["rank"]) for r in _csv()}
    assert comply <= set(claims.VALUES)
    # The views that give each claim a column of its own cover exactly the vocabulary.
    assert set(claims.VALUES) <= summary_cols
    for cols in share_cols.values():
        assert {c[len("share_"):] for c in cols if c.startswith("share_")} == set(claims.VALUES)


def test_no_other_copy_of_the_claim_list():
    # A claim value written as a quoted literal next to two others is a copy of the list.
    values = "|".join(claims.VALUES)
    listed = re.compile(rf"""(["'](?:{values})["'][^\n]*){{3,}}""")
    copies = []
    for path in [*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "notebooks").glob("*.ipynb"),
                 *(SCHEMAS / "sql").glob("*.sql")]:
        text = path.read_text(encoding="utf-8").replace('\\"', '"')
        copies += [f"{path.relative_to(ROOT)}: {m.group(0)[:80]}" for m in listed.finditer(text)]
    assert copies == []


@pytest.mark.parametrize("cell, claim", [
    # a tick or cross beside a word: the word is the claim
    ("Compliant \u2713", "yes"), ("\u2714 Met", "yes"), ("\u2718 Not met", "no"),
    # a yes qualified at once, and compliance for most of a provision only
    ("Yes (partial)", "partial"), ("Yes \u2013 partly", "partial"), ("Compliant, with exceptions", "partial"),
    ("Largely compliant", "partial"), ("Broadly met", "partial"), ("Not fully compliant", "partial"),
    # a no that names what is missing
    ("Not achieved", "no"), ("Not yet in place", "no"),
    # and what must not change
    ("Yes \u2013 see the policy", "yes"), ("\u2713", "yes"), ("\u2713 \u2717", "not_stated"),
])
def test_more_spellings_of_a_claim(cell, claim):
    assert claims.normalise(cell)[0] == claim
