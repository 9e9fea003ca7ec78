"""The question views (schemas/sql/3*.sql), each checked against the loaded tables computed another way."""
from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict

import duckdb
import pytest

from pipeline.core.paths import SCHEMAS
from tests.comparison_fixtures import (  # noqa: F401
    BRENT_2024, GROUPED_ASSESSMENT, SPELT_ID, dicts, grouped_db, paired_db, rows, seed_copy,
)

RANK = {"no": 0, "not_stated": 1, "in_progress": 2, "partial": 3, "not_applicable": 4, "yes": 5}
VIEWS = ("assessments", "compliance_matrix", "provision_shares", "claim_shares", "claims_to_check",
         "omitted_provisions", "unaligned_rows", "coverage", "commitments", "matrix_text", "landlord_changes",
         "search_corpus", "compliance_matrix_own", "assessment_counts", "stated_timescales", "assessment_files",
         "assessment_matrix", "assessment_omitted", "landlord_lookup")


def crosswalk_csv() -> list[dict]:
    with open(SCHEMAS / "reference" / "crosswalk_2022_2024.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_question_view_and_its_columns_are_documented(seed_db):
    got = {v for (v,) in rows(seed_db, "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' "
                                       "AND NOT internal AND comment <> ''")}
    assert set(VIEWS) <= got
    undocumented = rows(seed_db, "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' "
                                 "AND table_name IN (SELECT unnest(?)) AND coalesce(comment, '') = ''", [list(VIEWS)])
    assert undocumented == []
    macros = dict(rows(seed_db, "SELECT DISTINCT function_name, comment FROM duckdb_functions() "
                                "WHERE function_name IN ('claim_rank', 'commitments_due', 'search_text', "
                                "'low_specificity')"))
    assert set(macros) == {"claim_rank", "commitments_due", "search_text", "low_specificity"}
    assert all(macros.values())
    assert rows(seed_db, "SELECT low_specificity()") == [(0.2,)]


# --------------------------------------------------------------------------- compliance matrix

def test_matrix_is_every_assessment_by_every_2024_form_provision(seed_db):
    docs = rows(seed_db, "SELECT count(*) FROM documents WHERE rows > 0")[0][0]
    assert docs == 5
    assert rows(seed_db, "SELECT count(*), count(DISTINCT (doc_id, provision_2024)) FROM compliance_matrix") == \
        [(docs * 72, docs * 72)]


def test_matrix_claim_is_the_least_compliant_answer_carried_across(seed_db):
    answers = defaultdict(list)
    for doc_id, p24, comply, pid, rel in rows(
            seed_db, "SELECT l.doc_id, l.provision_2024, r.comply, r.provision_id, l.relation "
                     "FROM response_links l JOIN responses r USING (doc_id, row_no)"):
        answers[(doc_id, p24)].append((comply, pid, rel))
    cells = rows(seed_db, "SELECT doc_id, provision_2024, cell, comply, claims, answers, relation, claim_rank "
                          "FROM compliance_matrix")
    answered = 0
    for doc_id, p24, cell, comply, claims, n, relation, rank in cells:
        got = answers.get((doc_id, p24), [])
        if not got:
            assert cell in ("not_answered", "new_in_2024", "not_on_2022_form") and comply is None and n == 0
            continue
        answered += 1
        assert cell == "answered" and n == len(got)
        assert comply == min((c for c, _, _ in got), key=RANK.__getitem__)
        assert rank == RANK[comply]
        assert sorted(claims) == sorted({c for c, _, _ in got})
        assert set(relation.split(", ")) == {r for _, _, r in got}
    assert answered == len(answers)


def test_2022_answers_carry_across_with_their_relation(seed_db):
    # Somerset answered the 2022 form; its 5.3 is 2024's 6.5, strengthened from should to must.
    got = rows(seed_db, "SELECT code_version, answered_as, relation, comply FROM compliance_matrix "
                        "WHERE landlord = 'Somerset Council' AND provision_2024 = '6.5'")
    assert got == [("2022", "5.3", "strengthened (should->must)", "yes")]
    # Cells of a 2022 document are new_in_2024 exactly where no 2022 provision maps to the 2024 one,
    # and not_on_2022_form where the only 2022 provisions mapping to it are not rows of the 2022 form.
    on_form = {p for (p,) in rows(seed_db, "SELECT provision_id FROM provisions WHERE code_version = '2022' "
                                           "AND in_self_assessment")}
    mapped = {r["provision_2024"] for r in crosswalk_csv() if r["provision_2022"] and r["provision_2024"]}
    mapped_from_form = {r["provision_2024"] for r in crosswalk_csv()
                        if r["provision_2022"] in on_form and r["provision_2024"]}
    form = {p for (p,) in rows(seed_db, "SELECT provision_id FROM provisions WHERE code_version = '2024' "
                                        "AND in_self_assessment")}

    def cells(kind):
        return {p for (p,) in rows(seed_db, "SELECT provision_2024 FROM compliance_matrix WHERE cell = ? "
                                            "AND landlord = 'Somerset Council'", [kind])}

    assert cells("new_in_2024") == form - mapped and len(form - mapped) > 0
    assert cells("not_on_2022_form") == (form & mapped) - mapped_from_form and "9.2" in cells("not_on_2022_form")
    assert cells("not_answered") == set()  # Somerset answers every row of the 2022 form
    assert rows(seed_db, "SELECT count(*) FROM compliance_matrix WHERE code_version = '2024' "
                         "AND cell IN ('new_in_2024', 'not_on_2022_form')") == [(0,)]
    # A cell fed by two 2022 provisions lists both, in Code order.
    assert rows(seed_db, "SELECT answered_as FROM compliance_matrix WHERE landlord = 'Somerset Council' "
                         "AND provision_2024 = '1.3'") == [("1.3, 1.6",)]


def test_matrix_scores_come_from_response_scores(seed_db):
    want = {}
    for doc_id, p24, spec, conflict in rows(
            seed_db, "SELECT l.doc_id, l.provision_2024, s.specificity, s.claim_conflict "
                     "FROM response_links l JOIN response_scores s USING (doc_id, row_no)"):
        lo, any_conflict = want.get((doc_id, p24), (2.0, False))
        want[(doc_id, p24)] = (min(lo, spec), any_conflict or conflict)
    got = {(d, p): (s, c) for d, p, s, c in rows(
        seed_db, "SELECT doc_id, provision_2024, specificity, claim_conflict FROM compliance_matrix "
                 "WHERE cell = 'answered'")}
    assert got.keys() == want.keys()
    for k, (spec, conflict) in want.items():
        assert got[k][0] == pytest.approx(spec, abs=0.0005) and got[k][1] == conflict
    assert any(c for _, c in got.values()), "the sample corpus has claims contradicted by their own text"


# --------------------------------------------------------------------------- shares

def test_provision_shares_count_every_answer(seed_db):
    claims = defaultdict(list)
    for ed, pid, comply in rows(seed_db, "SELECT code_version, provision_id, comply FROM responses "
                                         "WHERE provision_id IS NOT NULL"):
        claims[(ed, pid)].append(comply)
    got = dicts(seed_db, "SELECT * FROM provision_shares")
    assert {(g["code_version"], g["provision_id"]) for g in got} == set(claims)
    for g in got:
        c = claims[(g["code_version"], g["provision_id"])]
        assert g["answers"] == len(c)
        for k in RANK:
            assert g[f"share_{k}"] == pytest.approx(c.count(k) / len(c), abs=0.0005)
    s53 = next(g for g in got if g["code_version"] == "2022" and g["provision_id"] == "5.3")
    assert (s53["obligation"], s53["provision_2024"], s53["answers"]) == ("should", "6.5", 3)


def test_claim_shares_split_by_edition_and_obligation(seed_db):
    got = {(g["code_version"], g["obligation"]): g for g in dicts(seed_db, "SELECT * FROM claim_shares")}
    assert {("2022", "must"), ("2022", "should"), ("2024", "must")} <= set(got)
    per = dicts(seed_db, "SELECT * FROM provision_shares")
    for key, g in got.items():
        part = [p for p in per if (p["code_version"], p["obligation"]) == key]
        assert g["answers"] == sum(p["answers"] for p in part)
        yes = sum(p["share_yes"] * p["answers"] for p in part) / g["answers"]
        assert g["share_yes"] == pytest.approx(yes, abs=0.002)
    total = rows(seed_db, "SELECT sum(answers) FROM claim_shares")[0][0]
    assert total == rows(seed_db, "SELECT count(*) FROM responses WHERE provision_id IS NOT NULL")[0][0]


# --------------------------------------------------------------------------- claims to look at first

def test_claims_to_check_lists_exactly_the_rows_of_each_reason(seed_db):
    data = dicts(seed_db, "SELECT r.doc_id, r.row_no, r.comply, r.id_corrected, r.evidence, r.commentary, r.provision_id, "
                          "s.specificity, s.claim_conflict, s.evidence_present "
                          "FROM responses r JOIN response_scores s USING (doc_id, row_no)")
    want = {
        "yes_without_evidence": {(d["doc_id"], d["row_no"]) for d in data
                                 if d["comply"] == "yes" and not d["evidence_present"]},
        "claim_conflict": {(d["doc_id"], d["row_no"]) for d in data if d["claim_conflict"]},
        "yes_low_specificity": {(d["doc_id"], d["row_no"]) for d in data
                                if d["comply"] == "yes" and d["evidence_present"] and d["specificity"] < 0.2},
        "number_corrected": {(d["doc_id"], d["row_no"]) for d in data if d["id_corrected"]},
        "no_claim": {(d["doc_id"], d["row_no"]) for d in data if d["comply"] == "not_stated" and d["provision_id"]},
    }
    got = defaultdict(set)
    for reason, doc_id, row_no, priority in rows(seed_db, "SELECT reason, doc_id, row_no, priority FROM claims_to_check"):
        got[reason].add((doc_id, row_no))
        assert priority == list(want).index(reason) + 1
    assert {k: v for k, v in got.items()} == {k: v for k, v in want.items() if v}
    # Wiltshire's form has rows claiming yes with both cells empty.
    empties = {r for (r,) in rows(seed_db, "SELECT row_no FROM claims_to_check WHERE reason = 'yes_without_evidence' "
                                           "AND landlord_label = 'Wiltshire Council'")}
    blank = {r for (r,) in rows(seed_db, "SELECT row_no FROM responses JOIN documents USING (doc_id) "
                                         "WHERE landlord = 'Wiltshire Council' AND comply = 'yes' "
                                         "AND coalesce(trim(evidence), '') = '' AND coalesce(trim(commentary), '') = ''")}
    assert empties == blank and len(blank) > 0


def test_blank_claims_are_claims_to_check_with_their_own_reason(seed_db):
    """Somerset leaves 12 claim cells of its form empty: each is listed, and says the cell is blank."""
    got = dicts(seed_db, "SELECT * FROM claims_to_check WHERE reason = 'no_claim' AND landlord_label = 'Somerset Council'")
    assert len(got) == 12 and all(g["priority"] == 5 and g["provision_id"] for g in got)
    assert all(g["detail"] == "the provision is on the form but its claim cell is blank" for g in got)
    unreadable = dicts(seed_db, "SELECT * FROM claims_to_check WHERE reason = 'no_claim' AND comply_raw = '-'")
    assert unreadable and unreadable[0]["detail"] == 'the claim cell reads "-", which is not a claim'


def test_own_edition_matrix_keeps_provisions_dropped_in_2024(seed_db):
    """36 of the 212 answers to the 2022 form are to provisions 2024 dropped; 3 of the 5 No answers among them."""
    got = dicts(seed_db, "SELECT * FROM compliance_matrix_own")
    per_doc = defaultdict(int)
    for g in got:
        per_doc[g["doc_id"]] += 1
    assert set(per_doc.values()) == {72} and len(per_doc) == 5
    answered_2022 = [g for g in got if g["code_version"] == "2022" and g["cell"] == "answered"]
    dropped = [g for g in answered_2022 if g["provision_2024"] is None]
    assert len(answered_2022) == 212 and len(dropped) == 36
    assert all(g["relation_2024"] == "dropped_in_2024" for g in dropped)
    no = [g for g in got if g["comply"] == "no"]
    assert len(no) == 5 and sum(g["provision_2024"] is None for g in no) == 3
    assert rows(seed_db, "SELECT count(*) FROM compliance_matrix WHERE comply = 'no'") == [(2,)]
    # the same claims as the responses, least compliant first
    for g in got:
        claims = [c for (c,) in rows(seed_db, "SELECT comply FROM responses WHERE doc_id = ? AND provision_id = ?",
                                     [g["doc_id"], g["provision_id"]])]
        assert g["answers"] == len(claims)
        assert g["comply"] == (min(claims, key=RANK.get) if claims else None)


def test_each_count_is_defined_once(seed_db):
    got = {g["landlord_label"]: g for g in dicts(seed_db, "SELECT * FROM assessment_counts")}
    somerset = got["Somerset Council"]
    distinct = rows(seed_db, "SELECT count(DISTINCT row_no), count(*) FROM claims_to_check "
                             "WHERE landlord_label = 'Somerset Council'")[0]
    assert (somerset["to_check"], somerset["to_check_reasons"]) == distinct and distinct[0] < distinct[1]
    assert somerset["no_claim"] == 12 and somerset["answered_dropped"] == 13
    cov = dicts(seed_db, "SELECT * FROM coverage")
    for c in cov:
        g = next(x for x in got.values() if x["doc_ids"] == [c["doc_id"]])  # one file per assessment here
        assert (g["answered"], g["omitted"], g["form_rows"]) == (c["answered"], c["omitted"], c["form_rows"])


def test_provision_shares_carry_their_counts(seed_db):
    for g in dicts(seed_db, "SELECT * FROM provision_shares"):
        n = {k: g[f"n_{k}"] for k in RANK}
        assert sum(n.values()) == g["answers"], g
        for k in RANK:
            assert g[f"share_{k}"] == pytest.approx(n[k] / g["answers"], abs=0.0005)
        want = rows(seed_db, "SELECT count(*) FROM responses WHERE code_version = ? AND provision_id = ? "
                             "AND comply = 'yes'", [g["code_version"], g["provision_id"]])[0][0]
        assert g["n_yes"] == want


def test_conflict_detail_quotes_the_recorded_reason(seed_db):
    got = rows(seed_db, "SELECT k.detail, s.reasons FROM claims_to_check k JOIN response_scores s USING (doc_id, row_no) "
                        "WHERE k.reason = 'claim_conflict'")
    assert got
    for detail, reasons in got:
        assert detail and detail.split(";")[0][:30] in reasons


def test_corrected_numbers_are_listed_with_what_was_printed(seed_copy):
    con = duckdb.connect(str(seed_copy))
    con.execute("UPDATE responses SET id_corrected = true, printed_id = '9.99' WHERE doc_id = "
                "(SELECT doc_id FROM documents WHERE landlord = 'Brent Council') AND row_no = 3")
    con.close()
    got = rows(seed_copy, "SELECT provision_id, detail FROM claims_to_check WHERE reason = 'number_corrected'")
    assert got == [("1.4", 'printed number "9.99" was repaired to 1.4 from the requirement text')]


# --------------------------------------------------------------------------- coverage

def test_omitted_provisions_and_coverage(seed_db):
    got = rows(seed_db, "SELECT file_name, provision_id FROM omitted_provisions ORDER BY sort_order")
    assert got == [("002_bee342aeb6a5c4cd.txt", p) for p in ("5.17", "5.18", "5.19", "5.20")]
    cov = {d["file_name"]: d for d in dicts(seed_db, "SELECT * FROM coverage")}
    assert len(cov) == 5
    assert (cov["002_bee342aeb6a5c4cd.txt"]["answered"], cov["002_bee342aeb6a5c4cd.txt"]["omitted"]) == (68, 4)
    for d in cov.values():
        assert d["form_rows"] == 72 and d["answered"] + d["omitted"] == 72


def test_a_row_that_cannot_be_aligned_is_listed_and_its_provision_omitted(seed_copy):
    con = duckdb.connect(str(seed_copy))
    con.execute("UPDATE responses SET provision_id = NULL, match_method = 'unaligned' "
                f"WHERE doc_id = (SELECT doc_id FROM documents WHERE file_name = '{BRENT_2024}') AND row_no = 5")
    con.close()
    assert rows(seed_copy, "SELECT file_name, row_no FROM unaligned_rows") == [(BRENT_2024, 5)]
    assert rows(seed_copy, "SELECT provision_id FROM omitted_provisions WHERE file_name = ?", [BRENT_2024]) == [("1.6",)]
    assert rows(seed_copy, "SELECT answered, omitted, unaligned FROM coverage WHERE file_name = ?",
                [BRENT_2024]) == [(71, 1, 1)]


# --------------------------------------------------------------------------- commitments

def test_commitments_are_the_commitment_signals(seed_db):
    want = rows(seed_db, "SELECT doc_id, row_no, text, date_start, date_end FROM signals WHERE kind = 'commitment' "
                         "ORDER BY ALL")
    got = rows(seed_db, "SELECT doc_id, row_no, commitment, due_from, due_by FROM commitments ORDER BY ALL")
    assert got == want and len(got) > 0
    # Wiltshire: proposals going to Full Council in October 2024.
    assert ("1.5", dt.date(2024, 10, 1), dt.date(2024, 10, 31)) in rows(
        seed_db, "SELECT provision_id, due_from, due_by FROM commitments WHERE landlord = 'Wiltshire Council'")


def test_commitments_due_judges_due_dates_against_the_date_given(seed_copy):
    con = duckdb.connect(str(seed_copy))
    con.execute("DELETE FROM signals WHERE kind = 'commitment'")
    doc = con.execute("SELECT doc_id FROM documents WHERE file_name = ?", [BRENT_2024]).fetchall()[0][0]
    for row_no, text, start, end in ((1, "We will do A by March 2025.", "2025-03-01", "2025-03-31"),
                                     (2, "We will do B in 2025/26.", "2025-04-01", "2026-03-31"),
                                     (3, "We will do C.", None, None)):
        con.execute("INSERT INTO signals (doc_id, row_no, field, kind, sub_kind, text, \"start\", \"end\", "
                    "date_start, date_end) VALUES (?, ?, 'commentary', 'commitment', 'future', ?, 0, ?, ?, ?)",
                    [doc, row_no, text, len(text), start, end])
    con.close()

    def status(as_of):
        return rows(seed_copy, "SELECT row_no, due_status, days_past_due FROM commitments_due(?::DATE) "
                               "ORDER BY row_no", [as_of])

    assert status("2025-01-15") == [(1, "not_yet_due", None), (2, "not_yet_due", None), (3, "no_date", None)]
    assert status("2025-03-10") == [(1, "due_now", None), (2, "not_yet_due", None), (3, "no_date", None)]
    assert status("2025-04-10") == [(1, "passed", 10), (2, "due_now", None), (3, "no_date", None)]
    assert status("2026-04-01") == [(1, "passed", 366), (2, "passed", 1), (3, "no_date", None)]
    # The as-of date may also be given as text.
    assert rows(seed_copy, "SELECT count(*) FROM commitments_due('2026-04-01') WHERE due_status = 'passed'") == [(2,)]


# --------------------------------------------------------------------------- the same landlord over time

def test_no_landlord_has_both_editions_in_the_sample_corpus(seed_db):
    assert rows(seed_db, "SELECT count(*) FROM landlord_changes") == [(0,)]


def test_landlord_changes_sets_both_assessments_side_by_side(paired_db):
    got = dicts(paired_db, "SELECT * FROM landlord_changes ORDER BY sort_order")
    assert len(got) == 72 and {g["landlord"] for g in got} == {"Testshire Council"}
    assert {(g["period_2022"], g["period_2024"]) for g in got} == {("2022/23", "2024/25")}
    m = {(d["code_version"], d["provision_2024"]): d for d in dicts(
        paired_db, "SELECT * FROM compliance_matrix WHERE landlord = 'Testshire Council'")}
    for g in got:
        old, new = m[("2022", g["provision_2024"])], m[("2024", g["provision_2024"])]
        assert (g["claim_2022"], g["claim_2024"]) == (old["comply"], new["comply"])
        if old["cell"] == "new_in_2024":
            assert g["change"].startswith("new_in_2024")
        elif old["cell"] == "not_on_2022_form":
            assert g["change"] == ("not_on_2022_form" if new["comply"] else "answered_in_neither")
        elif old["comply"] and new["comply"]:
            a, b = RANK[old["comply"]], RANK[new["comply"]]
            assert g["change"] == ("claim_stronger" if b > a else "claim_weaker" if b < a else "claim_same")
    row = next(g for g in got if g["provision_2024"] == "6.5")
    assert (row["provisions_2022"], row["relation"]) == ("5.3", "strengthened (should->must)")
    assert row["evidence_2022"].startswith("Section 12") and row["evidence_2024"] is not None
    # Somerset's 2022 form says not applicable / not stated where Wiltshire's 2024 one says yes.
    assert {g["change"] for g in got} >= {"claim_same", "claim_stronger", "new_in_2024"}


# --------------------------------------------------------------------------- search

def test_search_text_finds_cells_holding_every_word(seed_db):
    cells = rows(seed_db, "SELECT doc_id, row_no, field, text FROM search_corpus")
    want = {(d, r, f) for d, r, f, t in cells if "scrutiny" in t.lower() and "panel" in t.lower()}
    got = rows(seed_db, "SELECT doc_id, row_no, field, hits FROM search_text('Scrutiny  PANEL')")
    assert {(d, r, f) for d, r, f, _ in got} == want and want
    hits = [h for *_, h in got]
    assert hits == sorted(hits, reverse=True) and min(hits) >= 2
    assert rows(seed_db, "SELECT count(*) FROM search_text('')") == [(0,)]
    assert rows(seed_db, "SELECT count(*) FROM search_corpus") == rows(
        seed_db, "SELECT count(*) FILTER (WHERE trim(coalesce(evidence, '')) <> '') + "
                 "count(*) FILTER (WHERE trim(coalesce(commentary, '')) <> '') FROM responses")


# --------------------------------------------------------------------------- per assessment, per landlord_id

def test_the_per_assessment_views_count_nine_section_pages_as_one_assessment(grouped_db):
    counts = {g["assessment_id"]: g for g in dicts(grouped_db, "SELECT * FROM assessment_counts")}
    assert len(counts) == 3  # eleven files: nine pages of one assessment, and two single-file ones
    grouped = counts[GROUPED_ASSESSMENT]
    files = rows(grouped_db, "SELECT doc_id, omitted FROM assessment_files WHERE assessment_id = ?",
                 [GROUPED_ASSESSMENT])
    assert grouped["files"] == len(files) == 9 and sorted(grouped["doc_ids"]) == sorted(d for d, _ in files)
    # omitted over the nine files together, never the sum of each page's omissions
    (cov,) = dicts(grouped_db, "SELECT * FROM assessment_coverage WHERE assessment_id = ?", [GROUPED_ASSESSMENT])
    assert (grouped["answered"], grouped["omitted"]) == (cov["answered"], cov["omitted"])
    assert grouped["omitted"] < 10 < sum(o for _, o in files)
    omitted = rows(grouped_db, "SELECT provision_id FROM assessment_omitted WHERE assessment_id = ?",
                   [GROUPED_ASSESSMENT])
    assert len(omitted) == grouped["omitted"]
    answered = {p for (p,) in rows(grouped_db, "SELECT DISTINCT provision_id FROM responses r JOIN documents d "
                                               "USING (doc_id) WHERE d.assessment_id = ?", [GROUPED_ASSESSMENT])}
    assert not answered & {p for (p,) in omitted}
    # to check: distinct rows of claims_to_check over every file of the assessment
    want = rows(grouped_db, "SELECT count(DISTINCT doc_id || row_no::VARCHAR), count(*) FROM claims_to_check "
                            "WHERE doc_id IN (SELECT unnest(?))", [grouped["doc_ids"]])[0]
    assert (grouped["to_check"], grouped["to_check_reasons"]) == want
    # the matrix: 72 cells for the assessment, each answered when any page answers it
    cells = dicts(grouped_db, "SELECT * FROM assessment_matrix WHERE assessment_id = ?", [GROUPED_ASSESSMENT])
    assert len(cells) == 72
    per_file = rows(grouped_db, "SELECT provision_2024, count(*) FILTER (cell = 'answered') FROM compliance_matrix "
                                "WHERE doc_id IN (SELECT unnest(?)) GROUP BY 1", [grouped["doc_ids"]])
    assert {c["provision_2024"]: c["files_answering"] for c in cells} == dict(per_file)
    assert sum(c["cell"] == "answered" for c in cells) == 72 - grouped["omitted"]


def test_two_spellings_of_one_landlord_are_one_landlord_key(grouped_db):
    got = rows(grouped_db, "SELECT DISTINCT d.landlord, f.landlord_key, f.landlord_label FROM assessment_files f "
                           "JOIN documents d USING (doc_id) WHERE f.landlord_id = ? ORDER BY 1", [SPELT_ID])
    assert len({printed for printed, _, _ in got}) == 2  # printed two ways
    assert {(k, label) for _, k, label in got} == {(SPELT_ID, "Marrow Homes")}
    assert rows(grouped_db, "SELECT count(*) FROM assessment_counts WHERE landlord_key = ?", [SPELT_ID]) == [(2,)]
    names = {n for (n,) in rows(grouped_db, "SELECT name FROM landlord_lookup WHERE landlord_key = ?", [SPELT_ID])}
    assert {"Marrow Homes", "Marrow Housing Association Ltd", SPELT_ID} <= names


def test_documents_with_no_landlord_stay_landlords_of_their_own(seed_db):
    unnamed = rows(seed_db, "SELECT landlord_key, landlord_label FROM assessment_counts WHERE landlord_id IS NULL")
    assert len(unnamed) == len({k for k, _ in unnamed}) == 2
    assert all(k.startswith("unnamed:") and label.startswith("unnamed (") for k, label in unnamed)
