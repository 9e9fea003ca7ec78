"""One landlord, many documents: the register (data/raw/landlords.csv) links each document to a
stable landlord_id, however the document spelt the name."""
from __future__ import annotations

import shutil

import duckdb

from pipeline.core.paths import ROOT
from pipeline.ingest.batch import extract
from pipeline.ingest.landlords import Landlord, Register, link, normalise, read_register

RAW = ROOT / "data" / "raw"
REGISTER = Register([
    Landlord("fenmoor-homes", "Fenmoor Homes", "housing association", aliases=("Fenmoor Housing Group",),
             former_names=("Fenmoor & District Housing Association",)),
    Landlord("ashby-marsh", "Ashby & Marsh City Council", "council", aliases=("Ashby and Marsh Council",)),
])


def test_names_are_compared_after_normalising_case_ampersands_and_punctuation():
    assert normalise("Ashby & Marsh City Council") == normalise("ASHBY AND MARSH CITY COUNCIL.")
    assert link("ashby and marsh city council", REGISTER) == link("Ashby & Marsh City Council", REGISTER)
    assert link("Ashby and Marsh Council", REGISTER).landlord_id == "ashby-marsh"


def test_aliases_and_former_names_link_to_the_same_id():
    ids = {link(n, REGISTER).landlord_id for n in ("Fenmoor Homes", "Fenmoor Housing Group",
                                                    "Fenmoor and District Housing Association")}
    assert ids == {"fenmoor-homes"}


def test_a_close_spelling_links_and_a_weak_one_is_listed_for_review():
    close = link("Fenmore Homes", REGISTER)
    assert (close.landlord_id, close.method) == ("fenmoor-homes", "fuzzy") and close.note is None
    weak = link("Fenmoor Home Trust", REGISTER)
    assert weak.method == "weak" and weak.landlord_id == "fenmoor-homes" and "check it" in weak.note


def test_an_unmatched_name_gets_an_id_from_its_name_and_the_closest_entries():
    got = link("Northgate Living", REGISTER)
    assert got.landlord_id == "northgate-living" and got.method == "new"
    assert "not in landlords.csv" in got.note and "Fenmoor Homes (fenmoor-homes" in got.note


def test_no_name_no_link():
    assert link(None, REGISTER).landlord_id is None and link("  ", REGISTER).method == "none"


def test_two_documents_with_different_spellings_are_one_landlord_over_time(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(RAW / "001_e8d96fbe7d8db87e.txt", folder / "old.txt")  # a 2022-edition form
    shutil.copy(RAW / "004_1d9858e681de945e.txt", folder / "new.txt")  # a 2024-edition form
    (folder / "manifest.csv").write_text(
        "file,landlord,landlord_type,assessed_period,source_url\n"
        "old.txt,London Borough of Brent,council,2022/23,\nnew.txt,Brent Council,council,2024/25,\n")
    (folder / "landlords.csv").write_text(
        "landlord_id,name,landlord_type,aliases,former_names,rsh_registration,la_code,companies_house\n"
        "brent,Brent Council,council,London Borough of Brent,,,E09000005,\n")
    db = tmp_path / "chc.duckdb"
    summary = extract([folder], db, workers=1)
    assert summary.ok and summary.landlords == {"register": 2}
    con = duckdb.connect(str(db), read_only=True)
    links = con.execute("SELECT d.file_name, l.landlord_id, l.matched_name FROM documents d "
                        "JOIN document_landlords l USING (doc_id) ORDER BY 1").fetchall()
    assert links == [("new.txt", "brent", "Brent Council"), ("old.txt", "brent", "London Borough of Brent")]
    pairs = con.execute("SELECT DISTINCT doc_2022, doc_2024 FROM landlord_changes").fetchall()
    assert len(pairs) == 1  # paired although the names differ
    assert con.execute("SELECT name, la_code, in_register FROM landlords").fetchall() == [
        ("Brent Council", "E09000005", True)]
    assert "landlords.csv" not in {f for (f,) in con.execute("SELECT file_name FROM documents").fetchall()}


def test_the_register_applies_on_every_run_without_re_extracting(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(RAW / "004_1d9858e681de945e.txt", folder / "a.txt")
    (folder / "manifest.csv").write_text("file,landlord\na.txt,Brent Council\n")
    db = tmp_path / "chc.duckdb"
    extract([folder], db, workers=1)
    con = duckdb.connect(str(db), read_only=True)
    first = con.execute("SELECT landlord_id, match_method FROM document_landlords").fetchall()
    problems = con.execute("SELECT message FROM problems WHERE stage = 'link'").fetchall()
    con.close()
    assert first == [("brent-council", "new")] and "not in landlords.csv" in problems[0][0]
    (folder / "landlords.csv").write_text("landlord_id,name\nLB-BRENT,Brent Council\n")
    again = extract([folder], db, workers=1)
    assert [o.status for o in again.outcomes] == ["skipped"]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT landlord_id, match_method FROM document_landlords").fetchall() == [
        ("LB-BRENT", "register")]
    assert con.execute("SELECT count(*) FROM problems WHERE stage = 'link'").fetchone() == (0,)


def test_the_shipped_register_links_the_named_sample_documents():
    register = read_register(RAW / "landlords.csv")
    for name in ("Somerset Council", "Wiltshire Council", "Brent Council"):
        assert link(name, register).method == "register", name
