"""Shared pieces of the format and layout tests: Code wording and row summaries.

The test documents themselves are written in each test; they quote the Code's
requirement wording (as published forms do), taken from `schemas/reference/`.
"""
from __future__ import annotations

import re

from pipeline.core import catalogue
from pipeline.core.claims import normalise

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’/.]*[A-Za-z0-9]|[A-Za-z0-9]")


def req(edition: str, provision_id: str) -> str:
    """The Code's wording of one provision, as a form prints it."""
    return catalogue.load().get(edition, provision_id).requirement_text


def words(text: str, n: int = 2) -> tuple[str, str]:
    """First and last `n` words of a text ("" when empty)."""
    found = _WORD.findall(text or "")
    return " ".join(found[:n]), " ".join(found[-n:])


def summary(row) -> tuple:
    """(printed id, normalised claim, requirement first/last words, evidence first/last words)."""
    evidence = " ".join(t for t in (row.evidence, row.commentary) if t)
    return (row.printed_id, normalise(row.comply_raw)[0], *words(row.requirement), *words(evidence))


def summaries(rows) -> list[tuple]:
    return [summary(r) for r in rows]


# A whole form in one layout: every provision of an edition, each with its own claim
# spelling and evidence that names it, so a row read into the wrong place shows.
CLAIMS = (("Yes", "yes"), ("Y", "yes"), ("YES", "yes"), ("Yes.", "yes"), ("No", "no"),
          ("No.", "no"), ("Partial", "partial"), ("N/A", "not_applicable"))


def whole_form(edition: str) -> list[tuple[str, str, str, str, str]]:
    """(provision id, requirement, printed claim, normalised claim, evidence) per form row."""
    out = []
    for n, p in enumerate(catalogue.load().form(edition)):
        printed, claim = CLAIMS[n % len(CLAIMS)]
        out.append((p.provision_id, p.requirement_text, printed, claim,
                    f"Evidence for {p.provision_id} is our policy, page {n + 1}."))
    return out


def aligned(result) -> list[tuple[str, str, str]]:
    """(provision id, claim, evidence + commentary) of a processed file's responses."""
    return [(r["provision_id"], r["comply"], " ".join(t for t in (r["evidence"], r["commentary"]) if t))
            for r in result.tables["responses"]]
