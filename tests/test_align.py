"""Alignment: numbers confirmed or repaired by text, twins, editions, compliance claims."""
from __future__ import annotations

import pytest

from pipeline.core import catalogue
from pipeline.align.aligner import align
from pipeline.core.claims import normalise
from pipeline.core.model import Extraction, Row

CAT = catalogue.load()


def text(edition: str, pid: str) -> str:
    return CAT.get(edition, pid).requirement_text


def run(rows: list[Row], headers=None):
    return align(Extraction(rows=rows, headers=headers or []), "doc", CAT)


def row(pid: str, requirement: str, comply: str | None = "Yes", stage: int | None = None) -> Row:
    return Row(printed_id=pid, requirement=requirement, comply_raw=comply, stage=stage)


def form_rows(edition: str, **overrides) -> list[Row]:
    out = []
    for p in CAT.form(edition):
        out.append(row(p.provision_id, p.requirement_text, stage=p.stage))
    return out


@pytest.mark.parametrize("edition", ["2022", "2024"])
def test_full_form_aligns_by_number_and_text(edition):
    a = run(form_rows(edition))
    assert a.code_version == edition
    assert [r.provision_id for r in a.responses] == [p.provision_id for p in CAT.form(edition)]
    assert all(r.match_method == "number+text" and not r.id_corrected for r in a.responses)
    assert a.low_confidence == 0


def test_misprinted_number_is_repaired_from_text():
    rows = form_rows("2022")
    i = next(i for i, r in enumerate(rows) if r.printed_id == "4.6")
    rows[i].printed_id = "4.16"  # a typo: 4.6's text under 4.16's number
    rows.pop(next(j for j, r in enumerate(rows) if r.printed_id == "4.16" and j != i))
    a = run(rows)
    r = a.responses[i]
    assert (r.provision_id, r.printed_id, r.id_corrected, r.match_method) == ("4.6", "4.16", True, "text")
    assert any("repaired to 4.6" in p.message for p in a.problems)


def test_row_without_number_is_placed_by_text():
    rows = form_rows("2024")
    i = next(i for i, r in enumerate(rows) if r.printed_id == "3.4")
    rows[i].printed_id = ""
    a = run(rows)
    r = a.responses[i]
    assert (r.provision_id, r.match_method, r.id_corrected) == ("3.4", "text", False)


def test_truncated_requirement_still_confirms_its_number():
    full = text("2022", "7.5")
    a = run(form_rows("2022")[:5] + [row("7.5", full[len(full) // 2:])])
    assert a.responses[-1].provision_id == "7.5"
    assert a.responses[-1].match_method == "number+text"


@pytest.mark.parametrize("stage,expected", [(1, "5.3"), (2, "5.15"), (3, "5.19")])
def test_identical_texts_told_apart_by_stage_heading(stage, expected):
    rows = form_rows("2022")
    rows = [r for r in rows if r.printed_id not in ("5.3", "5.15", "5.19")]
    rows.append(row("", text("2022", "5.3"), stage=stage))
    a = run(rows)
    assert a.responses[-1].provision_id == expected


def test_identical_texts_without_stage_take_the_free_twin_in_order():
    rows = form_rows("2024")
    # Both 6.5 and 6.16 printed without numbers and without stage headings.
    for r in rows:
        if r.printed_id in ("6.5", "6.16"):
            r.printed_id, r.stage = "", None
    a = run(rows)
    got = [r.provision_id for r in a.responses]
    assert got == [p.provision_id for p in CAT.form("2024")]


def test_edition_decided_from_all_rows_not_one():
    rows = form_rows("2024")
    rows[3].requirement = text("2022", "1.4")  # one 2024 row quoting 2022 wording
    a = run(rows)
    assert a.code_version == "2024"
    assert a.responses[3].provision_id == rows[3].printed_id


def test_2022_form_used_for_2024_assessment_stays_2022_with_links():
    a = run(form_rows("2022"), headers=[["Code provision", "Code requirement", "Comply", "Evidence", "Commentary"]])
    assert a.code_version == "2022"
    r45 = next(r for r in a.responses if r.provision_id == "4.5")
    assert [(l["provision_2024"], l["relation"]) for l in a.links if l["row_no"] == r45.row_no] == [
        ("3.6", "strengthened (should->must)")]
    r43 = next(r for r in a.responses if r.provision_id == "4.3")  # dropped in 2024: no counterpart
    assert not [l for l in a.links if l["row_no"] == r43.row_no]


def test_text_matching_nothing_is_unaligned_with_a_problem():
    a = run(form_rows("2022")[:3] + [row("", "Our tenants' panel meets every quarter to discuss repairs.")])
    r = a.responses[-1]
    assert (r.provision_id, r.match_method) == (None, "unaligned")
    assert any("matches no 2022 provision" in p.message for p in a.problems)


def test_number_outside_the_form_is_repaired():
    rows = form_rows("2022")[:4] + [row("9.9", text("2022", "2.4"))]
    r = run(rows).responses[-1]
    assert (r.provision_id, r.id_corrected) == ("2.4", True)


@pytest.mark.parametrize("raw,expected", [
    ("Yes", "yes"), ("Y", "yes"), ("YES", "yes"), ("Yes.", "yes"), ("Yes...", "yes"), ("Yes - see policy", "yes"),
    ("No", "no"), ("No.", "no"), ("N/A", "not_applicable"), ("n/a", "not_applicable"),
    ("Partial", "partial"), ("Partially", "partial"), ("In progress", "in_progress"),
    ("-", "not_stated"), ("", "not_stated"), (None, "not_stated"), ("<b>Yes</b>", "yes"),
])
def test_comply_spellings(raw, expected):
    assert normalise(raw) == (expected, True)


@pytest.mark.parametrize("raw", ["1 185", "Yes/No", "see evidence column"])
def test_garbage_comply_is_not_stated_and_flagged(raw):
    assert normalise(raw) == ("not_stated", False)


def test_a_table_printed_twice_is_kept_once_and_differing_repeats_are_kept():
    def with_text(r: Row, evidence: str, line: int) -> Row:
        r.evidence, r.source_start, r.source_end = evidence, line, line
        return r

    first = [with_text(row(p, text("2024", p)), f"Our handbook covers {p} in plain words.", i)
             for i, p in enumerate(("1.2", "1.3", "2.1"), start=10)]
    again = [with_text(row(p, text("2024", p)), f"Our handbook covers {p} in plain words.", i)
             for i, p in enumerate(("1.2", "1.3", "2.1"), start=90)]
    differing = with_text(row("1.2", text("2024", "1.2"), comply="No"), "A different answer the second time.", 120)
    a = run(first + again + [differing])
    assert [(r.provision_id, r.comply) for r in a.responses] == [
        ("1.2", "yes"), ("1.3", "yes"), ("2.1", "yes"), ("1.2", "no")]
    repeated = [p.message for p in a.problems if "word for word" in p.message]
    assert repeated[0] == ("row 1.2 at line 90 repeats the row at line 10 word for word (a table printed "
                           "twice); kept once")
    assert len(repeated) == 3
    assert any("appears twice" in p.message for p in a.problems)  # the differing one is still reported


def test_scanning_an_edition_finds_the_same_best_match_as_comparing_every_text():
    """best_similarity skips the substring search for texts sharing few words; the best match
    and its near ties must come out as similarity() gives them, the rest never higher."""
    import random

    from pipeline.core.matching import best_similarity, match_key, similarity

    keys = [p.key for ed in ("2022", "2024") for p in catalogue.load().form(ed)]
    rng = random.Random(7)
    printed = []
    for k in rng.sample(keys, 80):
        words = k.split()
        cut = rng.randint(4, max(5, len(words) - 1))
        start = rng.randint(0, max(0, len(words) - cut)) if rng.random() < 0.5 else 0
        part = words[start:start + cut]
        if rng.random() < 0.5:  # a misprint or two
            part[rng.randrange(len(part))] = "xq"
        printed.append(match_key(" ".join(part) + (" see our complaints policy" if rng.random() < 0.3 else "")))
    for text in printed:
        fast = best_similarity(text, keys)
        exact = [similarity(text, k) for k in keys]
        assert all(f <= e + 1e-9 for f, e in zip(fast, exact))
        best = max(exact)
        assert max(fast) == best
        assert [i for i, e in enumerate(exact) if e >= best - 1.0] == [i for i, f in enumerate(fast) if f >= best - 1.0]
