"""Commitments: a one-off future or ongoing action, not a conditional or habitual "will", and its due date.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING

from pipeline.commentary import dates
from pipeline.commentary.clauses import has_marker, clause_around, subordinate
from pipeline.commentary.vocabulary import vocabulary

if TYPE_CHECKING:
    from pipeline.commentary.reading import Sentence


_PROGRESSIVE_NOT_VERBS = frozenset({"being", "ongoing", "going", "during", "including", "following"})
_SCHEDULED = frozenset({"scheduled", "timetabled", "programmed", "earmarked", "planned"})
_PROMISING = frozenset({"commit", "agree", "undertake", "pledge", "promise"})  # "agreed to introduce ..."


def what_is_worked_on(clause: list, cue: str, sentence: list | None = None) -> list:
    """The part of a commitment's clause that says what is promised or worked on.

    In the active voice the words before the cue name who acts ("The Council's
    Equalities Strategy Lead officer is currently undertaking a review of ..."),
    so only the cue and what follows count; in the passive ("Monitoring of
    service requests will be added ...", "Trends currently included as a
    project") the subject is what is worked on, and the whole clause counts."""
    cue_words = cue.lower().split()
    start = next((n for n in range(len(clause)) if [t.lower_ for t in clause[n:n + len(cue_words)]] == cue_words),
                 None)
    if start is None or not _active(clause[start:]):
        return clause
    if sentence:
        # in the active voice what is promised runs on past commas ("will publicise the policy,
        # the Code and the Scheme"), up to the next clause mark or the end of the sentence
        first = clause[start].i
        rest = [t for t in sentence if t.i >= first]
        stop = next((n for n, t in enumerate(rest) if t.text in {";", ":", "(", ")"} or "\n" in t.text), len(rest))
        return rest[:stop]
    return clause[start:]


def _active(tokens: list) -> bool:
    """Does a commitment cue (and what follows) read in the active voice?"""
    words = [t.lower_ for t in tokens if t.is_alpha or t.lower_ == "'ll"]
    if not words:
        return False
    if words[0] in ("will", "shall", "'ll"):
        rest = [w for w in words[1:] if w not in ("also", "now", "then", "further", "continue", "to")]
        if not rest:
            return False
        if rest[0] == "be":  # "will be implementing" is active, "will be added" passive
            return len(rest) > 1 and rest[1].endswith("ing") and rest[1] not in _PROGRESSIVE_NOT_VERBS
        return True
    if words[:4] == ["in", "the", "process", "of"] or words[0] in ("intend", "intends", "plan", "plans",
                                                                   "propose", "proposes", "expect", "hope"):
        return True
    head = words[:3]
    return any(w.endswith("ing") and w not in _PROGRESSIVE_NOT_VERBS for w in head) and "being" not in head


def read_commitment(s: Sentence) -> tuple[str, str, list] | None:
    """(sub_kind, cue, clause tokens) when the sentence commits to a one-off future or ongoing action."""
    if s.quoted:
        return None
    low = s.text.lower()
    for c in s.cues:
        if c.label == "COMMIT_ONGOING" and not subordinate(s, c.span.start) and not _adjectival_ongoing(c):
            return "ongoing", c.span.text, clause_around(s, c.span.start)
    dated = any(lbl != "DATE_RELATIVE" or dates.normalise(sp.text, lbl, dt.date(2000, 1, 1)) is not None
                or sp.text.lower() in ("shortly", "soon") for lbl, sp in s.dates)
    for c in s.cues:
        if c.label == "COMMIT_DATED" and dated and not s.recommendation and not subordinate(s, c.span.start):
            prev = s.span.doc[c.span.start - 1] if c.span.start > 0 else None
            if prev is None or prev.lemma_ not in ("need", "require", "have", "ask", "want", "expect", "seem"):
                return "future", c.span.text, clause_around(s, c.span.start)  # "analysis to be published later this year"
        if c.label != "COMMIT_FUTURE":
            continue
        first = c.span[0]
        if subordinate(s, first.i):
            continue  # "if ..., we will", "which will be implemented": describes, does not promise
        # "has committed to", "agreed to", "scheduled for" promise like "will": only a change or a date makes
        # them a commitment ("visits are planned for each new tenant" is the service described)
        if first.lower_ in ("will", "shall", "'ll") or first.lemma_ in _PROMISING or first.lower_ in _SCHEDULED:
            if _promises_a_change(s, first, low, dated):
                return "future", c.span.text, clause_around(s, first.i)
            continue
        if s.recommendation:
            continue  # "To be added ..." under a recommendations heading: a recommendation
        return "future", c.span.text, clause_around(s, first.i)
    if s.recommendation:
        return "recommendation", s.cue_text("COMMIT_RECOMMENDATION") or "recommendation", list(s.span)
    return None


def _promises_a_change(s: Sentence, first, low: str, dated: bool) -> bool:
    """A "will" (or "has committed to") that promises a change or is dated, not a standing practice."""
    vocab = vocabulary()
    if _recurring(low) or (not dated and _EVERY_CASE.search(low)):
        return False  # "will always", "each year", "will review each case": a standing practice
    if has_marker(low[first.idx - s.start:], vocab.conditional) and not dated:
        return False  # "will log a complaint where ...": policy described in the future tense
    after = [t for t in s.span.doc[first.i + 1:first.i + 6] if t.is_alpha]
    verbs = [t.lemma_ for t in after if t.lemma_ not in ("be", "also", "now", "then", "need", "to", "begin",
                                                           "start", "seek", "look")]
    return dated or bool(verbs and verbs[0] in vocab.change_verbs)


def opens_with_current_state(s: Sentence) -> bool:
    low = s.text.lower().lstrip("•-– ")
    return any(low.startswith(o) for o in vocabulary().current_openers)


def changes_it(clause: list) -> bool:
    """A change verb whose object is a pronoun: "move these", "change this", "review it"."""
    vocab = vocabulary()
    for i, tok in enumerate(clause[:-1]):
        if tok.lemma_ in vocab.change_verbs and clause[i + 1].lower_ in vocab.anaphora:
            return True
    return False


def due_date(s: Sentence, document_date: dt.date | None) -> dict:
    for label, span in s.dates:
        r = dates.normalise(span.text, label, document_date)
        if r is not None:
            return {"value": dates.format_range(r), "date_start": r[0], "date_end": r[1]}
    if s.dates:
        return {"value": s.dates[0][1].text}
    return {}


_ADJECTIVAL = re.compile(r"(?:annual|quarterly|monthly|weekly|daily)\s+[a-z]")
# "every September", "each spring": a date that comes round again is a timetable, not a due date
_EVERY_SEASON = re.compile(r"(?<![a-z])(?:every|each)\s+(?:" + "|".join(
    m.lower() for m in calendar.month_name[1:]) + r"|spring|summer|autumn|winter|quarter)(?![a-z])")


# "will review each stage 2 case", "every new complaint": done case by case, a standing practice
# (unless dated: "will keep a record of each complaint by December" is a one-off change)
_EVERY_CASE = re.compile(r"(?<![a-z])(?:each|every)\s+(?:[\w-]+\s+){0,2}?(?:case|complaint|request|resident|tenant|"
                         r"time|occasion|escalation)s?(?![a-z])")


def _recurring(low: str) -> bool:
    """ "will always", "each year", "reported quarterly": a standing practice. "the annual report",
    "a quarterly newsletter" name a thing; publishing it for the first time is still a change."""
    if _EVERY_SEASON.search(low):
        return True
    for mk in vocabulary().recurring:
        for m in re.finditer(r"(?<![a-z])" + re.escape(mk) + r"(?![a-z])", low):
            if not _ADJECTIVAL.match(low, m.start()):
                return True
    return False


def _adjectival_ongoing(c) -> bool:
    """ "ongoing monitoring", "an underway project": the word describes a standing activity; only
    "review of the policy ongoing", "work is underway" says work is going on now."""
    doc = c.span.doc
    return len(c.span) == 1 and c.span.end < len(doc) and doc[c.span.end].is_alpha
