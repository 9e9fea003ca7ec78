"""Web pages: tables with th/td, spans and nested blocks; one section per page or all
in one; headings between tables; pages with no table; pages chc cannot read."""
from __future__ import annotations

from pathlib import Path

from pipeline.core.model import Source
from extractors.grid.html import extract
from pipeline.ingest.process import process_file
from tests.format_cases import aligned, req, summaries, whole_form

R22 = {pid: req("2022", pid) for pid in ("1.2", "1.3", "1.7", "1.8", "5.1", "5.9")}
R24 = {pid: req("2024", pid) for pid in ("1.2", "1.3", "1.4", "1.5", "2.1", "6.5", "6.16")}

NAV = """<nav><ul><li><a href="/">Home</a></li><li><a href="/s9">Section 9: Scrutiny and oversight</a></li>
<li>Stage 2</li></ul></nav><header><p>Cookies on our website</p></header>"""
FOOT = "<footer><p>Last updated May 2024</p><p>Follow us</p></footer>"
H24 = ("<tr><th>Code provision</th><th>Code requirement</th><th>Comply: Yes / No</th>"
       "<th>Evidence</th><th>Commentary / explanation</th></tr>")
H22 = ("<thead><tr><th>Code section</th><th>Code requirement</th><th>Comply: Yes/No</th>"
       "<th>Evidence, commentary and any explanations</th></tr></thead>")


def page(body: str) -> Source:
    html = f"<!DOCTYPE html><html><head><title>Self-assessment</title><script>var x = '1.2 Yes';</script></head><body>{NAV}<main>{body}</main>{FOOT}</body></html>"
    return Source(Path("page.html"), html.encode("utf-8"))


def test_table_with_spans_and_nested_blocks():
    body = f"""<h2>Section 1: Definition of a complaint</h2>
<table>{H24}
<tr><td rowspan="2">1.2</td><td><p>{R24['1.2'][:31]}</p><p>{R24['1.2'][32:]}</p></td><td>Yes</td>
<td><ul><li>Complaints policy</li><li>Website page</li></ul></td><td><p>Reviewed each year.</p></td></tr>
<tr><td></td><td></td><td>Also in the tenants' handbook.</td><td></td></tr>
<tr><td colspan="5"><strong>Stage 1</strong></td></tr>
<tr><td>1.3</td><td>{R24['1.3']}</td><td>Y</td><td colspan="2">Third parties are accepted.</td></tr>
</table>"""
    ex = extract(page(body))
    assert summaries(ex.rows) == [
        ("1.2", "yes", "A complaint", "of residents", "Complaints policy", "each year"),
        ("1.3", "yes", "A resident", "complaints policy", "Third parties", "are accepted"),
    ]
    first, second = ex.rows
    assert first.requirement == R24["1.2"].replace(": '", ":\n'")
    assert first.evidence == "• Complaints policy\n• Website page Also in the tenants' handbook."
    assert first.commentary == "Reviewed each year."
    assert first.section == "Section 1: Definition of a complaint"
    assert (second.sub_heading, second.stage) == ("Stage 1", 1)
    assert (first.source_start, first.source_end) == (4, 6)  # HTML source lines of its <tr>s


def test_one_section_per_table_with_headings_between_and_repeated_headers():
    body = f"""<h2>Section 1 – Definition of a complaint</h2><h3>Mandatory ‘must’ requirements</h3>
<table>{H22}<tbody><tr><td>1.2</td><td>{R22['1.2']}</td><td>YES</td><td>Policy section 2.</td></tr></tbody></table>
<h3>Best practice ‘should’ requirements</h3>
<table>{H22}<tbody><tr><td>1.7</td><td>{R22['1.7']}</td><td>No.</td><td>We are reviewing it.</td></tr></tbody></table>
<h2>Section 5: The complaint handling process</h2><h3>Stage 2</h3>
<table><tbody><tr><td>5.9</td><td>{R22['5.9']}</td><td>Partial</td><td>n/a</td></tr></tbody></table>"""
    ex = extract(page(body))
    assert summaries(ex.rows) == [
        ("1.2", "yes", "A complaint", "of residents", "Policy section", "section 2"),
        ("1.7", "no", "A landlord", "do so", "We are", "reviewing it"),
        ("5.9", "partial", "If all", "its decision", "n/a", "n/a"),
    ]
    assert [r.sub_heading for r in ex.rows] == [
        "Mandatory ‘must’ requirements", "Best practice ‘should’ requirements", "Stage 2"]
    assert ex.rows[2].section == "Section 5: The complaint handling process"
    assert ex.rows[2].stage == 2


def test_all_sections_in_one_table_with_heading_rows_and_unnumbered_rows():
    body = f"""<table>
<tr><td colspan="4">Section 6: Complaint stages</td></tr>
<tr><td colspan="4">Stage 1</td></tr>
<tr><td></td><td>{R24['6.5']}</td><td>Yes</td><td>Letters give the Ombudsman's details.</td></tr>
<tr><td colspan="4">Stage 2</td></tr>
<tr><td></td><td>{R24['6.16']}</td><td>Yes</td><td>So do stage 2 letters.</td></tr>
</table>"""
    ex = extract(page(body))
    assert summaries(ex.rows) == [
        ("", "yes", "When an", "the Ombudsman", "Letters give", "Ombudsman's details"),
        ("", "yes", "When an", "the Ombudsman", "So do", "2 letters"),
    ]
    assert [r.stage for r in ex.rows] == [1, 2]


def test_page_without_a_table_is_read_as_labelled_blocks_and_icons_say_their_alt_text():
    body = f"""<h1>Housing Ombudsman Complaint Handling Code - self assessment 2022</h1>
<h2>1 Definition of a complaint</h2>
<p><strong>Code section 1.7</strong></p><p>{R22['1.7']}</p>
<p>Compliance: Yes</p><p>Evidence, commentary and any explanations: Section 4 of our policy.</p>
<p><strong>Code section 1.8</strong></p><p>{R22['1.8']}</p>
<p>Do we comply?</p><p><img src="cross.png" alt="No"></p><p>Evidence: We are reviewing it.</p>"""
    ex = extract(page(body))
    assert summaries(ex.rows) == [
        ("1.7", "yes", "A landlord", "do so", "Section 4", "our policy"),
        ("1.8", "no", "A complaints", "to residents", "We are", "reviewing it"),
    ]


def test_page_with_no_form_is_an_error_naming_what_was_found(tmp_path: Path):
    path = tmp_path / "contact.html"
    path.write_text("<html><body><h1>Contact us</h1><table><tr><td>Phone</td><td>0300 123</td></tr></table>"
                    "<p>We are open 9 to 5.</p></body></html>", encoding="utf-8")
    result = process_file(path)
    assert result.status == "failed"
    (problem,) = [p for p in result.problems if p.severity == "error"]
    assert "no provision rows recognised" in problem.message
    assert "1 table(s) on the page, none with Code provision rows" in problem.message


def test_html_end_to_end_aligns_rows(tmp_path: Path):
    path = tmp_path / "self-assessment.htm"
    rows = "".join(f"<tr><td>{pid}</td><td>{R24[pid]}</td><td>Yes</td><td>Evidence {pid}</td><td></td></tr>"
                   for pid in ("1.2", "1.3", "1.4", "1.5", "2.1"))
    path.write_text(f"<html><body><table>{H24}{rows}</table></body></html>", encoding="utf-8")
    result = process_file(path)
    assert result.document["format"] == "html" and result.document["code_version"] == "2024"
    got = [(r["provision_id"], r["comply"], r["evidence"], r["match_method"]) for r in result.tables["responses"]]
    assert got == [(pid, "yes", f"Evidence {pid}", "number+text") for pid in ("1.2", "1.3", "1.4", "1.5", "2.1")]


def test_whole_form_tables_numbered_and_unnumbered(tmp_path: Path):
    rows = whole_form("2024")
    numbered = "".join(f"<tr><td>{pid}</td><td><p>{text}</p></td><td>{claim}</td><td><p>{ev}</p></td></tr>"
                       for pid, text, claim, _, ev in rows)
    unnumbered = "".join(f"<tr><td></td><td><p>{text}</p></td><td>{claim}</td><td><p>{ev}</p></td></tr>"
                         for pid, text, claim, _, ev in rows)
    for name, body in (("numbered.html", f"<table>{H22}{numbered}</table>"), ("unnumbered.html", f"<table>{unnumbered}</table>")):
        path = tmp_path / name
        path.write_text(f"<html><body>{NAV}{body}{FOOT}</body></html>", encoding="utf-8")
        assert aligned(process_file(path)) == [(pid, claim, ev) for pid, _, _, claim, ev in rows], name


def test_definition_lists_and_divs_with_source_line_breaks():
    body = f"""<h2>Section 1: Definition
of a complaint</h2>
<dl><dt>Code provision 1.7</dt><dd>{R22['1.7'].replace(" unless ", " unless" + chr(10))}</dd>
<dt>Do we comply?</dt><dd>Yes</dd><dt>Evidence</dt><dd>Section 4 of
our policy.</dd></dl>
<div><span>Code provision 1.8</span></div><div>{R22['1.8']}</div>
<div><strong>Compliance:</strong> No</div><div><strong>Evidence:</strong> Being rewritten.</div>"""
    ex = extract(page(body))
    assert summaries(ex.rows) == [
        ("1.7", "yes", "A landlord", "do so", "Section 4", "our policy"),
        ("1.8", "no", "A complaints", "to residents", "Being rewritten", "Being rewritten"),
    ]
    assert ex.rows[0].requirement == R22["1.7"]
    assert ex.rows[0].evidence == "Section 4 of our policy."  # prose, not a section heading
    assert [r.section for r in ex.rows] == ["Section 1: Definition of a complaint"] * 2


def test_one_label_value_table_per_provision():
    tables = "".join(
        f"<table><tr><th>Code provision</th><td>{pid}</td></tr><tr><th>Requirement</th><td>{R22[pid]}</td></tr>"
        f"<tr><th>Do we comply?</th><td>{claim}</td></tr><tr><th>Evidence</th><td>{ev}</td></tr>{extra}</table>"
        for pid, claim, ev, extra in (
            ("1.7", "Yes", "Policy 4.", ""),
            ("1.8", "No", "n/a", "<tr><th>Commentary</th><td>Being rewritten.</td></tr>"),
        ))
    ex = extract(page(f"<h2>Section 1 - Definition of a complaint</h2>{tables}"))
    assert summaries(ex.rows) == [
        ("1.7", "yes", "A landlord", "do so", "Policy 4", "Policy 4"),
        ("1.8", "no", "A complaints", "to residents", "n/a Being", "Being rewritten"),
    ]
    assert (ex.rows[1].evidence, ex.rows[1].commentary) == ("n/a", "Being rewritten.")


def test_table_caption_names_the_stage():
    rows = "".join(f"<tr><td>{pid}</td><td>{R24[pid]}</td><td>Yes</td><td>Letter {pid}</td><td></td></tr>"
                   for pid in ("6.16",))
    ex = extract(page(f"<table><caption>Section 6 criteria: Stage 2 complaints</caption>{H24}{rows}</table>"))
    assert summaries(ex.rows) == [("6.16", "yes", "When an", "the Ombudsman", "Letter 6.16", "Letter 6.16")]
    assert ex.rows[0].stage == 2


def test_responsive_table_cells_that_repeat_their_column_name():
    row = (f"<tr><td><span>Code provision</span> 1.3</td><td><span>Code requirement</span><br>{R24['1.3']}</td>"
           "<td><span>Comply:</span> Yes</td><td><span>Evidence</span><p>Third parties accepted.</p></td>"
           "<td><span>Commentary / explanation</span><p>Since 2023.</p></td></tr>")
    ex = extract(page(f"<table><thead>{H24}</thead><tbody>{row}</tbody></table>"))
    assert summaries(ex.rows) == [("1.3", "yes", "A resident", "complaints policy", "Third parties", "Since 2023")]
    assert (ex.rows[0].comply_raw, ex.rows[0].evidence, ex.rows[0].commentary) == (
        "Yes", "Third parties accepted.", "Since 2023.")


def test_form_table_nested_in_a_layout_table():
    rows = "".join(f"<tr><td>{pid}</td><td>{R22[pid]}</td><td>Yes</td><td>Evidence {pid}</td></tr>" for pid in ("1.7", "1.8"))
    layout = (f"<table><tr><td class='menu'>Home<br>Housing</td><td><h2>Section 1 - Definition of a complaint</h2>"
              f"<table>{H22}{rows}</table></td></tr></table>")
    ex = extract(page(layout))
    assert summaries(ex.rows) == [
        ("1.7", "yes", "A landlord", "do so", "Evidence 1.7", "Evidence 1.7"),
        ("1.8", "yes", "A complaints", "to residents", "Evidence 1.8", "Evidence 1.8"),
    ]
    assert ex.rows[0].section == "Section 1 - Definition of a complaint"


def test_empty_and_binary_files_are_errors_not_crashes():
    for data in (b"", b"   \n", bytes(range(256)) * 8):
        ex = extract(Source(Path("junk.html"), data))
        assert ex.rows == [] and ex.problems and ex.problems[-1].severity == "error"
    truncated = extract(Source(Path("cut.html"), b"<html><body><table><tr><td rowspan='x'>1.2"))
    assert [r.printed_id for r in truncated.rows] == ["1.2"]  # a bad span is one row, no crash


def test_a_section_column_down_the_side_and_one_answer_column_holding_claim_and_evidence():
    rows = [("2.1", "No", "Declined cases carry no written reason yet."),
            ("2.2", "Yes", "The exclusions are in part 4 and were agreed with tenants.")]
    trs = []
    for k, (pid, claim, evidence) in enumerate(rows):
        side = '<td rowspan="2">Section 2: Exclusions</td>' if k == 0 else ""
        trs.append(f'<tr>{side}<th scope="row">{pid}</th><td>{R24[pid] if pid in R24 else req("2024", pid)}</td>'
                   f"<td><strong>{claim}</strong><br>{evidence}</td></tr>")
    body = ("<table><tr><th>Section</th><th>Provision</th><th>Requirement</th><th>Our response</th></tr>"
            + "".join(trs) + "</table>")
    got = extract(page(body)).rows
    assert [(r.printed_id, r.comply_raw, r.evidence) for r in got] == rows
    assert [r.requirement[:20] for r in got] == [req("2024", p)[:20] for p, _, _ in rows]
    assert got[0].extra_columns == {"Section": "Section 2: Exclusions"}
