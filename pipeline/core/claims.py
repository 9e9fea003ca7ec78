"""The claim vocabulary, and normalising a printed comply cell to one of its claims.

The claims themselves (value, rank from least to most compliant, the order outputs list
them in, label, colour, description) live once in `schemas/claims.csv`: this module, the
loader (table `claims`, which the SQL's `claim_rank()` reads), the report and the notebooks
all read them from there.  The spellings live in `schemas/comply_values.csv` (data, not
code) so that a researcher who meets a new spelling adds a line there.  A cell that matches no
pattern is *garbage*: it normalises to `not_stated` and the caller records a
problem; chc never guesses a claim.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.core.paths import SCHEMAS

CLAIMS_FILE = SCHEMAS / "claims.csv"


@dataclass(frozen=True)
class Claim:
    value: str
    rank: int  # 0 = least compliant; where answers meet in one cell the least compliant is shown
    shown: int  # position when outputs list the claims (yes first)
    label: str
    colour: str
    description: str


def _read_claims() -> tuple[Claim, ...]:
    with CLAIMS_FILE.open(newline="", encoding="utf-8") as f:
        found = tuple(Claim(r["value"], int(r["rank"]), int(r["shown"]), r["label"], r["colour"],
                            r["description"]) for r in csv.DictReader(f))
    return tuple(sorted(found, key=lambda c: c.rank))


VOCABULARY = _read_claims()  # in rank order, least compliant first
VALUES = tuple(c.value for c in VOCABULARY)
SHOWN = tuple(c.value for c in sorted(VOCABULARY, key=lambda c: c.shown))  # yes first
LABEL = {c.value: c.label for c in VOCABULARY}
COLOUR = {c.value: c.colour for c in VOCABULARY}

_STRIP = re.compile(r"^[\s\"'*•·:;,.\-–—]+|[\s\"'*•·:;,.…!]+$")
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")
# Tick and cross marks printed beside a word ("Compliant ✓", "✔ Yes"): the word is the claim.
_MARKS = re.compile(r"\s*[✓✔☑✗✘☒]\s*")


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
    found = _spelling(text)
    if found is None and _MARKS.search(text) and re.search(r"[^\W\d_]", text):
        found = _spelling(_MARKS.sub(" ", text).strip())  # the word beside the mark
    return (found, True) if found is not None else ("not_stated", False)


def _spelling(text: str) -> str | None:
    """The claim of the first spelling in schemas/comply_values.csv that `text` matches."""
    return next((value for pattern, value in _patterns() if pattern.search(text)), None)


def is_comply_value(raw: str | None) -> bool:
    """True when the cell reads as a compliance claim (including blank/dash)."""
    return normalise(raw)[1]


# ---------------------------------------------------------------- a claim at the start of a text
# Flattened layouts (labelled blocks, one cell per line, cells glued together): where the
# comply cell starts and ends when no separator survives.

# A comply value at the start of a text, with what follows it.  Word values
# ("Yes", "Partial") may be followed by anything that is not a letter, or be glued
# to a capitalised next word ("YesSee", "NoWe"); single letters ("Y", "N") only
# by the glued form ("YOur") or nothing.
_COMPLY_HEAD = re.compile(
    r"^(?P<value>(?:not applicable|not compliant|non[- ]compliant|(?:partially|partly|fully) compliant|"
    r"partially|partial|in[ -]progress|"
    r"compliant|yes|n/a|no|na|y|n)\.?)",
    re.I,
)
_LONE_LETTER = ("y", "n", "na")


def split_comply(text: str) -> tuple[str, str] | None:
    """(value, rest) when `text` opens with a compliance claim, else None.

    `YesSee section 4` -> ("Yes", "See section 4"); `YOur policy` -> ("Y", "Our
    policy"); `Yes. We do` -> ("Yes.", "We do"); `No complaints were refused`
    is evidence (a lower-case word after a bare "No"), not a claim.
    """
    stripped = text.lstrip(" \t*•-–:")
    m = _COMPLY_HEAD.match(stripped)
    if not m:
        return None
    value = m.group("value")
    rest = stripped[m.end():]
    word = value.rstrip(".").lower()
    if not rest.strip():
        return value.strip(), ""
    if rest[0] == "/":
        return None  # "Yes/No": a header, not a claim
    if rest[0].isalpha():  # glued: only before a capital ("YesSee", "YOur")
        if not (rest[0].isupper() and (len(rest) == 1 or not rest[1].isupper())):
            return None
        return value, rest
    if word in _LONE_LETTER and not value.endswith(".") and rest[0] not in "\n-–—:;,)":
        return None  # "N 5 days" / "Y axis": a lone letter then text is no claim
    if word == "no" and rest[:1] == " " and rest.lstrip()[:1].islower():
        return None  # "No complaints were refused": evidence
    if word in ("n/a", "na") and rest[:1] == " " and rest.lstrip()[:1].islower():
        return None
    return value.strip(), rest.lstrip(" .:;,-–—").strip()
