"""Ruled tables: the rules are the grid.

Column boundaries are the vertical rules, row boundaries the horizontal ones; a
row with no rule at its foot (page break) ends where the verticals end.  Merged
cells are read from the rules themselves: a missing vertical inside a row
merges cells across, a missing horizontal merges a cell down (its text is
copied onto each row it spans and the row notes it in ``Row.merged``).
Header rows are dropped wherever they appear and set the column roles; a
full-width merged row (or one holding only headings) is context.
"""
from __future__ import annotations

from bisect import bisect_right

from extractors.form.columns import ID, header_roles, is_header, is_header_row
from extractors.form.headings import classify_heading
from extractors.form.markup import join, one_line
from extractors.pdf.geometry import Word, cell_text, header_columns, to_lines
from extractors.pdf.items import (
    Band,
    Columns,
    HeaderItem,
    HeadingItem,
    continues_header,
    default_roles,
    roles_from_header,
)
from extractors.pdf.reading import PageData
from extractors.pdf.regions import Region
from extractors.pdf.settings import DEFAULT, PdfSettings


def ruled_items(page: PageData, region: Region, words: list[Word], columns: Columns | None,
                settings: PdfSettings = DEFAULT):
    """Items (header, heading, band) of one ruled table on one page, top to bottom,
    and the column model after it (a header row in it names the columns)."""
    xs = region.xs
    ys = _split_headers(region.ys, words, settings)
    n_cols, n_bands = len(xs) - 1, len(ys) - 1
    starts, owner, texts = _cell_grid(region, ys, words, settings)

    items = []
    first_body = True
    for b in range(n_bands):
        spans = sorted(set(starts[b]))
        cells = [texts.get((owner[b][c], starts[owner[b][c]][c]), "") for c in spans]
        if not any(cells):
            continue
        bbox = (xs[0], ys[b], xs[-1], ys[b + 1])
        headings = [classify_heading(one_line(c)) for c in cells if c]
        if len(spans) == 1 or all(headings):
            # A full-width merged row, or a row that holds only a heading ("Stage 1",
            # perhaps repeated in a second cell): context, never a provision.
            if headings[0]:
                items.append(HeadingItem(page.number, headings[0]))
            continue
        line_cells = [one_line(c) for c in cells]
        if is_header_row(line_cells):
            roles = roles_from_header(line_cells) if len(spans) == n_cols else None
            items.append(HeaderItem(page.number, line_cells, roles))
            if roles:
                columns = Columns(roles)  # the header names the columns of the rows under it
            continue
        roles = columns.roles if columns and len(columns.roles) == n_cols else default_roles(n_cols)
        band_cells, merged = _band_cells(b, roles, starts, owner, texts)
        id_text = one_line(band_cells.pop(ID, None) or "")
        items.append(Band(page.number, bbox, band_cells, id_text, first_body, "ruled", merged,
                          [one_line(c) for c in cells]))
        first_body = False
    return items, columns


def _cell_grid(region: Region, ys: list[float], words: list[Word], settings: PdfSettings):
    """The table's cells from its rules: for each band and column, the first column of its
    merged cell (starts) and the band that owns it (owner: a cell with no rule above belongs to
    the band above), and each cell's text keyed by (owning band, first column)."""
    xs = region.xs
    n_cols, n_bands = len(xs) - 1, len(ys) - 1
    tol = settings.rule_tol
    cuts = set(ys) - set(region.ys)  # boundaries under a header, drawn or not

    def v_present(j: int, top: float, bottom: float) -> bool:
        mid = (top + bottom) / 2
        x = xs[j]
        return any(abs(v.pos - x) <= tol and v.start - tol <= mid <= v.end + tol
                   for v in region.vrules)

    def h_present(b: int, c: int) -> bool:
        if b == 0 or ys[b] in cuts:
            return True
        y, mid = ys[b], (xs[c] + xs[c + 1]) / 2
        return any(abs(h.pos - y) <= tol and h.start - tol <= mid <= h.end + tol for h in region.hrules)

    # Cell spans per band: runs of columns between the vertical rules present in that band.
    starts: list[list[int]] = []  # band -> column -> first column of its merged cell
    for b in range(n_bands):
        top, bottom = ys[b], ys[b + 1]
        row, first = [], 0
        for c in range(n_cols):
            if c > 0 and v_present(c, top, bottom):
                first = c
            row.append(first)
        starts.append(row)
    # Vertical merges: a cell with no rule above it belongs to the band above.
    owner = [[b] * n_cols for b in range(n_bands)]
    for b in range(1, n_bands):
        for c in range(n_cols):
            if not h_present(b, c):
                owner[b][c] = owner[b - 1][c]
    cell_words: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        c = min(max(bisect_right(xs, w.cx) - 1, 0), n_cols - 1)
        b = min(max(bisect_right(ys, w.cy) - 1, 0), n_bands - 1)
        ob = owner[b][c]
        cell_words.setdefault((ob, starts[ob][c]), []).append(w)
    texts = {key: cell_text(ws, settings) for key, ws in cell_words.items()}
    return starts, owner, texts


def _band_cells(b: int, roles: tuple[str, ...] | list[str], starts, owner, texts) -> tuple[dict[str, str | None], list[str]]:
    """One band's text by column role, and the roles whose cell was merged down from above."""
    band_cells: dict[str, str | None] = {role: None for role in roles}
    merged = []
    for c in range(len(roles)):
        role = roles[c]
        if starts[b][c] != c:
            continue  # covered by a cell merged from the left
        text = texts.get((owner[b][c], starts[owner[b][c]][c]), "")
        if owner[b][c] != b:
            merged.append(role)
        band_cells[role] = text if band_cells.get(role) is None else join([band_cells[role] or "", text])
    return band_cells, merged


def _split_headers(ys: list[float], words: list[Word], settings: PdfSettings) -> list[float]:
    """Row boundaries plus one under any header that shares a band with body text.

    Word and reportlab do not always rule off a repeated header from the part of
    a split row under it; the header's own lines tell where it ends."""
    by_band: dict[int, list[Word]] = {}
    for w in words:
        b = bisect_right(ys, w.cy) - 1
        if 0 <= b < len(ys) - 1:
            by_band.setdefault(b, []).append(w)
    extra: list[float] = []
    for ws in by_band.values():
        lines = to_lines(ws, settings)
        if len(lines) < 2 or not is_header([lines[0].text]):
            continue
        k = 1
        while k < len(lines) and continues_header(lines[k].text):
            k += 1
        if k < len(lines) and header_roles(header_columns(lines[:k], settings)[1]):
            extra.append((lines[k - 1].bottom + lines[k].top) / 2)
    return sorted(ys + extra) if extra else ys
