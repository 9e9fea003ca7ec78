"""Near-verbatim copies at corpus scale (pipeline.near_verbatim) against a brute-force comparison."""
from __future__ import annotations

import random

import numpy as np
from rapidfuzz import fuzz, process

from pipeline.commentary import nlp as commentary_nlp
from pipeline.core.matching import match_key
from pipeline.commentary.near_verbatim import BANDS, band_values, copies_by_others, _word_ids
from pipeline.ingest.process import process_file
from tests.conftest import RAW

WORDS = "policy complaint resident stage officer board panel review report log team escalate remedy".split()


def seed_sentence_keys() -> list[str]:
    texts = [t for p in sorted(RAW.glob("*.txt")) for r in process_file(p).tables["responses"]
             for t in (r["evidence"], r["commentary"]) if t]
    nlp = commentary_nlp.load()
    keys = {match_key(s.text) for d in nlp.pipe(texts) for s in d.sents}
    return sorted(k for k in keys if len(k) >= 12)


def mutate(key: str, rng: random.Random) -> str:
    words = key.split()
    for _ in range(rng.choice([0, 1, 1, 2])):
        i = rng.randrange(len(words))
        choice = rng.random()
        if choice < 0.4:
            words[i] = str(rng.randint(1, 30))  # a number changed
        elif choice < 0.7:
            words[i] = rng.choice(WORDS)  # a word swapped
        else:
            words[i] = words[i][:-1] or words[i]  # a typo
    return " ".join(words)


def corpus(seed: int = 3) -> tuple[list[str], list[frozenset[str]]]:
    """Seed sentences printed by one landlord each, and edited copies printed by others."""
    rng = random.Random(seed)
    printed: dict[str, set[str]] = {}
    for n, key in enumerate(seed_sentence_keys()):
        printed.setdefault(key, set()).add(f"L{n % 7}")
        if rng.random() < 0.5:
            printed.setdefault(mutate(key, rng), set()).add(f"L{(n + 1 + rng.randrange(5)) % 7}")
    keys = sorted(printed)
    return keys, [frozenset(printed[k]) for k in keys]


def brute_force(keys: list[str], groups: list[frozenset[str]]) -> set[int]:
    """Keys printed by one group that have a copy (ratio >= 90) printed by another."""
    m = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=90, dtype=np.uint8, workers=1)
    found = set()
    for i, j in zip(*np.nonzero(m)):
        if i != j and len(groups[i]) == 1 and groups[j] - groups[i]:
            found.add(int(i))
    return found


def found_copies(keys: list[str], groups: list[frozenset[str]]) -> dict[int, int]:
    """copies_by_others on set-valued groups: key index -> landlords of the copy found."""
    ids: dict[str, int] = {}
    single = [ids.setdefault(min(g), len(ids)) for g in groups]
    got = copies_by_others(keys, [len(g) for g in groups], single)
    for i, j in enumerate(got.tolist()):
        if j >= 0:
            assert groups[j] - groups[i] and fuzz.ratio(keys[i], keys[j]) >= 90
    return {i: len(groups[j]) for i, j in enumerate(got.tolist()) if j >= 0}


def test_finds_the_copies_brute_force_finds_and_nothing_else():
    keys, groups = corpus()
    want = brute_force(keys, groups)
    assert len(want) > 100  # the corpus really holds copies to find
    got = found_copies(keys, groups)
    assert set(got) <= want  # every copy reported was checked with rapidfuzz
    assert len(got) / len(want) >= 0.97
    assert all(len(groups[i]) == 1 for i in got)  # keys printed by several landlords need no search


def test_copies_by_the_same_landlord_do_not_count():
    keys = ["complaints policy under point 3 2", "complaints policy under point 6 1", "a different sentence here"]
    groups = [frozenset({"A"}), frozenset({"A"}), frozenset({"B"})]
    assert found_copies(keys, groups) == {}


def test_a_changed_section_number_is_a_copy_and_says_how_many_print_it():
    keys = ["complaints policy under point 3 2", "complaints policy under point 6 1"]
    assert found_copies(keys, [frozenset({"A"}), frozenset({"B"})]) == {0: 1, 1: 1}
    assert found_copies(keys, [frozenset({"A"}), frozenset({"B", "C", "D"})]) == {0: 3}


def test_band_values_are_equal_for_equal_word_sets_and_never_for_wordless_keys():
    keys = ["the policy 3", "policy the 7", "something else", "", ""]
    ids, owner = _word_ids(keys)
    for band in range(BANDS):
        v = band_values(ids, owner, len(keys), band)
        assert v[0] == v[1] and v[3] != v[4] and v[3] not in v[:3]
    assert any(band_values(ids, owner, len(keys), b)[0] != band_values(ids, owner, len(keys), b)[2]
               for b in range(BANDS))


def test_band_values_do_not_depend_on_the_process():
    import subprocess
    import sys

    code = ("from pipeline.commentary.near_verbatim import band_values, _word_ids; "
            "k = ['complaints are logged on our system 3', 'a panel reviews them']; "
            "print(band_values(*_word_ids(k), 2, 5).tolist())")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed), "PATH": ""}, cwd=RAW.parent.parent).stdout
            for seed in (1, 2)}
    assert len(outs) == 1
