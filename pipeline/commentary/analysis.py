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

Modules: vocabulary, requirements, clauses, reading, references, figures,
commitments, meaning, conflicts, findings, scoring, boilerplate, actions (commitments
from the columns a landlord adds: "Next steps / by when"; see each docstring).
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pipeline.core.matching import match_key
from pipeline.core.model import Response
from pipeline.commentary import nlp as cnlp
from pipeline.commentary.actions import action_signals
from pipeline.commentary.boilerplate import within_document_boilerplate
from pipeline.commentary.commitments import lend_due_dates
from pipeline.commentary.meaning import row_signals
from pipeline.commentary.reading import read_field
from pipeline.commentary.requirements import requirement_profile, requirement_text
from pipeline.commentary.scoring import score_row
from pipeline.commentary.vocabulary import FIELDS, BATCH_SIZE, vocabulary

if TYPE_CHECKING:
    from pipeline.commentary.reading import FieldReading


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

    within = within_document_boilerplate(responses, readings)
    signals: list[dict] = []
    scores: list[dict] = []
    sentences: list[dict] = []
    for idx, r in enumerate(responses):
        req = requirement_profile(requirement_text(r))
        found, meaning = row_signals(r, readings[idx], req, document_date)
        lend_due_dates(found)
        signals.extend(found)
        scores.append(score_row(r, readings[idx], found, meaning, within[idx]))
        sentences.extend(_sentence_rows(r, readings[idx]))
    # Columns beyond the form's that hold an action plan: dated commitments, not scored.
    signals.extend(action_signals(responses, document_date))
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
