"""One field (evidence or commentary) read into sentences, with their cues, dates, quotes and bullets.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.commentary import dates, nlp as cnlp
from pipeline.commentary.figures import find_figures
from pipeline.commentary.references import find_references
from pipeline.commentary.vocabulary import QUOTE_OPEN


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
    document_date: dt.date | None = None  # what a date is judged past against (commitments.py)
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
    doc_text: str  # the field's text (Doc.text rebuilds it on every call)
    completions_read: bool = False


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


def _starts_line(text: str, i: int) -> bool:
    j = text.rfind("\n", 0, i)
    return not text[j + 1:i].strip()


def read_field(field_name: str, doc: Doc, document_date: dt.date | None) -> FieldReading:
    found = cnlp.matches(doc)
    text = doc.text
    quotes = _quoted_ranges(text)
    sentences: list[Sentence] = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space and t.text not in cnlp.BULLETS]
        bullet = any(t.text in cnlp.BULLETS for t in sent[:2])
        if len(toks) > 1 and toks[0].text in cnlp.LINE_MARKS and _starts_line(text, toks[0].idx) \
                and toks[1].idx > toks[0].idx + 1:
            toks = toks[1:]  # "- item" / "* item": a list mark, the item is a sentence of its own
            bullet = True
        if not toks or not any(t.is_alpha or t.like_num for t in toks):
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        sentences.append(Sentence(doc[toks[0].i:toks[-1].i + 1], start, end, _inside(quotes, start, end), bullet,
                                  text, document_date=document_date))

    _attach(sentences, doc, found["cues"])
    date_spans = [Span(doc, s, e, label=mid) for mid, s, e in found["dates"]] + dates.short_dates(doc, text)
    # "as soon as possible" is a manner, not a due date
    date_spans = [d for d in date_spans if not (d.text.lower() == "soon" and d.start > 0 and doc[d.start - 1].lower_ == "as")]
    # "in October 2024": the month with its year, not "in October"
    date_spans = filter_spans([d for d in date_spans if not (
        d.label_ == "DATE_MONTH" and d.end < len(doc) and re.fullmatch(r"(19|20)\d\d", doc[d.end].text))])
    for span in date_spans:
        sent = _sentence_of(sentences, span)
        if sent is not None:
            sent.dates.append((span.label_, span))
    _mark_recommendations(sentences)
    references = find_references(doc, text)
    figures = find_figures(doc, date_spans, references, sentences, document_date, found["figures"])
    return FieldReading(field_name, doc, sentences, references, figures, text)


def _sentence_of(sentences: list[Sentence], span: Span) -> Sentence | None:
    """The sentence a span starts in."""
    return next((x for x in sentences if x.span.start <= span.start < x.span.end), None)


def _attach(sentences: list[Sentence], doc: Doc, found: list[tuple[int, int, int]]) -> None:
    """Give each matched cue to the sentence it starts in."""
    for match_id, s, e in found:
        span = doc[s:e]
        sent = _sentence_of(sentences, span)
        if sent is not None:
            sent.cues.append(Cue(doc.vocab.strings[match_id], span))


def attach_completions(fr: FieldReading) -> None:
    """Match the COMPLETION patterns on a field, once, for a row whose claim needs them."""
    if fr.completions_read:
        return
    _attach(fr.sentences, fr.doc, cnlp.completion_matcher()(fr.doc)[cnlp.COMPLETION])
    fr.completions_read = True


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
