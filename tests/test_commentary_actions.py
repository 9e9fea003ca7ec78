"""Commitments read from the columns a landlord adds to the form (issue 13): an action plan
is a list of dated commitments, with an owner when one is named.  Wording written here,
not the fixtures' nor the seeds'."""
from __future__ import annotations

import datetime as dt
import json

from pipeline.commentary import analysis
from pipeline.commentary.actions import column_kinds
from pipeline.core.model import Response

DAY = dt.date(2025, 6, 1)


def resp(extra: dict, evidence="Our leaflet explains each stage.", row_no=1):
    return Response(doc_id="d", row_no=row_no, provision_id="3.4", code_version="2024", printed_id="3.4",
                    id_corrected=False, match_score=1.0, match_method="test", requirement_text="",
                    comply_raw="Yes", comply="yes", evidence=evidence, commentary="", section="", sub_heading="",
                    source_start=0, source_end=0, extra_columns=json.dumps(extra) if extra else None)


def actions(*responses):
    found = analysis.analyse(list(responses), document_date=DAY)["signals"]
    return [s for s in found if s["field"] == "extra_columns"]


def test_each_line_of_an_action_column_is_a_dated_commitment_with_its_owner():
    header = "Improvement action / owner / by when"
    cell = ("- Pilot an evening surgery for complaints, owner - Neighbourhood Manager, by 30/09/2026\n"
            "- Print the timescales on rent statements (lead: Income Team) by Q3 2026/27")
    got = actions(resp({header: cell, "RAG": "Amber"}))
    assert [(s["kind"], s["sub_kind"], s["source_column"], s["cue"]) for s in got] == [
        ("commitment", "action", header, header)] * 2
    assert [cell[s["start"]:s["end"]] for s in got] == [s["text"] for s in got]
    assert got[0]["text"].startswith("Pilot an evening surgery") and got[1]["text"].startswith("Print the")
    assert [s["owner"] for s in got] == ["Neighbourhood Manager", "Income Team"]
    assert [(s["date_start"], s["date_end"]) for s in got] == [
        (dt.date(2026, 9, 30), dt.date(2026, 9, 30)), (dt.date(2026, 10, 1), dt.date(2026, 12, 31))]


def test_due_date_and_owner_from_columns_of_their_own():
    got = actions(resp({"Next steps": "Update the questions-and-answers page on stage 2 reviews",
                        "Target date": "November 2026", "Responsible officer": "Web Editor"}))
    assert len(got) == 1
    s = got[0]
    assert (s["source_column"], s["owner"], s["value"]) == ("Next steps", "Web Editor", "2026-11-01/2026-11-30")
    assert s["text"] == "Update the questions-and-answers page on stage 2 reviews"


def test_a_by_when_column_alone_holds_the_commitment():
    got = actions(resp({"By when": "Retender the interpreting contract by 1 April 2027"}))
    assert [(s["text"], s["value"]) for s in got] == [
        ("Retender the interpreting contract by 1 April 2027", "2027-04-01/2027-04-01")]


def test_columns_that_promise_nothing_give_no_commitment():
    assert actions(resp({"RAG": "Green", "Lead officer": "Head of Housing"})) == []
    assert actions(resp({"Action": "N/A"}), resp({"Next steps": "No further action."}, row_no=2)) == []
    assert actions(resp({})) == []
    # an undated action is still a commitment, with no due date
    (s,) = actions(resp({"Actions": "Ask the scrutiny panel to test the web form"}))
    assert s["value"] is None and s["date_end"] is None and s["owner"] is None


def test_which_headers_name_an_action_a_due_date_or_an_owner():
    assert column_kinds("Action / owner / target date") == {"action", "owner", "due"}
    assert column_kinds("Lead officer") == {"owner"}
    assert column_kinds("RAG") == set()
    assert column_kinds("Deadline") == {"due"}


def test_action_columns_do_not_change_the_scores():
    plain = analysis.analyse([resp({})], document_date=DAY)["response_scores"]
    planned = analysis.analyse([resp({"Next steps": "Train two more investigators by March 2026"})],
                               document_date=DAY)["response_scores"]
    assert plain == planned
