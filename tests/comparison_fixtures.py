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


# A landlord publishing its 2024 self-assessment as one web page per Code section, and another whose
# two assessments print its name two ways.  Generated (tests/synth.py), not the sample corpus.
GROUPED_LANDLORD = "Kelder Vale Council"
GROUPED_ASSESSMENT = "kelder-vale-2025"
SPELT_ID = "marrow-homes"
SPELLINGS = ("Marrow Homes", "Marrow Housing Association Ltd")  # the register's name, then its alias


def grouped_corpus(raw: Path) -> dict[str, list[str]]:
    """Write the corpus into `raw` (with manifest.csv and landlords.csv); return the file names by landlord."""
    import random

    from tests import synth

    raw.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20251)
    page = synth.render_web(synth.web_rows(rng, "2024", "pipes"), "2024", rng, "pipes", landlord=GROUPED_LANDLORD)
    lines = page.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("## Section ")]
    title = lines[0]
    files: dict[str, list[str]] = {GROUPED_LANDLORD: [], SPELT_ID: []}
    for n, (a, b) in enumerate(zip(starts, starts[1:] + [len(lines)]), start=1):
        name = f"kelder-section-{n}.txt"
        (raw / name).write_text(title + "\n" + "".join(lines[a:b]), encoding="utf-8")
        files[GROUPED_LANDLORD].append(name)
    for k, (edition, spelling) in enumerate(zip(("2022", "2024"), SPELLINGS)):
        rows_ = synth.make_rows(rng, edition)
        name = f"marrow-{edition}.txt"
        (raw / name).write_text(synth.render(rows_, edition, rng, title=f"{spelling}: self-assessment {edition}"),
                                encoding="utf-8")
        files[SPELT_ID].append(name)
    manifest = ["file,landlord,landlord_type,assessed_period,assessment"]
    manifest += [f"{f},{GROUPED_LANDLORD},council,2025/26,{GROUPED_ASSESSMENT}" for f in files[GROUPED_LANDLORD]]
    manifest += [f"{f},{s},housing association,{p}," for f, s, p in zip(files[SPELT_ID], SPELLINGS,
                                                                         ("2022/23", "2024/25"))]
    (raw / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    (raw / "landlords.csv").write_text(
        "landlord_id,name,landlord_type,aliases,former_names,rsh_registration,la_code,companies_house\n"
        f"{SPELT_ID},{SPELLINGS[0]},housing association,{SPELLINGS[1]},,L9999,,\n", encoding="utf-8")
    return files


@pytest.fixture(scope="session")
def grouped_db(tmp_path_factory) -> Path:
    """grouped_corpus() extracted: one assessment in nine files, one landlord under two spellings."""
    from pipeline.ingest.batch import extract

    if "grouped" in _BUILT:
        return _BUILT["grouped"]
    folder = tmp_path_factory.mktemp("grouped")
    grouped_corpus(folder / "raw")
    db = folder / "grouped.duckdb"
    summary = extract([folder / "raw"], db, workers=1)
    assert summary.ok, [o for o in summary.outcomes if o.status == "failed"]
    _BUILT["grouped"] = db
    return db
