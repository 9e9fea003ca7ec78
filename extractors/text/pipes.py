"""Pipe tables: markdown tables and the `|`-separated text some converters write.

    | Code section | Code requirement | Comply | Evidence |
    |---|---|---|---|
    | 1.2 | A complaint must be defined as ... | Yes | Our policy ... |

with or without the `---|` separator row, with or without a header, rows that
wrap onto lines with no pipes at all, the number alone on a line of its own.
Each pipe row is read as a row of cells by the tab reader (`TabbedReader`), so
headers, headings, split numbers, continuation lines and the Code's wording
work exactly as they do for tab-separated dumps; escaped pipes (`\\|`) stay text.
`source_start`/`source_end` are line numbers.
"""
from __future__ import annotations

import re

from extractors.form.columns import COMPLY, ID, REQUIREMENT, header_roles, is_header
from pipeline.core.claims import is_comply_value, split_comply
from pipeline.core.ids import parse_id
from extractors.form.markup import one_line, to_text
from extractors.text.tabbed import TabbedReader

_PIPE = re.compile(r"(?<!\\)\|")


def pipe_cells(line: str) -> list[str] | None:
    """The cells of a pipe-table line, or None when the line has no pipes."""
    s = line.strip()
    if "|" not in s or not _PIPE.search(s):
        return None
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip().replace("\\|", "|") for c in _PIPE.split(s)]


class PipeReader(TabbedReader):
    """A table with no number column (by its header, or a row that opens with a
    provision's wording) gets an empty number cell in front of every row, so that
    its rows read as rows printed without their numbers."""

    no_number_column = False
    cells_close_requirement = True

    def line(self, line_no: int, raw: str) -> None:
        cells = pipe_cells(raw)
        if cells is None:
            super().line(line_no, raw.strip())
            return
        texts = [one_line(to_text(c)) for c in cells]
        if (at := self._claim_completes_row(texts)) is not None:
            # "'an expression ... residents.'" / "Yes | See our policy | |": the requirement
            # wrapped, and this continuation holds the row's remaining cells from the claim on.
            super().line(line_no, "\t" * at + "\t".join(cells))
            return
        if is_header(texts) and (roles := header_roles(texts)):
            self.no_number_column = ID not in roles
        if self.no_number_column or self._opens_unnumbered(texts):
            cells = [""] + cells
        super().line(line_no, "\t".join(cells))

    def _claim_completes_row(self, texts: list[str]) -> int | None:
        """The comply column's index when a pipe line opens with a claim and goes on to
        other cells while the open row has its requirement but no claim yet."""
        op = self.open
        if op is None or op.row.comply_raw is not None or not op.parts.get(REQUIREMENT) \
                or COMPLY not in op.roles or len(texts) < 2:
            return None
        got = split_comply(texts[0])
        if got is None or got[1] or not is_comply_value(texts[0]):
            return None
        return op.roles.index(COMPLY)

    def _opens_unnumbered(self, texts: list[str]) -> bool:
        """A row whose first cell is a provision's wording, not a number (unless it is
        the text of a number printed alone on the line before)."""
        if len(texts) < 2 or not texts[0] or parse_id(texts) or not self.index.openings(texts[0]):
            return False
        bare_number = self.open is not None and not self.open.parts and self.open.row.comply_raw is None
        return not bare_number
