"""Commitments read from the columns a landlord adds beyond the form's (issue 13).

An action plan is a list of dated commitments: a column headed "Action / owner / target
date", "Next steps", "Improvement action" holds one commitment per line of its cell, each
with its due date and owner when the cell (or a "Target date" / "Lead officer" column of
the same row) gives them.  Nothing in such a column needs a "will" to be a promise, so the
cue-based reading of evidence and commentary (commitments.py) does not apply; the header is
the cue.  Which headers count, the owner labels and the cells that promise nothing are data
(schemas/patterns/commentary_lexicon.json).

Each commitment becomes a `signals` row of kind commitment, sub_kind action, field
extra_columns, `source_column` the header, offsets into that column's cell text
(responses.extra_columns ->> header), `owner` when one is named.  They feed the
`commitments` views, not the scores: an action plan beside a "Yes" is the landlord's own
plan, not text arguing with the claim.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span

from pipeline.commentary import dates
from pipeline.commentary import nlp as cnlp
from pipeline.core.model import Response

FIELD = "extra_columns"
SUB_KIND = "action"
_BULLET = re.compile(r"^\s*(?:[-–•*·▪◦]|\d{1,2}[.)]|\(?[a-z][.)])\s+")


@dataclass(frozen=True)
class ActionWords:
    action: tuple[str, ...]
    due: tuple[str, ...]
    owner: tuple[str, ...]
    owner_label: re.Pattern
    nothing: frozenset[str]


@lru_cache(maxsize=1)
def words() -> ActionWords:
    lex = cnlp.lexicon()
    labels = "|".join(re.escape(w) for w in sorted(lex["owner_labels"], key=len, reverse=True))
    # "Lead: Customer Insight Officer", "owner - Complaints Manager": up to the next clause.
    owner = re.compile(rf"\b(?:{labels})\s*[:\-–]\s*(?P<who>[^;.,\n()]+?)\s*"
                       r"(?=[;.,\n()]|\s+(?:by|due|target|before)\b|$)", re.I)
    return ActionWords(tuple(lex["action_column_headers"]), tuple(lex["due_column_headers"]),
                       tuple(lex["owner_column_headers"]), owner,
                       frozenset(w.lower() for w in lex["no_action_cells"]))


def _names(header: str, vocab: tuple[str, ...]) -> bool:
    low = " " + re.sub(r"[^a-z]+", " ", header.lower()) + " "
    return any(f" {w} " in low for w in vocab)


def column_kinds(header: str) -> set[str]:
    """What a header says its column holds: action, due, owner (any of them), or nothing."""
    w = words()
    return {k for k, vocab in (("action", w.action), ("due", w.due), ("owner", w.owner)) if _names(header, vocab)}


@dataclass
class _Item:
    r: Response
    header: str
    text: str
    start: int
    end: int
    due_text: str  # a due-date column's cell of the same row ("" when none)
    owner: str | None  # an owner column's cell of the same row


def _items(r: Response) -> list[_Item]:
    """One item per line of each action column's cell of a response."""
    try:
        extra = json.loads(r.extra_columns) if r.extra_columns else {}
    except ValueError:
        return []
    kinds = {h: column_kinds(h) for h in extra}
    actions = [h for h, k in kinds.items() if "action" in k]
    if not actions:
        # A "By when" column with no action column beside it holds the commitment itself.
        actions = [h for h, k in kinds.items() if "due" in k]
    due_cols = [h for h, k in kinds.items() if k == {"due"} and h not in actions]
    owner_cols = [h for h, k in kinds.items() if k == {"owner"}]
    due_text = " ".join(extra[h] for h in due_cols if extra[h])
    owner = "; ".join(_plain(extra[h]) for h in owner_cols if _plain(extra[h])) or None
    out = []
    nothing = words().nothing
    for h in actions:
        cell = extra[h] or ""
        pos = 0
        for line in cell.split("\n"):
            begin = pos
            pos += len(line) + 1
            m = _BULLET.match(line)
            lead = m.end() if m else len(line) - len(line.lstrip())
            text = line[lead:].rstrip()
            if not text or text.lower().strip(" .") in nothing:
                continue
            out.append(_Item(r, h, text, begin + lead, begin + lead + len(text), due_text, owner))
    return out


def _plain(text: str | None) -> str:
    return " ".join((text or "").split())


def action_signals(responses: list[Response], document_date: dt.date | None) -> list[dict]:
    """The commitments of every action column of a document's responses, as signals rows."""
    items = [i for r in responses for i in _items(r)]
    if not items:
        return []
    nlp = cnlp.load()
    out = []
    for item, doc in zip(items, nlp.pipe(f"{i.text}\n{i.due_text}" if i.due_text else i.text for i in items)):
        due = _due(doc, document_date)
        m = words().owner_label.search(item.text)
        owner = _plain(m.group("who")) if m else item.owner
        out.append({"doc_id": item.r.doc_id, "row_no": item.r.row_no, "field": FIELD, "kind": "commitment",
                    "sub_kind": SUB_KIND, "text": item.text, "start": item.start, "end": item.end,
                    "value": due.get("value"), "number": None, "unit": None,
                    "date_start": due.get("date_start"), "date_end": due.get("date_end"),
                    "cue": item.header, "source_column": item.header, "owner": owner})
    return out


def _due(doc, document_date: dt.date | None) -> dict:
    """The first date the item (or its row's due-date column) gives, as a range when it can be fixed."""
    placed = []
    for mid, s, e in cnlp.matches(doc)["dates"]:
        span = Span(doc, s, e, label=mid)
        placed.append((span.start_char, span.end_char, span.text,
                       dates.normalise(span.text, span.label_, document_date)))
    placed += [(sp.start_char, sp.end_char, sp.text, dates.normalise(sp.text, sp.label_, document_date))
               for sp in dates.short_dates(doc)]  # 31/03/2026, 03/2026, Mar-26: one-token dates
    # Overlapping matches ("By June" and "June 2026"): one that can be placed wins, then the
    # first, then the longest ("31 March 2026" over "March 2026").
    placed.sort(key=lambda p: (p[3] is None, p[0], p[0] - p[1]))
    if not placed:
        return {}
    *_, text, r = placed[0]
    if r is None:
        return {"value": text}
    return {"value": dates.format_range(r), "date_start": r[0], "date_end": r[1]}
