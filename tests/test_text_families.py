"""Web pages saved as text: the layout families of issue 14, one small page each.

Every page is written for its test (the Code's wording quoted, as published forms
do; the landlord's own sentences new).  Each test names its family.
"""
from __future__ import annotations

from extractors.form.headings import classify_heading
from extractors.text import extract
from extractors.text.sniff import read_text
from pipeline.align.aligner import align
from pipeline.core import catalogue
from tests.conftest import text_source
from tests.format_cases import req, summaries

R22 = {pid: req("2022", pid) for pid in ("1.2", "1.3", "1.6", "1.7")}
R24 = {pid: req("2024", pid) for pid in ("1.2", "1.3", "1.4", "2.1", "6.1", "6.2")}


def rows_of(text: str):
    return read_text(text).rows


# ------------------------------------------------ 1. a policy citation is not a provision label


def test_family1_policy_citation_in_labelled_blocks_is_evidence():
    text = f"""Code provision 6.1
Code requirement
{R24['6.1']}
Comply
Yes
Evidence.
Section 5.3 of our Resident Complaints Procedure describes how each case is triaged on arrival.
Commentary
Triage notes are checked weekly by the team leader.
Code provision 6.2
Code requirement
{R24['6.2']}
Comply
Yes
Evidence.
All new cases are logged within two days.
Section 6.4.1 of the Customer Feedback policy
sets the five day limit.
"""
    rows = rows_of(text)
    assert [(r.printed_id, r.comply_raw) for r in rows] == [("6.1", "Yes"), ("6.2", "Yes")]
    assert rows[0].evidence.startswith("Section 5.3 of our Resident Complaints Procedure")
    assert rows[0].commentary == "Triage notes are checked weekly by the team leader."
    assert rows[1].evidence.endswith("Section 6.4.1 of the Customer Feedback policy sets the five day limit.")


def test_family1_policy_citation_in_one_cell_per_line_page_is_evidence():
    text = f"""Code provision
Code requirement
Comply
Evidence

1.2
{R24['1.2']}
Yes
Section 1.4 of our Complaints and Compliments Procedure uses these words.

1.3
{R24['1.3']}
Yes
Advocates and family members may complain for a resident.
"""
    rows = rows_of(text)
    assert [(r.printed_id, r.comply_raw) for r in rows] == [("1.2", "Yes"), ("1.3", "Yes")]
    assert rows[0].evidence == "Section 1.4 of our Complaints and Compliments Procedure uses these words."


def test_family1_a_sentence_opening_with_a_whole_section_number_is_evidence_not_a_heading():
    # "Section 4 of ..." and "Part 2 sets out ..." cite a document's section; only a title-like
    # line ("Section 2: Exclusions", "Section 7: ... Mandatory requirements") heads a section.
    text = f"""Section 1: Definition of a complaint
Provision
Requirement
Compliant?
Evidence and commentary
1.2
{R24['1.2']}
Yes
Section 3 of our resident handbook repeats this definition in plain English.
1.3
{R24['1.3']}
Yes
Part 2 sets out who may complain for a resident, including advocates and carers.
Section 2: Exclusions. Mandatory requirements
Provision
Requirement
Compliant?
Evidence and commentary
2.1
{R24['2.1']}
Partial
Section 6 of our procedure names the cases we decline, agreed with the tenants' forum.
"""
    rows = rows_of(text)
    assert [(r.printed_id, r.comply_raw) for r in rows] == [("1.2", "Yes"), ("1.3", "Yes"), ("2.1", "Partial")]
    for sentence in ("Section 4 of the leaflet explains how to complain by text message.",
                     "Part 3 was rewritten in May. It now names the advocacy services we fund."):
        assert classify_heading(sentence) is None
    assert rows[0].evidence == "Section 3 of our resident handbook repeats this definition in plain English."
    assert rows[1].evidence == "Part 2 sets out who may complain for a resident, including advocates and carers."
    assert rows[2].evidence == "Section 6 of our procedure names the cases we decline, agreed with the tenants' forum."
    assert [r.section for r in rows] == ["Section 1: Definition of a complaint"] * 2 + [
        "Section 2: Exclusions. Mandatory requirements"]


def test_family1_evidence_opening_with_a_section_number_after_a_numbered_list_is_kept():
    text = f"""Section 2: Exclusions
Provision
Requirement
Compliant?
Evidence and commentary
2.1
{R24['2.1']}
No
Reasons for declining are not kept yet. Two changes come with the new system:
1. a required reason box
2. a monthly list of declined cases
2.2
{req('2024', '2.2')}
Yes
Section 5 of the procedure names the exclusions, agreed with the tenants' forum.
"""
    rows = rows_of(text)
    assert [(r.printed_id, r.comply_raw) for r in rows] == [("2.1", "No"), ("2.2", "Yes")]
    assert rows[1].evidence == "Section 5 of the procedure names the exclusions, agreed with the tenants' forum."


# ------------------------------------------------ 2. a pipe row whose requirement wraps


def test_family2_pipe_row_with_wrapped_requirement_claim_on_continuation():
    head, _, tail = R24["1.2"].partition(": ")
    text = f"""| Code provision | Code requirement | Comply | Evidence | Commentary |
|---|---|---|---|---|
| 1.2 | {head}: |
{tail}
Yes | Our Tenant Feedback Procedure, part 4 | Checked by the panel |
| 1.3 | {R24['1.3']} | No | We are updating the online form. | Due in June |
"""
    rows = rows_of(text)
    assert summaries(rows) == [
        ("1.2", "yes", "A complaint", "of residents", "Our Tenant", "the panel"),
        ("1.3", "no", "A resident", "complaints policy", "We are", "in June"),
    ]
    assert rows[0].evidence == "Our Tenant Feedback Procedure, part 4"
    assert rows[0].commentary == "Checked by the panel"


# ------------------------------------------------ 3. a whole form on one line


def test_family3_whole_form_flattened_onto_one_line():
    cells = [("1.2", R22["1.2"], "Yes", "Set out in our procedure"),
             ("1.3", R22["1.3"], "No", "Being reviewed this spring"),
             ("1.6", R22["1.6"], "Partial", "Logged by the contact centre"),
             ("1.7", R22["1.7"], "Yes", "Refusals are recorded with a reason")]
    line = " ".join(" ".join(c) for c in cells)
    text = f"Code section Code requirement Comply Evidence\n{line}\n"
    rows = rows_of(text)
    assert [(r.printed_id, r.comply_raw, r.evidence) for r in rows] == [
        (pid, claim, evidence) for pid, _, claim, evidence in cells]
    assert rows[2].requirement.lstrip(".") == R22["1.6"].lstrip(".")


# ------------------------------------------------ 4. labelled blocks with a title and bullets


def test_family4_labelled_blocks_with_title_padding_and_bullets():
    text = f"""Complaints self-assessment
1.2 - Definition of a complaint
Code requirement:
{R24['1.2']}
Compliance:   YES
Evidence:
  • Complaints Policy, paragraph 3
  • Staff intranet guidance
Commentary:
Wording checked by the Resident Panel.
1.3 - Complaints made through someone else
Code requirement:
{R24['1.3']}
Compliance:   PARTIAL
Evidence:
  • Consent form for representatives
Commentary:
Online form to follow.
"""
    rows = rows_of(text)
    assert summaries(rows) == [
        ("1.2", "yes", "A complaint", "of residents", "Complaints Policy", "Resident Panel"),
        ("1.3", "partial", "A resident", "complaints policy", "Consent form", "to follow"),
    ]
    assert "Staff intranet guidance" in rows[0].evidence
    assert rows[0].commentary == "Wording checked by the Resident Panel."


# ------------------------------------------------ 5. evidence on its own line after a pipe row


def test_family5_evidence_line_after_pipe_row_is_joined():
    text = f"""| Code provision | Code requirement | Comply | Evidence | Commentary |
|---|---|---|---|---|
| 1.3 | {R24['1.3']} | Yes | | |
Our advocacy leaflet explains how someone can complain for a neighbour.
| 1.4 | {R24['1.4']} | Yes | Service requests have their own log. | |
"""
    rows = rows_of(text)
    assert [(r.printed_id, r.comply_raw) for r in rows] == [("1.3", "Yes"), ("1.4", "Yes")]
    assert rows[0].requirement == R24["1.3"]
    assert rows[0].evidence == "Our advocacy leaflet explains how someone can complain for a neighbour."


# ------------------------------------------------ 6. one cell per line, NBSP blanks, stray header cells


def test_family6_one_cell_per_line_with_nbsp_blanks_and_stray_header_cell():
    nb = "\u00a0"
    text = f"""How we meet the Code
{nb}
Code section
Code requirement
Yes/No
Evidence
{nb}
1.2
{nb}
{R22['1.2']}
{nb}
Yes
{nb}
Our leaflet and web page both use this definition.
{nb}
Yes/No
{nb}
1.3
{nb}
{R22['1.3']}
{nb}
Yes
{nb}
Representatives are accepted with consent.
{nb} {nb}
"""
    ex = extract(text_source(text))
    assert [(r.printed_id, r.comply_raw) for r in ex.rows] == [("1.2", "Yes"), ("1.3", "Yes")]
    assert ex.rows[0].evidence == "Our leaflet and web page both use this definition."
    assert ex.rows[1].evidence == "Representatives are accepted with consent."


# ------------------------------------------------ 7. the edition from the page as well as the rows


def _edition(text: str) -> str:
    return align(extract(text_source(text)), "doc", catalogue.load()).code_version


def test_family7_2024_page_quoting_2022_definition_reads_as_2024():
    text = f"""Northbrook Homes - Complaint Handling Code self-assessment 2024

Section 1: Definition of a complaint
Code provision\tCode requirement\tComply\tEvidence\tCommentary / explanation
1.2\t{R22['1.2']}\tYes\tOur policy keeps the wording we adopted in 2022.\tTo be updated.
1.3\t{R22['1.3']}\tYes\tAdvocates may complain for a resident.\t

Section 2: Exclusions
Code provision\tCode requirement\tComply\tEvidence\tCommentary / explanation
2.1\tAccepting cases\tYes\tRefusal letters explain why.\t
"""
    assert _edition(text) == "2024"


def test_family7_2022_page_signals_keep_2022():
    text = f"""Westfold Council - self-assessment against the Complaint Handling Code (2022)

Section 1: Definition of a complaint
Code section\tCode requirement\tComply\tEvidence, commentary and any explanations
1.2\t{R22['1.2']}\tYes\tOur policy uses this wording.
1.7\t{R22['1.7']}\tYes\tRefusals are explained in writing.

Section 2: Accessibility and awareness
Code section\tCode requirement\tComply\tEvidence, commentary and any explanations
2.1\tWe make it easy to complain in many ways\tYes\tPhone, email, web form and in person.
"""
    assert _edition(text) == "2022"


def test_family7_2024_title_in_the_files_metadata_counts_too():
    ex = extract(text_source(f"""Section 1: Definition of a complaint
1.2\t{R22['1.2']}\tYes\tWe kept the wording of our old policy.
1.3\t{R22['1.3']}\tYes\tRepresentatives are welcome.
Section 2: Exclusions
2.1\tAccepting cases\tYes\tRefusals are explained.
"""))
    assert align(ex, "doc", catalogue.load()).code_version == "2022"  # the rows alone: old wording
    ex.metadata = {"title": "Complaint handling self-assessment 2024/25"}
    assert align(ex, "doc", catalogue.load()).code_version == "2024"


# ------------------------------------------------ labels the vocabulary does not know


def _labelled_page(labels: tuple[str, str, str], rows: list[tuple[str, str, str, str]], claim_first: bool = True) -> str:
    claim, evidence, commentary = labels
    out = ["Our self-assessment, section by section"]
    for pid, c, ev, com in rows:
        out += [f"Provision {pid}", req("2024", pid)]
        fields = [f"{claim}: {c}", f"{evidence}: {ev}", f"{commentary}: {com}"]
        out += fields if claim_first else fields[1:2] + fields[:1] + fields[2:]
    return "\n".join(out) + "\n"


def test_a_documents_own_labels_are_learned_from_their_repetition():
    rows = [("3.1", "Compliant", "Leaflets in every office and on the website.", "Reprint due in spring."),
            ("3.2", "Partially compliant", "Large print on request; no easy-read version yet.", "Easy-read draft with the panel."),
            ("3.3", "Not compliant", "Posters are not up in the estate offices.", "Caretakers will put them up by June.")]
    for labels in (("Where we stand", "What shows it", "Still to do"), ("Rating", "Proof", "Follow-up")):
        got = rows_of(_labelled_page(labels, rows))
        assert [(r.printed_id, r.comply_raw, r.evidence, r.commentary) for r in got] == [
            (p, c, ev, com) for p, c, ev, com in rows], labels


def test_a_phrase_repeated_inside_one_block_is_text_not_a_label():
    text = f"""Provision 4.1
{req('2024', '4.1')}
Compliant?: Yes
Evidence: Two officers handle complaints. For example: the lead officer signs off stage 2.
For example: cover is arranged when either is away.
Provision 4.2
{req('2024', '4.2')}
Compliant?: Yes
Evidence: Officers can settle cases up to a set sum.
"""
    got = rows_of(text)
    assert [r.printed_id for r in got] == ["4.1", "4.2"]
    assert got[0].evidence.endswith("For example: cover is arranged when either is away.")
    assert got[0].commentary == ""


def test_a_pagers_links_are_site_chrome():
    text = f"""Section 3: Accessibility and awareness
Provision 3.1
{req('2024', '3.1')}
Do we comply?: Yes
Evidence: Published online and in print.
Previous: Section 2 - Exclusions
Next: Section 4 - Complaint handling staff
"""
    (row,) = rows_of(text)
    assert row.evidence == "Published online and in print."


def test_a_label_joining_two_labels_keeps_its_value():
    from extractors.form.labels import field_label

    assert field_label("Evidence / commentary: the panel saw the March figures") == (
        "evidence", "the panel saw the March figures")
    assert field_label("Comments & evidence: see the annual report") == ("evidence", "see the annual report")
    assert field_label("Evidence / commentary: short") == ("evidence", "short")
    # a wrapped line of the Code's wording is no label, though "complaint" is spelt like "compliant"
    assert field_label("complaint, not only when the landlord's") is None


# ------------------------------------------------ a paged document saved as plain text


def test_a_wrapped_claim_header_and_the_pages_running_heads_make_no_rows():
    # pdftotext without -layout: one cell per paragraph, the claim column's header wrapped
    # ("Comply: Yes" / "/ No"), a marking and a footer with the page number on every page.
    head = ["RESTRICTED", "", "Code", "provision", "", "Requirement", "", "Comply: Yes", "/ No", "", "Evidence", ""]
    foot = ["", "Marsh Lane Homes | Board papers | Page {n} of 3", ""]
    text = []
    for n, (pid, claim, evidence) in enumerate([("4.1", "Yes", "Two officers share the role."),
                                                ("4.2", "No", "Settlement limits are not written down."),
                                                ("4.3", "Partial", "Training covers most of the list.")], start=1):
        text += head + [pid, "", req("2024", pid), "", claim, "", evidence] + [f.format(n=n) for f in foot]
    rows = rows_of("\n".join(text))
    assert [(r.printed_id, r.comply_raw, r.evidence) for r in rows] == [
        ("4.1", "Yes", "Two officers share the role."), ("4.2", "No", "Settlement limits are not written down."),
        ("4.3", "Partial", "Training covers most of the list.")]
