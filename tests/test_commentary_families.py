"""Issue 15 families, each in wording written for this file (not the seeds', not the dev corpus')."""
import datetime as dt

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
