"""Which tables are the form.

An annual report prints KPI tables, numbered action plans and web-page widgets
(a cookie banner's buttons, a search box) as ruled boxes too; only rows of a
table that is the self-assessment form are responses.  Each table is judged on
three things:

- its header: a header row in it names the form's columns (number or
  requirement, and the claim or evidence), or it carries on the last form
  table's column model (the same column boundaries: a form split into one table
  per Code section with the header printed once, or the next page of a table
  whose header is not repeated);
- how strongly its rows align: the form prints each provision's own wording
  beside its number (whole, or cut by a page break), where an action plan
  numbered like the Code ("2.1 Faster stage 2 responses") prints its own
  actions, and a KPI table prints figures;
- the form's own headings: "Section 3: Accessibility and awareness", "Stage 1",
  must/should headings inside the table or printed just above it.

A header alone does not make a table the form when most of its rows that can be
judged print no provision's wording and no form heading goes with it: landlords
head their action plans "Code provision | Action | Status | Evidence" too.  With
no header seen, most rows must open with a provision number and make a claim,
and align as well.  A table that is not the form is context, never responses.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.form.columns import COMPLY, REQUIREMENT
from extractors.form.ticks import ticked_option
from extractors.pdf.borderless import text_index
from extractors.pdf.items import Band, HeaderItem, HeadingItem
from extractors.pdf.settings import DEFAULT, PdfSettings
from pipeline.core.claims import is_comply_value
from pipeline.core.ids import parse_id
from pipeline.core.matching import match_key, similarity


@dataclass
class Verdict:
    is_form: bool
    why: str
    # Rejected only because its rows do not print the Code's wording: a form that
    # paraphrases every requirement looks the same, so a document with no other form
    # table is read again without this test (document.read_document).
    weak_alignment: bool = False


def same_columns(xs: list[float], form_xs: list[float] | None, settings: PdfSettings = DEFAULT) -> bool:
    return bool(form_xs) and len(xs) == len(form_xs) and all(
        abs(a - b) <= settings.column_match for a, b in zip(xs, form_xs))


def judge_table(items: list, xs: list[float] | None, form_xs: list[float] | None,
                settings: PdfSettings = DEFAULT, heading_above: bool = False,
                other_xs: list[float] | None = None) -> Verdict:
    """Is one table's run of items on one page the form?  `heading_above`: a form heading
    is printed between this table and whatever is above it on the page; `other_xs`: the
    columns of the last table seen, when it was not the form."""
    header = any(isinstance(i, HeaderItem) and i.roles for i in items)
    if not header and xs is not None and same_columns(xs, form_xs, settings):
        return Verdict(True, "same columns as the form table before it")
    if not header and xs is not None and same_columns(xs, other_xs, settings):
        # The rest of a table a page break cut, too few rows left to judge on their own.
        return Verdict(False, "not the form: it carries on the table before it, which is not the form")
    bands = [i for i in items if isinstance(i, Band)]
    if not bands:
        return Verdict(header, "header names the form's columns" if header else "no body rows")
    aligned, judged = alignment(bands, settings)
    headings = heading_above or any(isinstance(i, HeadingItem) for i in items)
    weak = (judged >= settings.form_min_judged and aligned < settings.form_align_share * judged
            and not headings)
    said = f"{aligned} of {judged} rows print a provision's wording"
    if header:
        if weak:
            return Verdict(False, f"not the form: its header names the form's columns, but only {said} "
                                  "and no form heading goes with it", weak_alignment=True)
        return Verdict(True, f"header names the form's columns; {said}")
    strong = sum(1 for b in bands if b.id_text and parse_id([b.id_text]) is not None and _claims(b))
    numbered = strong >= settings.form_min_rows and strong >= settings.form_row_share * len(bands)
    if numbered and not weak:
        return Verdict(True, f"{strong} of {len(bands)} rows open with a provision number and make a claim; {said}")
    if numbered:
        return Verdict(False, f"not the form: {strong} of {len(bands)} rows are numbered and claim, but only {said}",
                       weak_alignment=True)
    return Verdict(False, f"not the form: no form header, other columns, {strong} of {len(bands)} rows look "
                          "like form rows")


def alignment(bands: list[Band], settings: PdfSettings = DEFAULT) -> tuple[int, int]:
    """(aligned, judged): of the rows whose requirement cell holds enough words to judge, how
    many print a provision's wording: their own number's (whole or a clean part of it), or
    any form provision's (an unnumbered row, a misprinted number, the rest of a split row)."""
    index = text_index()
    aligned = judged = 0
    for b in bands:
        text = b.cells.get(REQUIREMENT) or ""
        pid = parse_id([b.id_text]) if b.id_text else None
        if pid is not None and pid.rest:
            text = f"{pid.rest} {text}"
        key = match_key(text)
        if len(key) < settings.form_judge_chars:
            continue  # "1.2" alone, or a few words left over from a page break: says nothing
        judged += 1
        if pid is not None and any(similarity(key, ck) >= settings.form_aligned for ck in index.canonical_keys(pid.provision_id)):
            aligned += 1
        elif index.starts_requirement(text) is not None or index.starts_unnumbered_row(text, None):
            aligned += 1
    return aligned, judged


def _claims(band: Band) -> bool:
    text = band.cells.get(COMPLY)
    if text is None:
        return False
    return ticked_option(text) is not None or (len(text) <= 40 and is_comply_value(text))
