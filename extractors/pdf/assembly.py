"""Rows from the stream of headers, headings and bands.

Section / Stage / must-should headings set the row context.  A band whose
number cell and comply cell are empty at the top of a page (only a repeated
header above it) continues the last row of the previous page: its cells are
joined column by column, so a row split over two or three pages is one row
whose ``source_end`` is its last page.
"""
from __future__ import annotations

from extractors.form.columns import COMMENTARY, COMPLY, EVIDENCE, EXTRA, REQUIREMENT
from extractors.form.headings import Context
from extractors.form.markup import join, one_line
from extractors.form.ticks import ticked_option
from extractors.pdf.borderless import text_index
from extractors.pdf.items import Band, HeaderItem, HeadingItem
from extractors.text.rows import OpenRow
from pipeline.core.claims import is_comply_value
from pipeline.core.ids import parse_id
from pipeline.core.model import Row

TEXT_ROLES = (REQUIREMENT, EVIDENCE, COMMENTARY)


class Assembler:
    """Turns the stream of headers, headings and bands into rows, joining a row
    that a page break split back together."""

    def __init__(self) -> None:
        self.ctx = Context()
        self.open: list[OpenRow] = []  # every row, in order; the last may still grow
        self.headers: list[list[str]] = []
        self.interrupted = True

    def feed(self, item) -> None:
        if isinstance(item, HeadingItem):
            self.ctx.apply(item.heading)
            self.interrupted = True
        elif isinstance(item, HeaderItem):
            if item.cells not in self.headers:
                self.headers.append(item.cells)
        else:
            self._band(item)

    def _band(self, band: Band) -> None:
        comply = band.cells.get(COMPLY)
        if self._number_continues(band):
            # The number sat at the foot of a split row: it names the row it ends.
            row, pid = self.open[-1].row, parse_id([band.id_text])
            row.printed_id, row.id_hint = pid.printed, pid.provision_id
            if pid.rest:
                self.open[-1].parts[REQUIREMENT].append(pid.rest)
            self._continue(band)
            return
        if (
            not band.id_text
            and band.first_on_page
            and self.open
            and not self.interrupted
            and self._comply_continues(comply)
            and band.page > self.open[-1].row.source_end  # the row's previous part is on an earlier page
            and not _starts_another_row(band.cells.get(REQUIREMENT) or "", self.open[-1].row.id_hint)
        ):
            # ... unless it prints another provision's wording: a row without its number.
            self._continue(band)
            return
        if comply is not None and (ticked := ticked_option(comply)) is not None:
            comply = ticked  # tick boxes: the claim is the option ticked
        elif comply:
            comply = _unbroken(comply)
        pid = parse_id([band.id_text]) if band.id_text else None
        requirement = band.cells.get(REQUIREMENT) or ""
        printed = band.id_text
        if pid is not None:
            printed = pid.printed
            if pid.rest:
                requirement = join([pid.rest, requirement])
        elif band.id_text:
            # Text in the number column that is not a number: keep it with the requirement.
            requirement = join([band.id_text, requirement])
            printed = ""
        row = Row(
            printed_id=printed,
            comply_raw=one_line(comply) if comply is not None else None,
            section=self.ctx.section,
            sub_heading=self.ctx.sub_heading,
            source_start=band.page,
            source_end=band.page,
            bbox=tuple(round(v, 2) for v in band.bbox),
            stage=self.ctx.stage,
            id_hint=pid.provision_id if pid else None,
            section_number=self.ctx.section_number,
            read_as=band.layout,
        )
        if band.merged:
            row.merged = list(band.merged)
        parts = {
            REQUIREMENT: [requirement],
            EVIDENCE: [band.cells.get(EVIDENCE) or ""],
            COMMENTARY: [band.cells.get(COMMENTARY) or ""],
        }
        parts.update({role: [text or ""] for role, text in band.cells.items() if role.startswith(EXTRA)})
        self.open.append(OpenRow(row, parts=parts))
        self.interrupted = False

    def _comply_continues(self, comply: str | None) -> bool:
        """Is this comply cell, at the top of a page, blank or the rest of the
        previous row's comply cell (a long one cut by the page break)?"""
        text = one_line(comply or "")
        claimed = self.open[-1].row.comply_raw
        # No claim yet: a claim printed at the foot of a split row is on this part.
        if not text or not claimed or not is_comply_value(text):
            return True
        # "Partiall" at the foot of one page, "y" at the top of the next: one word the
        # page break cut, not a new row's "Y".
        return not is_comply_value(claimed) and is_comply_value(_unbroken(f"{claimed} {text}"))

    def _number_continues(self, band: Band) -> bool:
        """Is this band, at the top of a page, the rest of a row whose number is
        printed at its foot?  (The row's first part had no number, in a form
        whose other rows print theirs, and the band makes no claim of its own
        beside the one the first part made.)"""
        if not (band.id_text and band.first_on_page and self.open and not self.interrupted):
            return False
        last = self.open[-1].row
        if last.printed_id or band.page <= last.source_end or parse_id([band.id_text]) is None:
            return False
        if not any(o.row.printed_id for o in self.open[:-1]):
            return False  # a form printed without numbers
        comply = one_line(band.cells.get(COMPLY) or "")
        if comply and last.comply_raw:
            return False
        # A new numbered row opens with a requirement's opening words; the rest of one does not.
        return text_index().starts_requirement(band.cells.get(REQUIREMENT) or "") is None

    def _continue(self, band: Band) -> None:
        row, parts = self.open[-1].row, self.open[-1].parts
        for role in TEXT_ROLES + tuple(r for r in band.cells if r.startswith(EXTRA)):
            text = band.cells.get(role)
            if text:
                parts.setdefault(role, []).append(text)
        comply = one_line(band.cells.get(COMPLY) or "")
        if comply and not row.comply_raw:
            ticked = ticked_option(comply)
            row.comply_raw = ticked if ticked is not None else _unbroken(comply)
        elif comply:
            row.comply_raw = one_line(_unbroken(one_line(join([row.comply_raw or "", comply]))))
        elif row.comply_raw is None and band.cells.get(COMPLY) is not None:
            row.comply_raw = ""
        row.source_end = band.page
        row.continued += 1

    def finish(self) -> list[Row]:
        rows = []
        for o in self.open:
            row = o.finish()
            extra = {role[len(EXTRA):]: o.text_of(role) for role in o.parts if role.startswith(EXTRA)}
            row.extra_columns = {k: v for k, v in extra.items() if v}
            rows.append(row)
        return rows


def _starts_another_row(text: str, open_id: str | None) -> bool:
    """Does a band at the top of a page print another provision's wording (a row
    without its number) rather than the rest of the open row?  Without the open
    row's number, only a band that opens the way a requirement opens counts: the
    rest of a requirement cut by the page break is canonical wording too."""
    index = text_index()
    if open_id:
        return index.starts_unnumbered_row(text, open_id)
    return index.starts_unnumbered_row(text, None) and index.starts_requirement(text) is not None


def _unbroken(comply: str) -> str:
    """A claim that a narrow column broke inside a word ("Partiall" / "y",
    "In progre" / "ss"), whole again; any other text as it is."""
    text = one_line(comply)
    if is_comply_value(text):
        return comply
    gaps = [i for i, ch in enumerate(text) if ch == " "]
    if len(gaps) > 6:
        return comply
    for i in gaps:
        glued = text[:i] + text[i + 1:]
        if is_comply_value(glued):
            return glued
    glued = text.replace(" ", "")
    return glued if is_comply_value(glued) else comply
