"""Clause structure inside a sentence: clause windows, conditional/relative clauses, pronouns pointing back.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from pipeline.commentary import nlp as cnlp
from pipeline.commentary.vocabulary import vocabulary

if TYPE_CHECKING:
    from pipeline.commentary.reading import Sentence


def clause_window(doc: Doc | Span, i: int, size: int = 8) -> list:
    """Tokens after position i up to the end of its clause (or `size` tokens)."""
    out = []
    for tok in doc[i + 1:]:
        if tok.text in {".", ";", ":", "!", "?", ",", "(", ")"} or tok.text in cnlp.BULLETS or "\n" in tok.text:
            break
        out.append(tok)
        if len(out) >= size:
            break
    return out


def points_back(tokens: Sequence) -> bool:
    """ "do this", "considering this as part of": a pronoun standing for the requirement; or a
    noun phrase naming it ("this requirement", "in this area")."""
    vocab = vocabulary()
    for i, tok in enumerate(tokens):
        if tok.lower_ in ("this", "these") and i + 1 < len(tokens) and tokens[i + 1].lemma_ in vocab.anaphora_nouns:
            return True
        if tok.lower_ in vocab.anaphora and i > 0 and tokens[i - 1].lower_ in vocab.anaphora_object_verbs:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is None or nxt.lower_ in vocab.anaphora_followers:
                return True
    return False


def aims_at_requirement(tokens: Sequence) -> bool:
    """ "is under review to ensure all the required points are covered", "being rewritten so that it
    complies": work whose stated purpose is the requirement itself points back at it."""
    vocab = vocabulary()
    low = " ".join(t.lower_ for t in tokens)
    seen: set[str] = set()
    for m in _marker_pattern(vocab.purpose_markers).finditer(low):
        if m.group() in seen:
            continue  # each marker judged at its first place, as has_marker reads it
        seen.add(m.group())
        if set(low[m.end():].split()) & vocab.requirement_words:
            return True
    return False


def has_marker(text_low: str, markers: Iterable[str]) -> str | None:
    """The first of `markers` (in their order) that `text_low` holds as whole words."""
    markers = tuple(markers)
    found = _marker_pattern(markers).findall(text_low)
    if not found:
        return None
    return next(mk for mk in markers if mk in set(found))


@lru_cache(maxsize=64)
def _marker_pattern(markers: tuple[str, ...]) -> re.Pattern:
    # one alternation per word list, longest first, instead of a regex per marker per call
    alts = "|".join(re.escape(mk) for mk in sorted(markers, key=len, reverse=True))
    return re.compile(r"(?<![a-z])(?:" + alts + r")(?![a-z])")


def clause_around(s: Sentence, i: int) -> list:
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


def subordinate(s: Sentence, i: int, opener: bool = True) -> bool:
    """Is token i inside a conditional or relative clause ("if ...", "where ...", "... that will ...")?"""
    vocab = vocabulary()
    first = next((t for t in s.span if t.is_alpha), None)
    if opener and first is not None and first.i < i and (first.lower_ in vocab.subordinators or first.lower_ == "should"):
        return True  # "Where relevant, we will include ...": the whole sentence is conditional
    clause = clause_around(s, i)
    before = [t for t in clause if t.i < i]
    for n, t in enumerate(before):
        if t.lower_ in vocab.subordinators and not _reports(before[max(0, n - 2):n]):
            return True
    prev = s.span.doc[i - 1] if i > 0 else None
    return prev is not None and prev.lower_ in vocab.relative


def _reports(tokens: list) -> bool:
    """ "found that", "told us that", "concluded that": the clause is the finding reported, not a condition."""
    return any(t.lemma_ in vocabulary().reporting_verbs or t.lower_ in vocabulary().reporting_verbs for t in tokens)


def reported_that(tok) -> bool:
    """ "that" opening what was reported ("the panel heard that", "Members were told that")."""
    if tok.lower_ != "that":
        return False
    doc = tok.doc
    return _reports([doc[j] for j in range(max(0, tok.i - 2), tok.i)])
