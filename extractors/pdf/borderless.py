"""Borderless tables (and tables ruled between rows only).

Columns start where the header row's words start; a row starts at a line whose
first column holds a provision number, or after a row gap at a block that
prints another provision's canonical wording (a row printed without its
number).  The column model carries over to pages whose header is not repeated.
"""
from __future__ import annotations

from functools import lru_cache

from extractors.form.columns import ID, REQUIREMENT, is_header
from extractors.form.furniture import is_noise
from extractors.form.headings import classify_heading
from extractors.form.markup import join, one_line
from extractors.pdf.geometry import (
    Line,
    Word,
    cell_text,
    column_of,
    header_columns,
    to_lines,
)
from extractors.pdf.items import (
    Band,
    Columns,
    HeaderItem,
    HeadingItem,
    continues_header,
    roles_from_header,
)
from extractors.pdf.reading import PageData
from extractors.pdf.settings import DEFAULT, PdfSettings
from pipeline.core import catalogue
from pipeline.core.ids import parse_id
from pipeline.core.matching import TextIndex


def borderless_items(page: PageData, words: list[Word], columns: Columns | None,
                     settings: PdfSettings = DEFAULT):
    """Items of a page without ruled tables: header lines set the columns (from
    their word positions); a provision number in the first column starts a row."""
    s = settings
    items: list = []
    lines = to_lines(words, s)
    band: dict | None = None
    first_body = True

    def close() -> None:
        nonlocal band, first_body
        if band is None:
            return
        items.append(_band_item(page.number, band, s))
        first_body = False
        band = None

    paused = False  # prose came after the last row: skip text until a row or header

    def new_band(pid: str | None) -> dict:
        return {"columns": columns, "words": [], "first": first_body, "pid": pid}

    i = 0
    prev_bottom = None
    while i < len(lines):
        line = lines[i]
        text = line.text
        gap = prev_bottom is not None and line.top - prev_bottom > s.row_gap_h * (line.bottom - line.top)
        prev_bottom = line.bottom
        if is_noise(text):
            i += 1
            continue
        # Header block: a line naming three column roles, plus wrapped lines under it.
        if is_header([text]) and (found := _header_at(lines, i, s)) is not None:
            j, cells, columns = found
            close()
            paused = False
            items.append(HeaderItem(page.number, cells, columns.roles))
            prev_bottom = lines[j - 1].bottom
            i = j
            continue
        if columns is None or column_of(columns.lefts, line.x0, s) == 0:
            first_cell = " ".join(w.text for w in line.words
                                  if columns is None or column_of(columns.lefts, w.x0, s) == 0)
            pid = parse_id([first_cell]) if columns is not None else None
            if pid is not None:
                close()
                paused = False
                band = new_band(pid.provision_id)
            else:
                heading = classify_heading(text)
                if heading:
                    close()
                    items.append(HeadingItem(page.number, heading))
                elif columns is not None and len(columns.lefts) > 1 and line.x1 > columns.lefts[1] + s.prose_reach:
                    close()  # prose across the columns: no row goes on past it on this page
                    paused = True
                elif columns is not None and not paused:
                    band = band or new_band(None)
                    band["words"].extend(line.words)
                i += 1
                continue
        elif paused:
            i += 1
            continue  # text under prose, until the next numbered row or header
        elif band is not None and band["words"] and gap and _unnumbered_row(lines, i, columns, band["pid"], s):
            close()  # a row printed without its number, recognised by its wording
            band = new_band(None)
        band = band or new_band(None)
        band["words"].extend(line.words)
        i += 1
    close()
    return items, columns


def _header_at(lines: list[Line], i: int, s: PdfSettings) -> tuple[int, list[str], Columns] | None:
    """A header block from line i (a line naming the form's columns, plus the wrapped lines
    under it): (the line after it, its cells, the columns it sets); None when its cells do not
    give one role per column."""
    line = lines[i]
    block = [line]
    j = i + 1
    while j < len(lines) and continues_header(lines[j].text) and \
            lines[j].top - block[-1].bottom < s.header_gap_h * (line.bottom - line.top):
        block.append(lines[j])
        j += 1
    lefts, cells = header_columns(block, s)
    roles = roles_from_header(cells)
    if not roles or len(roles) != len(lefts):
        return None
    return j, cells, Columns(roles, lefts)


def _band_item(page_number: int, band: dict, s: PdfSettings) -> Band:
    """A row's words, cut into the cells of its columns."""
    cols: Columns = band["columns"]
    per_col: dict[int, list[Word]] = {}
    for w in band["words"]:
        per_col.setdefault(column_of(cols.lefts, w.x0, s), []).append(w)
    cells: dict[str, str | None] = {role: "" for role in cols.roles}
    printed = [""] * (max(per_col) + 1 if per_col else 0)
    for c in sorted(per_col):
        role = cols.role(c)
        text = cell_text(per_col[c], s)
        printed[c] = one_line(text)
        cells[role] = join([cells.get(role) or "", text])
    ws = band["words"]
    bbox = (min(w.x0 for w in ws), min(w.top for w in ws), max(w.x1 for w in ws), max(w.bottom for w in ws))
    id_text = one_line(cells.pop(ID, "") or "")
    return Band(page_number, bbox, cells, id_text, band["first"], "borderless", printed=printed)


def _unnumbered_row(lines: list[Line], i: int, columns: Columns, open_id: str | None,
                    settings: PdfSettings) -> bool:
    """Does the block of lines from `i` (to the next vertical gap) print the
    requirement of another provision, with no number in the first column?"""
    if REQUIREMENT not in columns.roles:
        return False
    req_col = columns.roles.index(REQUIREMENT)
    words: list[Word] = []
    prev = None
    for line in lines[i:]:
        if prev is not None and line.top - prev.bottom > settings.row_gap_h * (line.bottom - line.top):
            break
        if any(column_of(columns.lefts, w.x0, settings) == 0 for w in line.words):
            break
        words += [w for w in line.words if column_of(columns.lefts, w.x0, settings) == req_col]
        prev = line
    if not words:
        return False
    return text_index().starts_unnumbered_row(cell_text(words, settings), open_id)


@lru_cache(maxsize=1)
def text_index() -> TextIndex:
    return TextIndex(catalogue.load())
