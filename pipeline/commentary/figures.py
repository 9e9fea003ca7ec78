"""Figures quoted as evidence: percentages, money, durations, counts and dates.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.commentary import dates
from pipeline.commentary.vocabulary import non_figure_before

if TYPE_CHECKING:
    from pipeline.commentary.reading import Sentence


_PHONE = re.compile(r"^\d{4,5}$")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")
WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100})


def find_figures(doc: Doc, date_spans: list[Span], references: list[dict], sentences: list[Sentence],
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
        if prev is not None and (prev.lower_ in non_figure_before() or prev.text in {"£"} and span.label_ != "FIGURE_MONEY"):
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
