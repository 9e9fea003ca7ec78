"""Columns aligned with spaces (`pdftotext -layout`): the gutters are found from the text, per
row, and each cell placed under the header column it starts nearest."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from extractors.text.sniff import read_text
from pipeline.ingest.batch import extract
from tests.format_cases import req
from tests.truth_scoring import score


def _page(rows: list[tuple[str, str, str]], widths=(7, 50, 11)) -> str:
    import textwrap

    a, b, c = widths
    out = ["Hillcrest Homes: complaint handling self-assessment", "",
           "No.".ljust(a) + "What the Code requires".ljust(b) + "Comply".ljust(c) + "How we show it", ""]
    for pid, claim, evidence in rows:
        left = textwrap.wrap(req("2024", pid), b - 3)
        right = textwrap.wrap(evidence, 36)
        claims = claim.split("|")  # a claim wrapped in its narrow column
        for i in range(max(len(left), len(right), len(claims))):
            out.append((pid if i == 0 else "").ljust(a) + (left[i] if i < len(left) else "").ljust(b)
                       + (claims[i] if i < len(claims) else "").ljust(c) + (right[i] if i < len(right) else ""))
        out.append("")
    return "\n".join(out)


def test_aligned_columns_with_a_wrapped_claim_and_an_empty_claim_cell():
    rows = [("3.1", "Yes", "Posters in every estate office and a page on the website."),
            ("3.2", "In|progress", "Easy-read leaflet drafted with the tenants' panel."),
            ("3.3", "", "Staff are briefed, but no check has been made yet.")]
    got = read_text(_page(rows)).rows
    assert [(r.printed_id, r.comply_raw, r.evidence, r.read_as) for r in got] == [
        ("3.1", "Yes", rows[0][2], "aligned"), ("3.2", "In progress", rows[1][2], "aligned"),
        ("3.3", "", rows[2][2], "aligned")]
    assert got[0].requirement == " ".join(req("2024", "3.1").split())


def test_a_claim_set_left_of_its_header_with_one_space_before_it_is_split_off():
    text = _page([("4.1", "Yes", "Two named officers share the complaints role.")], widths=(7, 50, 11))
    lines = text.split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("4.1"))
    # the converter set the claim four places left, one space after the requirement's first line
    head, claim_and_rest = lines[i][:57], lines[i][57:]
    lines[i] = head.rstrip() + " " + claim_and_rest.lstrip()[:3] + " " * 12 + claim_and_rest.lstrip()[3:].lstrip()
    (row,) = read_text("\n".join(lines)).rows
    assert (row.comply_raw, row.evidence) == ("Yes", "Two named officers share the complaints role.")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdftotext_layout_dumps_of_generated_pdfs(tmp_path: Path):
    from tests.synth import generate_pdfs

    generate_pdfs(tmp_path / "pdf", 3, seed=21)
    raw = tmp_path / "txt"
    raw.mkdir()
    for pdf in sorted((tmp_path / "pdf").glob("*.pdf")):
        subprocess.run(["pdftotext", "-layout", str(pdf), str(raw / f"{pdf.stem}.txt")], check=True)
    db = tmp_path / "chc.duckdb"
    extract([raw], db, workers=1)
    scores = score(db, tmp_path / "pdf-truth")
    assert len(scores) == 3
    for stem, s in scores.items():
        assert s["rows_p"] == s["rows_r"] == 1.0, (stem, s)
        assert s["comply"] >= 0.97 and s["text"] >= 0.95, (stem, s)
