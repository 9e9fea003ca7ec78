"""Commitments: a one-off future or ongoing action, not a conditional or habitual "will", and its due date.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Span

from pipeline.commentary import actions, dates
from pipeline.commentary import nlp as cnlp
from pipeline.commentary.clauses import clause_around, clause_window, has_marker, reported_that, subordinate
from pipeline.commentary.vocabulary import vocabulary

if TYPE_CHECKING:
    from pipeline.commentary.reading import Sentence


_PROGRESSIVE_NOT_VERBS = frozenset({"being", "ongoing", "going", "during", "including", "following"})
_SCHEDULED = frozenset({"scheduled", "timetabled", "programmed", "earmarked", "planned"})
_PROMISING = frozenset({"commit", "agree", "undertake", "pledge", "promise", "aim", "look"})  # "agreed to introduce ..."


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
    dated = _due_ahead(s)
    for c in s.cues:
        if c.label == "COMMIT_ONGOING" and not _subordinate(s, c.span.start) and not _adjectival_ongoing(c) \
                and not _practice_going_on(s, c, dated):
            return "ongoing", c.span.text, clause_around(s, c.span.start)
        if c.label == "COMMIT_ACTOR" and _names_the_actor(s, c) and not _practice_going_on(s, c, dated):
            return "ongoing", c.span.text, clause_around(s, c.span.start)
    for c in s.cues:
        found = _cued(s, c, dated)
        if found:
            return found
    found = _note(s, dated) or _decided(s)
    if found:
        return found
    if s.recommendation:
        return "recommendation", s.cue_text("COMMIT_RECOMMENDATION") or "recommendation", list(s.span)
    return None


# whom a verb of informing acts on: "updating residents", "introducing themselves" describe the service
_PEOPLE = frozenset({"themselves", "ourselves", "resident", "residents", "tenant", "tenants", "you", "customer",
                     "customers", "complainant", "complainants", "people", "everyone"})
_INFORMING = frozenset({"update", "introduce", "brief", "remind"})
# a case running while the work goes on: "reviewing the evidence ... before deciding"
_WHILE_A_CASE = ("while", "whilst", "whenever", "before", "after", "until")


def _practice_going_on(s: Sentence, c, dated: bool) -> bool:
    """Work "going on" that is the service itself: done every time or every month ("are reviewing every
    stage 2 response", "reviewing complaints monthly"), informing people ("updating residents",
    "introducing themselves"), or while a case runs ("reviewing the evidence ... before deciding")."""
    doc = s.span.doc
    clause = " ".join(t.lower_ for t in clause_window(doc, c.span.end - 1, size=20)).replace("by when", "")
    # how often the work itself is done, not what it is for ("... so that it can be shown in every case")
    if _routine(s) and _recurring(re.split(r"\b(?:so that|so|to ensure|in order)\b", clause)[0] + " " + c.span.text.lower()):
        return True
    after = [t for t in doc[c.span.end:c.span.end + 2]]
    if not dated and any(t.lower_ in ("each", "every") for t in after):
        return True
    verb = c.span[-1]
    if after and verb.lemma_ in _INFORMING and after[0].lower_ in _PEOPLE:
        return True
    marker = None if dated else has_marker(clause, _WHILE_A_CASE)
    return bool(marker) and not _pending_after(clause, marker)  # not "being written ... before it's adopted"


def _names_the_actor(s: Sentence, c) -> bool:
    """ "HR adding a corporate objective ...", "; comms team drafting a protocol": a terse note whose
    clause opens with who acts, then what they are doing now (no "is" or "are")."""
    if not c.span[0].lower_.endswith("ing"):
        return False  # the pattern names the verb by its lemma; only its -ing form is work going on
    clause = clause_around(s, c.span.start)
    if not 1 <= c.span.start - clause[0].i <= 3 or _subordinate(s, c.span.start) or s.recommendation:
        return False
    actor = s.span.doc[c.span.start - 1]
    return (actor.is_alpha or "&" in actor.text) and actor.lower_ not in _commitment_words().not_actor


def _due_word(s: Sentence, c) -> bool:
    """ "expected 09/2025", "reprint due 10/2025", "booked for the new officers in Oct 2025", "– by December
    2025": a word of planning followed, in its clause, by a date still to come."""
    doc = s.span.doc
    if c.span.start > 0 and doc[c.span.start - 1].lower_ in ("was", "were", "had", "not"):
        return False  # "was due in May", "not expected": past or denied
    clause_end = max(t.i for t in clause_around(s, c.span.end - 1)) if c.span.end - 1 >= s.span.start else c.span.end
    for span, r in _placed(s):
        if c.span.end - 1 <= span.start <= clause_end + 1 and span.start - c.span.end <= 8 and r is not None \
                and _ahead(r, s.document_date) and not any(
                    t.lower_ in ("was", "were", "had", "has", "have", "did") for t in doc[c.span.end:span.start]):
            return True  # not "That target was removed from the 2025/26 plan"
    return False


def _subordinate(s: Sentence, i: int) -> bool:
    """subordinate(), except that what was reported ("the panel heard that work is under way") is said."""
    return subordinate(s, i) and not (i > 0 and reported_that(s.span.doc[i - 1]))


def _cued(s: Sentence, c, dated: bool) -> tuple[str, str, list] | None:
    """A commitment read from a "will", "plan to", "to be done" cue."""
    if c.label == "COMMIT_DATED" and dated and not s.recommendation and not subordinate(s, c.span.start) \
            and not _past_purpose(s, c):
        prev = s.span.doc[c.span.start - 1] if c.span.start > 0 else None
        if c.span[0].lower_ == "to" and c.span[1].lower_ != "be" and not _to_do_after(prev):
            return None
        if c.span[0].lower_ != "to" or prev is None or prev.lemma_ not in _WANTING:
            return "future", c.span.text, clause_around(s, c.span.start)  # "analysis to be published later this year"
    if c.label == "COMMIT_DUE" and _due_word(s, c) and not s.recommendation and not _routine(s):
        return "future", c.span.text, clause_around(s, c.span.start)
    if c.label == "COMMIT_DATED" and not dated and _to_be_changed(s, c):
        return "future", c.span.text, clause_around(s, c.span.start)  # "Leaflet to be reissued"
    if c.label != "COMMIT_FUTURE":
        return None
    # "we aim to": the promising word, not its subject, heads the cue
    first = next((t for t in c.span if t.lemma_ in _PROMISING or t.lower_ in _SCHEDULED), c.span[0])
    if first.lower_ in ("planned", "intended") and (first.i == 0 or s.span.doc[first.i - 1].lemma_ not in ("be", "have")):
        return None  # "the actions taken or planned to put it right": describes the actions
    if _subordinate(s, first.i):
        if _waits_on_a_step(s, first.i) and not _routine(s):
            return "future", c.span.text, clause_around(s, first.i)  # "Once approved, it will be placed on ..."
        return None  # "if ..., we will", "which will be implemented": describes, does not promise
    # "has committed to", "agreed to", "scheduled for", "aim to" promise like "will": only a change or a date
    # makes them a commitment ("visits are planned for each new tenant" is the service described)
    if first.lower_ in ("will", "shall", "'ll") or first.lemma_ in _PROMISING or first.lower_ in _SCHEDULED:
        if _promises_a_change(s, first, s.text.lower(), dated):
            return "future", c.span.text, clause_around(s, first.i)
        return None
    if s.recommendation or _routine(s):
        return None  # "To be added ..." under a recommendations heading; "next review due ... every two years"
    return "future", c.span.text, clause_around(s, first.i)


# "needs to be updated", "asked for it to be reviewed": wanted by someone, not promised
_WANTING = frozenset({"need", "require", "have", "ask", "want", "expect", "seem", "request", "wish", "like", "allow",
                      "right", "able", "for", "enable"})


def _past_purpose(s: Sentence, c) -> bool:
    """ "The leaflet was revised this year to include ...", "Policy updated earlier this year to be clearer":
    the "to" says what a past action was for, not what is promised."""
    changes = vocabulary().change_verbs
    before = [t for t in clause_around(s, c.span.start) if t.i < c.span.start]
    for n, t in enumerate(before):
        if t.lower_ in ("was", "were", "had"):
            return True
        if t.lemma_ in changes and t.lower_ != t.lemma_ and t.lower_.endswith(("ed", "en", "wn", "t")) \
                and (n == 0 or before[n - 1].lower_ not in ("be", "being", "to")):
            return True
    return False


def _to_do_after(prev) -> bool:
    """ "Board to nominate ... 09/2025", "L&D to build ... in 2025/26", "(new starters) to complete by ...":
    what comes before "to" names who is to act, not a want, a need or a way ("need to", "how to")."""
    if prev is None or prev.is_space or prev.like_num:
        return False
    if prev.is_punct:
        return prev.text in (")", ";", ":", "-", "–", "|")  # "New leaflet; to go on the website by 30/06/25"
    return prev.lower_ not in _commitment_words().before_to


def _to_be_changed(s: Sentence, c) -> bool:
    """ "Procedure to be reviewed", "All letters to be updated": an undated note of a change to come, when
    nothing before it wants or requires it ("the right to be heard", "needs to be updated")."""
    part = c.span[-1]
    if len(c.span) < 3 or c.span[-2].lower_ != "be" or part.lemma_ not in vocabulary().change_verbs:
        return False
    if subordinate(s, c.span.start) or s.recommendation or _past_purpose(s, c):
        return False  # not "Leaflet revised in May to be aligned with the Code"
    clause = clause_around(s, c.span.start)
    before = [t for t in clause if t.i < c.span.start]
    # the note opens with what is to be changed: "Procedure to be reviewed", not "... bullet point the
    # issues to be addressed" (a thing described inside another clause)
    if not before or clause[0].i != _opening(s).i or len(before) > 5:
        return False
    return not any(t.lemma_ in _WANTING or t.lower_ in _WANTING or t.lemma_ == "be" for t in before)


def _opening(s: Sentence):
    """The first word of a sentence after its list mark."""
    return next((t for t in s.span if not t.is_space and t.text not in cnlp.BULLETS and t.text not in cnlp.LINE_MARKS),
                s.span[0])


def _waits_on_a_step(s: Sentence, i: int) -> bool:
    """ "Once approved, the policy will be published", "When the board has agreed it, we will ...": the
    promise waits on a one-off step (approval, sign-off, a launch), it does not describe how each case is
    handled ("Once a complaint is logged, we will ...")."""
    if subordinate(s, i, opener=False):
        return False  # "..., which will be ...": the cue's own clause is the condition
    lead = [t for t in s.span if t.i < i]
    text = " ".join(t.lower_ for t in lead)
    if _EVERY_CASE.search(text) or any(t.lemma_ in _CASE_NOUNS for t in lead):
        return False
    # "When the policy is next revised in the autumn, ...": a dated event happens once
    dated = any(span.start < i and r is not None and _ahead(r, s.document_date) for span, r in _placed(s))
    return dated or bool(has_marker(text, _commitment_words().pending))


_ALL = re.compile(r"(?<![a-z])(?:all|every|each|any)\s")
_CASE_NOUNS = frozenset({"complaint", "case", "request", "resident", "tenant", "customer", "escalation", "claim",
                         "appeal", "response", "remedy", "compensation"})


# a meeting's decision about work to come: "RESOLVED: that the policy be revised", "Members agreed
# that officers would publish ...", "The Committee asked that the leaflet be reissued"
_DECIDING = frozenset({"agree", "resolve", "resolved", "decide", "ask", "request", "recommend", "propose", "instruct",
                       "direct", "require"})


def _decided(s: Sentence) -> tuple[str, str, list] | None:
    """A decision reported in minutes: a deciding verb, "that", then a change in the subjunctive ("be
    revised") or in reported speech ("would publish", "would be redesigned")."""
    if not s.has("COMMIT_DECISION"):
        return None
    toks = list(s.span)
    low = [t.lower_ for t in toks]
    for n, t in enumerate(toks):
        if t.lemma_ not in _DECIDING and t.lower_ not in _DECIDING:
            continue
        that = next((k for k in range(n + 1, min(n + 4, len(toks))) if low[k] == "that"), None)
        if that is None:
            continue
        for k in range(that + 1, min(that + 12, len(toks) - 1)):
            if low[k] in (".", ";"):
                break
            nxt = toks[k + 1]
            after_be = toks[k + 2] if low[k + 1] == "be" and k + 2 < len(toks) else None
            if low[k] == "would" and (_a_change(nxt) or (after_be is not None and _a_change(after_be))):
                return "future", f"{t.text} that ... {' '.join(x.text for x in toks[k:k + 3])}", toks[that + 1:]
            if low[k] == "be" and low[k - 1] not in _NOT_SUBJUNCTIVE and _a_change(nxt) and nxt.lower_.endswith(("ed", "en", "t")):
                return "future", f"{t.text} that ... {' '.join(x.text for x in toks[k:k + 2])}", toks[that + 1:]
    return None


def _a_change(tok) -> bool:
    """A verb of changing or delivering, in any form the lookup table may not know ("redesigned",
    "reissued": the word less its ending, less a leading "re")."""
    vocab = vocabulary()
    verbs = vocab.change_verbs | vocab.delivery_verbs
    low = tok.lower_
    stems = {tok.lemma_, low, low[:-1], low[:-2], low[:-3]}
    stems |= {w[2:] for w in stems if w.startswith("re") and len(w) > 5}
    return tok.is_alpha and bool(stems & verbs)


_NOT_SUBJUNCTIVE = frozenset({"will", "would", "to", "can", "could", "should", "must", "may", "might", "shall", "not",
                              "'ll", "n't", "never", "had", "has", "have", "been"})


def _note(s: Sentence, dated: bool) -> tuple[str, str, list] | None:
    """A commitment written as a note, with no "will": "Next step: train handlers (Oct-25)", an item under
    a "Next steps:" heading, "Update CFP by Q3" (a change verb opening the note)."""
    if s.has("COMPLETION"):
        return None
    toks = [t for t in s.span if not t.is_space]
    while toks and (toks[0].text in cnlp.BULLETS or toks[0].text in cnlp.LINE_MARKS):
        toks = toks[1:]  # the list mark of a bullet
    if not toks:
        return None
    # the note's own opening, or one after a separator ("RAG: Amber | Next step: ...")
    for label in (c for c in s.cues if c.label == "COMMIT_LABEL" and (c.span.start == toks[0].i or (
            c.span.start > 0 and s.span.doc[c.span.start - 1].text in ("|", ";")))):
        head = " ".join(t.text for t in label.span if t.is_alpha)
        if _action_label(head):
            rest = [t for t in toks if t.i >= label.span.end]
            if _promised(rest, dated):
                return "future", label.span.text, rest
    if s.recommendation and s.bullet:
        head = _heading(s)
        if head and _action_label(head) and _promised(toks, dated):
            return "future", head, toks
    low = s.text.lower()
    # undated, "Update X when Y happens" or "Include X in all letters" is a practice described
    if s.recommendation:
        return None  # "Reinforce in training" under a recommendations heading: a recommendation
    if any(c.label == "COMMIT_IMPERATIVE" and c.span.start == toks[0].i for c in s.cues) and _opens_with_a_change(toks, dated) \
            and not _routine(s) and (dated or not (_practice_condition(low) or _ALL.search(low))):
        return "future", toks[0].text, toks  # "Update X when Y happens", undated: a practice described
    return None


def _action_label(head: str) -> bool:
    """A label naming work to come ("Next steps", "Action", "Target date"), not one naming work done
    ("Action taken", "Actions completed") or a recommendation."""
    words = head.lower().split()
    if "recommend" in head.lower() or any(w.endswith(("ed", "en")) or w in _commitment_words().done for w in words[1:]):
        return False
    return bool(actions.column_kinds(head) & {"action", "due"}) or head.lower() in _commitment_words().labels


def _practice_condition(low: str) -> bool:
    """A condition that makes a note a practice ("Update the log whenever ..."), not one that waits on
    a one-off step ("Publish the response once approved")."""
    marker = has_marker(low, vocabulary().conditional)
    return bool(marker) and not _pending_after(low, marker)


def _promised(rest: list, dated: bool) -> bool:
    """What follows an action label promises: a date still to come, or a change verb among its first words;
    not a note that the work is done ("Action: complete", "Next steps: none")."""
    text = " ".join(t.lower_ for t in rest).strip(" .-–:")
    if not text or has_marker(text, _commitment_words().done):
        return False
    words = [t for t in rest if t.is_alpha][:4]
    # a change verb in its plain form ("review the leaflet"), not a past participle ("leaflet reprinted")
    verbs = vocabulary().change_verbs
    return dated or any(t.lemma_ in verbs and (t.lower_ == t.lemma_ or t.lower_.endswith("ing")) for t in words) or any(
        t.lower_ == "to" and n + 2 < len(words) and words[n + 1].lower_ == "be" for n, t in enumerate(words))


def _opens_with_a_change(toks: list, dated: bool = False) -> bool:
    """A note opening with a change verb in its plain form ("Update", "Roll out"), not a past participle
    ("Updated"), a noun before "of" ("Review of ..."), a label ("Review:") or a heading of one or two words."""
    if len(toks) < 3 or not toks[0].is_alpha:
        return False
    verb, nxt = toks[0], toks[1]
    if verb.lower_ != verb.lemma_ or verb.lemma_ not in vocabulary().change_verbs:
        return False
    if dated and nxt.lower_ in ("of", "to"):
        return True  # "Review of all live restrictions by 31/12/2025": the change named, with its date
    if not nxt.is_alpha or nxt.lower_ in ("of", "and", "date", "dates") or any(t.text == ":" for t in toks[:4]):
        return False
    # "Improve communication is one of our values", "Review completed in May", "Change requests are
    # logged": the word names a thing, it is not an instruction
    if nxt.lower_.endswith(("ed", "en")) and nxt.lower_ not in ("screen", "open", "green", "kitchen", "garden"):
        return False
    return not any(t.lower_ in ("is", "are", "was", "were", "has", "have", "had") for t in toks[1:8])


def _heading(s: Sentence) -> str | None:
    """The label of the heading line a bullet sits under ("Next steps:"), if any."""
    before = s.doc_text[:s.start].rstrip().split("\n")
    for line in reversed(before):
        line = line.strip()
        if line.endswith(":"):
            return line.rstrip(":").strip(" -–•*")
        if not line or line[0] not in "-–•*·▪◦●>" and not line[:1].isdigit():
            return None
    return None


@dataclass(frozen=True)
class _Words:
    pending: tuple[str, ...]
    not_actor: frozenset[str]
    before_to: frozenset[str]
    done: tuple[str, ...]
    labels: frozenset[str]


@lru_cache(maxsize=1)
def _commitment_words() -> _Words:
    lex = cnlp.lexicon()
    return _Words(tuple(w.lower() for w in lex["pending_step_words"]), frozenset(lex["not_an_actor"]),
                  frozenset(lex["not_a_promise_before_to"]), tuple(w.lower() for w in lex["done_words"]),
                  frozenset(w.lower() for w in lex["action_note_labels"]))


def _placed(s: Sentence) -> list[tuple[Span, tuple[dt.date, dt.date] | None]]:
    return [(span, dates.normalise(span.text, label, s.document_date)) for label, span in _dates(s)]


def _dates(s: Sentence) -> list[tuple[str, Span]]:
    """The sentence's dates, less those naming a thing ("this year's assessment")."""
    doc = s.span.doc
    return [(label, span) for label, span in s.dates
            if not (span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s"))]


def _ahead(r: tuple[dt.date, dt.date] | None, document_date: dt.date | None) -> bool:
    """A date that is not already over on the document's date (dates.py: a due date is never past)."""
    return r is None or document_date is None or r[1] >= document_date


def _due_ahead(s: Sentence) -> bool:
    """Does the sentence give a date a commitment can be due by (not vague, not already past)?"""
    for span, r in _placed(s):
        if r is not None:
            if _ahead(r, s.document_date):
                return True
        elif span.label_ != "DATE_RELATIVE" or span.text.lower() in ("shortly", "soon") or dates.normalise(
                span.text, span.label_, dt.date(2000, 1, 1)) is not None:
            return True
    return False


def _promises_a_change(s: Sentence, first, low: str, dated: bool) -> bool:
    """A "will" (or "has committed to") that promises a change or is dated, not a standing practice."""
    vocab = vocabulary()
    if _routine(s) or (not dated and _EVERY_CASE.search(low)):
        return False  # "will always", "each year", "will review each case": a standing practice
    marker = has_marker(low[first.idx - s.start:], vocab.conditional)
    if marker and not dated and not _pending_after(low[first.idx - s.start:], marker):
        return False  # "will log a complaint where ...": policy described in the future tense
    after = [t for t in s.span.doc[first.i + 1:first.i + 6] if t.is_alpha]
    verbs = [t.lemma_ for t in after if t.lemma_ not in ("be", "also", "now", "then", "need", "to", "begin",
                                                           "start", "seek", "look")]
    return dated or bool(verbs and verbs[0] in vocab.change_verbs)


def _pending_after(low: str, marker: str) -> bool:
    """ "we'll publish it once it's signed off": the condition is a one-off step still to come."""
    m = re.search(r"(?<![a-z])" + re.escape(marker) + r"(?![a-z])", low)
    return m is not None and bool(has_marker(" ".join(low[m.end():].split()[:6]), _commitment_words().pending))


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
    """The first date of the sentence still to come on the document's date ("Policy revised in May 2024;
    leaflet to be reissued by Q3": Q3); a past date is never a due date (dates.py)."""
    placed = [(span, dates.normalise(span.text, label, document_date)) for label, span in _dates(s)]
    com = read_commitment(s) if len(placed) > 1 else None
    if com:
        # "Subject to approval in September, the policy will go live in October": the promise's own clause first
        inside = {t.i for t in com[2]}
        placed.sort(key=lambda p: p[0].start not in inside)
    for _span, r in placed:
        if r is not None and _ahead(r, document_date):
            return {"value": dates.format_range(r), "date_start": r[0], "date_end": r[1]}
    vague = [span for span, r in placed if r is None]
    if vague:
        return {"value": vague[0].text}
    return {}


def lend_due_dates(signals: list[dict]) -> None:
    """A row's bare due note ("Owner - Complaints Manager; due Sep-25", "Target: Jul-25", "Due 30/06/25")
    dates the undated commitments before it in the row (evidence, then commentary): a tracker gives the
    work in one cell and its date in the next.  Changes the signals in place."""
    undated: list[dict] = []
    for row in signals:
        if row["kind"] != "commitment" or row["sub_kind"] not in ("future", "ongoing"):
            continue
        if row["date_start"] is None:
            undated.append(row)
        elif undated and _due_note(row):
            for earlier in undated:
                earlier.update(value=row["value"], date_start=row["date_start"], date_end=row["date_end"])
            undated = []
        else:
            undated = []


def _due_note(row: dict) -> bool:
    """A commitment signal that says only when: its cue a due word or label, a few words in all."""
    cue = (row["cue"] or "").lower().strip(" :-–")
    words = re.findall(r"[a-z]+", row["text"].lower())
    return len(words) <= 8 and ("due" in actions.column_kinds(cue) or cue in ("expected", "eta"))


# "monthly report" names a thing; "monthly at the meeting", "on a monthly basis" say how often
_ADJECTIVAL = re.compile(r"(?:annual|quarterly|monthly|weekly|daily)\s+"
                         r"(?!(?:at|in|on|by|to|and|or|the|a|an|with|for|from|basis|through|via)\b)[a-z]")
# "every September", "each spring": a date that comes round again is a timetable, not a due date
_EVERY_SEASON = re.compile(r"(?<![a-z])(?:every|each)\s+(?:" + "|".join(
    m.lower() for m in calendar.month_name[1:]) + r"|spring|summer|autumn|winter|quarter)(?![a-z])")


# "every two years", "every 6 months", "every other week": a cycle, not a one-off
_EVERY_PERIOD = re.compile(r"(?<![a-z])every\s+(?:\d+|two|three|four|five|six|other|few|couple\s+of)\s+(?:[a-z]+\s+)?"
                           r"(?:days?|weeks?|months?|years?|quarters?)(?![a-z])")


# "will review each stage 2 case", "will address every point": done case by case, a standing practice
# (unless dated: "will keep a record of each complaint by December" is a one-off change)
_EVERY_CASE = re.compile(r"(?<![a-z])(?:each|every)\s+(?!(?:of|one)\b)[a-z]")


def _routine(s: Sentence) -> bool:
    """A practice that comes round again ("every month", "always"), unless the sentence starts it at a
    time still to come ("... every six months, starting this autumn": a new practice is a change)."""
    if not _recurring(s.text.lower()):
        return False
    doc = s.span.doc
    for span, r in _placed(s):
        before = doc[max(s.span.start, span.start - 2):span.start]
        if r is not None and _ahead(r, s.document_date) and any(t.lower_ in _STARTING for t in before):
            return False
    return True


_STARTING = frozenset({"starting", "from", "beginning", "commencing"})


def _recurring(low: str) -> bool:
    """ "will always", "each year", "reported quarterly": a standing practice. "the annual report",
    "a quarterly newsletter" name a thing; publishing it for the first time is still a change."""
    if _EVERY_SEASON.search(low) or _EVERY_PERIOD.search(low):
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
