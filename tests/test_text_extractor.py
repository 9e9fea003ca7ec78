"""Each case the text extractor must handle, on small inputs written for the test."""
from __future__ import annotations

from pathlib import Path

from pipeline.core.model import Source
from extractors.text import extract
from tests.conftest import text_source

H22 = "Code section\tCode requirement\tComply: Yes/No\tEvidence, commentary and any explanations\n"
H24 = "Code provision\tCode requirement\tComply: Yes / No\tEvidence\tCommentary / explanation\n"
R17 = "A landlord must accept a complaint unless there is a valid reason not to do so."
R18 = ("A complaints policy must clearly set out the circumstances in which a matter will not be "
       "considered, and these circumstances should be fair and reasonable to residents.")


def rows(text: str):
    ex = extract(text_source(text))
    return ex.rows


def test_tab_separated_cells():
    (r,) = rows(H22 + f"1.7\t{R17}\tYes\tSection 4 of our policy.\n")
    assert (r.printed_id, r.requirement, r.comply_raw, r.evidence, r.commentary) == (
        "1.7", R17, "Yes", "Section 4 of our policy.", "")
    assert (r.source_start, r.source_end) == (2, 2)


def test_2024_form_keeps_evidence_and_commentary_apart():
    (r,) = rows(H24 + "2.1\tLandlords must accept a complaint unless there is a valid reason.\tYes\tPolicy 3.4\tWe review it yearly.\n")
    assert (r.evidence, r.commentary) == ("Policy 3.4", "We review it yearly.")


def test_markdown_headings_and_html_tags():
    text = (
        "# **Self-assessment form**\n\n## **Section 1 – definition of a complaint**\n\n"
        "<b>Code section</b>\t<b>Code requirement</b>\t<b>Compliant? Y/N</b>\t<b>Evidence</b>\n"
        "1.7\t<p>A landlord must <u>accept</u> a complaint</p>\tYes\t<p>We do.</p> <ul><li>Policy</li><li>• Leaflet</li></ul>\n"
    )
    (r,) = rows(text)
    assert r.section == "Section 1 – definition of a complaint"
    assert r.requirement == "A landlord must accept a complaint"
    assert r.evidence == "We do.\n• Policy\n• Leaflet"
    assert r.html_markup is True


def test_header_variants_are_not_rows_and_split_headers_are_dropped():
    text = (
        "C\tode section\tCode requirement\tComply: Yes/No\tEvidence, commentary and any explanations\n"
        f"1.7\t{R17}\tYes\tOne.\n"
        "Code\tCode requirement\tComply:\tEvidence, commentary and any explanations]\n"
        "section\t\tYes/No\t\n"
        "•\tComply: Yes/No\tEvidence, commentary and any explanations\n"
        "Code section Code requirement\tComply: Yes/No\tEvidence, commentary and any explanations\n"
        "-------------------------------\t-------------------\t---\n"
        f"1.8\t{R18}\tNo\tTwo.\n"
    )
    got = rows(text)
    assert [(r.printed_id, r.comply_raw, r.evidence) for r in got] == [("1.7", "Yes", "One."), ("1.8", "No", "Two.")]


def test_last_word_of_a_wrapped_requirement_that_reads_like_a_header_is_kept():
    r81 = ("Landlords must carry out an annual self-assessment against the Code to ensure their complaint "
           "handling remains in line with its")
    (r,) = rows(H22 + f"8.1\t{r81}\tYes\tWe did.\n\trequirements.\n")
    assert r.requirement == r81 + " requirements."
    assert (r.comply_raw, r.evidence, r.source_end) == ("Yes", "We did.", 3)


def test_requirement_end_and_an_evidence_fragment_that_together_read_like_a_header():
    r35 = ("The policy must explain how the landlord will publicise details of the complaints policy, including "
           "information about the Ombudsman and this")
    text = H24 + f"3.5\t{r35}\tPartial\tOur Housing Management Policy\tSee minutes.\n\tCode.\t\t(section\n" \
                 "\t\t\t1.5) confirms the complaint definition.\n"
    (r,) = rows(text)
    assert r.requirement == r35 + " Code."
    assert r.evidence == "Our Housing Management Policy (section 1.5) confirms the complaint definition."


def test_fragment_closing_a_parenthesis_is_not_a_list_item():
    (r,) = rows(H22 + f"1.7\t{R17}\tYes\tOur Redress Policy (point\n\t\t\t3) records how remedies are agreed.\n")
    assert r.evidence == "Our Redress Policy (point 3) records how remedies are agreed."


def test_continuation_lines_join_column_by_column():
    text = H24 + (
        "5.6\tWhen a complaint is logged at Stage 1 or escalated to Stage 2,\tYes\tComplaints Policy\tAcknowledgements include a summary and\n"
        "\n"
        "\tlandlords must set out their understanding of the complaint.\t\t(Under point 3.5) updated\tofficers will phone.\n"
        "-----\t-----\n"
        "\t\t\t\tThey also write.\n"
    )
    (r,) = rows(text)
    assert r.requirement == ("When a complaint is logged at Stage 1 or escalated to Stage 2, landlords must set out "
                             "their understanding of the complaint.")
    assert r.evidence == "Complaints Policy (Under point 3.5) updated"
    assert r.commentary == "Acknowledgements include a summary and officers will phone. They also write."
    assert (r.source_start, r.source_end) == (2, 6)


def test_fragment_with_too_few_tabs_goes_to_evidence_not_comply():
    text = H22 + f"1.7\t{R17}\tYes\tWe accept complaints and escalate to\n\n\t\tthe HO.\n"
    (r,) = rows(text)
    assert (r.comply_raw, r.evidence) == ("Yes", "We accept complaints and escalate to the HO.")


def test_page_break_fragment_without_leading_tab_splits_into_requirement_and_evidence():
    text = H22 + (
        "7.2\tAccountability and transparency are integral to a positive complaint handling culture. "
        "Landlords must report back on wider learning and improvements from complaints in their annual "
        "report and more frequently to their residents, staff and scrutiny\t\tReports go to the board.\n"
        "\n"
        "panels.\tRegular updates in newsletters.\n"
        "---------\t--\n"
    )
    (r,) = rows(text)
    assert r.requirement.endswith("staff and scrutiny panels.")
    assert r.evidence == "Reports go to the board. Regular updates in newsletters."
    assert r.comply_raw == ""


def test_bullet_column_fragment_stays_in_the_requirement():
    text = H22 + (
        "5.16\tLandlords must confirm the following in writing to the resident at the completion of stage two in clear, plain language:\tYes\tAs per policy\n"
        "\n"
        "• • • • an\tthe complaint stage the complaint definition the decision on the complaint the reasons for any decisions made\t\n"
    )
    (r,) = rows(text)
    assert r.evidence == "As per policy"
    assert "the complaint definition the decision on the complaint" in r.requirement


def test_split_and_glued_numbers():
    text = H22 + (
        "2.\t2\tWhere a landlord has set up channels to communicate with its residents via social media.\t\tSection 12.\n"
        "5.19 Where agreement over an extension period cannot be reached, landlords should provide the contact details.\tN/A\t\n"
    )
    a, b = rows(text)
    assert (a.printed_id, a.comply_raw, a.evidence) == ("2.\t2", "", "Section 12.")
    assert a.requirement.startswith("Where a landlord")
    assert (b.printed_id, b.comply_raw, b.evidence) == ("5.19", "N/A", "")
    assert b.requirement.startswith("Where agreement over")


def test_row_with_missing_comply_cell_keeps_evidence():
    text = H22 + (
        "5.4\tWhere the problem is a recurring issue, the landlord should consider any older reports.\t"
        "Customer Resolution team gatekeep housing complaints so history is considered.\n"
    )
    (r,) = rows(text)
    assert r.comply_raw is None
    assert r.evidence.startswith("Customer Resolution team")


def test_garbage_comply_cell_is_kept_raw():
    (r,) = rows(H22 + f"1.7\t{R17}\t1 185\tAs per policy\n")
    assert (r.comply_raw, r.evidence) == ("1 185", "As per policy")


def test_rows_before_any_heading_then_context_from_headings():
    text = H22 + f"1.7\t{R17}\tYes\tA.\n\nSection 1 - Definition of a complaint\n\nBest practice 'should' requirements\n\nStage 2\t\t\t1\n" + H22 + f"1.8\t{R18}\tYes\tB.\n"
    a, b = rows(text)
    assert (a.section, a.sub_heading, a.stage) == ("", "", None)
    assert b.section == "Section 1 - Definition of a complaint"
    assert b.sub_heading == "Best practice 'should' requirements / Stage 2"
    assert b.stage == 2


def test_last_line_without_newline():
    got = rows(H22 + f"1.7\t{R17}\tYes\tA.\n1.8\t{R18}\tYes\tFinal words")
    assert [r.evidence for r in got] == ["A.", "Final words"]


def test_unnumbered_row_recognised_from_canonical_wording():
    text = H22 + (
        "5.17\tTwo stage landlord complaint procedures are ideal. This ensures that the complaint process is not unduly long.\tN/A\t\n"
        "\n"
        " the complaint stage the complaint definition the decision on the complaint the reasons for any decisions made "
        "the details of any remedy offered to put things right details of any outstanding actions\n"
        "--\n"
    )
    a, b = rows(text)
    assert (a.printed_id, a.evidence) == ("5.17", "")
    assert b.printed_id == "" and b.requirement.startswith("the complaint stage the complaint definition")


def test_prose_before_the_table_is_not_a_row():
    text = ("Appendix B – Self-Assessment Form\n\nThis self-assessment form should be completed by the "
            "complaints officer.\n\n" + H22 + f"1.7\t{R17}\tYes\tA.\n")
    (r,) = rows(text)
    assert r.printed_id == "1.7"


def test_no_rows_is_a_problem_not_a_success():
    ex = extract(text_source("Our complaints policy\n\nWe take complaints seriously.\n"))
    assert ex.rows == []
    assert [p.severity for p in ex.problems] == ["error"]
    assert "no provision rows recognised" in ex.problems[0].message


def test_encodings_and_binary():
    body = H22 + f"1.7\t{R17}\tYes\tLandlord’s policy\n"
    for data in (body.encode("utf-8-sig"), body.encode("utf-16"), body.replace("’", "'").encode("cp1252")):
        ex = extract(Source(Path("doc.txt"), data))
        assert [r.printed_id for r in ex.rows] == ["1.7"]
    junk = bytes(range(256)) * 40
    ex = extract(Source(Path("doc.txt"), junk))
    assert ex.rows == [] and "not text" in ex.problems[0].message
    ex = extract(text_source(""))
    assert "empty" in ex.problems[0].message
