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

from extractors.text import TabbedReader

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
    def line(self, line_no: int, raw: str) -> None:
        cells = pipe_cells(raw)
        super().line(line_no, raw.strip() if cells is None else "\t".join(cells))
