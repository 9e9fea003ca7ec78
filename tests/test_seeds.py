"""The sample corpus against its hand-labelled truth: every row, claim and text exact."""
from __future__ import annotations

import duckdb
import pytest

from tests.conftest import TRUTH
from tests.truth_scoring import score

STEMS = sorted(f.name[: -len(".truth.csv")] for f in TRUTH.glob("*.truth.csv"))


@pytest.fixture(scope="module")
def scores(seed_db):
    return score(seed_db, TRUTH)


@pytest.mark.parametrize("stem", STEMS)
def test_seed_matches_truth_exactly(scores, stem):
    assert scores[stem] == {"rows_p": 1.0, "rows_r": 1.0, "comply": 1.0, "text": 1.0}


def test_editions_and_landlords(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    got = dict(
        (f.split("_")[0], (v, l, s)) for f, v, l, s in con.execute(
            "SELECT file_name, code_version, landlord, landlord_source FROM documents"
        ).fetchall()
    )
    assert got == {
        "000": ("2022", "Somerset Council", "manifest"),
        "001": ("2022", None, None),  # says only "the council": never invented
        "002": ("2022", None, None),
        "003": ("2024", "Wiltshire Council", "manifest"),
        "004": ("2024", "Brent Council", "manifest"),
    }


def test_printed_ids_and_provenance_kept(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    rows = con.execute(
        "SELECT d.file_name, r.provision_id, r.printed_id, r.comply_raw, r.source_start, r.source_end, "
        "r.match_method, r.sub_heading "
        "FROM responses r JOIN documents d USING (doc_id) ORDER BY 1, r.row_no"
    ).fetchall()
    by = {(f[:3], pid): rest for f, pid, *rest in rows}
    # 000 L40: the number split by a tab keeps its printed form.
    assert by[("000", "2.2")][0] == "2.\t2"
    # 000 L149-151: requirement tail and evidence tail after a page break.
    assert by[("000", "7.2")][2:4] == [149, 151]
    # 000 L116: a row with no comply cell at all keeps NULL, not the evidence.
    assert by[("000", "5.4")][1] is None
    # 001 L100: the orphan line is 5.20 without a printed number, placed from its text.
    assert by[("001", "5.20")][0] == "" and by[("001", "5.20")][4] == "text"
    assert "Stage 3" in by[("001", "5.20")][5]
    # 001 L88: page-number noise in the comply cell is kept raw.
    assert by[("001", "5.12")][1] == "1 185"


def test_problem_noted_for_garbage_comply_cell(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    msgs = [m for (m,) in con.execute(
        "SELECT message FROM problems p JOIN documents d USING (doc_id) WHERE d.file_name LIKE '001%'"
    ).fetchall()]
    assert any("'1 185' is not a compliance claim" in m for m in msgs)


def test_every_2022_response_links_to_2024(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    unlinked = con.execute(
        "SELECT count(*) FROM responses r WHERE r.code_version = '2022' AND NOT EXISTS "
        "(SELECT 1 FROM response_links l WHERE l.doc_id = r.doc_id AND l.row_no = r.row_no)"
    ).fetchall()[0][0]
    expected = con.execute(
        "SELECT count(*) FROM responses r WHERE r.code_version = '2022' AND r.provision_id NOT IN "
        "(SELECT provision_2022 FROM crosswalk WHERE provision_2022 IS NOT NULL AND provision_2024 IS NOT NULL)"
    ).fetchall()[0][0]
    # Exactly the rows whose provision the crosswalk drops in 2024 lack a counterpart.
    assert unlinked == expected
    assert con.execute("SELECT count(*) FROM response_links").fetchall()[0][0] >= 356 - unlinked
    same = con.execute(
        "SELECT count(*) FROM response_links l JOIN responses r USING (doc_id, row_no) "
        "WHERE r.code_version = '2024' AND (l.provision_2024 <> r.provision_id OR l.relation <> 'same')"
    ).fetchall()[0][0]
    assert same == 0
