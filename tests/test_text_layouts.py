"""The text layouts web pages turn into, each on a document written for the test.

Every test states the rows it expects: printed number, normalised claim, and the
first and last words of the requirement and of the evidence (plus commentary).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.text import extract
from extractors.text.sniff import read_text
from pipeline.ingest.process import process_file
from tests.conftest import text_source
from tests.format_cases import aligned, req, summaries, whole_form

R22 = {pid: req("2022", pid) for pid in ("1.2", "1.3", "1.7", "1.8", "5.1", "5.9", "3.1")}
R24 = {pid: req("2024", pid) for pid in ("1.2", "1.3", "1.4", "1.5", "2.1", "6.5", "6.16", "9.1")}


def read(text: str):
    reading = read_text(text)
    return reading.layout, reading.rows


# ---------------------------------------------------------------- labelled blocks


def test_labelled_blocks_code_section_compliance_evidence():
    text = f"""Compliance with the Complaint Handling Code assessment 2022
1 Definition of a complaint
Mandatory 'must' requirements
Code section 1.2
{R22['1.2']}
Compliance: Yes
Evidence, commentary and any explanations: Our complaints policy uses this definition.
Code section 1.3
{R22['1.3']}
Compliance: Partial
Evidence, commentary and any explanations: Third parties need written consent first.
"""
    layout, rows = read(text)
    assert layout == "blocks"
    assert summaries(rows) == [
        ("1.2", "yes", "A complaint", "of residents", "Our complaints", "this definition"),
        ("1.3", "partial", "The resident", "complaints policy", "Third parties", "consent first"),
    ]
    assert rows[0].section == "1 Definition of a complaint"
    assert rows[0].sub_heading == "Mandatory 'must' requirements"
    assert (rows[1].source_start, rows[1].source_end) == (8, 11)


def test_labelled_block_variants_and_misspelt_labels():
    text = f"""Code provision 1.3
Code requirement
{R24['1.3']}
Do we comply?
Yes
Evidance: Third party complaints are accepted.
Commentry: Reviewed by the panel in May.
Code provision 1.4
{R24['1.4']}
Comply
Yes.
Evidence:
Service requests are logged separately.
Commentary:
Monitored monthly.
Code provision 1.5
{R24['1.5']}
Complience: No.
Evidence: We are reviewing this.
"""
    layout, rows = read(text)
    assert layout == "blocks"
    assert summaries(rows) == [
        ("1.3", "yes", "A resident", "complaints policy", "Third party", "in May"),
        ("1.4", "yes", "Landlords must", "reviewed regularly", "Service requests", "Monitored monthly"),
        ("1.5", "no", "A complaint", "resident complains", "We are", "reviewing this"),
    ]
    assert rows[0].evidence == "Third party complaints are accepted."
    assert rows[0].commentary == "Reviewed by the panel in May."


def test_labelled_blocks_without_numbers_and_na_as_evidence():
    text = f"""Our self-assessment
{R22['1.7']}
Compliance: Yes
Evidence: n/a
{R22['1.8']}
Compliance: N/A
Evidence: We have no exclusions.
"""
    layout, rows = read(text)
    assert layout == "blocks"
    assert summaries(rows) == [
        ("", "yes", "A landlord", "do so", "n/a", "n/a"),
        ("", "not_applicable", "A complaints", "to residents", "We have", "no exclusions"),
    ]


def test_labelled_block_unlabelled_evidence_after_a_complete_requirement():
    text = f"""Section 1 - Definition of a complaint
Code provision 1.2
Code requirement
{R24['1.2']}
Housing complaints policy, paragraph 2.1.
2.1 A complaint is defined as in the Code.
Commentary / explanation
The definition is on our website.
"""
    _, rows = read(text)
    assert summaries(rows) == [
        ("1.2", "not_stated", "A complaint", "of residents", "Housing complaints", "our website"),
    ]
    assert rows[0].evidence.endswith("2.1 A complaint is defined as in the Code.")


# ---------------------------------------------------------------- pipe tables


def test_pipe_table_with_header_and_separator():
    text = f"""## Section 1: Definition of a complaint

| Code provision | Code requirement | Comply | Evidence | Commentary |
|---|:---|---|---|---|
| 1.2 | {R24['1.2']} | YES | Policy 2.1 | Reviewed yearly |
| 1.3 | {R24['1.3']} | Y | Third parties \\| advocates | |
"""
    layout, rows = read(text)
    assert layout == "pipes"
    assert summaries(rows) == [
        ("1.2", "yes", "A complaint", "of residents", "Policy 2.1", "Reviewed yearly"),
        ("1.3", "yes", "A resident", "complaints policy", "Third parties", "parties advocates"),
    ]
    assert rows[1].evidence == "Third parties | advocates"
    assert rows[0].section == "Section 1: Definition of a complaint"


def test_pipe_table_without_header_or_separator_wrapped_rows_and_lone_numbers():
    half = len(R24["1.4"]) // 2
    cut = R24["1.4"].index(" ", half)
    text = f"""| 1.3 | {R24['1.3']} | Yes. | Third parties accepted |
| 1.4 | {R24['1.4'][:cut]}
{R24['1.4'][cut + 1:]} | No. | We are reviewing |
1.5
| {R24['1.5']} | Partial | Partly in place |
| | {R24['2.1']} | Yes | See section 4 of our policy |
"""
    layout, rows = read(text)
    assert layout == "pipes"
    assert summaries(rows) == [
        ("1.3", "yes", "A resident", "complaints policy", "Third parties", "parties accepted"),
        ("1.4", "no", "Landlords must", "reviewed regularly", "We are", "are reviewing"),
        ("1.5", "partial", "A complaint", "resident complains", "Partly in", "in place"),
        ("", "yes", "Landlords must", "own merits", "See section", "our policy"),
    ]
    assert rows[1].requirement == R24["1.4"]


# ---------------------------------------------------------------- flattened tables


def test_flattened_rows_glued_header_values_and_evidence():
    text = f"""Skip to main content
Home > Housing > Complaints
Section 1 – Definition of a complaint
Mandatory ‘must’ requirements
Code sectionCode requirementComply: Yes/NoEvidence, commentary and any explanations1.2 {R22['1.2']}YesDefinition in our policy.
1.3{R22['1.3']}YOur policy states that third parties may complain.
1.7{R22['1.7']}NoWe are reviewing our exclusions.
1.8{R22['1.8']}YesSee section 4 of our policy
Last modified on 1 May 2024
Share this page
"""
    layout, rows = read(text)
    assert layout == "flat"
    assert summaries(rows) == [
        ("1.2", "yes", "A complaint", "of residents", "Definition in", "our policy"),
        ("1.3", "yes", "The resident", "complaints policy", "Our policy", "may complain"),
        ("1.7", "no", "A landlord", "do so", "We are", "our exclusions"),
        ("1.8", "yes", "A complaints", "to residents", "See section", "our policy"),
    ]
    assert rows[2].requirement == R22["1.7"]
    assert rows[3].evidence == "See section 4 of our policy"  # the footer is not evidence
    assert rows[0].sub_heading == "Mandatory ‘must’ requirements"


def test_one_cell_per_line_with_blank_lines():
    text = f"""Code provision

Code requirement

Comply

Evidence

1.2

{R24['1.2']}

Yes

The policy uses the definition.

It was updated in March 2024.

1.3

{R24['1.3']}

No.

We are reviewing third party access.
"""
    _, rows = read(text)
    assert summaries(rows) == [
        ("1.2", "yes", "A complaint", "of residents", "The policy", "March 2024"),
        ("1.3", "no", "A resident", "complaints policy", "We are", "party access"),
    ]
    assert (rows[0].source_start, rows[0].source_end) == (9, 17)


def test_rows_without_printed_numbers_and_headings_inside_the_table():
    text = f"""Toggle menu
Complaint handling code self-assessment
Section 6: Complaint stages
Code sectionCode requirementComply (Yes/No)Evidence, commentary and any explanations
Stage 1
{R24['6.5']}

YesThe letter gives the Ombudsman's details.
Stage 2
{R24['6.16']}
Yes

The stage 2 letter does too.
Section 9: Scrutiny and oversight
{R24['9.1']}YesLearning is reported quarterly.
"""
    layout, rows = read(text)
    assert layout == "flat"
    assert summaries(rows) == [
        ("", "yes", "When an", "the Ombudsman", "The letter", "Ombudsman's details"),
        ("", "yes", "When an", "the Ombudsman", "The stage", "does too"),
        ("", "yes", "Landlords must", "the complaint", "Learning is", "reported quarterly"),
    ]
    assert [r.stage for r in rows] == [1, 2, None]
    assert rows[2].section == "Section 9: Scrutiny and oversight"


def test_value_spellings_and_na_evidence_in_flattened_rows():
    text = "\n".join([
        f"1.2 {R22['1.2']}\nY\nPolicy.",
        f"1.3 {R22['1.3']}\nYES\nLeaflet.",
        f"1.7 {R22['1.7']}Yes.\nn/a",
        f"1.8 {R22['1.8']}\nNo.\nNot yet.",
        f"3.1 {R22['3.1']}\nPartial\nA team of two.",
    ])
    _, rows = read(text)
    assert summaries(rows) == [
        ("1.2", "yes", "A complaint", "of residents", "Policy", "Policy"),
        ("1.3", "yes", "The resident", "complaints policy", "Leaflet", "Leaflet"),
        ("1.7", "yes", "A landlord", "do so", "n/a", "n/a"),
        ("1.8", "no", "A complaints", "to residents", "Not yet", "Not yet"),
        ("3.1", "partial", "Landlords must", "complaints officer", "A team", "of two"),
    ]
    assert [r.comply_raw for r in rows] == ["Y", "YES", "Yes.", "No.", "Partial"]


def test_numbers_quoted_in_evidence_do_not_start_rows():
    text = f"""1.2 {R22['1.2']}
Yes
Our policy says:
2.1 Complaints can be made in person.
3.4 We reply within ten days.
1.3 {R22['1.3']}
Yes
Third parties accepted.
"""
    _, rows = read(text)
    assert [r.printed_id for r in rows] == ["1.2", "1.3"]
    assert rows[0].evidence.endswith("3.4 We reply within ten days.")


# ---------------------------------------------------------------- whole documents


def test_layout_chc_cannot_read_is_an_error_naming_the_problem():
    ex = extract(text_source("Welcome to our housing pages.\n\nRead our complaints policy.\nContact us\n", "page.md"))
    assert ex.rows == []
    (problem,) = ex.problems
    assert problem.severity == "error"
    assert "no provision rows recognised" in problem.message
    assert "lines starts with a Code provision number" in problem.message


def test_2022_form_used_for_a_2024_assessment_aligns_to_2022(tmp_path: Path):
    path = tmp_path / "assessment-2024.md"
    path.write_text(
        "# Complaint handling self-assessment 2024/25\n\n"
        "| Code section | Code requirement | Comply: Yes/No | Evidence, commentary and any explanations |\n"
        "|---|---|---|---|\n"
        + "".join(f"| {pid} | {R22[pid]} | Yes | Evidence for {pid} |\n" for pid in ("1.2", "1.3", "1.7", "1.8", "5.1", "5.9")),
        encoding="utf-8",
    )
    result = process_file(path)
    assert result.document["code_version"] == "2022"
    got = [(r["provision_id"], r["comply"], r["evidence"]) for r in result.tables["responses"]]
    assert got == [(pid, "yes", f"Evidence for {pid}") for pid in ("1.2", "1.3", "1.7", "1.8", "5.1", "5.9")]


def test_2022_wording_quoted_in_a_2024_row_keeps_the_2024_edition(tmp_path: Path):
    rows = [("1.2", R24["1.2"]), ("1.3", R22["1.3"]), ("1.4", R24["1.4"]), ("1.5", R24["1.5"]),
            ("2.1", R24["2.1"]), ("9.1", R24["9.1"])]
    path = tmp_path / "flat-2024.txt"
    path.write_text("\n".join(f"{pid}{text}YesWe comply with {pid}." for pid, text in rows), encoding="utf-8")
    result = process_file(path)
    assert result.document["code_version"] == "2024"
    got = [(r["provision_id"], r["comply"], r["evidence"]) for r in result.tables["responses"]]
    assert got == [(pid, "yes", f"We comply with {pid}.") for pid, _ in rows]


def test_labelled_page_end_to_end(tmp_path: Path):
    path = tmp_path / "labelled.txt"
    path.write_text(
        f"Code section 1.7\n{R22['1.7']}\nCompliance: Yes\nEvidence, commentary and any explanations: Policy 4.\n"
        f"Code section 1.8\n{R22['1.8']}\nDo we comply?\nNo\nEvidence: Being reviewed.\n",
        encoding="utf-8",
    )
    result = process_file(path)
    assert result.status == "loaded"
    got = [(r["provision_id"], r["comply"], r["evidence"]) for r in result.tables["responses"]]
    assert got == [("1.7", "yes", "Policy 4."), ("1.8", "no", "Being reviewed.")]


def test_stage_named_in_a_caption_and_wording_that_is_not_the_codes():
    text = f"""Compliance status for Section 6 criteria of the Code: Stage 2 complaints
Code sectionCode requirementComply (Yes/No)Evidence, commentary and any explanations
{R24['6.16']}YesStage 2 letters include the Ombudsman's details.
1.4Landlords should manage residents' hopes from the start, saying how long a reply will take.YesDetailed in policy
"""
    _, rows = read(text)
    assert summaries(rows) == [
        ("", "yes", "When an", "the Ombudsman", "Stage 2", "Ombudsman's details"),
        ("1.4", "yes", "Landlords should", "will take", "Detailed in", "in policy"),
    ]
    assert (rows[0].sub_heading, rows[0].stage) == ("Stage 2 complaints", 2)


def _whole_form_layouts():
    """Each text layout, writing a whole form (72 rows) the way that layout prints it."""
    return {
        "flattened": lambda rows: "Code sectionCode requirementComply: Yes/NoEvidence, commentary and any explanations"
        + "\n".join(f"{pid}{text}{claim}{ev}" for pid, text, claim, _, ev in rows),
        "cells": lambda rows: "\n\n".join(f"{pid}\n\n{text}\n\n{claim}\n\n{ev}" for pid, text, claim, _, ev in rows),
        "blocks": lambda rows: "\n".join(f"Code provision {pid}\nRequirement\n{text}\nDo we comply?\n{claim}\n"
                                         f"Evidence\n{ev}" for pid, text, claim, _, ev in rows),
        "pipes": lambda rows: "\n".join(f"| {pid} | {text} | {claim} | {ev} |" for pid, text, claim, _, ev in rows),
    }


@pytest.mark.parametrize("edition", ["2022", "2024"])
@pytest.mark.parametrize("layout", sorted(_whole_form_layouts()))
def test_whole_form_in_each_layout_aligns_every_row(tmp_path: Path, layout: str, edition: str):
    rows = whole_form(edition)
    path = tmp_path / f"form-{layout}.txt"
    path.write_text(_whole_form_layouts()[layout](rows), encoding="utf-8")
    result = process_file(path)
    assert result.document["code_version"] == edition
    assert aligned(result) == [(pid, claim, ev) for pid, _, _, claim, ev in rows]


@pytest.mark.slow
def test_whole_form_without_numbers_between_a_menu_and_a_footer(tmp_path: Path):
    rows = whole_form("2024")
    path = tmp_path / "unnumbered.txt"
    path.write_text("Skip to main content\nMenu\n" + "\n".join(f"{text}\n\n{claim}{ev}\n" for _, text, claim, _, ev in rows)
                    + "\nShare this page\nCookies policy\n", encoding="utf-8")
    result = process_file(path)
    assert aligned(result) == [(pid, claim, ev) for pid, _, _, claim, ev in rows]


def test_markdown_labelled_blocks_with_bullets_and_bold_labels():
    text = f"""### Code section 1.7
{R22['1.7']}
- **Compliance:** Yes
- **Evidence:** Section 4 of our policy.
### Code section 1.8
{R22['1.8']}
* **Do we comply?** No.
* **Evidence, commentary and any explanations:** Under review.
"""
    layout, rows = read(text)
    assert layout == "blocks"
    assert summaries(rows) == [
        ("1.7", "yes", "A landlord", "do so", "Section 4", "our policy"),
        ("1.8", "no", "A complaints", "to residents", "Under review", "Under review"),
    ]


def test_header_glued_to_an_unnumbered_row_and_wording_quoted_in_evidence():
    text = f"""Code sectionCode requirementComply (Yes/No)Evidence, commentary and any explanations{R22['1.7']}YesOur policy says:
{R22['1.8']}
(quoted from the Code, which we meet in section 5).
1.8{R22['1.8']}NoWe are rewriting the exclusions.
"""
    _, rows = read(text)
    assert summaries(rows) == [
        ("", "yes", "A landlord", "do so", "Our policy", "section 5"),
        ("1.8", "no", "A complaints", "to residents", "We are", "the exclusions"),
    ]


def test_pipe_tables_without_a_number_column():
    with_header = f"""| Requirement | Do we comply? | Evidence |
| --- | --- | --- |
| {R22['1.7']} | Yes | Policy 4. |
| | | and leaflet. |
| {R22['1.8']} | No | Under review. |
"""
    without_header = f"""| {R22['1.7']} | Yes | Policy 4. and leaflet. |
| {R22['1.8']} | No | Under review. |
"""
    for text in (with_header, without_header):
        layout, rows = read(text)
        assert layout == "pipes"
        assert summaries(rows) == [
            ("", "yes", "A landlord", "do so", "Policy 4", "and leaflet"),
            ("", "no", "A complaints", "to residents", "Under review", "Under review"),
        ]


def test_tab_separated_table_copied_from_a_browser_without_numbers():
    text = (f"Requirement\tComply\tEvidence\n{R22['1.7']}\tYes\tPolicy 4.\n"
            f"{R22['1.8'].replace(' will not', chr(10) + 'will not')}\tNo\tUnder review.\n")
    layout, rows = read(text)
    assert layout == "tabbed"
    assert summaries(rows) == [
        ("", "yes", "A landlord", "do so", "Policy 4", "Policy 4"),
        ("", "no", "A complaints", "to residents", "Under review", "Under review"),
    ]
    assert rows[1].requirement == R22["1.8"]


def test_flattened_2024_row_with_evidence_glued_to_commentary():
    text = ("Code provisionCode requirementComply: Yes/NoEvidenceCommentary/explination\n"
            f"1.4{R24['1.4']}YesHousing complaints policyThis is set out under 'Service requests'.\n"
            f"1.5{R24['1.5']}NoSharePoint logs.We are reviewing this.\n")
    layout, rows = read(text)
    assert layout == "flat"
    assert summaries(rows) == [
        ("1.4", "yes", "Landlords must", "reviewed regularly", "Housing complaints", "Service requests"),
        ("1.5", "no", "A complaint", "resident complains", "SharePoint logs", "reviewing this"),
    ]
    assert rows[0].evidence == "Housing complaints policy This is set out under 'Service requests'."
    assert rows[1].evidence == "SharePoint logs. We are reviewing this."


def test_flattened_2024_row_quoting_2022_wording_ends_where_that_wording_ends():
    text = "\n".join([f"2.1{R22['1.7']}\nYes\nIf we decline a complaint, we say why in writing.", f"1.3{R24['1.3']}NoWe are reviewing it."])
    _, rows = read(text)
    assert summaries(rows) == [
        ("2.1", "yes", "A landlord", "do so", "If we", "in writing"),
        ("1.3", "no", "A resident", "complaints policy", "We are", "reviewing it"),
    ]
    assert rows[0].requirement == R22["1.7"]
