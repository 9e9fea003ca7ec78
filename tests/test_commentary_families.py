"""Issue 15 families, each in wording written for this file (not the seeds', not the dev corpus')."""
import datetime as dt

import json

import pytest

from pipeline.commentary import analysis
from pipeline.core.model import Response

DAY = dt.date(2025, 6, 1)


def resp(evidence, pid="3.4", edition="2024", comply="yes", row_no=1):
    return Response(doc_id="d", row_no=row_no, provision_id=pid, code_version=edition, printed_id=pid,
                    id_corrected=False, match_score=1.0, match_method="test", requirement_text="",
                    comply_raw=comply, comply=comply, evidence=evidence, commentary="", section="", sub_heading="",
                    source_start=0, source_end=0)


def run(text, **kw):
    return analysis.analyse([resp(text, **kw)], document_date=DAY)


def refs(text):
    return {(s["value"], s["unit"]) for s in run(text)["signals"] if s["kind"] == "reference" and s["value"]}


@pytest.mark.parametrize("text,want", [
    ("Our Lettings Procedure 7.2; 8.1 covers the handover.", {("7.2,8.1", "procedure")}),
    ("Tenancy Policy 12 applies.", {("12", "policy")}),
    ("Explained in the Repairs Procedure at 6.1.3.", {("6.1.3", "procedure")}),
    ("Described in the Estate Strategy (2.4, 5.1).", {("2.4,5.1", "policy")}),
    ("See clauses 4.1 and 4.6 of the Rent Policy.", {("4.1,4.6", "policy")}),
    ("It is at 3.3 of our Voids Procedure.", {("3.3", "procedure")}),
    ("The Tenant Scrutiny Report covers it in sections 1.2 and 6.", {("1.2,6", "report")}),
    ("Shown at paragraph 2 on our website.", {("2", "website")}),
])
def test_pinpoints_however_printed_with_the_document_they_point_into(text, want):
    assert refs(text) == want


@pytest.mark.parametrize("text", [
    "The Section 151 Officer approves the budget.",
    "A Section 20 notice was served.",
    "The form is in Appendix 7.",
    "Tenancy Policy 2023 applies.",
    "The Lettings Policy 10 working days rule applies.",
])
def test_job_titles_appendices_years_and_counts_are_not_pinpoints(text):
    assert refs(text) == set()


def conflict(text, pid, edition="2024", comply="yes"):
    out = run(text, pid=pid, edition=edition, comply=comply)
    score = out["response_scores"][0]
    why = [x["why"] for x in json.loads(score["reasons"]) if x["score"] == "claim_conflict"]
    return score["claim_conflict"], why


@pytest.mark.parametrize("text,pid,edition,comply", [
    # unfinished work under a Yes
    ("The leaflet setting out accessible formats of the complaints policy is at proof stage; approval is still pending.", "3.4", "2024", "yes"),
    ("The vast majority of our stage 1 letters confirm the decision and the reasons.", "6.9", "2024", "yes"),
    ("We are working towards naming a governing body member with lead responsibility for complaints.", "9.5", "2024", "yes"),
    ("The reasonable adjustments register will need to be amended so every adjustment is recorded.", "5.10", "2024", "yes"),
    # an audit, inspection or survey finding against the claim
    ("Our 2024 assurance review identified gaps in the records of reasonable adjustments.", "5.10", "2024", "yes"),
    ("The mock inspection found that the annual self-assessment had not reached the governing body.", "8.1", "2022", "yes"),
    # a No whose text says it is now done
    ("A governing body member with lead responsibility for complaints has since been appointed.", "9.5", "2024", "no"),
])
def test_the_text_contradicts_the_claim(text, pid, edition, comply):
    got, why = conflict(text, pid, edition, comply)
    assert got, why


@pytest.mark.parametrize("text,pid", [
    # negations that agree with what the provision rules out
    ("Nobody is asked why they want their complaint looked at again at stage 2; we never require reasons.", "6.12"),
    ("We have no stage 0 and no informal stage ahead of a formal complaint.", "5.2"),
    ("The officer reviewing at stage 2 is not the same person who considered stage 1.", "6.13"),
    ("An external review found no issues with the record of reasonable adjustments.", "5.10"),
    # past actions and standing procedures are not promises
    ("The Reasonable Adjustments Procedure was rewritten in March 2024 to be compliant with the Code.", "5.10"),
    ("We will acknowledge each stage 2 request within five working days and log it on the system.", "6.11"),
])
def test_compliant_wording_is_not_a_conflict(text, pid):
    got, why = conflict(text, pid)
    assert not got, why


def commitments(text, pid="8.2", comply="partial"):
    return [s for s in run(text, pid=pid, comply=comply)["signals"] if s["kind"] == "commitment"]


@pytest.mark.parametrize("text,start,end", [
    ("- Annual report published in May 2024\n- Annual report to be refreshed and republished in Q3 in 2025/26\n"
     "- Board briefing held in April 2025", "2025-10-01", "2025-12-31"),
    ("* Revised leaflets agreed in March 2025\n* We're going to publish the annual report in quarter 1 of 2026/27",
     "2026-04-01", "2026-06-30"),
])
def test_bullets_without_full_stops_and_financial_quarters(text, start, end):
    (c,) = commitments(text)
    assert (str(c["date_start"]), str(c["date_end"])) == (start, end)


def test_a_past_revision_to_be_compliant_is_not_a_promise():
    assert commitments("The Annual Report was revised in October 2024 to be compliant with the Code.") == []
