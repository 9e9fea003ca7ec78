"""Fuzzy comparison of printed requirement text with the Code's canonical text.

Printed requirements are often not the whole canonical text: a page break cuts
the start or the end off, a converter repeats a fragment, list bullets come out
as junk.  So a plain edit ratio is not enough: `similarity` also credits a text
that is a clean substring of the canonical one (or contains it), scaled by how
much of the canonical text it covers so that short generic phrases do not match
everything.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from pipeline.core.claims import split_comply

if TYPE_CHECKING:  # the catalogue builds its keys with match_key: types only here
    from pipeline.core.catalogue import Catalogue, Provision

_TAG = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def match_key(text: str) -> str:
    """Text reduced to lower-case words, the form every fuzzy comparison uses."""
    text = _TAG.sub(" ", text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    return _NON_WORD.sub(" ", text).strip()


# Below this many characters a substring match says little ("the complaint").
MIN_PARTIAL = 25


def similarity(a: str, b: str) -> float:
    """0-100 similarity of two match keys (see match_key)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    full = fuzz.ratio(a, b)
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if full >= 90 or len(short) < MIN_PARTIAL or len(short) > 0.9 * len(long_):
        return full
    weight = 0.85 + 0.15 * min(1.0, 2 * len(short) / len(long_))
    # A clean substring (the usual truncated row) needs no alignment search.
    if short in long_:
        return max(full, 100.0 * weight)
    partial = fuzz.partial_ratio(short, long_, score_cutoff=full / weight)
    return max(full, partial * weight)


def best_similarity(key: str, keys: list[str], word_sets: list[frozenset[str]] | None = None,
                    weak_exact: bool = True) -> list[float]:
    """similarity(key, k) for every k, for scanning a whole edition to find the best match.

    The substring search (the costly part) is first run only against texts that hold at
    least SHARED_WORDS of this text's words, or of whose words this text holds that share: a
    printed requirement that is a cut or a misprint of a provision's wording shares most of
    its words with it.  For the others the plain ratio stands in, which is never more than
    their similarity.  When that finds a match of SURE or better, it is the best and its near
    ties are exact; otherwise (a weak match, where a skipped text could still win) every
    text is compared in full, unless `weak_exact` is False (the weak match then stands: a
    lower bound of the best, enough to tell an edition whose wording the rows do not print)."""
    words = frozenset(key.split())
    if not words:
        return [similarity(key, k) for k in keys]
    sets = word_sets if word_sets is not None else [frozenset(k.split()) for k in keys]
    scores = [similarity(key, k) if _shares_words(words, ws) else fuzz.ratio(key, k) for k, ws in zip(keys, sets)]
    if max(scores, default=100.0) >= SURE or not weak_exact:
        return scores
    return [s if _shares_words(words, ws) else similarity(key, k) for s, k, ws in zip(scores, keys, sets)]


def _shares_words(a: frozenset[str], b: frozenset[str]) -> bool:
    common = len(a & b)
    return common >= SHARED_WORDS * len(a) or common >= SHARED_WORDS * len(b)


SHARED_WORDS = 0.5
SURE = 85.0  # a match this strong is not beaten by a text sharing under half its words


def contains(haystack_key: str, needle_key: str, threshold: float = 90.0) -> bool:
    """True when needle is (nearly) a substring of haystack."""
    if not needle_key or not haystack_key:
        return False
    if needle_key in haystack_key:
        return True
    if len(needle_key) > len(haystack_key) + 5:
        return False
    return fuzz.partial_ratio(needle_key, haystack_key, score_cutoff=threshold) >= threshold


class TextIndex:
    """Both editions' form provisions, for the questions extractors ask of text."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.form = [p for ed in ("2022", "2024") for p in catalogue.form(ed)]
        self._words = [frozenset(p.key.split()) for p in self.form]

    def canonical_keys(self, provision_id: str) -> list[str]:
        return [
            p.key
            for ed in ("2022", "2024")
            if (p := self.catalogue.get(ed, provision_id)) and p.key
        ]

    def continues_requirement(self, fragment: str, provision_id: str | None, so_far: str) -> bool:
        """Is `fragment` a further piece of the canonical requirement of this row?"""
        if not provision_id:
            return False
        key = match_key(fragment)
        if len(key) < 12:
            return False
        if contains(match_key(so_far), key):
            return False
        return any(contains(ck, key) for ck in self.canonical_keys(provision_id))

    def ends_requirement(self, fragment: str, provision_id: str | None, so_far: str) -> bool:
        """Is a short `fragment` the next words of this row's canonical requirement after `so_far`?

        For the last word or two of a wrapped cell ("requirements."), which are too short
        for `continues_requirement` and may look like header vocabulary.
        """
        if not provision_id or not so_far:
            return False
        before, joined = match_key(so_far), match_key(f"{so_far} {fragment}")
        if len(joined) <= len(before) or len(before) < MIN_PARTIAL:
            return False
        return any(joined in ck for ck in self.canonical_keys(provision_id))

    def best_match(self, text: str) -> tuple[Provision | None, float]:
        key = match_key(text)
        best, best_score = None, 0.0
        for p in self.form:
            s = similarity(key, p.key)
            if s > best_score:
                best, best_score = p, s
        return best, best_score

    def starts_unnumbered_row(self, text: str, current_id: str | None) -> bool:
        """Does an unnumbered line read as (part of) the requirement of another provision?

        True only for long text that is clearly canonical wording and that is not
        wording of the row we are in (which would make it a continuation).
        """
        key = match_key(text)
        if len(key) < 40:
            return False
        if current_id and any(contains(ck, key, 85) for ck in self.canonical_keys(current_id)):
            return False
        # Cheap filter first: canonical wording shares nearly all of its words.
        words = set(key.split())
        need = 0.8 * len(words)
        return any(
            len(words & pw) >= need and contains(p.key, key)
            for p, pw in zip(self.form, self._words)
        )

    # ------------------------------------------------------------------ flattened text
    # Where no cell separator survives ("1.7A landlord must ... do so.YesSee our policy"),
    # the Code's own wording tells where a requirement starts and where it ends.

    def starts_requirement(self, text: str, min_key: int = 25) -> Provision | None:
        """The form provision whose canonical wording `text` opens with, if any.

        Compares the opening words only, so a line that goes on into the comply
        value and the evidence still counts.
        """
        found = self.openings(text, min_key)
        return found[0] if found else None

    def openings(self, text: str, min_key: int = 25) -> list[Provision]:
        """Every form provision (either edition) whose wording `text` opens with, best first."""
        key = match_key(text[:400])
        if len(key) < min_key:
            return []
        scored = []
        rest = self.form
        if len(key) >= OPENING_CHARS:
            # Every wording at least as long compares its first OPENING_CHARS characters: one
            # batched call (asked of every line of a page read as flattened text).
            long_, rest, openings = self._by_length
            for _, score, i in process.extract(key[:OPENING_CHARS], openings,
                                               scorer=fuzz.ratio, score_cutoff=OPENING, limit=None):
                scored.append((-score, long_[i].order, long_[i]))
        for p in rest:
            n = min(len(key), len(p.key), OPENING_CHARS)
            if n < min_key:
                continue
            score = fuzz.ratio(key[:n], p.key[:n])
            if score >= OPENING:
                scored.append((-score, p.order, p))
        return [p for *_, p in sorted(scored, key=lambda t: t[:2])]

    @cached_property
    def _by_length(self) -> tuple[list[Provision], list[Provision], list[str]]:
        """Form provisions whose wording is at least OPENING_CHARS long, the others, and the
        first's openings."""
        long_ = [p for p in self.form if len(p.key) >= OPENING_CHARS]
        return long_, [p for p in self.form if len(p.key) < OPENING_CHARS], [p.key[:OPENING_CHARS] for p in long_]

    @cached_property
    def _form_keys(self) -> list[str]:
        return [p.key for p in self.form]

    def closest(self, text: str, cutoff: float) -> Provision | None:
        """The form provision whose whole wording is nearest `text` (plain edit ratio,
        one batched call: cheap enough to ask of every row of a document)."""
        hit = process.extractOne(match_key(text), self._form_keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        return self.form[hit[2]] if hit else None

    def requirement_end(self, text: str, keys: list[str]) -> tuple[int, float]:
        """(cut, score): `text[:cut]` is the printed requirement whose canonical
        wording is one of `keys`; score 0-100 says how well it matches.

        Cuts are tried where a cell could end: at a space or line break, after
        closing punctuation glued to a capital ("do so.Yes"), and between a
        lower-case letter and a capital ("regularlyYes").  A cut followed by a
        compliance value wins over a slightly better match a few words away
        (the printed wording often differs a little from the Code's); a line
        break wins a tie.
        """
        best_cut, best_score = 0, 0.0
        if not text or not keys:
            return best_cut, best_score
        longest = max(len(k) for k in keys)
        shortest = min(len(k) for k in keys)
        for cut in cuts(text):
            prefix = match_key(text[:cut])
            if len(prefix) < 0.4 * shortest:
                continue
            if len(prefix) > 1.6 * longest + 20:
                break
            score = max(fuzz.ratio(prefix, k) for k in keys)
            after = text[cut:]
            if split_comply(after.strip()) is not None:
                score += COMPLY_AFTER
            elif after[:1] == "\n":
                score += 0.5
            if score >= best_score:  # a tie goes to the longer wording
                best_cut, best_score = cut, score
        return best_cut, min(best_score, 100.0)


_CLOSERS = ".:;!?)'\"’”]"
OPENING = 88.0  # prefix ratio at which a text opens with a provision's wording
OPENING_CHARS = 60  # how much of a wording's opening is compared
COMPLY_AFTER = 6.0  # bonus for a cut followed by a compliance value ("...a response.YesSee")


def cuts(text: str):
    """Positions where a flattened cell may end, in order."""
    n = len(text)
    for i in range(1, n + 1):
        if i == n:
            yield i
            continue
        prev, ch = text[i - 1], text[i]
        if ch.isspace() and not prev.isspace():
            yield i
        elif ch.isalpha() and ch.isupper() and (prev in _CLOSERS or prev.islower()):
            yield i
