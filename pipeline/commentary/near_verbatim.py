"""Near-verbatim copies among many sentences, without comparing every pair.

Boilerplate across landlords asks, for every sentence in the corpus, whether
another landlord printed it or a near-verbatim copy of it (rapidfuzz ratio >=
90).  Sentences printed by two or more landlords are found exactly, by their
match key (SQL, in pipeline.commentary.corpus); what is left is a sentence
printed by one landlord only: has another landlord printed a copy that differs a
little?  Comparing all pairs is quadratic (a national corpus holds millions of
sentences), so candidates are found with MinHash locality-sensitive hashing and
only candidates are compared with rapidfuzz:

- a sentence's shingles are its words with every number written as "0" (copies
  differ most often in a section number or a date), stop words kept (short
  sentences have few other words); words are hashed with crc32 so every process
  and every run sees the same values;
- BANDS bands of ROWS MinHash values (multiply-shift hashes, vectorised with
  numpy); two sentences are candidates when all ROWS values of a band agree.
  Measured on the sample and synthetic corpora, near-verbatim pairs have word
  Jaccard >= 0.56 (99% >= 0.75), which 12 bands of 3 find with probability 0.90
  (0.9986 at 0.75);
- bands are processed one at a time (memory is one band's arrays, not the whole
  signature matrix): within a band's buckets members are ordered by text, and
  each sentence still without a copy is compared with its WINDOW nearest
  neighbours on each side that another landlord prints, stopping at the first
  copy: the question is whether another landlord has one, not how many there
  are.  A bucket flooded by unrelated sentences that share common words costs at
  most 2 x WINDOW comparisons per sentence and band.

`copies_by_others` is the one entry point.
"""
from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz

BANDS = 12
ROWS = 3
WINDOW = 4  # neighbours compared on each side, per band
SEED = 20240401
_DIGITS = re.compile(r"\d+")


def shingles(key: str) -> set[str]:
    """The word set a sentence's MinHash is taken over."""
    return {_DIGITS.sub("0", w) for w in key.split()}


def _word_ids(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(word hash, key index) for every distinct word of every key, keys in order."""
    vocab: dict[str, int] = {}
    ids = array("Q")  # machine integers, not a list of Python ints: millions of them
    owner = array("q")
    for i, k in enumerate(keys):
        for w in shingles(k):
            wid = vocab.get(w)
            if wid is None:
                wid = vocab[w] = zlib.crc32(w.encode("utf-8")) + 1
            ids.append(wid)
            owner.append(i)
    return np.frombuffer(ids, dtype=np.uint64), np.frombuffer(owner, dtype=np.int64)


def _hash_params() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    a = rng.integers(1, 1 << 63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 63, size=BANDS * ROWS, dtype=np.uint64)
    return a, b


def band_values(ids: np.ndarray, owner: np.ndarray, n: int, band: int) -> np.ndarray:
    """One uint64 per key: its ROWS MinHash values of this band folded together.
    A key with no words gets a value of its own, so it collides with nothing."""
    value = np.arange(n, dtype=np.uint64) | np.uint64(1 << 63)
    if not len(ids):
        return value
    a, b = _hash_params()
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    keys_with_words = owner[starts]
    folded = np.zeros(len(starts), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for h in range(band * ROWS, (band + 1) * ROWS):
            mins = np.minimum.reduceat(ids * a[h] + b[h], starts)  # wraps modulo 2**64
            folded = folded * np.uint64(0x9E3779B97F4A7C15) + mins
    value[keys_with_words] = folded & np.uint64((1 << 63) - 1)  # never equal to a wordless key's value
    return value


def copies_by_others(keys: Sequence[str], landlords: Sequence[int], landlord: Sequence[int],
                     cutoff: float = 90.0) -> np.ndarray:
    """For each distinct key printed by one landlord only (landlords[i] == 1, landlord[i] its id):
    the index of the first near-verbatim copy (ratio >= cutoff) found that another landlord
    prints; -1 when none is found, and for keys printed by several landlords.  ("Landlord" is
    any grouping: commentary uses rows of one document too.)"""
    n = len(keys)
    counts = np.asarray(landlords, dtype=np.int64)
    who = np.asarray(landlord, dtype=np.int64)
    found = np.full(n, -1, dtype=np.int64)
    open_ = counts == 1  # still looking for a copy
    if n < 2 or not open_.any():
        return found
    ids, owner = _word_ids(keys)
    text_rank = np.empty(n, dtype=np.int64)
    text_rank[np.argsort(np.asarray(keys, dtype=object), kind="stable")] = np.arange(n)
    for band in range(BANDS):
        value = band_values(ids, owner, n, band)
        order = np.lexsort((text_rank, value))  # buckets contiguous, members in text order
        v = value[order]
        new = np.r_[True, v[1:] != v[:-1]]
        starts = np.flatnonzero(new)
        ends = np.r_[starts[1:], n]
        bucket = np.cumsum(new) - 1
        pos = np.empty(n, dtype=np.int64)
        pos[order] = np.arange(n)
        lo, hi = starts[bucket[pos]], ends[bucket[pos]]
        for i in np.flatnonzero(open_ & (hi - lo > 1)).tolist():
            j = _copy_near(int(pos[i]), int(lo[i]), int(hi[i]), order, keys, counts, who, cutoff)
            if j is not None:
                found[i] = j
                open_[i] = False
        if not open_.any():
            break
    return found


def _copy_near(p: int, lo: int, hi: int, order: np.ndarray, keys: Sequence[str], counts: np.ndarray,
               who: np.ndarray, cutoff: float) -> int | None:
    """The nearest of the WINDOW bucket neighbours on each side that another landlord prints
    and that is a near-verbatim copy of the key at position p."""
    i = int(order[p])
    key, own = keys[i], who[i]
    for d in range(1, WINDOW + 1):
        for q in (p - d, p + d):
            if lo <= q < hi:
                j = int(order[q])
                if (counts[j] > 1 or who[j] != own) and fuzz.ratio(key, keys[j], score_cutoff=cutoff):
                    return j
    return None
