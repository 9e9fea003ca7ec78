"""Read the evidence and commentary of each response: what it cites, promises and admits.

`analyse(responses, document_date=...)` runs over the aligned rows of one
document and returns two doc-scoped tables:

- `signals`: one row per reference, commitment, admission or quoted figure
  found in a response's evidence or commentary, with character offsets into
  that field (`field`, `start`, `end`).  `kind` is one of reference /
  commitment / admission / figure and `sub_kind` refines it (see
  schemas/sql/12_commentary.sql for the vocabulary).
- `response_scores`: one row per response: specificity, boilerplate (within
  this document; `pipeline.commentary.corpus` adds the cross-landlord part after
  loading), evidence_present, claim_conflict, and the reasons for each.

What is matched lives in `schemas/patterns/commentary_*` (spaCy Matcher and
EntityRuler patterns, word lists); this module decides what the matches mean.

How a claim conflict is decided (see `_conflict`): a row claiming `yes` (or
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
A row claiming `no` conflicts when its text says the thing is now done or in
place (sharing the provision's words) and admits or promises nothing.
"Distinctive" words are lemmas found in at most `DISTINCTIVE_DF` of the Code's
provisions (so "complaint", "landlord", "resident" never count).
"""
from __future__ import annotations

import datetime as dt
import heapq
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.core import catalogue as catalogue_mod
from pipeline.commentary import dates
from pipeline.commentary import nlp as cnlp
from pipeline.core.matching import match_key
from pipeline.core.model import Response

FIELDS = ("evidence", "commentary")
BATCH_SIZE = 64
DISTINCTIVE_DF = 0.10  # a lemma in more than this share of provisions is not distinctive
MIN_SHARED_COMMITMENT = 2  # a promise must use two of the provision's distinctive terms (or point back at it)
MIN_SHARED_FINDING = 1  # an outside finding ("an issue with ...") is strong already: one shared term
NEGATED_SPAN = 3  # content words after "not" that a provision negates
RARE_DF = 2  # provisions: a term this rare in the Code counts twice
NEAR_VERBATIM = 90.0  # rapidfuzz ratio at or above which two sentences are the same text
MIN_REPEAT_CHARS = 12  # shorter sentences ("Yes.") are not counted as repeated text
BOILERPLATE_PENALTY = 0.6  # specificity = raw * (1 - penalty * boilerplate)

REF_SUBKIND = {"REF_POLICY": "policy", "REF_SYSTEM": "system", "REF_GOVERNANCE": "governance", "REF_REPORT": "report"}
QUOTE_OPEN = {"“": "”\"", '"': '"”', "«": "»"}  # opening mark -> closing marks accepted (dumps mix them)
_PHONE = re.compile(r"^\d{4,5}$")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")
WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100})


# --------------------------------------------------------------------------- vocabulary

@dataclass(frozen=True)
class Vocabulary:
    negation: frozenset[str]
    subordinators: frozenset[str]
    anaphora: frozenset[str]
    anaphora_object_verbs: frozenset[str]
    anaphora_followers: frozenset[str]
    conditional: tuple[str, ...]
    relative: frozenset[str]
    negation_not_before: frozenset[str]
    current_openers: tuple[str, ...]
    recurring: tuple[str, ...]
    change_verbs: frozenset[str]
    mechanism: frozenset[str]
    generic_phrases: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    lex = cnlp.lexicon()
    low = lambda k: [w.lower() for w in lex[k]]  # noqa: E731
    return Vocabulary(
        negation=frozenset(low("negation")),
        subordinators=frozenset(low("subordinators")),
        anaphora=frozenset(low("anaphora")),
        anaphora_object_verbs=frozenset(low("anaphora_object_verbs")),
        anaphora_followers=frozenset(low("anaphora_followers")),
        conditional=tuple(low("conditional_markers")),
        relative=frozenset(low("relative_markers")),
        negation_not_before=frozenset(low("negation_not_before")),
        current_openers=tuple(low("current_state_openers")),
        recurring=tuple(low("recurring_markers")),
        change_verbs=frozenset(cnlp.lemma(w) for w in low("change_verbs")),
        mechanism=frozenset(cnlp.lemma(w) for w in low("mechanism_words")),
        generic_phrases=tuple(low("generic_phrases")),
    )


# --------------------------------------------------------------------------- requirement profiles

@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return frozenset(cnlp.lexicon()["extra_stop_words"])


@lru_cache(maxsize=1)
def _non_figure_before() -> frozenset[str]:
    return frozenset(cnlp.lexicon()["not_a_figure_after"])


def _content_lemmas(tokens: Iterable) -> list[str]:
    return [t.lemma_ for t in tokens
            if t.is_alpha and len(t.text) > 2 and not t.is_stop and t.lemma_ not in _stop()]


def _terms(tokens: Iterable) -> set[str]:
    """Content lemmas and adjacent pairs of them ("service request"): the units of relevance."""
    toks = list(tokens)
    out = set()
    prev = None
    for t in toks:
        ok = t.is_alpha and len(t.text) > 2 and not t.is_stop and t.lemma_ not in _stop()
        if ok:
            out.add(t.lemma_)
            if prev is not None:
                out.add(f"{prev} {t.lemma_}")
            prev = t.lemma_
        elif not (t.is_space or t.text == "-"):
            prev = None
    return out


@lru_cache(maxsize=1)
def document_frequency() -> tuple[Counter, int]:
    """How many of the Code's provisions (both editions, distinct texts) use each term."""
    cat = catalogue_mod.load()
    texts = sorted({p.requirement_text for ps in cat.provisions.values() for p in ps if p.requirement_text})
    nlp = cnlp.load()
    df: Counter = Counter()
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        df.update(_terms(doc))
    return df, max(1, len(texts))


def distinctive(term: str) -> bool:
    df, n = document_frequency()
    return df.get(term, 0) / n <= DISTINCTIVE_DF


def term_weight(term: str) -> int:
    """2 for a term only one or two provisions of the Code use ("collaborative"), else 1."""
    df, _ = document_frequency()
    return 2 if df.get(term, 0) <= RARE_DF else 1


def weight(shared: set[str]) -> int:
    """Evidence of relevance: one count per shared term, two for a rare one; a shared pair
    ("self assessment") is one term, not three."""
    pairs = [t for t in shared if " " in t]
    covered = {w for p in pairs for w in p.split()}
    return sum(max(term_weight(t), *(term_weight(w) for w in t.split())) if " " in t else term_weight(t)
               for t in shared if t not in covered)


@dataclass(frozen=True)
class Requirement:
    positive: frozenset[str]  # distinctive lemmas the provision asks for
    negated: frozenset[str]  # lemmas the provision itself negates ("must not refuse")


@lru_cache(maxsize=512)
def requirement_profile(text: str) -> Requirement:
    if not text:
        return Requirement(frozenset(), frozenset())
    doc = cnlp.load()(text)
    vocab = vocabulary()
    negated: set[str] = set()
    for i, tok in enumerate(doc):
        if tok.lower_ in vocab.negation:
            # only what is directly negated: "must not stop their efforts to address the service
            # request" negates stopping and efforts, not the service request
            negated.update(_content_lemmas(_clause_window(doc, i))[:NEGATED_SPAN])
    positive = {t for t in _terms(doc) if distinctive(t) and t not in negated}
    return Requirement(frozenset(positive), frozenset(negated))


def _requirement_text(r: Response) -> str:
    cat = catalogue_mod.load()
    p = cat.get(r.code_version, r.provision_id) if r.provision_id else None
    canonical = p.requirement_text if p else ""
    printed = r.requirement_text or ""
    return canonical if match_key(printed) in match_key(canonical) else f"{canonical}\n{printed}".strip()


# --------------------------------------------------------------------------- per-field reading

@dataclass
class Cue:
    label: str  # e.g. COMMIT_FUTURE
    span: Span


@dataclass
class Sentence:
    span: Span
    start: int  # char offsets into the field, leading bullets/space stripped
    end: int
    quoted: bool
    bullet: bool
    doc_text: str  # the field's text (Doc.text rebuilds it on every call)
    recommendation: bool = False
    cues: list[Cue] = field(default_factory=list)
    dates: list[tuple[str, Span]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.doc_text[self.start:self.end]

    def has(self, *labels: str) -> bool:
        return any(c.label in labels for c in self.cues)

    def cue_text(self, *labels: str) -> str:
        return "; ".join(dict.fromkeys(c.span.text for c in self.cues if c.label in labels))


@dataclass
class FieldReading:
    field: str
    doc: Doc
    sentences: list[Sentence]
    references: list[dict]
    figures: list[dict]


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks (an unclosed quote runs to the end)."""
    ranges = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in QUOTE_OPEN:
            found = [k for k in (text.find(c, i + 1) for c in QUOTE_OPEN[ch]) if k != -1]
            j = min(found) if found else -1
            if ch == '"' and j == -1:
                i += 1
                continue
            j = len(text) if j == -1 else j
            ranges.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return ranges


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    mid = (start + end) // 2
    return any(a <= mid < b for a, b in ranges)


def _clause_window(doc: Doc | Span, i: int, size: int = 8) -> list:
    """Tokens after position i up to the end of its clause (or `size` tokens)."""
    out = []
    for tok in doc[i + 1:]:
        if tok.text in {".", ";", ":", "!", "?", ",", "(", ")"} or tok.text in cnlp.BULLETS or "\n" in tok.text:
            break
        out.append(tok)
        if len(out) >= size:
            break
    return out


def read_field(field_name: str, doc: Doc, document_date: dt.date | None) -> FieldReading:
    found = cnlp.matches(doc)
    text = doc.text
    quotes = _quoted_ranges(text)
    sentences: list[Sentence] = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space and t.text not in cnlp.BULLETS]
        if not toks or not any(t.is_alpha or t.like_num for t in toks):
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        bullet = any(t.text in cnlp.BULLETS for t in sent[:2])
        sentences.append(Sentence(doc[toks[0].i:toks[-1].i + 1], start, end, _inside(quotes, start, end), bullet,
                                  text))

    def sentence_of(span: Span) -> Sentence | None:
        for s in sentences:
            if s.span.start <= span.start < s.span.end:
                return s
        return None

    for match_id, s, e in found["cues"]:
        span = doc[s:e]
        sent = sentence_of(span)
        if sent is not None:
            sent.cues.append(Cue(doc.vocab.strings[match_id], span))
    date_spans = [Span(doc, s, e, label=mid) for mid, s, e in found["dates"]]
    # "as soon as possible" is a manner, not a due date
    date_spans = [d for d in date_spans if not (d.text.lower() == "soon" and d.start > 0 and doc[d.start - 1].lower_ == "as")]
    # "in October 2024": the month with its year, not "in October"
    date_spans = filter_spans([d for d in date_spans if not (
        d.label_ == "DATE_MONTH" and d.end < len(doc) and re.fullmatch(r"(19|20)\d\d", doc[d.end].text))])
    for span in date_spans:
        sent = sentence_of(span)
        if sent is not None:
            sent.dates.append((span.label_, span))
    _mark_recommendations(sentences)
    references = _references(doc)
    figures = _figures(doc, date_spans, references, sentences, document_date, found["figures"])
    return FieldReading(field_name, doc, sentences, references, figures)


def _mark_recommendations(sentences: list[Sentence]) -> None:
    """Items under a "Recommendations ...:" heading are recommendations, up to the next plain sentence."""
    active = False
    for s in sentences:
        head = s.has("COMMIT_RECOMMENDATION")
        if head:
            after_colon = s.text.split(":", 1)[1].strip() if ":" in s.text else ""
            s.recommendation = bool(after_colon) or not s.text.rstrip().endswith(":")
            active = True
            continue
        if active and s.bullet:
            s.recommendation = True
        else:
            active = False


def _references(doc: Doc) -> list[dict]:
    """EntityRuler references, joined with a following "(Under point 3.5)" or quoted title."""
    ents = list(doc.ents)
    out: list[dict] = []
    used: set[int] = set()
    text = doc.text
    for k, ent in enumerate(ents):
        if k in used or ent.label_ not in REF_SUBKIND:
            continue
        start, end = ent.start_char, ent.end_char
        sections = _section_numbers(ent) if ent.ent_id_ == "section" else []
        # "Complaints Policy (Under point 3.5)": take the bracketed pinpoint into this reference.
        nxt = ents[k + 1] if k + 1 < len(ents) else None
        if nxt is not None and nxt.ent_id_ == "section":
            gap = text[end:nxt.start_char]
            if re.fullmatch(r"\s*\(\s*(?:under|see|at|in)?\s*", gap, re.I):
                close = text.find(")", nxt.end_char)
                if close != -1 and close - nxt.end_char < 12:
                    end = close + 1
                    sections = _section_numbers(nxt)
                    used.add(k + 1)
        # "Section 12 'Additional Information ...'": take the quoted title.
        if ent.ent_id_ == "section":
            mt = re.match(r"\s*(['‘\"“])([^'’\"”\n]{3,120})(['’\"”])", text[end:])
            if mt:
                end += mt.end()
        label = ent.label_
        out.append({
            "sub_kind": REF_SUBKIND[label],
            "text": text[start:end],
            "start": start,
            "end": end,
            "value": ",".join(sections) or None,
            "detail": ent.ent_id_ or None,
        })
    return out


def _section_numbers(span: Span) -> list[str]:
    return [t.text for t in span if re.fullmatch(r"\d+(?:\.\d+)*[a-z]?", t.text)]


def _figures(doc: Doc, date_spans: list[Span], references: list[dict], sentences: list[Sentence],
             document_date: dt.date | None, matches: list[tuple[int, int, int]]) -> list[dict]:
    """Numbers quoted as evidence (percentages, money, durations, counts) and dates."""
    taken = [(d.start_char, d.end_char) for d in date_spans] + [(r["start"], r["end"]) for r in references]
    spans = filter_spans([Span(doc, s, e, label=mid) for mid, s, e in matches])
    out = []
    for span in spans:
        if any(a < span.end_char and span.start_char < b for a, b in taken):
            continue
        num_tok = next((t for t in span if t.like_num), None)
        if num_tok is None:
            continue
        prev = doc[span.start - 1] if span.start > 0 else None
        if prev is not None and (prev.lower_ in _non_figure_before() or prev.text in {"£"} and span.label_ != "FIGURE_MONEY"):
            continue
        if _PHONE.match(num_tok.text) or (num_tok.is_sent_start and "." in num_tok.text):
            continue  # phone numbers, "2.3.1 is a routine" list numbering
        if re.fullmatch(r"\d+\.\d+(\.\d+)*", num_tok.text) and span.label_ == "FIGURE_COUNT":
            continue  # "7.3 Once completed": a provision number, not a count
        if span.label_ == "FIGURE_COUNT" and span[-1].lower_.endswith("ly"):
            continue  # "2 clearly", "6 monthly": the number does not count that word
        value = _number(num_tok.text)
        if value is None:
            continue
        unit = {"FIGURE_PERCENT": "percent", "FIGURE_MONEY": "GBP"}.get(span.label_)
        if span.label_ == "FIGURE_DURATION":
            unit = " ".join(t.lower_ for t in span if not t.like_num)
        elif span.label_ == "FIGURE_COUNT":
            unit = span[-1].lemma_
        out.append({"sub_kind": span.label_.removeprefix("FIGURE_").lower(), "text": span.text,
                    "start": span.start_char, "end": span.end_char, "value": _fmt_number(value),
                    "number": value, "unit": unit})
    for span in date_spans:
        if span.label_ == "DATE_RELATIVE":
            continue  # "shortly", "later this year": a due date, not a date quoted as evidence
        r = dates.normalise(span.text, span.label_, document_date)
        out.append({"sub_kind": "date", "text": span.text, "start": span.start_char, "end": span.end_char,
                    "value": dates.format_range(r) or span.text,
                    "date_start": r[0] if r else None, "date_end": r[1] if r else None,
                    "unit": span.label_.removeprefix("DATE_").lower()})
    return out


def _number(text: str) -> float | None:
    low = text.lower()
    if low in WORD_NUMBERS:
        return float(WORD_NUMBERS[low])
    m = _NUMBER.search(text)
    if not m:
        return None
    try:
        return float(m.group(0).replace(",", ""))
    except ValueError:
        return None


def _fmt_number(v: float) -> str:
    return str(int(v)) if v == int(v) else str(v)


# --------------------------------------------------------------------------- sentence meaning

def _relevance(tokens: Iterable, req: Requirement) -> set[str]:
    """The provision's distinctive lemmas that these tokens use (and the provision does not negate)."""
    return {t for t in _terms(tokens) & req.positive if not (set(t.split()) & req.negated)}


def _points_back(tokens: Sequence) -> bool:
    """ "do this", "considering this as part of": a pronoun standing for the requirement."""
    vocab = vocabulary()
    for i, tok in enumerate(tokens):
        if tok.lower_ in vocab.anaphora and i > 0 and tokens[i - 1].lower_ in vocab.anaphora_object_verbs:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is None or nxt.lower_ in vocab.anaphora_followers:
                return True
    return False


def _has_marker(text_low: str, markers: Iterable[str]) -> str | None:
    for mk in markers:
        if re.search(r"(?<![a-z])" + re.escape(mk) + r"(?![a-z])", text_low):
            return mk
    return None


def _clause_around(s: Sentence, i: int) -> list:
    """Tokens of the clause (between , ; : brackets) holding token index i of the doc."""
    toks = list(s.span)
    k = next((n for n, t in enumerate(toks) if t.i == i), 0)
    stops = {",", ";", ":", "(", ")"}
    a = k
    while a > 0 and toks[a - 1].text not in stops:
        a -= 1
    b = k
    while b + 1 < len(toks) and toks[b + 1].text not in stops:
        b += 1
    return toks[a:b + 1]


_PROGRESSIVE_NOT_VERBS = frozenset({"being", "ongoing", "going", "during", "including", "following"})


def _what_is_worked_on(clause: list, cue: str) -> list:
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


def _subordinate(s: Sentence, i: int) -> bool:
    """Is token i inside a conditional or relative clause ("if ...", "where ...", "... that will ...")?"""
    vocab = vocabulary()
    first = next((t for t in s.span if t.is_alpha), None)
    if first is not None and first.i < i and (first.lower_ in vocab.subordinators or first.lower_ == "should"):
        return True  # "Where relevant, we will include ...": the whole sentence is conditional
    clause = _clause_around(s, i)
    before = [t.lower_ for t in clause if t.i < i]
    if set(before) & vocab.subordinators:
        return True
    prev = s.span.doc[i - 1] if i > 0 else None
    return prev is not None and prev.lower_ in vocab.relative


def _commitment(s: Sentence) -> tuple[str, str, list] | None:
    """(sub_kind, cue, clause tokens) when the sentence commits to a one-off future or ongoing action."""
    if s.quoted:
        return None
    vocab = vocabulary()
    low = s.text.lower()
    for c in s.cues:
        if c.label == "COMMIT_ONGOING" and not _subordinate(s, c.span.start):
            return "ongoing", c.span.text, _clause_around(s, c.span.start)
    dated = any(lbl != "DATE_RELATIVE" or dates.normalise(sp.text, lbl, dt.date(2000, 1, 1)) is not None
                or sp.text.lower() in ("shortly", "soon") for lbl, sp in s.dates)
    for c in s.cues:
        if c.label == "COMMIT_DATED" and dated and not s.recommendation and not _subordinate(s, c.span.start):
            prev = s.span.doc[c.span.start - 1] if c.span.start > 0 else None
            if prev is None or prev.lemma_ not in ("need", "require", "have", "ask", "want", "expect", "seem"):
                return "future", c.span.text, _clause_around(s, c.span.start)  # "analysis to be published later this year"
        if c.label != "COMMIT_FUTURE":
            continue
        first = c.span[0]
        if _subordinate(s, first.i):
            continue  # "if ..., we will", "which will be implemented": describes, does not promise
        if first.lower_ in ("will", "shall", "'ll"):
            after_will = low[first.idx - s.start:]
            if _has_marker(low, vocab.recurring):
                continue  # "will always", "each year": a standing practice
            if _has_marker(after_will, vocab.conditional) and not dated:
                continue  # "will log a complaint where ...": policy described in the future tense
            after = [t for t in s.span.doc[first.i + 1:first.i + 6] if t.is_alpha]
            verbs = [t.lemma_ for t in after if t.lemma_ not in ("be", "also", "now", "then", "need", "to", "begin",
                                                                   "start", "seek", "look")]
            if dated or (verbs and verbs[0] in vocab.change_verbs):
                return "future", c.span.text, _clause_around(s, first.i)
            continue
        if s.recommendation:
            continue  # "To be added ..." under a recommendations heading: a recommendation
        return "future", c.span.text, _clause_around(s, first.i)
    if s.recommendation:
        return "recommendation", s.cue_text("COMMIT_RECOMMENDATION") or "recommendation", list(s.span)
    return None


def _negative_admission(s: Sentence, req: Requirement) -> tuple[str, set[str], bool] | None:
    """A negation that denies something the provision asks for: (cue, shared lemmas, points back)."""
    if s.quoted:
        return None
    vocab = vocabulary()
    skip_spans = [c.span for c in s.cues if c.label in ("ADMIT_PARTIAL", "ADMIT_INCOMPLETE")]
    # "have not yet experienced not reaching ...": the rest of the sentence is about an untested case
    untested_from = min((c.span.start for c in s.cues if c.label in ("ADMIT_UNTESTED", "ADMIT_NOT_APPLICABLE")),
                        default=None)
    toks = list(s.span)
    for i, tok in enumerate(toks):
        if tok.lower_ not in vocab.negation:
            continue
        if i + 1 < len(toks) and toks[i + 1].lower_ in vocab.negation_not_before:
            continue  # "not only", "not just": adds, does not deny
        if any(sp.start <= tok.i < sp.end for sp in skip_spans):
            continue
        if untested_from is not None and tok.i >= untested_from:
            continue
        if _has_marker(s.span.doc[tok.i:s.span.end].text.lower(), vocab.conditional):
            continue  # "will not normally accept a complaint where ...": an exception described
        clause_before = []
        for t in reversed(toks[:i]):
            if t.text in {",", ";", ":", "(", ")"}:
                break
            clause_before.append(t.lower_)
        if vocab.subordinators & set(clause_before):
            continue  # "when a complaint wouldn't be accepted": describes a case, admits nothing
        window = _clause_window(s.span, i)
        shared = _relevance(window, req)
        back = _points_back([toks[i - 1]] + window if i > 0 else window) or _points_back(window)
        if shared or back:
            cue = " ".join(t.text for t in toks[max(0, i - 1):i + 1 + min(3, len(window))])
            return cue, shared, back
    return None


# --------------------------------------------------------------------------- scoring

def warm_up() -> None:
    """Build the spaCy pipeline and the vocabularies now rather than on the first document."""
    cnlp.load()
    vocabulary()


def analyse(responses: list[Response], *, document_date: dt.date | None = None) -> dict[str, list[dict]]:
    """Signals and scores for the responses of one document."""
    nlp = cnlp.load()
    jobs: list[tuple[int, str, str]] = []
    for idx, r in enumerate(responses):
        for f in FIELDS:
            text = getattr(r, f) or ""
            if text.strip():
                jobs.append((idx, f, text))
    # A text repeated on many rows ("As per Corporate complaints policy") is read once.
    unique = list(dict.fromkeys((f, t) for _, f, t in jobs))
    read = {key: read_field(key[0], doc, document_date)
            for key, doc in zip(unique, nlp.pipe((t for _, t in unique), batch_size=BATCH_SIZE))}
    readings: dict[int, list[FieldReading]] = {i: [] for i in range(len(responses))}
    for idx, f, text in jobs:
        readings[idx].append(read[(f, text)])

    within = _within_document_boilerplate(responses, readings)
    signals: list[dict] = []
    scores: list[dict] = []
    sentences: list[dict] = []
    for idx, r in enumerate(responses):
        req = requirement_profile(_requirement_text(r))
        row_signals, meaning = _row_signals(r, readings[idx], req, document_date)
        signals.extend(row_signals)
        scores.append(_score_row(r, readings[idx], row_signals, meaning, within[idx]))
        sentences.extend(_sentence_rows(r, readings[idx]))
    return {"signals": signals, "response_scores": scores, "sentences": sentences}


def _sentence_rows(r: Response, readings: list[FieldReading]) -> list[dict]:
    """The sentences boilerplate is measured in, with their offsets, for the corpus step."""
    out = []
    for fr in readings:
        for n, s in enumerate(fr.sentences, start=1):
            text = s.text
            out.append({"doc_id": r.doc_id, "row_no": r.row_no, "field": fr.field, "sentence_no": n,
                        "start": s.start, "end": s.end, "text": text, "match_key": match_key(text)})
    return out


def _row_signals(r: Response, readings: list[FieldReading], req: Requirement,
                 document_date: dt.date | None) -> tuple[list[dict], dict]:
    req_key = match_key(_requirement_text(r))
    negation = vocabulary().negation
    out: list[dict] = []
    meaning: dict[str, list] = {"commitment": [], "admission": [], "completion": [], "finding": []}

    def add(fr: FieldReading, kind: str, sub_kind: str, text: str, start: int, end: int, **extra) -> dict:
        row = {"doc_id": r.doc_id, "row_no": r.row_no, "field": fr.field, "kind": kind, "sub_kind": sub_kind,
               "text": text, "start": start, "end": end, "value": extra.get("value"),
               "number": extra.get("number"), "unit": extra.get("unit"),
               "date_start": extra.get("date_start"), "date_end": extra.get("date_end"),
               "cue": extra.get("cue")}
        out.append(row)
        return row

    for fr in readings:
        for ref in fr.references:
            add(fr, "reference", ref["sub_kind"], ref["text"], ref["start"], ref["end"], value=ref["value"],
                cue=ref["detail"])
        for fig in fr.figures:
            add(fr, "figure", fig["sub_kind"], fig["text"], fig["start"], fig["end"], value=fig["value"],
                number=fig.get("number"), unit=fig.get("unit"), date_start=fig.get("date_start"),
                date_end=fig.get("date_end"))
        previous: Sentence | None = None
        for s in fr.sentences:
            if not s.cues and not s.recommendation and not any(t.lower_ in negation for t in s.span):
                previous = s
                continue  # no cue and no negation: nothing is promised or admitted here
            echo = _echoes_requirement(s, req_key)
            shared = set() if echo else _relevance(s.span, req)
            back = _points_back(list(s.span))
            com = _commitment(s)
            if com:
                sub, cue, clause = com
                due = _due_date(s, document_date)
                row = add(fr, "commitment", sub, s.text, s.start, s.end, cue=cue, **due)
                c_shared = set() if echo else _relevance(_what_is_worked_on(clause, cue), req)
                # "Currently, X is done differently. We will move these to ...": the promise changes
                # the practice just described, so it points back at the requirement.
                c_back = _points_back(clause) or (
                    previous is not None and _opens_with_current_state(previous) and _changes_it(clause))
                meaning["commitment"].append((row, c_shared, c_back))
            previous = s
            admissions: list[tuple[str, str]] = []
            if s.has("ADMIT_PARTIAL"):
                admissions.append(("partial", s.cue_text("ADMIT_PARTIAL")))
            if s.has("ADMIT_INCOMPLETE") and not s.quoted:
                admissions.append(("incomplete", s.cue_text("ADMIT_INCOMPLETE")))
            neg = _negative_admission(s, req)
            if neg:
                admissions.append(("negative", neg[0]))
            findings = [c for c in s.cues if c.label == "ADMIT_FINDING" and not _subordinate(s, c.span.start)]
            if findings:
                admissions.append(("finding", "; ".join(dict.fromkeys(c.span.text for c in findings))))
            if s.has("ADMIT_NOT_APPLICABLE"):
                admissions.append(("not_applicable", s.cue_text("ADMIT_NOT_APPLICABLE")))
            if s.has("ADMIT_UNTESTED"):
                admissions.append(("untested", s.cue_text("ADMIT_UNTESTED")))
            if s.has("HEDGE") and not s.quoted:
                admissions.append(("hedge", s.cue_text("HEDGE")))
            for sub, cue in admissions:
                row = add(fr, "admission", sub, s.text, s.start, s.end, cue=cue)
                meaning["finding" if sub == "finding" else "admission"].append(
                    (row, neg[1] if sub == "negative" and neg else shared, back))
            if s.has("COMPLETION") and not s.quoted:
                meaning["completion"].append(({"text": s.text, "cue": s.cue_text("COMPLETION")}, shared, back))
    return out, meaning


def _echoes_requirement(s: Sentence, req_key: str) -> bool:
    """A sentence that restates the Code's own wording (quoting the definition) admits nothing."""
    key = match_key(s.text)
    return len(key) >= 40 and bool(req_key) and fuzz.partial_ratio(key, req_key) >= 85


def _opens_with_current_state(s: Sentence) -> bool:
    low = s.text.lower().lstrip("•-– ")
    return any(low.startswith(o) for o in vocabulary().current_openers)


def _changes_it(clause: list) -> bool:
    """A change verb whose object is a pronoun: "move these", "change this", "review it"."""
    vocab = vocabulary()
    for i, tok in enumerate(clause[:-1]):
        if tok.lemma_ in vocab.change_verbs and clause[i + 1].lower_ in vocab.anaphora:
            return True
    return False


def _due_date(s: Sentence, document_date: dt.date | None) -> dict:
    for label, span in s.dates:
        r = dates.normalise(span.text, label, document_date)
        if r is not None:
            return {"value": dates.format_range(r), "date_start": r[0], "date_end": r[1]}
    if s.dates:
        return {"value": s.dates[0][1].text}
    return {}


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _about(shared: set[str], back: bool) -> str:
    words = ", ".join(sorted(shared))
    if back:
        return f"{words}; and refers back to the requirement" if words else "refers back to the requirement"
    return words


def _conflict(r: Response, meaning: dict) -> tuple[bool, list[str]]:
    claim = r.comply
    why: list[str] = []
    if claim in ("yes", "not_stated"):
        admissions = meaning["admission"]
        if claim == "not_stated" and any(a[0]["sub_kind"] == "not_applicable" for a in admissions):
            return False, ["no claim, and the text says the provision does not apply"]
        for row, shared, back in admissions:
            sub = row["sub_kind"]
            if sub == "partial":
                why.append(f"says it is partial ('{row['cue']}'): \"{_quote(row['text'])}\"")
            elif sub == "incomplete":
                why.append(f"admits the work is unfinished ('{row['cue']}'): \"{_quote(row['text'])}\"")
            elif sub == "negative" and (shared or back):
                about = _about(shared, back)
                why.append(f"denies part of the requirement ({about}): \"{_quote(row['text'])}\"")
        for row, shared, back in meaning["commitment"]:
            if row["sub_kind"] in ("future", "ongoing") and (weight(shared) >= MIN_SHARED_COMMITMENT or back):
                about = _about(shared, back)
                verb = "promises" if row["sub_kind"] == "future" else "is still working on"
                why.append(f"{verb} what the provision asks ({about}): \"{_quote(row['text'])}\"")
        for row, shared, back in meaning["finding"]:
            if weight(shared) >= MIN_SHARED_FINDING:
                why.append(f"quotes a finding against it ({', '.join(sorted(shared))}): \"{_quote(row['text'])}\"")
        if why:
            claimed = "claims yes" if claim == "yes" else "states no claim"
            return True, [f"{claimed}, but the text " + w for w in why]
        return False, ["text neither admits a shortfall nor promises what the provision asks"]
    if claim == "no":
        hedged = [a for a in meaning["admission"] if a[0]["sub_kind"] in ("partial", "incomplete", "negative")]
        promised = [c for c in meaning["commitment"] if c[0]["sub_kind"] in ("future", "ongoing")]
        done = [(row, shared) for row, shared, back in meaning["completion"] if shared or back]
        if done and not hedged and not promised:
            row, shared = done[0]
            return True, [f"claims no, but the text says it is done ('{row['cue']}', {', '.join(sorted(shared))}): "
                          f"\"{_quote(row['text'])}\""]
        return False, ["claims no, and the text does not say it is done"]
    return False, [f"claim is {claim}: not checked for conflict"]


def _score_row(r: Response, readings: list[FieldReading], signals: list[dict], meaning: dict,
               boiler: tuple[float, str]) -> dict:
    vocab = vocabulary()
    reasons: list[dict] = []
    text = "\n".join((getattr(r, f) or "") for f in FIELDS).strip()
    words = len(re.findall(r"[A-Za-z0-9]+", text))
    present = words > 0
    reasons.append({"score": "evidence_present", "effect": str(present).lower(),
                    "why": f"{words} words of evidence/commentary" if present else "evidence and commentary are empty"})
    boilerplate, boiler_why = boiler
    reasons.append({"score": "boilerplate", "effect": f"{boilerplate:.2f}", "why": boiler_why})

    if not present:
        specificity_raw = 0.0
        reasons.append({"score": "specificity", "effect": "0", "why": "nothing to assess"})
    else:
        parts: list[tuple[float, str]] = []
        refs = [s for s in signals if s["kind"] == "reference"]
        if refs:
            pinpoint = [s for s in refs if s["value"]]
            v = min(0.30, 0.15 * len(refs)) + (0.10 if pinpoint else 0.0)
            parts.append((v, f"{len(refs)} reference(s)" + (f", {len(pinpoint)} pinpointed" if pinpoint else "")
                          + ": " + "; ".join(dict.fromkeys(_quote(s["text"], 40) for s in refs[:4]))))
        figs = [s for s in signals if s["kind"] == "figure" and s["sub_kind"] != "date"]
        if figs:
            parts.append((min(0.20, 0.10 * len(figs)), "figures: " + "; ".join(s["text"] for s in figs[:4])))
        dated = [s for s in signals if (s["kind"] == "figure" and s["sub_kind"] == "date") or
                 (s["kind"] == "commitment" and s["date_start"] is not None)]
        if dated:
            parts.append((0.10, "dates: " + "; ".join(dict.fromkeys(_quote(s["text"], 30) for s in dated[:3]))))
        lemmas = {t.lemma_ for fr in readings for t in fr.doc if t.is_alpha}
        mech = sorted(lemmas & vocab.mechanism)
        if mech:
            parts.append((min(0.15, 0.05 * len(mech)), "concrete mechanisms: " + ", ".join(mech[:6])))
        length = 0.25 * min(1.0, math.log1p(words) / math.log1p(80))
        parts.append((length, f"{words} words"))
        low = " ".join(text.lower().split())
        generic = [g for g in vocab.generic_phrases if re.search(r"(?<![a-z])" + re.escape(g) + r"(?![a-z])", low)]
        if generic and words < 15:
            parts.append((-0.10, "short generic wording: " + ", ".join(generic)))
        hedges = [s for s in signals if s["kind"] == "admission" and s["sub_kind"] == "hedge"]
        if hedges:
            parts.append((-min(0.10, 0.05 * len(hedges)), "hedged: " + "; ".join(s["cue"] for s in hedges[:3])))
        specificity_raw = max(0.0, min(1.0, sum(v for v, _ in parts)))
        for v, why in parts:
            reasons.append({"score": "specificity", "effect": f"{v:+.2f}", "why": why})
    specificity = specificity_with_boilerplate(specificity_raw, boilerplate)
    if boilerplate > 0 and present:
        reasons.append({"score": "specificity", "effect": f"x{1 - BOILERPLATE_PENALTY * boilerplate:.2f}",
                        "why": "boilerplate penalty"})
    conflict, conflict_why = _conflict(r, meaning)
    for w in conflict_why:
        reasons.append({"score": "claim_conflict", "effect": str(conflict).lower(), "why": w})
    return {
        "doc_id": r.doc_id,
        "row_no": r.row_no,
        "specificity": round(specificity, 3),
        "specificity_raw": round(specificity_raw, 3),
        "boilerplate": round(boilerplate, 3),
        "boilerplate_within": round(boilerplate, 3),
        "boilerplate_across": None,
        "evidence_present": present,
        "claim_conflict": conflict,
        "reasons": json.dumps(reasons, ensure_ascii=False),
    }


def specificity_with_boilerplate(raw: float, boilerplate: float) -> float:
    return raw * (1.0 - BOILERPLATE_PENALTY * boilerplate)


# --------------------------------------------------------------------------- boilerplate within a document

def sentence_keys(readings: list[FieldReading]) -> list[tuple[str, str]]:
    """(match key, text) of a row's sentences, the unit boilerplate is measured in."""
    return [(k, s.text) for fr in readings for s in fr.sentences if (k := match_key(s.text))]


def _within_document_boilerplate(responses: list[Response], readings: dict[int, list[FieldReading]]
                                 ) -> list[tuple[float, str]]:
    """Per row: share of its text (by characters) in sentences repeated near-verbatim in another row."""
    keys: list[str] = []
    texts: list[str] = []
    owner: list[int] = []
    for idx in range(len(responses)):
        for k, text in sentence_keys(readings[idx]):
            keys.append(k)
            texts.append(text)
            owner.append(idx)
    out: list[tuple[float, str]] = []
    if not keys:
        return [(0.0, "no text") for _ in responses]
    rows_of = _rows_of_copies(keys, owner)  # shared by every sentence with that key: not copied per sentence
    by_row: dict[int, list[int]] = {}
    for i, o in enumerate(owner):
        by_row.setdefault(o, []).append(i)
    for idx, r in enumerate(responses):
        ids = by_row.get(idx, [])
        total = sum(len(keys[i]) for i in ids)
        if not total:
            out.append((0.0, "no text"))
            continue
        rep = [i for i in ids if _printed_elsewhere(rows_of.get(keys[i], ()), idx)]
        share = sum(len(keys[i]) for i in rep) / total
        if rep:
            others = set().union(*(rows_of[keys[i]] for i in rep))
            others.discard(idx)
            first = sorted(heapq.nsmallest(8, (responses[o].row_no for o in others)))
            example = _quote(texts[rep[0]], 60)
            why = (f"{len(rep)} of {len(ids)} sentence(s) repeated near-verbatim in {len(others)} other row(s) of "
                   f"this document (rows {', '.join(map(str, first))}{'…' if len(others) > 8 else ''}), "
                   f"e.g. \"{example}\"")
        else:
            why = "no sentence repeated in another row of this document"
        out.append((share, why))
    return out


def _printed_elsewhere(rows: set[int] | tuple, idx: int) -> bool:
    """Does a row other than idx print the sentence (without copying the set)?"""
    return len(rows) > (idx in rows)


EXHAUSTIVE_KEYS = 2000  # distinct sentences compared pair by pair; beyond, near_verbatim's LSH finds copies


def _rows_of_copies(keys: list[str], owner: list[int]) -> dict[str, set[int]]:
    """For each distinct sentence key: the rows that print it or a near-verbatim copy of it.

    Identical sentences are grouped first (a long document repeats whole rows: a
    500-page PDF has 13,000 sentences but a few hundred distinct ones), then the
    distinct keys are compared with each other, every pair when there are at most
    EXHAUSTIVE_KEYS of them, else through near_verbatim (MinHash LSH) for the keys
    only one row prints."""
    printed: dict[str, set[int]] = {}
    for k, o in zip(keys, owner):
        if len(k) >= MIN_REPEAT_CHARS:
            printed.setdefault(k, set()).add(o)
    uniq = list(printed)
    out = {k: set(rows) for k, rows in printed.items()}
    if len(uniq) <= EXHAUSTIVE_KEYS:
        for a, b in near_verbatim_pairs(uniq, uniq):
            out[uniq[a]] |= printed[uniq[b]]
        return out
    from pipeline.commentary import near_verbatim

    counts = [len(printed[k]) for k in uniq]
    single = [min(printed[k]) for k in uniq]
    for i, j in enumerate(near_verbatim.copies_by_others(uniq, counts, single, cutoff=NEAR_VERBATIM).tolist()):
        if j >= 0:
            out[uniq[i]] |= printed[uniq[j]]
    return out


def near_verbatim_pairs(a: list[str], b: list[str], cutoff: float = NEAR_VERBATIM) -> list[tuple[int, int]]:
    """Index pairs (i, j) with ratio(a[i], b[j]) >= cutoff, both at least MIN_REPEAT_CHARS long."""
    ia = [i for i, k in enumerate(a) if len(k) >= MIN_REPEAT_CHARS]
    ib = [j for j, k in enumerate(b) if len(k) >= MIN_REPEAT_CHARS]
    if not ia or not ib:
        return []
    import numpy as np

    m = process.cdist([a[i] for i in ia], [b[j] for j in ib], scorer=fuzz.ratio, score_cutoff=cutoff,
                      dtype=np.uint8, workers=1)
    rows, cols = np.nonzero(m)
    return [(ia[x], ib[y]) for x, y in zip(rows.tolist(), cols.tolist()) if a is not b or ia[x] != ib[y]]
