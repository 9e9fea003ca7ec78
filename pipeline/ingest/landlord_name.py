"""Infer a landlord's name from a document that names itself.

Only names the text prints are returned ("Somerset Council", "Acme Housing
Association"); a document that only says "the council" gets None.  Never
invented, never completed from outside knowledge.
"""
from __future__ import annotations

import re
from collections import Counter

_SUFFIX = (
    r"(?:Metropolitan Borough Council|Royal Borough Council|Borough Council|City Council|County Council|"
    r"District Council|Council|Housing Association|Housing Trust|Housing Group|Housing Society|"
    r"Homes|Community Housing)"
)
_NAME = re.compile(
    r"\b((?:[A-Z][a-zA-Z'’\-]+|of|and|&|upon|on|the)(?:\s+(?:[A-Z][a-zA-Z'’\-]+|of|and|&|upon|on))*?)\s+"
    + _SUFFIX + r"\b"
)
# Words that make a generic phrase rather than a name.
_GENERIC = {
    "the", "our", "your", "this", "a", "an", "one", "full", "new", "all", "each", "any", "local",
    "social", "council", "housing", "complaint", "complaints", "tenant", "tenants", "resident",
    "residents", "member", "members", "cabinet", "corporate", "strategic", "ombudsman", "service",
    "services", "policy", "code", "self", "assessment", "annual", "report", "stage", "section",
    "how", "to", "make", "contact", "website", "the council", "and", "of", "on", "upon", "&",
    "landlord", "landlords", "registered", "private", "temporary", "supported", "sheltered",
    "affordable", "yes", "no", "good", "better", "decent", "empty", "specialist", "national", "regional",
    "association", "provider", "providers", "management", "repairs", "lettings",
}


def infer_landlord(text: str, limit: int = 400_000) -> str | None:
    counts: Counter[str] = Counter()
    for m in _NAME.finditer(text[:limit]):
        words = m.group(1).split()
        # Keep the trailing run of capitalised, non-generic words ("make a complaint Brent" -> "Brent").
        kept: list[str] = []
        for w in reversed(words):
            if w.lower() in _GENERIC or not w[:1].isupper():
                break
            kept.insert(0, w)
        if not kept:
            continue
        suffix = m.group(0)[len(m.group(1)):].strip()
        counts[f"{' '.join(kept)} {suffix}"] += 1
    if not counts:
        return None
    (name, n), *rest = counts.most_common()
    return name
