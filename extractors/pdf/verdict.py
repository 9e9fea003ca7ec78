"""Which ruled tables are the form.

An annual report prints KPI tables, numbered action plans and web-page widgets
(a cookie banner's buttons, a search box) as ruled boxes too; only rows of a
table that is the self-assessment form are responses.  A table is the form when

- a header row in it names the form's columns (number or requirement, and the
  claim or evidence), or
- it carries on the last form table's column model: the same column boundaries
  (a form split into one table per Code section, header printed once; the next
  page of a table whose header is not repeated), or
- with no header seen, most of its rows open with a provision number and hold a
  claim in the comply column.
"""
from __future__ import annotations

from extractors.form.columns import COMPLY
from extractors.form.ticks import ticked_option
from extractors.pdf.items import Band, HeaderItem
from extractors.pdf.settings import DEFAULT, PdfSettings
from pipeline.core.claims import is_comply_value
from pipeline.core.ids import parse_id


def same_columns(xs: list[float], form_xs: list[float] | None, settings: PdfSettings = DEFAULT) -> bool:
    return bool(form_xs) and len(xs) == len(form_xs) and all(
        abs(a - b) <= settings.column_match for a, b in zip(xs, form_xs))


def is_form_table(items: list, xs: list[float], form_xs: list[float] | None,
                  settings: PdfSettings = DEFAULT) -> tuple[bool, str]:
    """(verdict, why) for one ruled table's items on one page."""
    if any(isinstance(i, HeaderItem) and i.roles for i in items):
        return True, "header names the form's columns"
    if same_columns(xs, form_xs, settings):
        return True, "same columns as the form table before it"
    bands = [i for i in items if isinstance(i, Band)]
    if not bands:
        return False, "no body rows"
    strong = sum(1 for b in bands if b.id_text and parse_id([b.id_text]) is not None and _claims(b))
    if strong >= settings.form_min_rows and strong >= settings.form_row_share * len(bands):
        return True, f"{strong} of {len(bands)} rows open with a provision number and make a claim"
    return False, f"not the form: no form header, other columns, {strong} of {len(bands)} rows look like form rows"


def _claims(band: Band) -> bool:
    text = band.cells.get(COMPLY)
    if text is None:
        return False
    return ticked_option(text) is not None or (len(text) <= 40 and is_comply_value(text))
