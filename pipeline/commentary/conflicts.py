"""Whether a row's compliance claim conflicts with its own text.

How a claim conflict is decided (see `judge_conflict`): a row claiming `yes` (or
stating no claim) conflicts with its own text when the text
  - labels itself partial ("Partial - ...", "not fully compliant"), or
  - admits the work is unfinished ("more work is needed", "not yet in place"), or
  - denies something the provision requires (a negation whose words are the
    provision's own distinctive words, or "do this" pointing back at it), or
  - promises, or says it is working on, something the provision requires
    (a one-off commitment, not a conditional or habitual "will", sharing the
    provision's distinctive words or pointing back at it), or
  - quotes an outside finding against it (inspection/audit wording such as
    "an issue with", sharing at least two of the provision's distinctive words).
A row claiming `no` or `partial` conflicts when its text says the thing is now done or in
place (sharing the provision's words) and admits or promises nothing.
"Distinctive" words are lemmas found in at most `DISTINCTIVE_DF` of the Code's
provisions (so "complaint", "landlord", "resident" never count).
"""
from __future__ import annotations

from pipeline.core.model import Response
from pipeline.commentary import timescales
from pipeline.commentary.findings import Meaning, quote
from pipeline.commentary.vocabulary import FIELDS
from pipeline.commentary.requirements import weight


MIN_SHARED_COMMITMENT = 2  # a promise must use two of the provision's distinctive terms (or point back at it)
MIN_SHARED_FINDING = 1  # an outside finding ("an issue with ...") is strong already: one shared term
# ... and one an audit, inspection or survey is said to have reported ("the audit found ... missing")
# needs none: it is quoted in the row because it is about the row's provision
MIN_SHARED_REPORTED = 0


def _about(shared: set[str], back: bool) -> str:
    words = ", ".join(sorted(shared))
    if back:
        return f"{words}; and refers back to the requirement" if words else "refers back to the requirement"
    return words


def judge_conflict(r: Response, meaning: Meaning) -> tuple[bool, list[str]]:
    claim = r.comply
    if claim in ("yes", "not_stated"):
        if claim == "not_stated" and any(a.sub_kind == "not_applicable" for a in meaning.admission):
            return False, ["no claim, and the text says the provision does not apply"]
        why = _against_a_yes(r, meaning)
        if why:
            claimed = "claims yes" if claim == "yes" else "states no claim"
            return True, [f"{claimed}, but the text " + w for w in why]
        return False, ["text neither admits a shortfall nor promises what the provision asks"]
    if claim in ("no", "partial"):
        # a Partial is judged like a No: its text may say the rest has since been done
        # "Not in place at the time of the last assessment. Now ...": a shortfall the text sets in the
        # past is the story of the change, not a gap left (one merely told first may still be open:
        # "23 remedies were overdue. A tracker has been introduced")
        shortfalls = [a for a in meaning.admission if a.sub_kind in ("partial", "incomplete", "negative")]
        last_done = max((_place(d.signal) for d in meaning.completion), default=None)
        # a sentence dated in the past ("Partial in 2023/24 because ...") tells the past unless it says
        # what was done in it too ("Part of it was introduced in 2023; the rest is not in place")
        done_at = {_place(d.signal) for d in meaning.completion}
        past = {_place(p) for p in meaning.past if p["marked"] or _place(p) not in done_at}
        told_before = [a for a in shortfalls if _place(a.signal) in past]
        hedged = [a for a in shortfalls if a not in told_before]
        promised = [c for c in meaning.commitment if c.sub_kind in ("future", "ongoing")]
        # after a past told first ("In the past ...", a shortfall since mended), what is done is about it
        # even in other words ("We've changed that", "Now, a different officer ...")
        then = told_before or [p for p in meaning.past if last_done is not None and _place(p) < last_done]
        done = [d for d in meaning.completion if d.shared or d.back or then]
        # "... – starting April 2026": a date still to come is work left, whatever verb tells it
        if done and not hedged and not promised and not meaning.to_come:
            row, shared = done[0].signal, done[0].shared
            return True, [f"claims {claim}, but the text says it is done ('{row['cue']}', {', '.join(sorted(shared))}): "
                          f"\"{quote(row['text'])}\""]
        return False, [f"claims {claim}, and the text does not say it is done"]
    return False, [f"claim is {claim}: not checked for conflict"]


def _place(signal: dict) -> tuple[int, int]:
    """Reading order of a finding: evidence before commentary, then the offset in the field."""
    return (FIELDS.index(signal["field"]) if signal.get("field") in FIELDS else 0, signal.get("start") or 0)


def _against_a_yes(r: Response, meaning: Meaning) -> list[str]:
    """What in the text says a yes (or no claim) is not so: admissions, promises of what the
    provision asks, a longer timescale than the Code's, an outside finding."""
    why: list[str] = []
    for a in meaning.admission:
        row = a.signal
        if a.sub_kind == "partial":
            why.append(f"says it is partial ('{row['cue']}'): \"{quote(row['text'])}\"")
        elif a.sub_kind == "incomplete":
            why.append(f"admits the work is unfinished ('{row['cue']}'): \"{quote(row['text'])}\"")
        elif a.sub_kind == "negative" and (a.shared or a.back):
            why.append(f"denies part of the requirement ({_about(a.shared, a.back)}): \"{quote(row['text'])}\"")
    for c in meaning.commitment:
        if c.sub_kind in ("future", "ongoing") and (weight(c.shared) >= MIN_SHARED_COMMITMENT or c.back):
            verb = "promises" if c.sub_kind == "future" else "is still working on"
            why.append(f"{verb} what the provision asks ({_about(c.shared, c.back)}): \"{quote(c.signal['text'])}\"")
    for t in meaning.timescale:
        if t.signal["cue"] == timescales.LONGER:
            why.append(f"states {t.signal['text']} where provision {r.provision_id} sets {t.signal['value']}"
                       f" ({t.sub_kind.replace('_', ' ')})")
    for f in meaning.finding:
        if weight(f.shared) >= (MIN_SHARED_REPORTED if f.reported else MIN_SHARED_FINDING) or f.back:
            why.append(f"quotes a finding against it ({_about(f.shared, f.back)}): \"{quote(f.signal['text'])}\"")
    return why
