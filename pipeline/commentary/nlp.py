"""The spaCy pipeline the commentary analysis runs on, loaded once per process.

Offline only: `spacy.blank("en")` with a sentencizer, a component that repairs
its splits (abbreviations such as "ref.", "e.g.", "No.", section numbers such
as "Section 3. Scope", bullets and line breaks), the lookup lemmatizer from
`spacy-lookups-data`, and `PatternMatcher`, which matches every pattern file in
one pass (`AnchoredMatcher`: only the patterns a text can match) and sets the
references as doc.ents the way spaCy's EntityRuler would.  If a packaged English
model (`en_core_web_sm`) happens to be installed its tagger/lemmatizer and
sentence recogniser are used instead; nothing is ever downloaded.

Every pattern lives in `schemas/patterns/commentary_*.json(l)`; this module only
wires them up.  A pattern may name a word list of the lexicon instead of spelling it
out: `{"LEMMA": {"IN": "@change_verbs"}}` is the list `change_verbs` of
commentary_lexicon.json, so a word class is kept in one place.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IDS as ATTR_IDS
from spacy.attrs import IS_ALPHA, LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from pipeline.core.paths import SCHEMAS

PATTERNS = SCHEMAS / "patterns"
BULLETS = set("•·▪◦●")
LINE_MARKS = set("*-–—>o")  # list marks only where a line starts with them ("- item", "* item")


def _json(name: str) -> dict[str, Any]:
    with (PATTERNS / name).open(encoding="utf-8") as f:
        data = json.load(f)
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[str]]:
    return _json("commentary_lexicon.json")


def pattern_file(name: str) -> dict[str, Any]:
    """The patterns of schemas/patterns/commentary_<name>.json by label, word lists filled in."""
    return _with_lists(_json(f"commentary_{name}.json"))


def _with_lists(value: Any) -> Any:
    """A pattern with its "@name" word lists replaced by the lexicon's lists (lower-cased)."""
    if isinstance(value, str) and value.startswith("@") and value[1:] in lexicon():
        return [w.lower() for w in lexicon()[value[1:]]]
    if isinstance(value, dict):
        return {k: _with_lists(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_lists(v) for v in value]
    return value


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


@Language.component("chc_lemmas")
def lemmas(doc: Doc) -> Doc:
    """Lookup lemmas from spacy-lookups-data's English table, as spaCy's lookup
    lemmatizer gives them, except that words are looked up by their lower-case
    form, which is how the table is keyed ("Complaints" -> "complaint").

    Works on the doc's attribute arrays with a per-process cache, so no Token
    object is made: this runs on every sentence of every response.
    """
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    cache = _LEMMA_IDS
    arr = doc.to_array([ORTH, LOWER, IS_ALPHA]).tolist()
    out = numpy.empty((len(arr), 1), dtype="uint64")
    for i, (orth, lower, alpha) in enumerate(arr):
        key = lower if alpha else orth
        lemma_id = cache.get(key)
        if lemma_id is None:
            text = strings[key]
            lemma_id = cache[key] = strings.add(_TABLE.get(key, text) if _TABLE is not None else text)
        out[i, 0] = lemma_id
    doc.from_array([LEMMA], out)
    return doc


_TABLE: Any = None  # spacy.lookups.Table once loaded
_LEMMA_IDS: dict[int, int] = {}  # word (lower) or token (text) hash -> lemma hash


def _load_lemma_table() -> Any:
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")  # .get(str | hash)


def _build_blank() -> Language:
    global _TABLE
    _TABLE = _load_lemma_table()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("chc_sentence_fixes")
    nlp.add_pipe("chc_lemmas")
    nlp.add_pipe("chc_patterns")
    return nlp


def _build_packaged() -> Language | None:
    global _TABLE
    try:
        nlp = spacy.load("en_core_web_sm", exclude=["parser", "ner"])
    except (OSError, ImportError):
        return None
    # the model lemmatises with its tagger; `lemma()` of a lone word still uses the lookup table
    _TABLE = _load_lemma_table()
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    nlp.add_pipe("chc_sentence_fixes", after="senter" if "senter" in nlp.pipe_names else None)
    nlp.add_pipe("chc_patterns")
    return nlp


PATTERN_FILES = ("cues", "dates", "figures")  # schemas/patterns/commentary_<name>.json, read by commentary.py
COMPLETION = "completion"  # schemas/patterns/commentary_completion.json: matched only where a row needs it
REFERENCES = "references"  # schemas/patterns/commentary_references.jsonl: EntityRuler-format patterns


@Language.factory("chc_patterns")
def make_pattern_matcher(nlp: Language, name: str) -> PatternMatcher:
    return PatternMatcher(nlp.vocab, reference_patterns())


class PatternMatcher:
    """Every pattern file matched in one pass; the references become doc.ents.

    The matches of each file are kept in doc.user_data["chc_matches"] (see
    `matches`).  The references are chosen as spaCy's EntityRuler (token
    patterns, overwrite_ents) chooses them: longest match first, then the
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
        files = {name: pattern_file(name) for name in PATTERN_FILES}
        files[REFERENCES] = by_key
        self.matcher = AnchoredMatcher(vocab, files)

    def __call__(self, doc: Doc) -> Doc:
        found = self.matcher(doc)
        doc.user_data["chc_matches"] = found
        refs = {m for m in found[REFERENCES] if m[1] != m[2]}
        strings = self.vocab.strings
        ordered = sorted(refs, key=lambda m: (-(m[2] - m[1]), m[1], strings[m[0]]))
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


def matches(doc: Doc) -> dict[str, list[tuple[int, int, int]]]:
    """(match_id, start, end) per pattern file for a doc the pipeline made (matched again if need be)."""
    found = doc.user_data.get("chc_matches")
    return found if found is not None else matchers()(doc)


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
def completion_matcher() -> AnchoredMatcher:
    """The COMPLETION patterns, run on demand (only rows claiming no or partial read them)."""
    return AnchoredMatcher(load().vocab, {COMPLETION: _json(f"commentary_{COMPLETION}.json")})


def matchers() -> AnchoredMatcher:
    """The matcher over every pattern file (the pipeline's own); its result is split by file."""
    return load().get_pipe("chc_patterns").matcher


# Literal-valued token attributes, compared lower-cased with a doc's words and lemmas.
_LITERAL_ATTRS = ("LOWER", "NORM", "ORTH", "TEXT", "LEMMA")
# Boolean flags a doc can be tested for cheaply; an anchor on one of them is chosen last.
_FLAG_ATTRS = ("LIKE_NUM", "IS_DIGIT", "IS_CURRENCY")
_OPTIONAL_OPS = ("?", "*", "!")


# Anchor ids of the flags (string hashes are 64-bit, far from these).
_FLAG_IDS = {"LIKE_NUM": 1, "IS_DIGIT": 2, "IS_CURRENCY": 3}


def doc_words(doc: Doc) -> dict[int, list[int]]:
    """What an anchor is tested against: the positions of each of the doc's lower-cased words
    and lemmas (by hash), and of each flag (by its id).  From the attribute arrays: no Token
    objects."""
    cached = doc.user_data.get("chc_words")
    if cached is not None:
        return cached
    out: dict[int, list[int]] = {}
    if not len(doc):
        return out
    arr = doc.to_array([LOWER, LEMMA, ATTR_IDS["LIKE_NUM"], ATTR_IDS["IS_DIGIT"], ATTR_IDS["IS_CURRENCY"]])
    for i, (lower, lem) in enumerate(arr[:, :2].tolist()):
        out.setdefault(lower, []).append(i)
        if lem != lower:
            out.setdefault(lem, []).append(i)
    for col, flag in ((2, "LIKE_NUM"), (3, "IS_DIGIT"), (4, "IS_CURRENCY")):
        where = numpy.flatnonzero(arr[:, col])
        if len(where):
            out[_FLAG_IDS[flag]] = where.tolist()
    doc.user_data["chc_words"] = out  # lemmas are set by now: the matchers run after the lemmas
    return out


def _most_tokens(spec: dict) -> int | None:
    """The most tokens one pattern token can match; None when unbounded ("*", "+", "{n,}")."""
    op = spec.get("OP")
    if op in (None, "?", "!", "1"):
        return 1
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        most = op[1:-1].split(",")[-1].strip()
        return int(most) if most else None
    return None


def reach(pattern: list[dict], at: int) -> tuple[int, int] | None:
    """How many tokens a match of `pattern` can span before and after the token matching its
    spec `at`; None when unbounded (or when that spec can match more than one token)."""
    lengths = [_most_tokens(spec) for spec in pattern]
    if None in lengths or lengths[at] != 1:
        return None
    return sum(lengths[:at]), sum(lengths[at + 1:])


class AnchoredMatcher:
    """spaCy Matchers over several pattern files, each run only on texts it can match.

    spaCy's Matcher starts every pattern at every token, so its cost grows with
    tokens x patterns; yet most of our patterns need a word ("will", "process",
    "quarter") that a given text does not hold.  Each pattern's anchor is the most
    selective literal among its required tokens (a LOWER/TEXT/LEMMA value or
    IN-list, else a flag such as LIKE_NUM); patterns with the same anchor share a
    Matcher, and a doc runs only the Matchers whose anchor it holds (and those of
    patterns with no anchor).  The matches are those of one Matcher per file over
    all its patterns, sorted by (start, end, label) (tests/test_commentary.py
    checks this).  Each Matcher call also costs a pass over the doc's tokens, so
    after LEARN texts the groups that most texts activate are merged into one
    Matcher that always runs.  Measured on 8,000 fields of synthetic and seed
    evidence: one Matcher over every pattern 5.9 s, one Matcher per anchor group
    2.6 s; a Matcher built per distinct set of active groups is faster once built
    (1.8 s), but there are thousands of such sets and building them costs more
    than it saves.  A group that does run is matched only over the tokens its matches could
    cover around each anchor word (`_match_near`), since spaCy's Matcher builds a Token for
    every token it is given: on the seeds that cut a pass's CPU by about a sixth, matches
    unchanged on every text of the seeds and the development corpus.
    """

    LEARN = 300  # texts watched before the groups most texts activate are merged (see _rebin)
    COMMON = 0.5

    def __init__(self, vocab, files: dict[str, dict[str, list[list[dict]]]]) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        self.vocab = vocab
        self._stop = STOP_WORDS
        self.file_of: dict[int, str] = {}  # match_id -> pattern file
        groups: dict[frozenset[int] | None, dict[str, list[list[dict]]]] = {}
        reaches: dict[frozenset[int] | None, tuple[int, int] | None] = {}
        for name, by_label in files.items():
            for label, patterns in by_label.items():
                key = vocab.strings.add(label)
                if self.file_of.setdefault(key, name) != name:
                    raise ValueError(f"pattern label {label} is used in two pattern files")
                for pattern in patterns:
                    anchor, at = self._anchor(pattern)
                    groups.setdefault(anchor, {}).setdefault(label, []).append(pattern)
                    # how far a group's matches reach from its anchor token, before and after it
                    around = reach(pattern, at) if anchor is not None else None
                    was = reaches.get(anchor, (0, 0))
                    reaches[anchor] = None if around is None or was is None else (
                        max(was[0], around[0]), max(was[1], around[1]))
        self._by_anchor = groups
        self._groups: list[tuple[frozenset[int] | None, Matcher, tuple[int, int] | None]] = [
            (anchor, self._matcher(by_label), reaches[anchor]) for anchor, by_label in groups.items()]
        self._files = sorted(set(self.file_of.values()))
        # the groups nearly every text activates, as one Matcher; None while learning, False for none
        self._always: Matcher | bool | None = None
        self._active_counts = [0] * len(self._groups)
        self._seen = 0

    def _matcher(self, *by_labels: dict[str, list[list[dict]]]) -> Matcher:
        m = Matcher(self.vocab)
        for by_label in by_labels:
            for label, patterns in by_label.items():
                m.add(label, patterns)
        return m

    def _rebin(self) -> None:
        """Merge the groups that at least COMMON of the texts seen so far activated into one
        Matcher: every call costs a pass over the doc's tokens, so groups run on nearly every
        text are cheaper run together.  The matches are the same either way."""
        common = {g for g, n in enumerate(self._active_counts) if n >= self.COMMON * self._seen}
        anchors = list(self._by_anchor)
        # a Matcher with no patterns cannot be called: with no common group, nothing always runs
        self._always = self._matcher(*(self._by_anchor[anchors[g]] for g in sorted(common))) if common else False
        self._groups = [grp for g, grp in enumerate(self._groups) if g not in common]

    def __call__(self, doc: Doc) -> dict[str, list[tuple[int, int, int]]]:
        """Matches per pattern file, each as (match_id, start, end)."""
        words = doc_words(doc)
        present = set(words)
        found: set[tuple[int, int, int]] = set()
        learning = self._always is None
        if self._always:
            found.update(self._always(doc))
        for g, (anchor, m, around) in enumerate(self._groups):
            if anchor is None:
                found.update(m(doc))
            elif anchor.isdisjoint(present):
                continue
            else:
                self._match_near(doc, m, around, [i for h in anchor & present for i in words[h]], found)
            if learning:
                self._active_counts[g] += 1
        if learning:
            self._seen += 1
            if self._seen >= self.LEARN:
                self._rebin()
        out: dict[str, list[tuple[int, int, int]]] = {name: [] for name in self._files}
        for match in sorted(found, key=lambda x: (x[1], x[2], x[0])):
            out[self.file_of[match[0]]].append(match)
        return out

    @staticmethod
    def _match_near(doc: Doc, m: Matcher, around: tuple[int, int] | None, at: list[int], found: set) -> None:
        """Run `m` only over the tokens a match could cover around an anchor at one of the
        positions `at` (`around`: how far before and after it).

        A match holds a required anchor token and reaches no further from it than that, so it
        lies in such a window, and a match inside a window is a match in the doc: the result is
        the whole doc's.  It is cheaper because spaCy's Matcher makes a Token object for every
        token of what it is given, and tests each token against the patterns' word lists."""
        n = len(doc)
        if around is None:
            found.update(m(doc))
            return
        before, after = around
        windows: list[list[int]] = []
        for i in sorted(at):
            start, end = max(0, i - before), min(n, i + after + 1)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end  # positions are sorted, so a later window never ends sooner
            else:
                windows.append([start, end])
        if len(windows) == 1 and windows[0] == [0, n]:
            found.update(m(doc))
            return
        for start, end in windows:
            found.update((key, s + start, e + start) for key, s, e in m(doc[start:end]))

    def anchor(self, pattern: list[dict]) -> frozenset[int] | None:
        """Hashes of the words (or flag ids) one of which a doc must hold for `pattern` to match;
        None when no required token has a literal value."""
        return self._anchor(pattern)[0]

    def _anchor(self, pattern: list[dict]) -> tuple[frozenset[int] | None, int]:
        """The anchor and the index of the pattern token it is taken from."""
        best: tuple | None = None
        for at, spec in enumerate(pattern):
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
                    best = (rank, words, at)
        if best is None:
            return None, 0
        return frozenset(_FLAG_IDS[w[1:]] if w.startswith("\x00") else self.vocab.strings.add(w) for w in best[1]), best[2]

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

