"""References (issue 15): pinpoints however printed, the document they point into, and the numbers
that are not pinpoints. Every sentence here was written for this file."""
import datetime as dt

import pytest

from pipeline.commentary import analysis
from pipeline.core.model import Response


def resp(evidence, commentary=""):
    return Response(doc_id="d", row_no=1, provision_id="5.2", code_version="2024", printed_id="5.2",
                    id_corrected=False, match_score=1.0, match_method="test", requirement_text="",
                    comply_raw="yes", comply="yes", evidence=evidence, commentary=commentary, section="",
                    sub_heading="", source_start=0, source_end=0)


def ref_signals(text):
    out = analysis.analyse([resp(text)], document_date=dt.date(2025, 9, 1))
    return [s for s in out["signals"] if s["kind"] == "reference"]


def pinpoints(text):
    """{number: kind} as the dev corpus is scored: each number once, with the kind it is first given."""
    got = {}
    for s in ref_signals(text):
        for n in (s["value"] or "").split(","):
            if n:
                got.setdefault(n, s["unit"])
    return got


@pytest.mark.parametrize("text,want", [
    # bare numbers after a name, however separated
    ("Repairs Complaints Procedure 2.3; 2.7", {"2.3": "procedure", "2.7": "procedure"}),
    ("XYZ Policy 9 covers it.", {"9": "policy"}),
    ("LBH Tenancy Procedure 4.4", {"4.4": "procedure"}),
    ("Set out in the Rent Arrears Policy at 3.2.2.", {"3.2.2": "policy"}),
    ("Decant Policy: 1.4, 2.2, 6.1", {"1.4": "policy", "2.2": "policy", "6.1": "policy"}),
    ("Decant Policy - 1.4 & 2.2", {"1.4": "policy", "2.2": "policy"}),
    ("Leasehold Policy ref 8.8", {"8.8": "policy"}),
    ("Leasehold Policy, ref: 8.8", {"8.8": "policy"}),
    ("Garage Lettings Policy s.2.1 and Mutual Exchange Policy sec. 5", {"2.1": "policy", "5": "policy"}),
    ("Estate Management Procedure §3.6", {"3.6": "procedure"}),
    ("Home Loss Policy para 11", {"11": "policy"}),
    ("Home Loss Policy paras 11 and 12", {"11": "policy", "12": "policy"}),
    ("Aids and Adaptations Policy 2024 section 5.5", {"5.5": "policy"}),
    # in brackets
    ("The Tenant Involvement Strategy (4.4) sets the panel's role.", {"4.4": "policy"}),
    ("Explained in the Succession Policy (2.2, 7.1).", {"2.2": "policy", "7.1": "policy"}),
    ("Residents get 15 working days to reply (Service Charge Policy 3.9).", {"3.9": "policy"}),
    ("Our Grounds Maintenance Handbook (chapter 4) is clear.", {"4": "policy"}),
    # lists, ranges (recorded by their two ends) and asides between the items
    ("Sections 6.1-6.4 of the Damp and Mould Policy", {"6.1": "policy", "6.4": "policy"}),
    ("Damp and Mould Policy 6.1–6.4", {"6.1": "policy", "6.4": "policy"}),
    ("Paragraphs 2.2 to 2.6 of the Allocations Policy apply.", {"2.2": "policy", "2.6": "policy"}),
    ("Allocations Policy section 7 / 8", {"7": "policy", "8": "policy"}),
    ("Recharges Policy 2.1 (tenants) and 2.3 (leaseholders) set the amounts.", {"2.1": "policy", "2.3": "policy"}),
    ("Recharges Policy sections 1, 4 and 9", {"1": "policy", "4": "policy", "9": "policy"}),
    # a pinpoint before the name it points into
    ("Look at 5.3 of our Pets Policy.", {"5.3": "policy"}),
    ("As per 5.3 of the Pets Policy.", {"5.3": "policy"}),
    ("Refer to 2.8 of the Hoarding Procedure.", {"2.8": "procedure"}),
    ("ref 3.3 Hoarding Procedure", {"3.3": "procedure"}),
    ("See 4.4 and 4.5 (Hoarding Procedure).", {"4.4": "procedure", "4.5": "procedure"}),
    ("Set out in paragraphs 3 and 4, Hoarding Procedure.", {"3": "procedure", "4": "procedure"}),
    ("Clause 9.1 of our tenancy policy", {"9.1": "policy"}),
    ("Para 2.2 of policy.", {"2.2": "policy"}),
    # a bare document word takes a pinpoint
    ("This is covered in section 8 of our policy.", {"8": "policy"}),
    ("Our procedure (2.7) is followed by every officer.", {"2.7": "procedure"}),
    ("Policy: 4.1, 4.2", {"4.1": "policy", "4.2": "policy"}),
    ("Pol. 6.6 and Proc 1.2", {"6.6": "policy", "1.2": "procedure"}),
    ("The procedure deals with this at 3.1.4.", {"3.1.4": "procedure"}),
    ("Our procedure says under 6.2 that we phone the resident.", {"6.2": "procedure"}),
    # a dotted number in brackets later in the sentence points into the document named before it
    ("Recharges Policy 1.1: what we charge; how to appeal (1.5).", {"1.1": "policy", "1.5": "policy"}),
    ("The Recharges Policy, sections 2 and 3 (see also 4.4), is on our website.",
     {"2": "policy", "3": "policy", "4.4": "policy"}),
    # an acronym the name is given
    ("Hate Crime Procedure (HCP) 1.1; HCP 2.4 for escalation.", {"1.1": "procedure", "2.4": "procedure"}),
    ("Our Domestic Abuse Policy (DAP) commits us to this; see DAP 3.3.", {"3.3": "policy"}),
    # names with a quoted title, pages of a website
    ("Read section 2 of our 'Moving home' guide.", {"2": "procedure"}),
    ("Paragraph 3 of the 'Report a repair' page on our website", {"3": "website"}),
    ("The help page (section 1) lists how to get in touch.", {"1": "website"}),
    ("The feedback page, paragraph 2, explains stage 2.", {"2": "website"}),
    # the kind from the document named before, in the sentence or the field
    ("The Board Assurance Report covers it in section 3.", {"3": "report"}),
    ("Our Tenancy Sustainment Policy was refreshed. Section 6 sets out the support.", {"6": "policy"}),
])
def test_pinpoints_and_the_document_they_point_into(text, want):
    assert pinpoints(text) == want


@pytest.mark.parametrize("text", [
    # numbered titles, statutes, appendices
    "Decisions are signed off by our Section 151 Officer.",
    "Appendix 6 of the Decant Policy lists the payments.",
    "The procedure (see Annex 2) has the form.",
    "Schedule 4 of the policy sets the charges.",
    # the Code's own provisions, the Scheme, Acts: not the landlord's documents
    "This meets provision 6.2 of the Code.",
    "As paragraph 6.2 of the Complaint Handling Code requires, we reply in writing.",
    "The Code (section 5) is met by our Decant Policy.",
    "Code section 4.3 is met in full.",
    "Under section 11 of the Landlord and Tenant Act 1985 we repair the structure.",
    "Paragraph 38 of the Housing Ombudsman Scheme explains this.",
    "We meet 5.4 of the Code in our procedure.",
    # dates, money, percentages, times, phone numbers, counts, versions
    "Rent Arrears Policy approved 14.02.2025.",
    "Rent Arrears Policy 03/2025 (approved by Cabinet).",
    "Rent Arrears Policy 14/02/25",
    "The policy (as at 1.4.2025) was used.",
    "Our Pets Policy 1 March 2025",
    "Our policy costs £3.50 a copy.",
    "The policy was met in 96.5% of cases.",
    "The procedure starts at 9.30 am each day.",
    "Ring 0345 678 910 for the policy.",
    "The policy is printed in 7 languages.",
    "The procedure was used 4 times last year.",
    "Decant Policy 6 working days",
    "Decant Policy v3.1 was approved.",
    "Decant Policy version 2 is current.",
    # page numbers and a list the text prints
    "See page 7 of the handbook.",
    "The council policy says: 2.1 Residents come first 2.2 Staff listen 2.3 Everyone is treated fairly",
    "Our policy scored 7.5 (out of 10) in the audit.",
])
def test_numbers_that_are_not_pinpoints(text):
    assert pinpoints(text) == {}


def test_the_code_s_numbers_beside_the_landlord_s_own():
    assert pinpoints("Section 3.1 of the Code is met by section 4 of our Decant Policy.") == {"4": "policy"}
    assert pinpoints("Decant Policy 4.2 reflects Code 4.2.") == {"4.2": "policy"}


def test_a_bare_document_word_without_a_pinpoint_is_no_reference():
    assert ref_signals("Our policy is reviewed every year.") == []
    assert ref_signals("The report went to the Board.")[0]["sub_kind"] == "governance"


def test_the_reference_text_is_the_words_that_decided_it():
    text = "Explained in the Succession Policy (2.2, 7.1). Ring us to ask."
    (r,) = ref_signals(text)
    assert r["text"] == "Succession Policy (2.2, 7.1)" == text[r["start"]:r["end"]]
    (r,) = ref_signals("Residents get a reply (Service Charge Policy 3.9).")
    assert r["text"] == "Service Charge Policy 3.9"
    (r,) = [s for s in ref_signals("Hate Crime Procedure (HCP); HCP 2.4 for escalation.") if s["value"]]
    assert (r["text"], r["value"], r["unit"], r["cue"]) == ("HCP 2.4", "2.4", "procedure", "acronym")


@pytest.mark.parametrize("text", [
    "Officers raised a Section 47 enquiry with the county council.",
    "We relied on Section 8 grounds only once this year.",
    "Our section 11 repair obligations are met.",
    "Section 11 Landlord and Tenant Act 1985 sets our repairing duty.",
    "Housing Act 1988, section 21 was not used.",
])
def test_statutory_sections_are_not_pinpoints(text):
    assert pinpoints(text) == {}


def test_our_own_code_is_not_the_ombudsman_s():
    assert pinpoints("This is at paragraph 6 of our Code of Practice.") == {"6": None}
    assert pinpoints("Section 9 of our policy follows the Code.") == {"9": "policy"}


@pytest.mark.parametrize("text,want", [
    ("Relevant procedure paragraphs: 6.2, 6.5", {"6.2": "procedure", "6.5": "procedure"}),
    ("Mutual Exchange Policy – Section: 3.3", {"3.3": "policy"}),
    ("Mutual Exchange Policy [3.3]", {"3.3": "policy"}),
    ("Mutual Exchange Policy (2022) 3.3", {"3.3": "policy"}),
    ("As set out in 2.4 of the Rent Policy and 7.7 of the Lettings Policy.", {"2.4": "policy", "7.7": "policy"}),
    ("Our Annual Tenancy Report 2024-25 section 2", {"2": "report"}),
])
def test_more_ways_to_print_a_pinpoint(text, want):
    assert pinpoints(text) == want


@pytest.mark.parametrize("text", [
    "The Tenancy Audit Report 2022-23 went to the Board.",
    "Stages 1 and 2 of the Lettings Procedure are explained to applicants.",
    "Applicants rated us 3.8 and 4.1 of the Tenant Survey's questions.",
    "Our Pets Policy (Draft) was shared. Draft 2 follows.",
])
def test_years_and_scores_beside_a_name_are_not_pinpoints(text):
    assert pinpoints(text) == {}


@pytest.mark.parametrize("text,want", [
    ("Rent Policy — 2.2, 2.3", {"2.2": "policy", "2.3": "policy"}),
    ("Download our Rent Policy (PDF, 180KB), section 6", {"6": "policy"}),
    ("Rent Policy (opens in a new tab) paragraph 1.9", {"1.9": "policy"}),
    ("Rent Policy\nSection 5 explains service charges.", {"5": "policy"}),
])
def test_pinpoints_as_web_pages_print_them(text, want):
    assert pinpoints(text) == want


@pytest.mark.parametrize("text", [
    "Our Rent Policy (PDF) 3 pages",
    "Rent Policy (PDF) is attached; PDF 2 is the leaflet.",
    "Rent Policy (approved by Cabinet) 14 complaints followed.",
])
def test_a_file_format_or_an_aside_before_a_count_is_no_pinpoint(text):
    assert pinpoints(text) == {}


@pytest.mark.parametrize("text,want", [
    ("Pets policy refreshed in May - s.4", {"4": "policy"}),
    ("Yes: pets policy s.2.2 and s.3.1.", {"2.2": "policy", "3.1": "policy"}),
    ("See § 7 of the Pets Policy.", {"7": "policy"}),
])
def test_section_abbreviations_away_from_the_name(text, want):
    assert pinpoints(text) == want


def test_a_section_sign_with_no_document_in_its_sentence_is_no_reference():
    assert pinpoints("We spoke to the resident. s.4 was discussed with them.") == {}


@pytest.mark.parametrize("text,want", [
    ("2.3 and 2.6 of the Garden Policy say who cuts the hedges.", {"2.3": "policy", "2.6": "policy"}),
    ("Both 1.2 and 1.4 of our policy apply here.", {"1.2": "policy", "1.4": "policy"}),
    ("Paragraph 6 under the Garden Policy", {"6": "policy"}),
])
def test_numbers_that_open_a_clause_before_the_name(text, want):
    assert pinpoints(text) == want


def test_scores_before_a_name_are_not_pinpoints():
    assert pinpoints("Residents gave us 3.9 and 4.4 of the Garden Survey's marks.") == {}


@pytest.mark.parametrize("text", [
    "Our Garden Policy applies; see our reply at 4.4 above.",
    "As the procedure says at 1.7 below, we visit first.",
    "Complaint Handling Code (2024) paragraph 6",
    "Housing Ombudsman Code 2024, section 2.1",
])
def test_the_forms_own_rows_and_the_code_with_its_year_are_not_pinpoints(text):
    assert pinpoints(text) == {}


def test_a_pinpoint_beside_the_codes_own_number():
    assert pinpoints("Garden Policy 2.8 (Code 6.1)") == {"2.8": "policy"}
    assert pinpoints("Garden Policy section 2.8 and Code section 6.1") == {"2.8": "policy"}


@pytest.mark.parametrize("text,want", [
    ("Garden Policy 1.1; Hedge Guidance 4.2 + 4.4", {"1.1": "policy", "4.2": "policy", "4.4": "policy"}),
    ("Our Garden Policy is on our website and in every office. Section 3 lists who mows.", {"3": "policy"}),
    ("Garden Policy paragraphs 11-12", {"11": "policy", "12": "policy"}),
])
def test_plus_lists_and_the_document_a_website_publishes(text, want):
    assert pinpoints(text) == want


@pytest.mark.parametrize("text", [
    "Grounds audit 23/24 - substantial assurance",
    "Estate Inspection Report 24-25 showed no gaps.",
])
def test_a_financial_year_in_two_digits_is_not_a_pinpoint(text):
    assert pinpoints(text) == {}


@pytest.mark.parametrize("text,want", [
    ("Our Resident Survey (3.6) shows a rise.", {}),
    ("The STAR Survey 4.1 out of 5", {}),
    ("Satisfaction was 3.2 last year (Resident Survey 2025).", {}),
    ("Resident Survey section 2 covers repairs.", {"2": "report"}),
    ("Our Annual Report (6.1) sets it out.", {"6.1": "report"}),
])
def test_a_surveys_bare_numbers_are_scores(text, want):
    assert pinpoints(text) == want
