"""PDFs as landlords publish them (issue 13), made by LibreOffice and Chromium.

Fixtures come from tests/published_fixtures.py, rendered once per session into
a shared tmp dir.  The tuning half ("a") is asserted row by row: provision,
claim, first and last words, and pages.  The held-out half ("b": other widths,
fonts, margins, orientation and wording) is scored as ../shared/tools/score.py
scores, against the issue's targets.
"""
from __future__ import annotations

import fcntl
import json

import pytest

from extractors.form.ticks import ticked_option
from extractors.pdf import reading
from extractors.pdf.geometry import Rule
from extractors.pdf.inspect import inspect_pdf
from extractors.pdf.reading import PageData
from extractors.pdf.regions import find_regions
from pipeline.core.claims import normalise
from pipeline.ingest.process import process_file
from tests import published_fixtures as P

pytestmark = pytest.mark.skipif(not P.have_renderers(), reason="needs soffice, chromium and pdftotext")


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    # Shared by xdist workers (their basetemps are siblings); a lock per fixture
    # makes each render happen once.
    d = tmp_path_factory.getbasetemp().parent / "published-pdfs"
    d.mkdir(exist_ok=True)
    return d


def _build(cache_dir, family: str, variant: str) -> P.Fixture:
    with (cache_dir / f"{family}_{variant}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return P.build(family, variant, cache_dir)


def _responses(fx: P.Fixture) -> list[dict]:
    result = process_file(fx.path)
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    return result.tables["responses"]


@pytest.mark.slow
@pytest.mark.parametrize("family", sorted(P.FAMILIES))
def test_tuning_fixture_rows_exact(cache_dir, family):
    """Every row of the form, and nothing else: claim, first and last words, pages."""
    fx = _build(cache_dir, family, P.TUNING)
    got = _responses(fx)
    assert [r["provision_id"] for r in got] == [t.provision_id for t in fx.rows]
    for r, t in zip(got, fx.rows):
        where = f"{fx.key} {t.provision_id}"
        assert r["comply"] == t.comply, (where, r["comply_raw"])
        tokens = P.TOKEN.findall(f"{r['evidence']} {r['commentary']}".lower())
        assert tokens[:4] == t.first_words, where
        assert tokens[-4:] == t.last_words, where
        assert r["source_start"] == t.pages[0], where
        if t.evidence_runs_longest:
            assert r["source_end"] == t.pages[1], where
        else:
            assert r["source_end"] >= t.pages[1], where
    if family == "extra_columns":
        assert [json.loads(r["extra_columns"]) for r in got] == fx.notes["extras"]
        assert all("owner" not in r["commentary"] for r in got)  # not interleaved into commentary


@pytest.mark.slow
def test_held_out_half_meets_targets(cache_dir):
    """The half never tuned on, scored as the shared yardstick scores."""
    totals = {"matched": 0, "pred": 0, "truth": 0, "comply": 0, "text": 0}
    for family in sorted(P.FAMILIES):
        fx = _build(cache_dir, family, P.HELD_OUT)
        s = P.score(fx, _responses(fx))
        matched = round(s["rows_r"] * s["n_truth"])
        totals["matched"] += matched
        totals["pred"] += s["n_pred"]
        totals["truth"] += s["n_truth"]
        totals["comply"] += s["comply"] * matched
        totals["text"] += s["text"] * matched
    assert totals["matched"] / totals["pred"] >= 0.99
    assert totals["matched"] / totals["truth"] >= 0.99
    assert totals["comply"] / totals["matched"] >= 0.99
    assert totals["text"] / totals["matched"] >= 0.98


@pytest.mark.slow
def test_annual_report_tables_other_than_the_form_are_never_rows(cache_dir):
    fx = _build(cache_dir, "annual_report", P.TUNING)
    got = _responses(fx)
    # The KPI tables and the action plan ("2.1 Faster stage 2 responses") are on pages 2-3.
    assert min(r["source_start"] for r in got) >= 4
    assert not any("Faster stage 2" in (r["requirement_text"] or "") for r in got)


@pytest.mark.slow
def test_inspect_draws_and_lists_a_page(cache_dir, tmp_path):
    fx = _build(cache_dir, "browser_print", P.TUNING)
    pages = inspect_pdf(fx.path, page=1, out_dir=tmp_path)
    assert len(pages) == 1
    text = "\n".join(pages[0].text)
    assert "THE FORM" in text and "not the form" in text  # the cookie buttons are a table too
    assert "columns: id | requirement | comply | evidence | commentary" in text
    assert "row 1: 1.2 comply='Yes'" in text
    assert "furniture:" in text and "1/" in text  # the browser's page counter
    png = pages[0].image
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_inspect_command(tmp_path):
    from click.testing import CliRunner

    from pipeline import cli
    from tests import pdf_fixtures as F

    path = F.render(tmp_path / "form.pdf", F.reference_rows("2024")[:6], "ruled_landscape").path
    result = CliRunner().invoke(cli.main, ["inspect", str(path), "--page", "1", "--out", str(tmp_path / "img")])
    assert result.exit_code == 0, result.output
    assert "THE FORM" in result.output and "row 1: 1.2" in result.output
    assert list((tmp_path / "img").glob("*.png"))


# ---------------------------------------------------------------- unit cases


@pytest.mark.parametrize("text, claim", [(t, c) for t, _, c in P.TICKS])
def test_tick_glyphs_read_as_claims(text, claim):
    one = " ".join(text.translate(reading._TEXT_MAP).split())
    ticked = ticked_option(one)
    assert normalise(ticked if ticked is not None else one)[0] == claim


@pytest.mark.parametrize("spelling, claim", [
    ("Compliant", "yes"), ("Fully compliant", "yes"), ("Partially compliant", "partial"),
    ("Not compliant", "no"), ("Non-compliant", "no"), ("Non compliant", "no"),
    ("Working towards", "in_progress"), ("\u2714 Compliant", "yes"),
])
def test_comply_spellings(spelling, claim):
    ticked = ticked_option(spelling)
    assert normalise(ticked if ticked is not None else spelling)[0] == claim


def test_header_words_run_together_across_cells_do_not_hide_a_header():
    from extractors.form.columns import is_header

    # "Action" | "Status" run together read "actionstatus": "actions" must not eat the "s".
    assert is_header(["Ref", "Requirement and action", "Status", "Evidence and comments"])
    assert is_header(["C", "ode section", "Requirement", "Comply"])  # a word split over two cells


def test_an_underline_inside_a_cell_is_not_a_row_rule():
    # A 3-column table: rules at x = 50, 200, 350, 500; rows ruled at 100, 150, 200.
    vr = [Rule(x, 100, 200) for x in (50, 200, 350, 500)]
    hr = [Rule(y, 50, 500) for y in (100, 150, 200)]
    underline = Rule(130, 215, 290)  # a link's underline in the middle cell
    page = PageData(1, 600, 800, [], hr + [underline], vr)
    (region,) = find_regions(page)
    assert region.ys == [100, 150, 200]


def _band(page, id_text, req, comply, evidence, first=True):
    from extractors.pdf.items import Band

    return Band(page, (0, 0, 10, 10), {"requirement": req, "comply": comply, "evidence": evidence,
                                       "commentary": ""}, id_text, first, "ruled")


def _assemble(*bands):
    from extractors.pdf.assembly import Assembler

    a = Assembler()
    for b in bands:
        a.feed(b)
    return a.finish()


def test_a_claim_printed_on_the_second_part_of_a_split_row_is_its_claim():
    rows = _assemble(
        _band(1, "1.1", "Intro text", "Yes", "first row"),
        _band(1, "1.2", "A complaint must be defined as", "", "Evidence that runs", first=False),
        _band(2, "", "to the next page", "Yes", "over the page break"),
    )
    assert [(r.printed_id, r.comply_raw, r.source_start, r.source_end) for r in rows] == [
        ("1.1", "Yes", 1, 1), ("1.2", "Yes", 1, 2)]
    assert rows[1].evidence == "Evidence that runs over the page break"


def test_a_number_printed_on_the_second_part_of_a_split_row_is_its_number():
    rows = _assemble(
        _band(1, "1.1", "Intro text", "Yes", "first row"),
        _band(1, "", "Part of a requirement", "No", "Evidence that runs", first=False),
        _band(2, "1.2", "and its end", "", "over the page break"),
    )
    assert [(r.printed_id, r.comply_raw, r.source_start, r.source_end) for r in rows] == [
        ("1.1", "Yes", 1, 1), ("1.2", "No", 1, 2)]
    assert rows[1].requirement == "Part of a requirement and its end"


def test_a_claim_cut_inside_a_word_by_a_page_break_is_one_claim():
    # "Partiall" at the foot of page 1, "y" at the top of page 2: not a new row claiming "Y".
    rows = _assemble(
        _band(1, "3.1", "Intro text", "Yes", "first row"),
        _band(1, "3.2", "Residents must be", "Partiall", "Evidence that", first=False),
        _band(2, "", "able to raise it", "y", "goes on"),
        _band(2, "3.3", "Next requirement", "In progre", "evidence", first=False),
        _band(3, "", "", "ss", "ends here"),
    )
    assert [(r.printed_id, r.comply_raw, r.source_end) for r in rows] == [
        ("3.1", "Yes", 1), ("3.2", "Partially", 2), ("3.3", "In progress", 3)]


def _plan_items(header_roles, rows):
    from extractors.pdf.items import Band, HeaderItem

    items = [HeaderItem(1, ["Code provision", "Requirement and action", "Status", "Evidence"], header_roles)]
    for k, (pid, req, status) in enumerate(rows):
        items.append(Band(1, (0, 0, 1, 1), {"requirement": req, "comply": status, "evidence": "x"}, pid,
                          k == 0, "ruled"))
    return items


def test_verdict_weighs_how_strongly_the_rows_align():
    from extractors.pdf.verdict import judge_table
    from pipeline.core.catalogue import load

    roles = ("id", "requirement", "comply", "evidence")
    plan = _plan_items(roles, [("4.1", "Answer letters from tenants within a working week", "In progress"),
                               ("7.2", "Set up a learning panel with two board members", "Yes"),
                               ("8.3", "Move the complaints inbox to the new telephony platform", "Partially")])
    v = judge_table(plan, [0, 1, 2, 3, 4], None)
    assert not v.is_form and v.weak_alignment and "0 of 3" in v.why
    cat = load()
    form_rows = [(p, cat.get("2024", p).requirement_text, "Yes") for p in ("4.1", "7.2", "8.3")]
    assert judge_table(_plan_items(roles, form_rows), [0, 1, 2, 3, 4], None).is_form
    # A row cut by a page break prints a clean part of its wording: it still aligns.
    cut = [(p, " ".join(t.split()[:9]), c) for p, t, c in form_rows]
    assert judge_table(_plan_items(roles, cut), [0, 1, 2, 3, 4], None).is_form
    # The form's own headings keep a table whose requirements are paraphrased.
    from extractors.form.headings import classify_heading
    from extractors.pdf.items import HeadingItem

    headed = plan[:1] + [HeadingItem(1, classify_heading("Section 4: Complaint handling staff"))] + plan[1:]
    assert judge_table(headed, [0, 1, 2, 3, 4], None).is_form


@pytest.mark.slow
def test_an_action_plan_under_a_form_header_and_numbered_like_the_code_is_not_the_form(cache_dir):
    for variant in (P.TUNING, P.HELD_OUT):
        fx = _build(cache_dir, "report_plans", variant)
        got = _responses(fx)
        assert [r["provision_id"] for r in got] == [t.provision_id for t in fx.rows], fx.key
        plan_words = {P._PLAN_A[0][1], P._PLAN_B[0][1]}
        assert not any(w in (r["requirement_text"] or "") for r in got for w in plan_words)
        assert min(r["source_start"] for r in got) >= 3  # the plan is on page 2


@pytest.mark.slow
def test_borderless_kpi_tables_and_action_plan_in_a_printed_report_give_no_rows(cache_dir):
    for variant in (P.TUNING, P.HELD_OUT):
        fx = _build(cache_dir, "report_web", variant)
        got = _responses(fx)
        assert [r["provision_id"] for r in got] == [t.provision_id for t in fx.rows], fx.key
        assert min(r["source_start"] for r in got) == fx.rows[0].pages[0]


@pytest.fixture(scope="session")
def plans_db(cache_dir, tmp_path_factory):
    """The tuning report with an action plan, loaded by `chc extract` (one worker)."""
    from pipeline.ingest.batch import extract

    fx = _build(cache_dir, "report_plans", P.TUNING)
    db = tmp_path_factory.mktemp("plans") / "plans.duckdb"
    extract([fx.path], db, workers=1)
    return fx, db


@pytest.mark.slow
def test_tables_that_are_not_the_form_are_kept_as_context(plans_db):
    from tests.conftest import db_rows

    fx, db = plans_db
    got = db_rows(db, "SELECT page, layout, header, n_rows, n_columns, cells, bbox, why FROM context_tables "
                      "ORDER BY table_no")
    assert [(page, layout) for page, layout, *_ in got] == [(1, "ruled"), (2, "ruled")]
    kpi, plan = got
    # A header chc does not recognise is the table's first row.
    assert kpi[2] is None and json.loads(kpi[5])[0][0] == "Quarter" and kpi[3] == 5 and "no form header" in kpi[7]
    # The plan's header, its first cell wrapped in a narrow column ("Code provisi" / "on").
    assert json.loads(plan[2]) == ["Code provisi on", "Requirement and action", "Status", "Evidence and comments"]
    assert [row[:3] for row in json.loads(plan[5])] == [list(r[:3]) for r in P._PLAN_A]
    assert plan[3] == len(P._PLAN_A) and plan[4] == 4 and len(plan[6]) == 4
    assert "0 of 5 rows print a provision's wording" in plan[7]
    # never responses: no response carries an action's words
    assert not db_rows(db, "SELECT 1 FROM responses WHERE requirement_text LIKE '%dedicated reviewer%'")


@pytest.mark.slow
def test_commitments_of_an_action_column_reach_the_commitments_views(plans_db):
    from tests.conftest import db_rows

    fx, db = plans_db
    got = db_rows(db, "SELECT provision_id, commitment, owner, source_column, due_from, due_by, commitment_kind "
                      "FROM commitments WHERE field = 'extra_columns' ORDER BY row_no")
    want = fx.notes["commitments"]
    assert [(g[0], g[2], g[3], g[6]) for g in got] == [(w["provision_id"], w["lead"], w["header"], "action")
                                                         for w in want]
    assert all(g[1].startswith(w["action"]) for g, w in zip(got, want))
    assert all(g[4] is not None and str(g[4].year) in w["due"] for g, w in zip(got, want))
    # offsets point into the column's cell
    cut = db_rows(db, "SELECT substr(json_extract_string(r.extra_columns, '$.\"' || s.source_column || '\"'), "
                      "s.\"start\" + 1, s.\"end\" - s.\"start\") = s.text FROM signals s JOIN responses r "
                      "USING (doc_id, row_no) WHERE s.field = 'extra_columns'")
    assert cut and all(ok for (ok,) in cut)
    due = db_rows(db, "SELECT due_status, count(*) FROM commitments_due(DATE '2026-05-01') "
                      "WHERE field = 'extra_columns' GROUP BY ALL ORDER BY 1")
    # 31 March 2026 has passed, the 2026/27 financial year is under way, June 2026 is to come
    assert dict(due) == {"passed": sum(w["due"] == "31 March 2026" for w in want),
                         "due_now": sum(w["due"] == "2026/27" for w in want),
                         "not_yet_due": sum(w["due"] == "June 2026" for w in want)}


@pytest.mark.slow
def test_a_form_that_paraphrases_every_requirement_is_still_read(tmp_path):
    """Its rows align with no provision's wording, like an action plan's; with no other
    table to be the form, the document is read again without the alignment test."""
    d = P._new_document("Arial", 10)
    d.add_heading("Our complaint handling self-assessment", 1)
    short = {"1.2": "What counts as a complaint", "1.3": "Complaints and service requests",
             "3.1": "Ways to complain", "3.3": "Reasonable adjustments", "5.1": "A complaints lead"}
    body = [[pid, text, "Yes", f"Summary {k} of how we meet it, checked by the panel in {2020 + k}.", ""]
            for k, (pid, text) in enumerate(short.items(), start=1)]
    P._form_table(d, ["Code provision", "Requirement", "Comply", "Evidence", "Commentary"], body,
                  [1.6, 4.0, 1.8, 6.0, 3.0])
    src = tmp_path / "paraphrased.docx"
    d.save(src)
    pdf = P.soffice_to_pdf(src, tmp_path)
    got = process_file(pdf).tables["responses"]
    assert [r["provision_id"] for r in got] == list(short)
    assert all(r["comply"] == "yes" for r in got)
