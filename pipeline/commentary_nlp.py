"""The spaCy pipeline the commentary analysis runs on, loaded once per process.

Offline only: `spacy.blank("en")` with a sentencizer, a component that repairs
its splits (abbreviations such as "ref.", "e.g.", "No.", section numbers such
as "Section 3. Scope", bullets and line breaks), the lookup lemmatizer from
`spacy-lookups-data`, and an EntityRuler for references.  If a packaged English
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
from spacy.tokens import Doc

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
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    nlp.initialize()  # loads lemma_lookup from spacy-lookups-data
    _TABLE = lemmatizer.lookups.get_table("lemma_lookup")  # spaCy Table: .get(str) hashes the key
    ruler.add_patterns(reference_patterns())
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
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(reference_patterns())
    return nlp


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


@lru_cache(maxsize=1)
def matchers() -> dict[str, Matcher]:
    """Matchers for cues, dates and figures, built from the pattern files."""
    nlp = load()
    out = {}
    for name in ("commentary_cues.json", "commentary_dates.json", "commentary_figures.json"):
        m = Matcher(nlp.vocab)
        for label, patterns in _json(name).items():
            m.add(label, patterns)
        out[name.removeprefix("commentary_").removesuffix(".json")] = m
    return out
