"""Shared pieces of the format and layout tests: Code wording and row summaries.

The test documents themselves are written in each test; they quote the Code's
requirement wording (as published forms do), taken from `schemas/reference/`.
"""
from __future__ import annotations

import re

from pipeline import catalogue
from pipeline.comply import normalise

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
