"""Rows from the stream of headers, headings and bands.

Section / Stage / must-should headings set the row context.  A band whose
number cell and comply cell are empty at the top of a page (only a repeated
header above it) continues the last row of the previous page: its cells are
joined column by column, so a row split over two or three pages is one row
whose ``source_end`` is its last page.
"""
from __future__ import annotations

from extractors.form.columns import COMMENTARY, COMPLY, EVIDENCE, REQUIREMENT
from extractors.form.headings import Context
from extractors.form.markup import join, one_line
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
        if (
            not band.id_text
            and band.first_on_page
            and self.open
            and not self.interrupted
            and self._comply_continues(comply)
            and band.page > self.open[-1].row.source_end  # the row's previous part is on an earlier page
            and not text_index().starts_unnumbered_row(
                band.cells.get(REQUIREMENT) or "", self.open[-1].row.id_hint)
        ):
            # ... unless it prints another provision's wording: a row without its number.
            self._continue(band)
            return
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
        self.open.append(OpenRow(row, parts={
            REQUIREMENT: [requirement],
            EVIDENCE: [band.cells.get(EVIDENCE) or ""],
            COMMENTARY: [band.cells.get(COMMENTARY) or ""],
        }))
        self.interrupted = False

    def _comply_continues(self, comply: str | None) -> bool:
        """Is this comply cell, at the top of a page, blank or the rest of the
        previous row's comply cell (a long one cut by the page break)?"""
        text = one_line(comply or "")
        return not text or bool(self.open[-1].row.comply_raw) and not is_comply_value(text)

    def _continue(self, band: Band) -> None:
        row, parts = self.open[-1].row, self.open[-1].parts
        for role in TEXT_ROLES:
            text = band.cells.get(role)
            if text:
                parts[role].append(text)
        comply = one_line(band.cells.get(COMPLY) or "")
        if comply:
            row.comply_raw = one_line(join([row.comply_raw or "", comply]))
        elif row.comply_raw is None and band.cells.get(COMPLY) is not None:
            row.comply_raw = ""
        row.source_end = band.page
        row.continued += 1

    def finish(self) -> list[Row]:
        return [o.finish() for o in self.open]
