"""Columns aligned with spaces: a PDF converted with `pdftotext -layout` (or printed to a
fixed-width text), where each cell keeps its place on the line and wrapped lines carry
on in the same columns:

    Ref   Requirement                                     Comply   Evidence
    1.2   A complaint must be defined as: 'an expression  Yes      The policy quotes the
          of dissatisfaction, however made, about the              definition in full.

The columns are found from the text itself: gutters are runs of character positions that
no line of the table writes in.  Each line is cut at the gutters into cells, placed
under the header's columns as tab-separated text and read by the tabbed reader, so headers, headings, claims and wrapped cells
follow the same rules as a tabbed dump.
"""
from __future__ import annotations

import re

from extractors.form.columns import COMPLY, header_roles
from extractors.text.tabbed import TabbedReader
from pipeline.core.claims import is_comply_value, split_comply
from pipeline.core.matching import TextIndex
from pipeline.core.model import Row

GAP = re.compile(r"\S {3,}\S")  # three spaces or more between words: two cells on one line
INDENT = " " * 3  # a line that starts this far in carries on a cell to the right
ALIGNED_SHARE = 0.4  # of content lines with such a gap, for the text to be read as aligned
MIN_GUTTER = 2  # characters: a narrower empty run is a space between words
DRIFT = 3  # characters a converter may shift a cell from its header's place
CLAIM_DRIFT = 8  # a short claim is often centred or set left of its column's header
STRAY_SHARE = 0.06  # of a group's lines that may write across a gutter (only a long group allows one)


def looks_aligned(lines: list[str]) -> bool:
    """Many lines hold two cells apart, or carry on in a column to the right (indented)."""
    content = [ln for ln in lines if ln.strip()]
    return len(content) >= 3 and "\t" not in "".join(content) and sum(
        1 for ln in content if GAP.search(ln.strip()) or ln.startswith(INDENT)) >= ALIGNED_SHARE * len(content)


class AlignedReader:
    def __init__(self, index: TextIndex) -> None:
        self.index = index
        self.headers: list[list[str]] = []

    def read(self, lines: list[str]) -> list[Row]:
        cut = [ln.strip() for ln in lines]
        found = False
        columns: list[int] = []  # where the last header's cells start: the table's columns
        roles: list[str | None] = []
        for start, end in groups(lines):
            group = lines[start:end]
            cuts = gutters(group)
            found = found or bool(cuts)
            cells = [cells_of(ln, cuts) for ln in group]
            if any(_names_columns([t for _, t in c]) for c in cells):
                header = max(cells, key=len)
                columns = [x for x, _ in header]
                roles = header_roles([t for _, t in header]) or []
            else:
                cells = [_split_collapsed(c, columns, roles) for c in cells]
            cut[start:end] = [_placed(c, columns) for c in cells]
        if not found:
            return []
        reader = TabbedReader(self.index)
        rows = reader.read(cut)
        self.headers = reader.headers
        for row in rows:
            row.read_as = "aligned"
        return rows


def _split_collapsed(cells: list[tuple[int, str]], columns: list[int], roles: list[str | None]) -> list[tuple[int, str]]:
    """A converter sometimes leaves one space where a gutter was ("... in which a Yes   Ref7"):
    a cell running over a column's start is split at a space there, when what follows is what
    that column holds (a claim in the claim column), or the space is exactly at the start."""
    out = []
    for x, text in cells:
        for j, col in enumerate(columns):
            claim = j < len(roles) and roles[j] == COMPLY
            if not x + DRIFT < col < x + len(text) - 1 + (CLAIM_DRIFT if claim else 0):
                continue
            i = _split_at(text, col - x, claim)
            if i is not None:
                out.append((x, text[:i].rstrip()))
                x, text = x + i, text[i:]
        out.append((x, text))
    return out


def _split_at(text: str, at: int, claim: bool) -> int | None:
    """Where to split a cell that runs over a column starting at `at`: at a space near it,
    where the claim column's claim begins (converters set a short claim left of its header), or
    exactly at the start for a text column."""
    reach = CLAIM_DRIFT if claim else 1
    for i in sorted(range(max(1, at - reach), min(len(text), at + DRIFT + 1)), key=lambda i: abs(i - at)):
        if text[i - 1] != " " or text[i] == " ":
            continue
        if not claim:
            return i
        got = split_comply(text[i:])
        if got is not None and is_comply_value(got[0]):
            return i
    return None


def _placed(cells: list[tuple[int, str]], columns: list[int]) -> str:
    """A line's cells as tab-separated text, each in the header column it starts nearest (a
    row that leaves a column empty has no gutter there, so its cells are placed by position);
    "" for a blank line."""
    if not columns or len(cells) == 1 and cells[0][0] <= columns[0] + DRIFT:
        return "\t".join(t for _, t in cells)
    slots = [""] * len(columns)
    for x, text in cells:
        j = min(range(len(columns)), key=lambda k: abs(columns[k] - x))
        slots[j] = f"{slots[j]} {text}".strip()
    return "\t".join(slots)


def groups(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of lines between blank lines: a table row with its wrapped
    lines, or a header.  A converter places each row's cells afresh (columns drift from row
    to row), but within a row they hold their places."""
    out, start = [], None
    for i, ln in enumerate(lines + [""]):
        if ln.strip() and start is None:
            start = i
        elif not ln.strip() and start is not None:
            out.append((start, i))
            start = None
    return out


def gutters(lines: list[str]) -> list[int]:
    """Positions to cut a group's lines at: the middle of each run of positions its lines
    leave empty, between written ones."""
    below = [ln.rstrip() for ln in lines if ln.strip()]
    margin = min((len(ln) - len(ln.lstrip()) for ln in below), default=0)
    # The table's lines hold cells apart or carry on a cell to the right; a heading, a page's
    # running title or a paragraph over the whole width does neither and may cross the gutters.
    table = [ln for ln in below if GAP.search(ln.strip()) or ln.startswith(" " * margin + INDENT)]
    if not table or not any(GAP.search(ln.strip()) for ln in table):
        return []
    width = max(len(ln) for ln in table)
    written = [0] * width
    for ln in table:
        for x, ch in enumerate(ln):
            if ch != " ":
                written[x] += 1
    left = min(len(ln) - len(ln.lstrip()) for ln in table)
    stray = STRAY_SHARE * len(table)
    cuts, run = [], []
    for x in range(left, width):
        if written[x] <= stray:
            run.append(x)
            continue
        if len(run) >= MIN_GUTTER and run[0] > left:
            cuts.append(run[len(run) // 2])
        run = []
    return cuts


def _names_columns(texts: list[str]) -> bool:
    """A header: three cells or more naming the form's columns."""
    return len(texts) >= 3 and header_roles(texts) is not None


def cells_of(line: str, cuts: list[int]) -> list[tuple[int, str]]:
    """(start position, text) of each cell of a line cut at `cuts`; a line that writes across a
    gutter (a heading or a note over the whole width) is one cell."""
    if not line.strip():
        return []
    if any(cut < len(line) and line[cut] != " " for cut in cuts):
        return [(len(line) - len(line.lstrip()), line.strip())]
    bounds = [0, *cuts, len(line)]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        piece = line[a:b]
        if piece.strip():
            out.append((a + len(piece) - len(piece.lstrip()), piece.strip()))
    return out
