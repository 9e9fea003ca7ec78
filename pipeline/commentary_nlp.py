"""The spaCy pipeline the commentary analysis runs on, loaded once per process.

Offline only: `spacy.blank("en")` with a sentencizer, a component that repairs
its splits (abbreviations such as "ref.", "e.g.", "No.", section numbers such
as "Section 3. Scope", bullets and line breaks), the lookup lemmatizer from
`spacy-lookups-data`, and a reference ruler (EntityRuler-format patterns, matched
by `AnchoredMatcher`, which runs only the patterns a text can match).  If a packaged English
model (`en_core_web_sm`) happens to be installed its tagger/lemmatizer and
sentence recogniser are used instead; nothing is ever downloaded.

Every pattern lives in `schemas/patterns/commentary_*.json(l)`; this module only
wires them up.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from pipeline import SCHEMAS

PATTERNS = SCHEMAS / "patterns"
BULLETS = set("•·▪◦●")


def _json(name: str) -> dict[str, Any]:
    with (PATTERNS / name).open(encoding="utf-8") as f:
        data = json.load(f)
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[str]]:
    return _json("commentary_lexicon.json")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(a.lower().rstrip(".") for a in lexicon()["abbreviations"])


@Language.component("chc_sentence_fixes")
def sentence_fixes(doc: Doc) -> Doc:
    """Repair sentence starts: never after an abbreviation or inside a section
    number, always after a line break or at a bullet."""
    abbrev = abbreviations()
    n = len(doc)
    for i in range(1, n):
        tok = doc[i]
        prev = doc[i - 1]
        start: bool | None = None
        if prev.is_space and "\n" in prev.text or prev.text == "\n":
            start = True
        elif tok.text in BULLETS:
            start = True
        elif tok.is_sent_start:
            if prev.text == "." and i >= 2:
                before = doc[i - 2]
                if before.lower_.rstrip(".") in abbrev and before.idx + len(before) == prev.idx:
                    start = False
                elif before.like_num and tok.like_num:
                    start = False  # "point 3. 4": a section number broken by a space
            elif prev.text.endswith(".") and len(prev.text) > 1 and prev.lower_.rstrip(".") in abbrev:
                start = False
            if start is None and tok.is_alpha and tok.is_lower and prev.text in {".", ")", ";"}:
                # "etc. which", "(eg. large print": a lower-case word does not open a sentence.
                start = False
        if start is not None:
            tok.is_sent_start = start
    return doc


@Language.component("chc_lemma_case")
def lemma_case(doc: Doc) -> Doc:
    """The lookup table is keyed by lower-case forms: lemmatise "Complaints" as "complaint"."""
    table = _lemma_table()
    for tok in doc:
        if tok.is_alpha:
            lower = tok.lower_
            tok.lemma_ = table.get(lower, lower) if table is not None else lower
    return doc


_TABLE: Any = None  # spacy.lookups.Table once loaded


def _lemma_table() -> Any:
    return _TABLE


def _build_blank() -> Language:
    global _TABLE
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("chc_sentence_fixes")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("chc_lemma_case")
    nlp.add_pipe("chc_references")
    nlp.initialize()  # loads lemma_lookup from spacy-lookups-data
    _TABLE = lemmatizer.lookups.get_table("lemma_lookup")  # spaCy Table: .get(str) hashes the key
    return nlp


def _build_packaged() -> Language | None:
    global _TABLE
    try:
        nlp = spacy.load("en_core_web_sm", exclude=["parser", "ner"])
    except (OSError, ImportError):
        return None
    from spacy.lookups import load_lookups

    # the model lemmatises with its tagger; `lemma()` of a lone word still uses the lookup table
    _TABLE = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    nlp.add_pipe("chc_sentence_fixes", after="senter" if "senter" in nlp.pipe_names else None)
    nlp.add_pipe("chc_references")
    return nlp


@Language.factory("chc_references")
def make_reference_ruler(nlp: Language, name: str) -> "ReferenceRuler":
    return ReferenceRuler(nlp.vocab, reference_patterns())


class ReferenceRuler:
    """The references as doc.ents: spaCy's EntityRuler (token patterns, overwrite_ents) on an AnchoredMatcher.

    Same choice of entities as the EntityRuler: longest match first, then the
    earliest; a match overlapping one already taken is dropped; a pattern's "id"
    becomes the entity's ent_id_.  Ties the EntityRuler leaves to set order are
    broken by label here, so the result is the same on every run.
    """

    def __init__(self, vocab, entries: list[dict[str, Any]]) -> None:
        by_key: dict[str, list] = {}
        self.ent_ids: dict[int, tuple[str, str | None]] = {}
        for e in entries:
            key = f"{e['label']}||{e['id']}" if e.get("id") else e["label"]
            by_key.setdefault(key, []).append(e["pattern"])
            self.ent_ids[vocab.strings.add(key)] = (e["label"], e.get("id"))
        self.vocab = vocab
        self.matcher = AnchoredMatcher(vocab, {"references": by_key})

    def __call__(self, doc: Doc) -> Doc:
        found = {m for m in self.matcher(doc)["references"] if m[1] != m[2]}
        strings = self.vocab.strings
        ordered = sorted(found, key=lambda m: (-(m[2] - m[1]), m[1], strings[m[0]]))
        spans, seen = [], set()
        for key, start, end in ordered:
            if start in seen or end - 1 in seen:
                continue
            label, ent_id = self.ent_ids[key]
            spans.append(Span(doc, start, end, label=label, span_id=ent_id) if ent_id else Span(doc, start, end, label=label))
            seen.update(range(start, end))
        kept = [e for e in doc.ents if not any(e.start < s.end and e.end > s.start for s in spans)]
        doc.ents = kept + spans
        return doc


def reference_patterns() -> list[dict[str, Any]]:
    rows = []
    with (PATTERNS / "commentary_references.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    return rows


_NLP: Language | None = None


def load(prefer_packaged: bool = True) -> Language:
    """The process-wide pipeline (built on first use)."""
    global _NLP
    if _NLP is None:
        _NLP = (_build_packaged() if prefer_packaged else None) or _build_blank()
    return _NLP


def lemma(word: str) -> str:
    """Lower-case lookup lemma of a single word (the same table the pipeline uses)."""
    load()
    lower = word.lower()
    return _TABLE.get(lower, lower) if _TABLE is not None else lower


PATTERN_FILES = ("cues", "dates", "figures")  # schemas/patterns/commentary_<name>.json


@lru_cache(maxsize=1)
def matchers() -> "AnchoredMatcher":
    """One matcher over the cue, date and figure patterns; its result is split by file."""
    nlp = load()
    return AnchoredMatcher(nlp.vocab, {name: _json(f"commentary_{name}.json") for name in PATTERN_FILES})


# Literal-valued token attributes, compared lower-cased with a doc's words and lemmas.
_LITERAL_ATTRS = ("LOWER", "NORM", "ORTH", "TEXT", "LEMMA")
# Boolean flags a doc can be tested for cheaply; an anchor on one of them is chosen last.
_FLAG_ATTRS = ("LIKE_NUM", "IS_DIGIT", "IS_CURRENCY")
_OPTIONAL_OPS = ("?", "*", "!")


def doc_words(doc: Doc) -> set[str]:
    """What an anchor is tested against: the doc's lower-cased words and lemmas, and its flags."""
    cached = doc.user_data.get("chc_words")
    if cached is not None:
        return cached
    out: set[str] = set()
    num = digit = currency = False
    for tok in doc:
        out.add(tok.lower_)
        lemma = tok.lemma_
        if lemma:
            out.add(lemma.lower())
        num = num or tok.like_num
        digit = digit or tok.is_digit
        currency = currency or tok.is_currency
    for flag, present in (("LIKE_NUM", num), ("IS_DIGIT", digit), ("IS_CURRENCY", currency)):
        if present:
            out.add(f"\x00{flag}")
    doc.user_data["chc_words"] = out  # lemmas are set by now: the matchers run after the lemmatizer
    return out


class AnchoredMatcher:
    """spaCy Matchers over several pattern files, run only with the patterns that can match.

    spaCy's Matcher starts every pattern at every token and builds a Token object
    per token per call, so its cost grows with tokens x patterns x calls; yet most
    of our patterns need a word ("will", "process", "quarter") that a given text
    does not hold.  Each pattern's anchor is the most selective literal among its
    required tokens (a LOWER/TEXT/LEMMA value or IN-list, else a flag such as
    LIKE_NUM).  For a doc, the patterns whose anchor it holds (and those with no
    anchor) are run in one Matcher call; Matchers are cached per set of active
    patterns.  The matches are those of one Matcher per file over all its
    patterns, sorted by (start, end, label) (tests/test_commentary.py checks this).
    """

    CACHE = 2048  # Matchers kept per process, one per distinct set of active pattern groups

    def __init__(self, vocab, files: dict[str, dict[str, list[list[dict]]]]) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        self.vocab = vocab
        self._stop = STOP_WORDS
        self.file_of: dict[int, str] = {}  # match_id -> pattern file
        groups: dict[frozenset[str] | None, list[tuple[str, list[dict]]]] = {}
        for name, by_label in files.items():
            for label, patterns in by_label.items():
                key = vocab.strings.add(label)
                if self.file_of.setdefault(key, name) != name:
                    raise ValueError(f"pattern label {label} is used in two pattern files")
                for pattern in patterns:
                    groups.setdefault(self.anchor(pattern), []).append((label, pattern))
        self._anchors = list(groups)
        self._patterns = [groups[a] for a in self._anchors]
        self._matcher_for = lru_cache(maxsize=self.CACHE)(self._build)

    def anchor(self, pattern: list[dict]) -> frozenset[str] | None:
        """The words (or flags) one of which a doc must hold for `pattern` to match; None: no such set."""
        best: tuple | None = None
        for spec in pattern:
            if spec.get("OP") in _OPTIONAL_OPS:
                continue
            for attr, value in spec.items():
                words = self._literals(attr, value)
                if words is None:
                    continue
                flag = any(w.startswith("\x00") for w in words)
                # a flag only when nothing else; then fewest stop words, then fewest alternatives
                rank = (flag, sum(w in self._stop for w in words) > 0, len(words))
                if best is None or rank < best[0]:
                    best = (rank, frozenset(words))
        return best[1] if best else None

    @staticmethod
    def _literals(attr: str, value) -> set[str] | None:
        if attr in _FLAG_ATTRS:
            return {f"\x00{attr}"} if value is True else None
        if attr not in _LITERAL_ATTRS:
            return None
        if isinstance(value, str):
            return {value.lower()}
        if isinstance(value, dict) and set(value) == {"IN"}:
            return {str(v).lower() for v in value["IN"]}
        return None

    def _build(self, active: tuple[int, ...]) -> Matcher:
        by_label: dict[str, list] = {}
        for g in active:
            for label, pattern in self._patterns[g]:
                by_label.setdefault(label, []).append(pattern)
        m = Matcher(self.vocab)
        for label, patterns in by_label.items():
            m.add(label, patterns)
        return m

    def __call__(self, doc: Doc) -> dict[str, list[tuple[int, int, int]]]:
        """Matches per pattern file, each as (match_id, start, end)."""
        words = doc_words(doc)
        active = tuple(g for g, a in enumerate(self._anchors) if a is None or not a.isdisjoint(words))
        out: dict[str, list[tuple[int, int, int]]] = {name: [] for name in set(self.file_of.values())}
        if active:
            for match in sorted(set(self._matcher_for(active)(doc)), key=lambda x: (x[1], x[2], x[0])):
                out[self.file_of[match[0]]].append(match)
        return out
