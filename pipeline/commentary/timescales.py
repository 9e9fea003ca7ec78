"""Stated timescales against the Code's.

Evidence that states its own timescale ("we respond to stage 1 complaints within 15 working
days", "within 28 days", "10 days") gives a signal of kind `timescale`: what is timed (the
action and the stage), the number of days, and whether they are working or calendar days.
The Code's timescale for the row is read from the provision's own text (schemas/reference,
through the catalogue): "within five working days", "no more than 10 working days".

Verdicts (signals.cue):
- `longer than the Code`: working days, more than the provision allows; a Yes claiming such a
  row conflicts with its own text, and the reason names both numbers;
- `within the Code`: working days, no more than the provision allows;
- `check: days, the Code says working days`: the text counts days without saying working days
  where the Code counts working days (28 days may or may not be 20 working days): a check to
  make, not a conflict;
- `not the provision's timescale`: the text times another action or stage;
- `the provision sets no timescale`;
- `a former timescale`: the text says it was replaced ("reduced to 20 working days (previously 25)").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.commentary.figures import WORD_NUMBERS

_WORDS = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_NUMBER = rf"(?:\d{{1,3}}|{_WORDS})"
# "within 15 working days", "in 28 days", "10 business days", "twenty (20) working days", "10 further
# working days", and in notes "10 wd", "5 WDs", "10 w/d"
_DAYS = re.compile(rf"(?<![\w.])(?P<n>{_NUMBER})(?:\s*\((?P<n2>\d{{1,3}})\))?(?:[\s-]+(?:further|additional|extra|more)\b)?"
                   rf"(?:[\s-]+(?P<kind>working|calendar|business|clear)?\s*(?P<unit>days?)\b"
                   rf"|\s*(?P<abbr>wds?|w/ds?)(?![\w/]))", re.I)
_STAGE = re.compile(r"\bstage\s*(?P<n>1|2|one|two)\b|\b(?P<ord>first|second|final)\s+stage\b", re.I)
_ACTION = (  # what is timed, by the words near the number (first match wins)
    ("extension", re.compile(r"\bextension|\bextend", re.I)),
    ("acknowledge", re.compile(r"\backnowledg|\blog(?:ged|s)?\b|\bregister", re.I)),
    ("escalate", re.compile(r"\bescalat|\brequest\s+(?:a\s+)?(?:review|stage)", re.I)),
    ("respond", re.compile(r"\brespon|\breply|\breplies|\bresolv|\bdecision|\boutcome|\bfinal\s+response", re.I)),
)
_STAGE_WORDS = {"1": 1, "one": 1, "first": 1, "2": 2, "two": 2, "second": 2, "final": 2}

LONGER = "longer than the Code"
WITHIN = "within the Code"
CHECK = "check: days, the Code says working days"
OTHER = "not the provision's timescale"
NONE = "the provision sets no timescale"
FORMER = "a former timescale"  # "(previously 25 working days)": replaced, not today's


@dataclass(frozen=True)
class Timescale:
    action: str | None  # acknowledge | respond | extension | escalate, None when the text does not say
    stage: int | None
    days: int
    working: bool | None  # True: working (business) days; False: calendar days; None: "days"
    start: int  # character offsets of the number and its unit in the text read
    end: int

    @property
    def unit(self) -> str:
        return {True: "working days", False: "calendar days", None: "days"}[self.working]

    @property
    def sub_kind(self) -> str:
        what = {"acknowledge": "acknowledgement", "respond": "response", "extension": "extension",
                "escalate": "escalation"}.get(self.action or "", "other")
        return f"stage{self.stage}_{what}" if self.stage and what in ("acknowledgement", "response") else what


def _int(text: str) -> int:
    low = text.lower()
    return WORD_NUMBERS[low] if low in WORD_NUMBERS else int(low)


def read(text: str) -> list[Timescale]:
    """Every "N (working|calendar) days" in a text, with what it times: the action and stage named
    nearest before the number in its clause (after it, when nothing before names one)."""
    out = []
    prev_end = 0
    for m in _DAYS.finditer(text):
        begin = max(0, m.start() - 160)
        before = text[begin:m.start()]
        # the clause the number sits in: back to the last sentence or list boundary
        cut = max(before.rfind(". "), before.rfind("\n"), before.rfind(";"), before.rfind("•")) + 1
        sentence = before[cut:]
        lead = text[max(begin + cut, prev_end):m.start()]  # not past the previous timescale
        after = re.split(r"[.;\n]", text[m.end():m.end() + 80])[0]
        # "within 25 working days of the escalation being acknowledged": what follows "of" is when the
        # clock starts, not what is timed
        action = _nearest_action(lead) or (None if re.match(r"\s*(of|from|after)\b", after, re.I) else _first_action(after))
        near = list(_STAGE.finditer(sentence))
        g = near[-1] if near else next(_STAGE.finditer(after), None)
        stage = _STAGE_WORDS[(g.group("n") or g.group("ord")).lower()] if g else None
        kind = (m.group("kind") or "").lower()
        working = True if kind in ("working", "business", "clear") or m.group("abbr") else False if kind == "calendar" else None
        out.append(Timescale(action, stage, _int(m.group("n2") or m.group("n")), working, m.start(), m.end()))
        prev_end = m.end()
    return out


def _nearest_action(text: str) -> str | None:
    best = max(((mm.start(), name) for name, rx in _ACTION for mm in rx.finditer(text)), default=None)
    return best[1] if best else None


def _first_action(text: str) -> str | None:
    best = min(((mm.start(), name) for name, rx in _ACTION for mm in rx.finditer(text)), default=None)
    return best[1] if best else None


@lru_cache(maxsize=512)
def code_timescale(requirement_text: str, stage: int | None = None) -> Timescale | None:
    """The timescale a provision sets, read from its own words ("within five working days of ...",
    "no more than 10 working days"); None when it sets none. `stage` (schemas/reference/stages.csv)
    places a provision that does not name its stage ("respond to the complaint within 10 working days")."""
    found = [t for t in read(requirement_text) if t.working]
    if not found:
        return None
    t = found[0]
    return t if t.stage or stage is None else Timescale(t.action, stage, t.days, t.working, t.start, t.end)


def verdict(stated: Timescale, code: Timescale | None) -> str:
    if code is None:
        return NONE
    if stated.action and code.action and stated.action != code.action:
        return OTHER
    if stated.stage and code.stage and stated.stage != code.stage:
        return OTHER
    if not stated.working:
        return CHECK if code.working and stated.days >= code.days else WITHIN
    return LONGER if stated.days > code.days else WITHIN
