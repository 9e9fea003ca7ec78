"""Boilerplate within one document: the share of a row's text repeated near-verbatim in its other rows.
"""
from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from pipeline.core.matching import match_key
from pipeline.core.model import Response
from pipeline.commentary.findings import quote

if TYPE_CHECKING:
    from pipeline.commentary.reading import FieldReading


NEAR_VERBATIM = 90.0  # rapidfuzz ratio at or above which two sentences are the same text
MIN_REPEAT_CHARS = 12  # shorter sentences ("Yes.") are not counted as repeated text


def sentence_keys(readings: list[FieldReading]) -> list[tuple[str, str]]:
    """(match key, text) of a row's sentences, the unit boilerplate is measured in."""
    return [(k, s.text) for fr in readings for s in fr.sentences if (k := match_key(s.text))]


def within_document_boilerplate(responses: list[Response], readings: dict[int, list[FieldReading]]
                                 ) -> list[tuple[float, str]]:
    """Per row: share of its text (by characters) in sentences repeated near-verbatim in another row."""
    keys: list[str] = []
    texts: list[str] = []
    owner: list[int] = []
    for idx in range(len(responses)):
        for k, text in sentence_keys(readings[idx]):
            keys.append(k)
            texts.append(text)
            owner.append(idx)
    out: list[tuple[float, str]] = []
    if not keys:
        return [(0.0, "no text") for _ in responses]
    rows_of = _rows_of_copies(keys, owner)  # shared by every sentence with that key: not copied per sentence
    by_row: dict[int, list[int]] = {}
    for i, o in enumerate(owner):
        by_row.setdefault(o, []).append(i)
    for idx in range(len(responses)):
        ids = by_row.get(idx, [])
        total = sum(len(keys[i]) for i in ids)
        if not total:
            out.append((0.0, "no text"))
            continue
        rep = [i for i in ids if _printed_elsewhere(rows_of.get(keys[i], ()), idx)]
        share = sum(len(keys[i]) for i in rep) / total
        if rep:
            others = set().union(*(rows_of[keys[i]] for i in rep))
            others.discard(idx)
            first = sorted(heapq.nsmallest(8, (responses[o].row_no for o in others)))
            example = quote(texts[rep[0]], 60)
            why = (f"{len(rep)} of {len(ids)} sentence(s) repeated near-verbatim in {len(others)} other row(s) of "
                   f"this document (rows {', '.join(map(str, first))}{'…' if len(others) > 8 else ''}), "
                   f"e.g. \"{example}\"")
        else:
            why = "no sentence repeated in another row of this document"
        out.append((share, why))
    return out


def _printed_elsewhere(rows: set[int] | tuple, idx: int) -> bool:
    """Does a row other than idx print the sentence (without copying the set)?"""
    return len(rows) > (idx in rows)


EXHAUSTIVE_KEYS = 2000  # distinct sentences compared pair by pair; beyond, near_verbatim's LSH finds copies


def _rows_of_copies(keys: list[str], owner: list[int]) -> dict[str, set[int]]:
    """For each distinct sentence key: the rows that print it or a near-verbatim copy of it.

    Identical sentences are grouped first (a long document repeats whole rows: a
    500-page PDF has 13,000 sentences but a few hundred distinct ones), then the
    distinct keys are compared with each other, every pair when there are at most
    EXHAUSTIVE_KEYS of them, else through near_verbatim (MinHash LSH) for the keys
    only one row prints."""
    printed: dict[str, set[int]] = {}
    for k, o in zip(keys, owner):
        if len(k) >= MIN_REPEAT_CHARS:
            printed.setdefault(k, set()).add(o)
    uniq = list(printed)
    out = {k: set(rows) for k, rows in printed.items()}
    if len(uniq) <= EXHAUSTIVE_KEYS:
        for a, b in near_verbatim_pairs(uniq, uniq):
            out[uniq[a]] |= printed[uniq[b]]
        return out
    from pipeline.commentary import near_verbatim

    counts = [len(printed[k]) for k in uniq]
    single = [min(printed[k]) for k in uniq]
    for i, j in enumerate(near_verbatim.copies_by_others(uniq, counts, single, cutoff=NEAR_VERBATIM).tolist()):
        if j >= 0:
            out[uniq[i]] |= printed[uniq[j]]
    return out


def near_verbatim_pairs(a: list[str], b: list[str], cutoff: float = NEAR_VERBATIM) -> list[tuple[int, int]]:
    """Index pairs (i, j) with ratio(a[i], b[j]) >= cutoff, both at least MIN_REPEAT_CHARS long."""
    ia = [i for i, k in enumerate(a) if len(k) >= MIN_REPEAT_CHARS]
    ib = [j for j, k in enumerate(b) if len(k) >= MIN_REPEAT_CHARS]
    if not ia or not ib:
        return []
    import numpy as np

    m = process.cdist([a[i] for i in ia], [b[j] for j in ib], scorer=fuzz.ratio, score_cutoff=cutoff,
                      dtype=np.uint8, workers=1)
    rows, cols = np.nonzero(m)
    return [(ia[x], ib[y]) for x, y in zip(rows.tolist(), cols.tolist()) if a is not b or ia[x] != ib[y]]
