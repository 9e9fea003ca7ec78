"""What a provision asks for: its distinctive terms, what it negates, and how much two texts share.

"Distinctive" terms are lemmas (and adjacent pairs) found in at most `DISTINCTIVE_DF` of the
Code's provisions, so "complaint", "landlord", "resident" never count as evidence of relevance.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Iterable

from pipeline.core.matching import match_key
from pipeline.core.model import Response
from pipeline.core import catalogue as catalogue_mod
from pipeline.commentary import nlp as cnlp
from pipeline.commentary.clauses import clause_window
from pipeline.commentary.vocabulary import BATCH_SIZE, vocabulary, stop_words


DISTINCTIVE_DF = 0.10  # a lemma in more than this share of provisions is not distinctive
BROAD_DF = 0.35  # ... and one in more than this share is too common to tie a denied act to the provision
NEGATED_SPAN = 3  # content words after "not" that a provision negates
RARE_DF = 2  # provisions: a term this rare in the Code counts twice


def content_lemmas(tokens: Iterable) -> list[str]:
    return [t.lemma_ for t in tokens
            if t.is_alpha and len(t.text) > 2 and not t.is_stop and t.lemma_ not in stop_words()]


def _terms(tokens: Iterable) -> set[str]:
    """Content lemmas and adjacent pairs of them ("service request"): the units of relevance."""
    toks = list(tokens)
    out = set()
    prev = None
    for t in toks:
        ok = t.is_alpha and len(t.text) > 2 and not t.is_stop and t.lemma_ not in stop_words()
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
    forbidden: frozenset[str] = frozenset()  # lemmas only the clauses ruling something out use
    # lemmas of the case a clause is conditioned on ("Any restrictions placed on contact ... must be
    # proportionate", "whether an extension is needed"): the provision asks nothing of them on their own
    conditioned: frozenset[str] = frozenset()
    # every content lemma of the provision but the commonest (complaint, landlord, resident): what a
    # denied act ("we don't include the Ombudsman's details") may share with it
    broad: frozenset[str] = frozenset()


@lru_cache(maxsize=512)
def requirement_profile(text: str) -> Requirement:
    if not text:
        return Requirement(frozenset(), frozenset())
    doc = cnlp.load()(text)
    vocab = vocabulary()
    negated: set[str] = set()
    ruling_out: set[int] = set()
    for i, tok in enumerate(doc):
        # "lack of action" names a thing (a complaint's definition), it rules nothing out
        if tok.lower_ in vocab.negation and not (i + 1 < len(doc) and doc[i + 1].lower_ == "of"):
            # only what is directly negated: "must not stop their efforts to address the service
            # request" negates stopping and efforts, not the service request
            negated.update(content_lemmas(clause_window(doc, i))[:NEGATED_SPAN])
            ruling_out.update(t.i for t in _clause_of(doc, i))
    # what only the ruling-out clauses say: "informal", "stage 0" in "It is not appropriate to have
    # extra named stages", not "complaint handling" that the provision's other sentences ask for
    forbidden = set(content_lemmas(t for t in doc if t.i in ruling_out)) - set(
        content_lemmas(t for t in doc if t.i not in ruling_out))
    positive = {t for t in _terms(doc) if distinctive(t) and t not in negated}
    df, n = document_frequency()
    broad = {t for t in content_lemmas(doc) if df.get(t, 0) / n <= BROAD_DF and t not in negated}
    return Requirement(frozenset(positive), frozenset(negated), frozenset(forbidden), _conditioned(doc),
                       frozenset(broad))


CONDITION_OPENERS = frozenset({"any", "if", "where", "when", "whenever", "whether", "should"})
_MODALS = frozenset({"must", "will", "should", "may", "shall", "can"})
_CONTRAST = frozenset({"but", "however", "although", "though", "whereas"})
_CASE_ENDS = frozenset({"and", "then", "when", "but", "or", "before", "after"})


def _conditioned(doc) -> frozenset[str]:
    """The content lemmas of the cases a provision's clauses are conditioned on: from a sentence
    opening "Any ..."/"If ..."/"Where ..." to its modal verb, or from "whether" to the clause's end."""
    out: set[str] = set()
    for i, tok in enumerate(doc):
        low = tok.lower_
        if low not in CONDITION_OPENERS or not (tok.is_sent_start or low == "whether"):
            continue
        case = []
        for t in doc[i + 1:]:
            # "whether an extension is needed when considering ... and then inform the resident": the
            # case ends where the sentence goes on to what must be done
            if t.lower_ in _MODALS or t.text in {",", ";", ":", "."} or t.is_sent_start or (
                    low == "whether" and t.lower_ in _CASE_ENDS):
                break
            case.append(t)
        out.update(content_lemmas(case))
    return frozenset(out)


def broad_relevance(tokens: Iterable, req: Requirement) -> set[str]:
    """The provision's content lemmas these tokens use, the commonest left out."""
    return set(content_lemmas(tokens)) & req.broad


def only_conditioned(shared: set[str], req: Requirement) -> bool:
    """Do the terms a negation shares with the provision name only a case it is conditioned on?
    "No contact restrictions were needed this year" answers "Any restrictions ... must be
    proportionate" by saying the case did not arise."""
    words = {w for t in shared for w in t.split()}
    return bool(words) and words <= req.conditioned


def _clause_of(doc, i: int) -> list:
    """The tokens of the sentence holding token i, cut at semicolons: what "must not ..." rules out
    ("It is not appropriate to have extra named stages (such as 'stage 0' ...)")."""
    sent = doc[i].sent
    a, b = i, i
    # "Service requests are not complaints, but must be recorded": the contrast opens a clause of its own
    while a > sent.start and doc[a - 1].text != ";" and doc[a - 1].lower_ not in _CONTRAST:
        a -= 1
    while b + 1 < sent.end and doc[b + 1].text != ";" and doc[b + 1].lower_ not in _CONTRAST:
        b += 1
    return list(doc[a:b + 1])


def agrees_with_prohibition(tokens, req: Requirement, shared: set[str]) -> set[str]:
    """The words a negation in the evidence shares with what the provision itself rules out, when
    they outweigh what it shares with what the provision asks for: "Residents are never asked to
    give reasons for escalating" answers "must not be required to explain their reasons"."""
    agree = set(content_lemmas(tokens)) & req.forbidden
    asked = {t for t in shared if " " not in t} - req.forbidden
    return agree if agree and len(agree) >= len(asked) else set()


def requirement_text(r: Response) -> str:
    cat = catalogue_mod.load()
    p = cat.get(r.code_version, r.provision_id) if r.provision_id else None
    canonical = p.requirement_text if p else ""
    printed = r.requirement_text or ""
    return canonical if match_key(printed) in match_key(canonical) else f"{canonical}\n{printed}".strip()


def relevance(tokens: Iterable, req: Requirement) -> set[str]:
    """The provision's distinctive lemmas that these tokens use (and the provision does not negate)."""
    return {t for t in _terms(tokens) & req.positive if not (set(t.split()) & req.negated)}
