"""The read-side commands: query, compare, landlord, search, and every option of each."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from pipeline import cli
from pipeline.outputs import search as search_mod
from tests.comparison_fixtures import (  # noqa: F401
    GROUPED_ASSESSMENT, SPELLINGS, SPELT_ID, dicts, grouped_db, paired_db, rows,
)


def run(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


# --------------------------------------------------------------------------- query

def test_query_formats_table_csv_json(seed_db):
    sql = "SELECT landlord_label, code_version, answered, omitted FROM coverage ORDER BY file_name"
    want = rows(seed_db, sql)
    t = run("query", sql, "--db", seed_db)
    assert t.exit_code == 0
    lines = t.output.splitlines()
    assert lines[0].split() == ["landlord_label", "code_version", "answered", "omitted"]
    assert set(lines[1]) <= {"-", " "} and lines[-1] == "(5 rows)"
    assert lines[2].split()[:2] == ["Somerset", "Council"] and lines[2].split()[-2:] == ["72", "0"]
    assert run("query", sql, "--db", seed_db, "--format", "table").output == t.output

    c = run("query", sql, "--db", seed_db, "--format", "csv")
    got = list(csv.reader(io.StringIO(c.output)))
    assert got[0] == ["landlord_label", "code_version", "answered", "omitted"]
    assert got[1:] == [[str(v) for v in r] for r in want]

    j = run("query", sql, "--db", seed_db, "--format", "json")
    assert json.loads(j.output) == [dict(zip(["landlord_label", "code_version", "answered", "omitted"], r))
                                    for r in want]


def test_query_json_carries_dates_lists_and_nulls(seed_db):
    r = run("query", "SELECT DATE '2024-10-31' AS d, ['a', 'b'] AS l, NULL AS n", "--db", seed_db, "--format", "json")
    assert json.loads(r.output) == [{"d": "2024-10-31", "l": ["a", "b"], "n": None}]


def test_query_table_cuts_long_cells(seed_db):
    r = run("query", "SELECT repeat('x', 200) AS long", "--db", seed_db)
    assert "x" * 59 + "…" in r.output and "x" * 61 not in r.output


def test_query_max_width_shows_wide_text_whole_or_cut_where_asked(seed_db):
    whole = run("query", "SELECT repeat('y', 200) AS long", "--db", seed_db, "--max-width", "0")
    assert whole.exit_code == 0 and "y" * 200 in whole.output
    cut = run("query", "SELECT repeat('y', 200) AS long", "--db", seed_db, "--max-width", "20")
    assert "y" * 19 + "…" in cut.output and "y" * 21 not in cut.output


@pytest.mark.parametrize("sql", ["", "   ", " ; ", "/* only a comment */"])
def test_query_empty_statement_gets_a_message(seed_db, sql):
    r = run("query", sql, "--db", seed_db)
    assert r.exit_code == 1 and "no SQL statement given" in r.output


def test_query_several_statements_are_refused_with_a_message(seed_db):
    r = run("query", "SELECT 1 AS a; SELECT 2 AS b", "--db", seed_db)
    # a refusal, as for any statement chc query will not run (issue 12): exit 2
    assert r.exit_code == 2 and "2 statements given" in r.output and "one statement at a time" in r.output


def test_query_is_read_only(seed_db):
    before = rows(seed_db, "SELECT count(*) FROM documents")
    r = run("query", "DELETE FROM documents", "--db", seed_db)
    # refused before it runs (issue 12): a statement chc query will not run is a usage error, exit 2
    assert r.exit_code == 2 and "read-only" in r.output
    assert rows(seed_db, "SELECT count(*) FROM documents") == before


def test_query_errors_are_reported_not_raised(seed_db, tmp_path):
    r = run("query", "SELECT * FROM no_such_table", "--db", seed_db)
    assert r.exit_code == 1 and "no_such_table" in r.output
    missing = run("query", "SELECT 1", "--db", tmp_path / "nothing.duckdb")
    assert missing.exit_code == 1 and "chc extract" in missing.output
    assert not (tmp_path / "nothing.duckdb").exists()


def test_every_read_command_defaults_to_data_processed():
    # --db defaults to data/processed/chc.duckdb for every read-side command.
    from pipeline.core.paths import DEFAULT_DB

    assert cli.DEFAULT_DB == DEFAULT_DB and DEFAULT_DB.as_posix().endswith("data/processed/chc.duckdb")
    params = {p.name: p.default for p in cli.query.params}
    assert params["db"] == DEFAULT_DB
    for cmd in (cli.compare, cli.landlord, cli.search, cli.export, cli.report):
        assert {p.name: p.default for p in cmd.params}["db"] == DEFAULT_DB


# --------------------------------------------------------------------------- compare

def test_compare_shows_every_landlord_in_2024_numbering(seed_db):
    r = run("compare", "6.5", "--db", seed_db)
    assert r.exit_code == 0
    out = r.output
    assert out.startswith("Provision 6.5 (2024 Code, section 6")
    assert "From the 2022 Code: 5.3 (strengthened (should->must))" in out
    assert "2022 edition: 3 answered: yes 3" in out and "2024 edition: 2 answered: yes 2" in out
    for label in ("Brent Council", "Wiltshire Council", "Somerset Council", "unnamed (001_e8d96fbe7d8db87e.txt)"):
        assert label in out
    assert "Section 12 'Additional Information" in out  # Somerset's evidence


def test_compare_edition_2022_translates_through_the_crosswalk(seed_db):
    r = run("compare", "1.6", "--edition", "2022", "--db", seed_db)
    assert r.exit_code == 0
    assert r.output.startswith("Provision 1.6 (2022 Code, section 1 ")
    assert "2022 provision 1.6 is carried into 2024 numbering as 1.3, 1.5 (reworded, split)." in r.output
    assert "Provision 1.3 " in r.output and "Provision 1.5 " in r.output


def test_compare_json_matches_the_matrix(seed_db):
    r = run("compare", "3.1", "--db", seed_db, "--format", "json")
    data = json.loads(r.output)
    assert data["asked"] == "3.1" and [p["provision_id"] for p in data["provisions"]] == ["3.1"]
    want = rows(seed_db, "SELECT landlord_label, code_version, comply FROM compliance_matrix "
                         "WHERE provision_2024 = '3.1' ORDER BY ALL")
    assert sorted((c["landlord_label"], c["code_version"], c["comply"]) for c in data["cells"]) == want
    total = {s["code_version"]: s["answers"] for s in data["shares"]}
    assert total == {ed: sum(1 for _, e, c in want if e == ed and c) for ed in ("2022", "2024")}


def test_compare_unknown_and_dropped_provisions(seed_db):
    r = run("compare", "12.1", "--db", seed_db)
    assert r.exit_code == 1 and "12.1 is not a provision of the 2024 Code" in r.output
    dropped = rows(seed_db, "SELECT provision_2022 FROM crosswalk WHERE relation = 'dropped_in_2024' "
                            "AND provision_2022 NOT IN (SELECT provision_2022 FROM crosswalk WHERE provision_2024 IS NOT NULL "
                            "AND provision_2022 IS NOT NULL) "
                            "ORDER BY 1 LIMIT 1")[0][0]
    r = run("compare", dropped, "--edition", "2022", "--db", seed_db)
    assert r.exit_code == 0 and f"2022 provision {dropped} was dropped in 2024 (dropped_in_2024)" in r.output


def test_compare_edition_2022_answers_a_dropped_provision_in_2022_numbering(seed_db):
    """4.9 (2022) was dropped in 2024: its answers, two of them No, are still shown, in 2022 numbering."""
    want = rows(seed_db, "SELECT landlord_label, comply FROM compliance_matrix_own "
                         "WHERE code_version = '2022' AND provision_id = '4.9' ORDER BY ALL")
    assert len(want) == 3 and sum(c == "no" for _, c in want) == 2
    r = run("compare", "4.9", "--edition", "2022", "--db", seed_db)
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Provision 4.9 (2022 Code, section 4 ")
    assert "2022 edition: 3 answered: yes 1, no 2" in r.output
    data = json.loads(run("compare", "4.9", "--edition", "2022", "--db", seed_db, "--format", "json").output)
    assert sorted((c["landlord_label"], c["comply"]) for c in data["own_cells"]) == want
    assert data["provisions"] == [] and data["own_provision"]["relation_2024"] == "dropped_in_2024"


# --------------------------------------------------------------------------- landlord

def test_landlord_by_part_of_the_name(seed_db):
    r = run("landlord", "brent", "--db", seed_db, "--as-of", "2025-01-01")
    assert r.exit_code == 0
    out = r.output
    assert out.startswith("Brent Council\n=============")
    assert "004_1d9858e681de945e.txt: 2024 edition; 72 rows, 72 of 72 form provisions answered, 0 omitted" in out
    assert "Commitments as of 2025-01-01" in out and "Claims to look at first (" in out


def test_landlord_json_and_as_of(seed_db):
    def due(as_of):
        r = run("landlord", "Wiltshire Council", "--db", seed_db, "--as-of", as_of, "--format", "json")
        data = json.loads(r.output)
        assert data["name"] == "Wiltshire Council" and data["as_of"] == as_of
        return {(c["provision_id"], c["due_by"]): c["due_status"] for c in data["commitments"] if c["due_by"]}

    before, after = due("2024-09-01"), due("2024-11-15")
    assert before[("1.5", "2024-10-31")] == "not_yet_due" and after[("1.5", "2024-10-31")] == "passed"
    data = json.loads(run("landlord", "wiltshire", "--db", seed_db, "--format", "json", "--as-of", "2025-01-01").output)
    doc = data["documents"][0]["doc_id"]
    assert sum(data["claims"][doc].values()) == 72
    flagged = {(c["reason"], c["row_no"]) for c in data["to_check"]}
    assert flagged == set(rows(seed_db, "SELECT reason, row_no FROM claims_to_check WHERE landlord_label = 'Wiltshire Council'"))


def test_landlord_unnamed_document_by_file_name_and_omissions(seed_db):
    r = run("landlord", "002_bee", "--db", seed_db, "--as-of", "2025-01-01")
    assert r.exit_code == 0
    assert "Omitted provisions (4)" in r.output and "5.17" in r.output and "5.20" in r.output


def test_landlord_over_time_shows_what_changed(paired_db):
    r = run("landlord", "Testshire", "--db", paired_db, "--as-of", "2025-01-01")
    assert r.exit_code == 0
    assert "2022 edition -> 2024 edition: " in r.output and "claim same" in r.output


def test_landlord_ambiguous_unknown_and_bad_date(seed_db):
    r = run("landlord", "council", "--db", seed_db)
    assert r.exit_code == 1 and "matches 3 landlords" in r.output and "Be more specific" in r.output
    r = run("landlord", "Nowhere Homes", "--db", seed_db)
    assert r.exit_code == 1 and "no landlord matches 'Nowhere Homes'" in r.output and "Brent Council" in r.output
    r = run("landlord", "brent", "--db", seed_db, "--as-of", "next week")
    assert r.exit_code == 2 and "is not a date" in r.output


def test_landlord_by_id_name_or_alias_is_one_landlord_with_both_assessments(grouped_db):
    outs = [run("landlord", name, "--db", grouped_db, "--as-of", "2025-01-01", "--format", "json")
            for name in (SPELT_ID, SPELLINGS[0], SPELLINGS[1].upper(), "housing association ltd")]
    assert all(r.exit_code == 0 for r in outs), [r.output for r in outs]
    data = [json.loads(r.output) for r in outs]
    assert all(d == data[0] for d in data)
    assert data[0]["name"] == "Marrow Homes" and data[0]["landlord_id"] == SPELT_ID
    assert sorted(a["code_version"] for a in data[0]["assessments"]) == ["2022", "2024"]
    # and the two editions pair up in what changed, though the names differ
    assert data[0]["changes"] and {c["change"] for c in data[0]["changes"]} - {"claim_same"}
    text = run("landlord", SPELLINGS[1], "--db", grouped_db, "--as-of", "2025-01-01").output
    assert text.startswith("Marrow Homes\n") and "landlord_id marrow-homes" in text
    assert "marrow-2022.txt: 2022 edition" in text and "marrow-2024.txt: 2024 edition" in text


def test_landlord_shows_a_multi_file_assessment_once_with_its_files(grouped_db):
    r = run("landlord", "kelder", "--db", grouped_db, "--as-of", "2025-01-01")
    assert r.exit_code == 0
    (omitted, answered) = rows(grouped_db, "SELECT omitted, answered FROM assessment_counts "
                                           "WHERE assessment_id = ?", [GROUPED_ASSESSMENT])[0]
    assert f"assessment {GROUPED_ASSESSMENT} (9 files): 2024 edition" in r.output
    assert f"{answered} of 72 form provisions answered, {omitted} omitted" in r.output
    assert r.output.count("  file kelder-section-") == 9
    assert f"Omitted provisions ({omitted})" in r.output


# --------------------------------------------------------------------------- search

def test_search_says_which_method_answered(seed_db):
    ok, note = search_mod.fts_available()
    r = run("search", "scrutiny panel", "--db", seed_db)
    assert r.exit_code == 0
    head = r.output.splitlines()[0]
    if ok:
        assert "method: DuckDB fts extension" in head
    else:
        assert "method: plain scan: the DuckDB fts extension could not be loaded" in head
    assert "Member [Scrutiny] [Panel]" in r.output  # the match, in context, its words marked


def test_search_scan_limit_and_json(seed_db):
    full = json.loads(run("search", "complaints policy", "--db", seed_db, "--method", "scan", "--format", "json").output)
    assert full["method"] == "scan" and full["note"] == "plain scan (asked for)"
    assert len(full["hits"]) == 20  # the default limit
    for h in full["hits"]:
        assert "complaints" in h["text"].lower() and "policy" in h["text"].lower()
    three = json.loads(run("search", "complaints policy", "--db", seed_db, "--method", "scan", "--format", "json",
                           "--limit", "3").output)
    assert three["hits"] == full["hits"][:3]
    assert [h["score"] for h in full["hits"]] == sorted((h["score"] for h in full["hits"]), reverse=True)


def test_search_fts_method(seed_db):
    ok, note = search_mod.fts_available()
    r = run("search", "scrutiny panel", "--db", seed_db, "--method", "fts", "--format", "json")
    if ok:
        data = json.loads(r.output)
        assert data["method"] == "fts" and data["hits"]
    else:
        assert r.exit_code == 1 and "fts extension could not be loaded" in r.output


def test_search_auto_uses_fts_when_it_loads(seed_db, monkeypatch):
    # Simulate an installed fts extension: auto must then choose it (and say so).
    monkeypatch.setattr(search_mod, "fts_available", lambda: (True, "fts"))
    monkeypatch.setattr(search_mod, "_fts", lambda db, words, limit: ([{"x": words, "limit": limit}], 9))
    got = search_mod.search(seed_db, "  panel ", limit=4)
    assert (got.method, got.hits, got.total) == ("fts", [{"x": "panel", "limit": 4}], 9)


def test_search_reports_the_true_number_of_matches_beside_the_limit(seed_db):
    want = rows(seed_db, "SELECT count(*) FROM search_corpus WHERE lower(text) LIKE '%complaints%' "
                         "AND lower(text) LIKE '%policy%'")[0][0]
    assert want > 3
    r = run("search", "complaints policy", "--db", seed_db, "--method", "scan", "--limit", "3")
    assert r.output.startswith(f"{want} matches for 'complaints policy'; showing the first 3 (method: plain scan")
    data = json.loads(run("search", "complaints policy", "--db", seed_db, "--method", "scan", "--format", "json",
                          "--limit", "3").output)
    assert data["total"] == want and len(data["hits"]) == 3


def test_search_shows_each_match_in_context_with_the_words_marked(seed_db):
    r = run("search", "scrutiny panel", "--db", seed_db, "--method", "scan")
    lines = r.output.splitlines()
    shown = [l.strip() for l in lines if l.startswith("   ")]
    assert shown and all("[" in l and "]" in l for l in shown)
    assert any("[Scrutiny] [Panel]" in l for l in shown)
    assert all(len(l) <= 170 for l in shown)


def test_snippet_marks_every_word_and_cuts_around_the_first():
    text = ("Opening words that do not matter at all here. " * 6 + "Our Tenant Board reviews every complaint "
            "each quarter, and the board publishes what it learned. " + "Closing filler text. " * 10)
    got = search_mod.snippet(text, "board complaint", width=80)
    assert got.startswith("…") and got.endswith("…")
    assert "[Board]" in got and "[complaint]" in got and len(got) <= 84


def test_search_without_fts_says_how_to_get_it(seed_db, tmp_path, monkeypatch):
    ok, _ = search_mod.fts_available()
    if ok:
        pytest.skip("the fts extension loads here")
    monkeypatch.setenv("CHC_DUCKDB_EXTENSIONS", str(tmp_path / "ext"))
    ok, note = search_mod.fts_available()
    assert not ok and str(tmp_path / "ext") in note  # SET extension_directory was used
    assert "CHC_DUCKDB_EXTENSIONS=DIR" in note and "fts.duckdb_extension" in note


def test_search_needs_words(seed_db):
    r = run("search", "   ", "--db", seed_db)
    assert r.exit_code == 1 and "nothing to search for" in r.output


# --------------------------------------------------------------------------- README examples

def readme_commands() -> list[str]:
    import re

    from pipeline.core.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [l.split("  #")[0].strip() for block in re.findall(r"```shell\n(.*?)```", readme, re.S)
            for l in block.splitlines() if l.strip().startswith(".venv/bin/chc ")]


def test_readme_lists_every_read_command():
    used = {l.split()[1] for l in readme_commands()}
    assert used == {"query", "compare", "landlord", "search", "export", "report", "dictionary"}


@pytest.mark.parametrize("line", readme_commands())
def test_readme_command_runs_on_the_sample_database(line, seed_db, tmp_path):
    import shlex

    args = shlex.split(line)[1:]
    # Outputs go to a temporary folder; the database is the sample corpus.
    args = [str(tmp_path / a) if a in ("open-data", "dictionary.md", "site") or a.endswith(".html") else a
            for a in args]
    if args[0] != "dictionary":
        args += ["--db", str(seed_db)]
    r = run(*args)
    assert r.exit_code == 0, r.output
    assert r.output.strip()


def test_compare_a_provision_new_in_2024(seed_db):
    new = rows(seed_db, "SELECT p.provision_id FROM provisions p WHERE p.code_version = '2024' AND p.in_self_assessment "
                        "AND NOT EXISTS (SELECT 1 FROM crosswalk c WHERE c.provision_2024 = p.provision_id "
                        "AND c.provision_2022 IS NOT NULL) ORDER BY p.sort_order LIMIT 1")[0][0]
    r = run("compare", new, "--db", seed_db)
    assert r.exit_code == 0
    assert "  New in 2024: no 2022 answer carries across." in r.output
    assert "2022 edition:" not in r.output
    lines = [l for l in r.output.splitlines() if l.startswith(("Somerset Council", "unnamed ("))]
    assert len(lines) == 3 and all(l.endswith(" new in 2024") for l in lines)
