"""Word lists of the commentary analysis, read once from schemas/patterns/commentary_lexicon.json.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipeline.commentary import nlp as cnlp


FIELDS = ("evidence", "commentary")
BATCH_SIZE = 64
QUOTE_OPEN = {"“": "”\"", '"': '"”', "«": "»"}  # opening mark -> closing marks accepted (dumps mix them)


@dataclass(frozen=True)
class Vocabulary:
    negation: frozenset[str]
    subordinators: frozenset[str]
    anaphora: frozenset[str]
    anaphora_object_verbs: frozenset[str]
    anaphora_followers: frozenset[str]
    anaphora_nouns: frozenset[str]
    purpose_markers: tuple[str, ...]
    requirement_words: frozenset[str]
    conditional: tuple[str, ...]
    relative: frozenset[str]
    negation_not_before: frozenset[str]
    current_openers: tuple[str, ...]
    past_state: tuple[str, ...]
    need_words: frozenset[str]
    contrast_words: frozenset[str]
    recurring: tuple[str, ...]
    change_verbs: frozenset[str]
    mechanism: frozenset[str]
    generic_phrases: tuple[str, ...]
    problem_words: frozenset[str]
    reporting_verbs: frozenset[str]
    assurance_nouns: frozenset[str]
    shortfall_words: frozenset[str]
    delivery_verbs: frozenset[str]
    contrary_words: frozenset[str]
    shortfall_phrases: tuple[tuple[str, ...], ...]
    shortfall_before_figure: frozenset[str]
    timeliness: tuple[str, ...]
    share_words: tuple[str, ...]


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
        anaphora_nouns=frozenset(cnlp.lemma(w) for w in low("anaphora_nouns")),
        purpose_markers=tuple(low("purpose_markers")),
        requirement_words=frozenset(low("requirement_words")),
        conditional=tuple(low("conditional_markers")),
        relative=frozenset(low("relative_markers")),
        negation_not_before=frozenset(low("negation_not_before")),
        current_openers=tuple(low("current_state_openers")),
        past_state=tuple(low("past_state_markers")),
        need_words=frozenset(low("need_words")),
        contrast_words=frozenset(low("contrast_words")),
        recurring=tuple(low("recurring_markers")),
        change_verbs=frozenset(cnlp.lemma(w) for w in low("change_verbs")),
        mechanism=frozenset(cnlp.lemma(w) for w in low("mechanism_words")),
        generic_phrases=tuple(low("generic_phrases")),
        problem_words=frozenset(cnlp.lemma(w) for w in low("problem_words")),
        reporting_verbs=frozenset(cnlp.lemma(w) for w in low("reporting_verbs")),
        assurance_nouns=frozenset(cnlp.lemma(w) for w in low("assurance_nouns")),
        shortfall_words=frozenset(low("shortfall_words")),
        delivery_verbs=frozenset(cnlp.lemma(w) for w in low("delivery_verbs")),
        contrary_words=frozenset(low("contrary_words")),
        shortfall_phrases=tuple(tuple(p.split()) for p in low("shortfall_phrases")),
        shortfall_before_figure=frozenset(low("shortfall_before_figure")),
        timeliness=tuple(low("timeliness_words")),
        share_words=tuple(low("share_words")),
    )


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(cnlp.lexicon()["extra_stop_words"])


@lru_cache(maxsize=1)
def non_figure_before() -> frozenset[str]:
    return frozenset(cnlp.lexicon()["not_a_figure_after"])
