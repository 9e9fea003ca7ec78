"""Issue 15: commitments and their due dates, in wording written for this file (not the seeds',
not the dev corpus'). Every case here failed on the code before the rule it exercises."""
import datetime as dt

import pytest

from pipeline.commentary import analysis, dates
from pipeline.commentary import nlp as commentary_nlp
from pipeline.core.model import Response

DAY = dt.date(2025, 6, 20)


def commitments(text, comply="yes", pid="4.1", commentary=""):
    r = Response(doc_id="d", row_no=1, provision_id=pid, code_version="2024", printed_id=pid, id_corrected=False,
                 match_score=1.0, match_method="test", requirement_text="", comply_raw=comply, comply=comply,
                 evidence=text, commentary=commentary, section="", sub_heading="", source_start=0, source_end=0)
    out = analysis.analyse([r], document_date=DAY)
    return [s for s in out["signals"] if s["kind"] == "commitment" and s["sub_kind"] in ("future", "ongoing")]


def due(text, commentary=""):
    found = commitments(text, commentary=commentary)
    assert found, text
    first = found[0]
    return f"{first['date_start']}/{first['date_end']}" if first["date_start"] else None


@pytest.mark.parametrize("text,label,want", [
    # financial-year quarters, short and spelled out
    ("Q2 24/25", "DATE_QUARTER", "2024-07-01/2024-09-30"),
    ("Q4 FY26/27", "DATE_QUARTER", "2027-01-01/2027-03-31"),
    ("quarter two of 2026-27", "DATE_QUARTER", "2026-07-01/2026-09-30"),
    ("FY 26/27", "DATE_FINANCIAL_YEAR", "2026-04-01/2027-03-31"),
    # a month with a two-figure year, a month in figures
    ("Jun-26", "DATE_SHORT", "2026-06-01/2026-06-30"),
    ("Feb 27", "DATE_MONTH_YEAR", "2027-02-01/2027-02-28"),
    ("11/2025", "DATE_SHORT", "2025-11-01/2025-11-30"),
    ("14/01/2026", "DATE_SHORT", "2026-01-14/2026-01-14"),
    ("3 Nov 25", "DATE_DAY_MONTH_YEAR", "2025-11-03/2025-11-03"),
    ("28/02/26", "DATE_SHORT", "2026-02-28/2026-02-28"),
    # thirds of a year
    ("early 2027", "DATE_PART_OF_YEAR", "2027-01-01/2027-04-30"),
    ("mid-2026", "DATE_SHORT", "2026-05-01/2026-08-31"),
    ("late 2025", "DATE_PART_OF_YEAR", "2025-09-01/2025-12-31"),
    ("earlier this year", "DATE_RELATIVE", "2025-01-01/2025-06-19"),
    # a day and month without a year: the next such day
    ("by 14 September", "DATE_DAY_MONTH", "2025-09-14/2025-09-14"),
    ("2 March", "DATE_DAY_MONTH", "2026-03-02/2026-03-02"),
])
def test_date_forms_of_action_plans(text, label, want):
    assert dates.format_range(dates.normalise(text, label, DAY)) == want


@pytest.mark.parametrize("text,want", [
    ("We will have moved the complaints pages to the new website by Q1 26/27.", "2026-04-01/2026-06-30"),
    ("The form will be changed during quarter one of 2026-27.", "2026-04-01/2026-06-30"),
    ("We will publish the revised charter by Nov-25.", "2025-11-01/2025-11-30"),
    ("The handbook will be reprinted by 02/2026.", "2026-02-01/2026-02-28"),
    ("The new triage form will be introduced in early 2026.", "2026-01-01/2026-04-30"),
    ("Our learning log will be expanded by year end.", "2025-06-20/2025-12-31"),
    # the neighbour's past date is not the due date
    ("Charter adopted in March 2024; the FAQs will be extended by October 2025.", "2025-10-01/2025-10-31"),
    ("- Handbook reissued Jan 2025\n- Extend the FAQs to cover stage 2 by 30/11/2025", "2025-11-30/2025-11-30"),
    # a month named for a meeting; a booking made for a time to come
    ("Sign-off will be requested at the October board.", "2025-10-01/2025-10-31"),
    ("Refresher sessions for the lettings team have been booked for the autumn.", "2025-09-01/2025-11-30"),
    ("The Head of Service has committed to clearing all overdue remedies by November.", "2025-11-01/2025-11-30"),
    ("When the leaflet is next reprinted in the spring, it will carry the Ombudsman's details.",
     "2026-03-01/2026-05-31"),
    ("Trial of the shorter stage 1 letter - target 15/09/25", "2025-09-15/2025-09-15"),
    ("The repairs team will move those letters onto the new template by 12 August.", "2025-08-12/2025-08-12"),
    # "this year's report" names a report, it does not date the promise
    ("It will be placed on our website with this year's report after the panel meets in October.",
     "2025-10-01/2025-10-31"),
    # a note after a separator, a "to" opening a clause
    ("RAG: Red | Next step: scanning team onto the tracker by 30/09/25", "2025-09-30/2025-09-30"),
    ("Easy-read summary drafted; to go to print by 15/08/25", "2025-08-15/2025-08-15"),
    # the promise's own clause gives its date, not the step it waits on
    ("Subject to the panel's agreement in July, the new remedy scale will apply from January 2026.",
     "2026-01-01/2026-01-31"),
])
def test_due_dates(text, want):
    assert due(text) == want


def test_a_bare_due_note_dates_the_work_before_it():
    """A tracker row: the work in the evidence, its date in the next cell."""
    assert due("Tenant handbook being rewritten to show the 20-day window",
               commentary="Lead - Housing Manager; due Nov-25") == "2025-11-01/2025-11-30"
    # a second promise with its own words is not a due note: the first stays undated
    assert due("Tenant handbook being rewritten to show the 20-day window",
               commentary="We will also publish a summary of the handbook on the website by Nov-25.") is None


@pytest.mark.parametrize("text", [
    # promised with a "will" and its many cousins
    "We aim to translate the leaflet into Polish and Arabic in Q3 25/26.",
    "We're looking to appoint a second investigator before Christmas, all being well in 2025.",
    "Once the committee has approved it, the new policy will be placed on our website.",
    "Publish the revised policy on the intranet once signed off",
    # notes without a subject or a "will"
    "Action: redesign the stage 2 letter - Sep-25",
    "Next steps: revise the compensation matrix",
    "Target date: 31/01/2026 - retrain the contact centre",
    "Next steps:\n- Replace the paper form\n- Retrain the repairs desk",
    "Refresh the intranet guidance by Q2",
    "- Leaflet to be reprinted",
    "Review of all stage 2 templates by 31/03/2026",
    # under way now
    "Review of the vulnerability policy (in progress)",
    "We're rewriting the letter that explains how to escalate.",
    "The team is busy updating the self-assessment.",
    "Escalation guidance being redrafted with the legal team.",
    "Revised remedies guidance in preparation.",
    "Legal services drafting a new unreasonable behaviour procedure.",
    "Template wording agreed; go-live expected 10/2025.",
    "Regional managers to attend refresher sessions by Dec 2025.",
    "Work on the Welsh translation has started but is not yet finished.",
    "We are in the process of moving old case notes onto the system so that they can be found in every case.",
])
def test_commitments_in_many_forms(text):
    assert commitments(text), text


@pytest.mark.parametrize("text", [
    # a past action is not a promise, whatever it was done for
    "The procedure was rewritten in April 2024 to be aligned with the Code.",
    "Letters redesigned in Feb 2025 to be written in plain English.",
    # a standing procedure, even with a word the new rules read
    "Every upheld response sets out the actions taken or planned to put it right.",
    # what a past action was for, dated by the year it happened in
    "The escalation letter was reworded this year to include the Ombudsman's phone number.",
    "Charter refreshed earlier this year to include the extension rules.",
    "Handbook reworked in May to be aligned with the 2024 Code.",
    # a change verb naming a thing done, not an instruction
    "Review carried out by the scrutiny panel in 2024.",
    "Update given to the board in April on stage 2 timescales.",
    "Review completed by internal audit; no gaps found.",
    # waiting for a step is not a promise dated by the period a thing covers
    "The annual review for this year is waiting to go before the panel.",
])
def test_not_commitments(text):
    assert not commitments(text), text


@pytest.mark.parametrize("text", [
    "The complaints charter was refreshed in 2023/24 to be clearer for residents.",
    "- Charter amended Oct 2024 to reflect the Code",
    "Our officers will ring the resident to agree a remedy.",
    "The reviewer will respond to every point the resident raises.",
    "Once a complaint has been logged, we will send an acknowledgement.",
    "If you need a translator, just tell us and we'll arrange one.",
    "Include the case reference in all letters.",
    "Update the log whenever a complaint is escalated.",
    "Action taken: guidance reissued in May 2024.",
    "Timescale: 20 working days from escalation.",
    "Complete - policy on the website.",
    "Improve our service is part of our values statement.",
    "That target was dropped from the 2025/26 plan.",
    "Recommendations:\n- Strengthen the guidance on remedies",
    "We ask for the complaint to be escalated in writing.",
])
def test_guards_of_the_new_rules(text):
    """These pass on the code before too, on purpose: each is a near miss of a rule added here
    (an opening change verb, an action label, a due word, "once ...", "to <verb>"), and fails if
    that rule reads it as a promise."""
    assert not commitments(text), text


@pytest.mark.parametrize("text,want", [
    ("The complaints leaflet will be rewritten by the end of 2026/27.", "2026-04-01/2027-03-31"),
    ("We will refresh the landing page before the end of the year.", "2025-06-20/2025-12-31"),
])
def test_end_of_a_period_is_that_period(text, want):
    """dates.py: "end of" names the period it ends; only "the year" said bare is narrowed (guards)."""
    assert due(text) == want


@pytest.mark.parametrize("text", [
    # work "going on" that is the service itself
    "Case officers are updating tenants fortnightly by phone.",
    "Our panel is reviewing every upheld case before the letter goes out.",
    "The team is reviewing open cases weekly at the huddle.",
    "Complaint handlers are introducing themselves by name on the first call.",
    "Investigating officers are reviewing the file and interviewing staff before reaching a view.",
    # a cycle, not a one-off: the next turn of it is not a promise
    "The charter is refreshed every three years; the next refresh is expected in May 2026.",
])
def test_a_practice_going_on_is_not_a_commitment(text):
    assert not commitments(text), text


def test_a_new_practice_that_starts_later_is_a_change():
    """ "every quarter" is a routine, but one that starts at a time to come is being introduced."""
    assert due("We will audit contractor letters every quarter from January 2026.") == "2026-01-01/2026-01-31"


def test_patterns_may_name_a_lexicon_list():
    """ "@change_verbs" in a pattern file stands for the lexicon's list of that name."""
    imperative = commentary_nlp.pattern_file("cues")["COMMIT_IMPERATIVE"][0][0]["LEMMA"]["IN"]
    assert "update" in imperative and imperative == [w.lower() for w in commentary_nlp.lexicon()["change_verbs"]]
