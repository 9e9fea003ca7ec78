"""Stated timescales against the Code's (issue 15): read, compared with the provision's own text."""
import datetime as dt
import json

import duckdb
import pytest

from pipeline.commentary import analysis, timescales
from pipeline.core import catalogue
from pipeline.core.model import Response


def resp(evidence, pid, edition="2024", comply="yes"):
    return Response(doc_id="d", row_no=1, provision_id=pid, code_version=edition, printed_id=pid,
                    id_corrected=False, match_score=1.0, match_method="test", requirement_text="",
                    comply_raw=comply, comply=comply, evidence=evidence, commentary="", section="", sub_heading="",
                    source_start=0, source_end=0)


def analysed(text, pid, edition="2024", comply="yes"):
    out = analysis.analyse([resp(text, pid, edition, comply)], document_date=dt.date(2025, 6, 1))
    reasons = json.loads(out["response_scores"][0]["reasons"])
    return out, out["response_scores"][0]["claim_conflict"], reasons


@pytest.mark.parametrize("edition,pid,action,stage,days", [
    ("2024", "6.2", "acknowledge", 1, 5), ("2024", "6.3", "respond", 1, 10), ("2024", "6.11", "acknowledge", 2, 5),
    ("2024", "6.14", "respond", 2, 20), ("2024", "6.4", "extension", 1, 10), ("2022", "5.1", "respond", 1, 10),
    ("2022", "5.13", "respond", 2, 20),
])
def test_the_codes_timescale_is_read_from_the_provision_text(edition, pid, action, stage, days):
    p = catalogue.load().get(edition, pid)
    t = timescales.code_timescale(p.requirement_text, p.stage)
    assert (t.action, t.stage, t.days, t.working) == (action, stage, days, True)


def test_a_provision_without_a_timescale_has_none():
    p = catalogue.load().get("2024", "3.4")
    assert timescales.code_timescale(p.requirement_text, p.stage) is None


def test_stated_timescales_with_what_they_time():
    got = timescales.read("Stage two replies go out within twenty (20) working days, and we acknowledge them in 3 days.")
    assert [(t.sub_kind, t.days, t.unit) for t in got] == [("stage2_response", 20, "working days"),
                                                          ("stage2_acknowledgement", 3, "days")]


def test_a_yes_with_a_longer_timescale_conflicts_naming_both_numbers():
    out, conflict, reasons = analysed("Our target for a full stage 1 reply is 12 working days from acknowledgement.",
                                      "6.3")
    assert conflict
    why = [r["why"] for r in reasons if r["score"] == "claim_conflict"][0]
    assert "12 working days" in why and "10 working days" in why
    (sig,) = [s for s in out["signals"] if s["kind"] == "timescale"]
    assert (sig["sub_kind"], sig["number"], sig["value"], sig["cue"]) == (
        "stage1_response", 12.0, "10 working days", timescales.LONGER)


def test_calendar_days_where_the_code_says_working_days_is_a_check_not_a_conflict():
    out, conflict, reasons = analysed("Final responses at stage 2 are sent within 28 days.", "6.14")
    assert not conflict
    assert [r for r in reasons if r["score"] == "timescale" and r["effect"] == "check"]


@pytest.mark.parametrize("text,pid", [
    ("We acknowledge stage 1 complaints within 2 working days.", "6.2"),
    ("Stage 1 acknowledgements go out in 5 working days and full replies follow in 10 working days.", "6.3"),
    ("We acknowledge stage 1 complaints within 8 working days.", "6.3"),  # times another action than 6.3's
])
def test_timescales_within_the_code_or_for_another_action_are_no_conflict(text, pid):
    assert not analysed(text, pid)[1]


def test_stated_timescales_view_lists_every_timescale_signal(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    want = con.execute("SELECT doc_id, row_no, number, cue FROM signals WHERE kind = 'timescale' ORDER BY ALL").fetchall()
    got = con.execute("SELECT doc_id, row_no, stated_days, verdict FROM stated_timescales ORDER BY ALL").fetchall()
    con.close()
    assert len(got) == len(want) > 0
    assert [(d, r, float(n), v) for d, r, n, v in got] == want


@pytest.mark.parametrize("text,want", [
    ("Stage one target 15 wd from logging.", [(15, True)]),
    ("Max. 10 WDs extension, agreed with the tenant.", [(10, True)]),
    ("We may take up to 10 further working days, and say why.", [(10, True)]),
    ("Replies in 10 w/d.", [(10, True)]),
    ("Ten words of evidence.", []),
])
def test_timescales_in_officers_notes(text, want):
    from pipeline.commentary import timescales
    assert [(t.days, t.working) for t in timescales.read(text)] == want
