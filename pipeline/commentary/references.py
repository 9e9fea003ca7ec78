"""References cited in a field: documents, systems, governance bodies and reports, with section numbers.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span



REF_SUBKIND = {"REF_POLICY": "policy", "REF_SYSTEM": "system", "REF_GOVERNANCE": "governance", "REF_REPORT": "report"}


def find_references(doc: Doc) -> list[dict]:
    """EntityRuler references, joined with a following "(Under point 3.5)" or quoted title."""
    ents = list(doc.ents)
    out: list[dict] = []
    used: set[int] = set()
    text = doc.text
    for k, ent in enumerate(ents):
        if k in used or ent.label_ not in REF_SUBKIND:
            continue
        start, end = ent.start_char, ent.end_char
        sections = _section_numbers(ent) if ent.ent_id_ == "section" else []
        # "Complaints Policy (Under point 3.5)": take the bracketed pinpoint into this reference.
        nxt = ents[k + 1] if k + 1 < len(ents) else None
        if nxt is not None and nxt.ent_id_ == "section":
            gap = text[end:nxt.start_char]
            if re.fullmatch(r"\s*\(\s*(?:under|see|at|in)?\s*", gap, re.I):
                close = text.find(")", nxt.end_char)
                if close != -1 and close - nxt.end_char < 12:
                    end = close + 1
                    sections = _section_numbers(nxt)
                    used.add(k + 1)
        # "Section 12 'Additional Information ...'": take the quoted title.
        if ent.ent_id_ == "section":
            mt = re.match(r"\s*(['‘\"“])([^'’\"”\n]{3,120})(['’\"”])", text[end:])
            if mt:
                end += mt.end()
        label = ent.label_
        out.append({
            "sub_kind": REF_SUBKIND[label],
            "text": text[start:end],
            "start": start,
            "end": end,
            "value": ",".join(sections) or None,
            "detail": ent.ent_id_ or None,
        })
    return out


def _section_numbers(span: Span) -> list[str]:
    return [t.text for t in span if re.fullmatch(r"\d+(?:\.\d+)*[a-z]?", t.text)]
