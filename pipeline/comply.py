"""Normalise a printed comply cell to one of a fixed set of claims.

The spellings live in `schemas/comply_values.csv` (data, not code) so that a
researcher who meets a new spelling adds a line there.  A cell that matches no
pattern is *garbage*: it normalises to `not_stated` and the caller records a
problem; chc never guesses a claim.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache

from pipeline import SCHEMAS

VALUES = ("yes", "no", "partial", "in_progress", "not_applicable", "not_stated")

_STRIP = re.compile(r"^[\s\"'*•·:;,.\-–—]+|[\s\"'*•·:;,.…!]+$")
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    with (SCHEMAS / "comply_values.csv").open(newline="", encoding="utf-8") as f:
        return tuple((re.compile(r["pattern"], re.I), r["comply"]) for r in csv.DictReader(f))


def clean_cell(raw: str | None) -> str:
    text = _TAG.sub(" ", raw or "")
    text = _SPACE.sub(" ", text).strip()
    # Keep a lone dash (it is a spelling of "no claim"), strip decoration otherwise.
    stripped = _STRIP.sub("", text)
    return stripped if stripped or not text else ""


def normalise(raw: str | None) -> tuple[str, bool]:
    """Return (claim, recognised).  recognised is False for garbage cells."""
    text = clean_cell(raw)
    for pattern, value in _patterns():
        if pattern.search(text):
            return value, True
    return "not_stated", False


def is_comply_value(raw: str | None) -> bool:
    """True when the cell reads as a compliance claim (including blank/dash)."""
    return normalise(raw)[1]
