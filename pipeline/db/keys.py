"""The keys of every table and published view, declared once in `schemas/keys.csv`, and the
data tests: queries that return the rows breaking a key or another invariant of the data.

The keys give the export its Frictionless primary and foreign keys and give the data tests
their key checks (unique, not null, no orphans); `schemas/tests/*.sql` holds the other
invariants, one query each, returning the violating rows (none when the data is sound).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from pipeline.core.paths import SCHEMAS

KEYS_FILE = SCHEMAS / "keys.csv"
TESTS_DIR = SCHEMAS / "tests"


@dataclass(frozen=True)
class Key:
    resource: str
    kind: str  # primary | foreign
    columns: tuple[str, ...]
    references: str = ""
    ref_columns: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def keys() -> tuple[Key, ...]:
    with KEYS_FILE.open(newline="", encoding="utf-8") as f:
        return tuple(Key(r["resource"], r["kind"], tuple(r["columns"].split()), r["references"],
                         tuple(r["ref_columns"].split())) for r in csv.DictReader(f))


def primary_keys() -> dict[str, list[str]]:
    return {k.resource: list(k.columns) for k in keys() if k.kind == "primary"}


def foreign_keys() -> dict[str, list[tuple[list[str], str, list[str]]]]:
    """resource -> [(child columns, referenced resource, referenced columns)]."""
    found: dict[str, list[tuple[list[str], str, list[str]]]] = {}
    for k in keys():
        if k.kind == "foreign":
            found.setdefault(k.resource, []).append((list(k.columns), k.references, list(k.ref_columns)))
    return found


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def key_checks() -> list[tuple[str, str]]:
    """(name, query returning violating rows) for every declared key."""
    checks = []
    for k in keys():
        cols = ", ".join(_q(c) for c in k.columns)
        if k.kind == "primary":
            checks.append((f"{k.resource}.primary_key_unique",
                           f"SELECT {cols}, count(*) AS n FROM {_q(k.resource)} GROUP BY ALL HAVING count(*) > 1"))
            nulls = " OR ".join(f"{_q(c)} IS NULL" for c in k.columns)
            checks.append((f"{k.resource}.primary_key_not_null",
                           f"SELECT * FROM {_q(k.resource)} WHERE {nulls}"))
        else:
            on = " AND ".join(f"p.{_q(r)} = c.{_q(c)}" for c, r in zip(k.columns, k.ref_columns))
            present = " AND ".join(f"c.{_q(c)} IS NOT NULL" for c in k.columns)
            checks.append((f"{k.resource}.{'_'.join(k.columns)}_references_{k.references}",
                           f"SELECT c.* FROM {_q(k.resource)} c WHERE {present} "
                           f"AND NOT EXISTS (SELECT 1 FROM {_q(k.references)} p WHERE {on})"))
    return checks


def data_tests() -> list[tuple[str, str]]:
    """Every data test: the key checks, then schemas/tests/*.sql by file name."""
    files = [(f.stem, f.read_text(encoding="utf-8")) for f in sorted(TESTS_DIR.glob("*.sql"))]
    return key_checks() + files
