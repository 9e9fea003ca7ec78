"""Tables that arrive as grids of cells: HTML `<table>`s, Word tables, spreadsheets.

The format extractors turn their tables into `GridRow`s (cells in column order,
merged cells expanded: a cell copied down from a row span is `spanned`, one
copied right from a column span is `hspan`) and feed them, with the headings
printed between tables, to one `GridReader`.  It knows the form, not the format:

- column roles come from a header row (repeated header rows are skipped), else
  from the previous table of the same width, else from what the cells hold
  (a column of provision numbers, a column of compliance values, text columns);
- a row whose number cell is a row-span copy continues the row above;
- a row with no number starts a new row when its requirement is a provision's
  wording, and otherwise continues the row above;
- a full-width row (or a lone first cell) that is a section / stage / must-should
  heading sets the context for the rows after it.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.form.columns import (
    COMMENTARY,
    COMPLY,
    EVIDENCE,
    EXTRA,
    ID,
    REQUIREMENT,
    header_roles,
    is_header,
    names_claim,
    one_column,
)
from extractors.form.headings import Context, context_heading
from extractors.form.labels import field_label
from extractors.form.furniture import is_noise
from pipeline.core.ids import parse_id
from pipeline.core.claims import split_comply
from extractors.form.ticks import ticked_option
from extractors.form.markup import one_line, to_text
from extractors.text.flat import SHORT_VALUE, number_as_printed
from extractors.text.rows import OpenRow, new_row
from extractors.text.sniff import CLEARLY_MORE, no_rows_problem, quality, read_text
from pipeline.core.claims import is_comply_value
from pipeline.core.matching import TextIndex
from pipeline.core.model import Extraction, Problem, Row

PLACE = 60.0  # a requirement cell matching a provision this well is a row even with no number
MAJORITY = 0.5
HEADER_CELL = 80  # characters: a longer cell is content, not a column name

# A self-assessment table has 3 to 6 columns; a wider one (a cell spanning millions of columns)
# is skipped rather than expanded.  The row limit is the sheet reader's.
MAX_COLUMNS = 200
MAX_ROWS = 5000


@dataclass
class Cell:
    text: str
    spanned: bool = False  # copied down from the cell above (row span, vertical merge)
    hspan: bool = False  # copied right from the cell to the left (column span)


@dataclass
class GridRow:
    cells: list[Cell]
    position: int  # source line, table row or sheet row: becomes source_start
    sheet: str = ""  # the worksheet a spreadsheet row is on

    def as_line(self) -> str:
        """The row as a converter would print it: tab-separated, merged cells once."""
        return "\t".join("" if c.spanned or c.hspan else one_line(c.text) for c in self.cells).rstrip("\t")


def expand_spans(rows: list[list[tuple[str, int, int]]]) -> list[list[Cell]]:
    """Rows of (text, rowspan, colspan) cells -> rectangular rows of Cells."""
    grid: list[list[Cell | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for text, rowspan, colspan in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            for dr in range(max(1, rowspan)):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                for dc in range(max(1, colspan)):
                    while len(target) <= c + dc:
                        target.append(None)
                    target[c + dc] = Cell(text, spanned=dr > 0, hspan=dc > 0)
            c += max(1, colspan)
    width = max((len(r) for r in grid), default=0)
    return [[cell or Cell("") for cell in r] + [Cell("")] * (width - len(r)) for r in grid]


class GridReader:
    def __init__(self, index: TextIndex) -> None:
        self.index = index
        self.ctx = Context()
        self.headers: list[list[str]] = []
        self.rows: list[Row] = []
        self.open: OpenRow | None = None
        self.roles: list[str | None] | None = None
        self.width = 0

    # ------------------------------------------------------------------ driver
    def heading(self, text: str) -> bool:
        """Text printed between tables: True when it set the context."""
        heading = context_heading(text)
        if heading is None:
            return False
        self._close()
        self.ctx.apply(heading)
        return True

    def table(self, rows: list[GridRow]) -> None:
        self._close()
        rows = [r for r in rows if any(c.text.strip() for c in r.cells)]
        if not rows:
            return
        width = max(len(r.cells) for r in rows)
        if not self._find_header(rows) and (self.roles is None or width != self.width):
            self.roles = infer_roles(rows, self.index)
        self.width = width
        for row in rows:
            self._row(row)
        self._close()

    def finish(self) -> list[Row]:
        self._close()
        return self.rows

    # ------------------------------------------------------------------ pieces
    def _find_header(self, rows: list[GridRow]) -> bool:
        for row in rows[:3]:
            if (roles := self._header_roles(row)) is not None:
                self.roles = roles
                return True
        return False

    def _header_roles(self, row: GridRow) -> list[str | None] | None:
        texts = [one_line(c.text) if not c.hspan else "" for c in row.cells]
        # Header cells are short names; a number or a claim ("No.") makes it a data row.
        if any(len(t) > HEADER_CELL or parse_id([t]) or (t and is_comply_value(t)) for t in texts):
            return None
        roles = header_roles(texts)
        if roles is None or REQUIREMENT not in roles and COMPLY not in roles:
            return None
        # A named column beyond the form's ("RAG", "Action / owner / target date") is kept whole
        # under its header, never folded into the commentary.
        roles += [None] * (len(texts) - len(roles))
        roles = one_column(roles, texts, COMPLY, names_claim)
        return [EXTRA + t if role is None and t and not is_noise(t) else role for role, t in zip(roles, texts)]

    def _role(self, j: int) -> str | None:
        roles = self.roles or []
        return roles[j] if j < len(roles) else None

    def _row(self, grow: GridRow) -> None:
        cells = grow.cells
        texts = [one_line(c.text) for c in cells]
        if self._not_a_provision_row(grow, texts):
            return
        by_role: dict[str | None, list[tuple[int, Cell]]] = {}
        for j, cell in enumerate(cells):
            if cell.hspan or not texts[j]:
                continue
            by_role.setdefault(self._role(j), []).append((j, cell))
        id_cells = by_role.pop(ID, [])
        id_cell = id_cells[0][1] if id_cells else None
        pid, requirement = self._number_and_requirement(id_cell, by_role.get(REQUIREMENT, []))

        if pid is not None and not (id_cell is not None and id_cell.spanned):
            self._start(grow, number_as_printed(pid.printed), pid.provision_id)
            if id_cell is not None and pid.rest:
                self.open.add(REQUIREMENT, pid.rest, grow.position)
            self._fill(by_role, grow, first=True)
            return
        if id_cell is not None and id_cell.spanned and self.open is not None:
            self._fill(by_role, grow, first=False, skip_spanned=True)
            return
        if requirement and self._starts_unnumbered(requirement):
            self._start(grow, "", None)
            self._fill(by_role, grow, first=True)
            return
        if self.open is not None:
            self._fill(by_role, grow, first=False, skip_spanned=True)

    def _not_a_provision_row(self, grow: GridRow, texts: list[str]) -> bool:
        """Noise, a header row (which sets the roles), a heading (which sets the context) or a
        note across the table: True when the row is one of these and has been dealt with."""
        distinct = list(dict.fromkeys(t for t in texts if t))
        if not distinct or all(is_noise(t) for t in distinct):
            return True
        if (roles := self._header_roles(grow)) is not None:
            self.headers.append(texts)
            self.roles = roles
            return True
        if is_header(distinct) and not any(parse_id([t]) for t in distinct):
            self.headers.append(texts)
            return True
        filled = [j for j, t in enumerate(texts) if t]
        # One text across the whole row, or alone in the first cell: a heading or a note.
        if len(distinct) == 1 and not parse_id(distinct) and (len(filled) == len(texts) or filled == [0]):
            if (heading := context_heading(distinct[0])) is not None:
                self._close()
                self.ctx.apply(heading)
                return True
            if len(texts) > 1:
                return True  # a note across the table ("Stage 3 - not applicable")
        return False

    @staticmethod
    def _number_and_requirement(id_cell: Cell | None, requirement_cells: list[tuple[int, Cell]]):
        """The row's provision number (from its number cell, else glued to its requirement) and
        its requirement text; a number glued to the requirement is taken off the first cell."""
        pid = None
        if id_cell is not None:
            pid = parse_id([one_line(id_cell.text)])
        elif requirement_cells:
            first = requirement_cells[0][1]
            pid = parse_id([one_line(first.text)])
            if pid is not None and pid.rest:
                requirement_cells[0] = (requirement_cells[0][0], Cell(pid.rest, first.spanned))
        return pid, " ".join(one_line(c.text) for _, c in requirement_cells if not c.spanned)

    def _starts_unnumbered(self, requirement: str) -> bool:
        if self.open is not None:
            so_far = self.open.text_of(REQUIREMENT)
            if self.index.continues_requirement(requirement, self.open.row.id_hint, so_far):
                return False
        if self.index.starts_requirement(requirement) is not None:
            return True
        return self.index.closest(requirement, PLACE) is not None

    def _fill(self, by_role, grow: GridRow, first: bool, skip_spanned: bool = False) -> None:
        op = self.open
        for role, cells in by_role.items():
            for _, cell in cells:
                if skip_spanned and cell.spanned:
                    continue
                text = _unlabelled(to_text(cell.text), role)
                if role == COMPLY:
                    self._comply(text, grow.position)
                else:
                    kept = role in (REQUIREMENT, EVIDENCE) or (role or "").startswith(EXTRA)
                    op.add(role if kept else COMMENTARY, text, grow.position)
        if first and op.row.comply_raw is None and COMPLY in (self.roles or []):
            op.row.comply_raw = ""  # the form has a comply column and this row left it blank

    def _comply(self, text: str, position: int) -> None:
        op = self.open
        value = one_line(text)
        if (ticked := ticked_option(value)) is not None:
            op.row.comply_raw = ticked
            return
        if op.row.comply_raw:
            op.add(EVIDENCE, text, position)  # a second comply fragment: text, not a claim
            return
        if len(value) <= SHORT_VALUE and is_comply_value(value):
            op.row.comply_raw = value
            return
        got = split_comply(text)
        if got is not None:
            op.row.comply_raw = got[0]
            if got[1]:
                op.parts.setdefault(EVIDENCE, []).insert(0, got[1])
            return
        # Evidence in the comply column: no claim made.
        op.row.comply_raw = ""
        op.parts.setdefault(EVIDENCE, []).insert(0, text)

    def _start(self, grow: GridRow, printed: str, pid: str | None) -> None:
        self._close()
        row = new_row(self.ctx, grow.position, printed, pid)
        row.sheet = grow.sheet
        row.read_as = "grid"
        self.open = OpenRow(row)

    def _close(self) -> None:
        if self.open is not None:
            self.rows.append(self.open.finish())
            self.open = None


def _unlabelled(text: str, role: str | None) -> str:
    """A cell that repeats its column's name first (responsive tables print
    "Comply: Yes" or "Evidence" then the text in every cell) without that name."""
    first, _, rest = text.partition("\n")
    label = field_label(first) if len(first) <= HEADER_CELL else None
    if label is None or label[0] != role:
        return text
    return "\n".join(t for t in (label[1], rest) if t)


def infer_roles(rows: list[GridRow], index: TextIndex) -> list[str | None]:
    """Column roles of a table with no header, from what its cells hold."""
    width = max(len(r.cells) for r in rows)
    ids, glued, comply, filled, length = ([0] * width for _ in range(5))
    for row in rows:
        if len({one_line(c.text) for c in row.cells if c.text.strip()}) < 2:
            continue  # a heading or note across the table says nothing about columns
        for j, cell in enumerate(row.cells):
            t = one_line(cell.text)
            if not t or cell.hspan:
                continue
            filled[j] += 1
            length[j] += len(t)
            if (p := parse_id([t])) is not None:
                if p.rest:
                    glued[j] += 1
                else:
                    ids[j] += 1
            elif len(t) <= SHORT_VALUE and is_comply_value(t):
                comply[j] += 1
    roles: list[str | None] = [None] * width
    n = len(rows)
    id_col = next((j for j in range(width) if ids[j] >= MAJORITY * max(1, filled[j]) and ids[j]), None)
    if id_col is not None:
        roles[id_col] = ID
    comply_col = next((j for j in range(width) if roles[j] is None and comply[j]
                       and comply[j] >= MAJORITY * filled[j]), None)
    if comply_col is not None:
        roles[comply_col] = COMPLY
    text_cols = [j for j in range(width) if roles[j] is None and filled[j] >= 0.3 * n]
    if not text_cols:
        return roles
    roles[text_cols[0]] = REQUIREMENT
    for k, j in enumerate(text_cols[1:]):
        roles[j] = EVIDENCE if k == 0 else COMMENTARY
    return roles


def settle(out: Extraction, reader: GridReader, lines: list[str], nothing: str) -> Extraction:
    """Finish a document read as grids: its grid rows, or a text reading of the same
    document (`lines`, tables as tab-separated lines) when that reads clearly more of
    the form (labelled blocks in paragraphs, a form that is not in tables).  `nothing`
    says what the document held when neither finds a provision row."""
    grid_rows = reader.finish()
    out.text = "\n".join(lines)
    by_text = read_text(out.text, reader.index)
    if grid_rows and quality(grid_rows, reader.index) >= by_text.quality * CLEARLY_MORE:
        out.rows, out.headers = grid_rows, reader.headers
    else:
        out.rows, out.headers = by_text.rows, by_text.headers
    if not out.rows:
        out.problems.append(no_rows_problem(nothing))
    return out


def unreadable(what: str, error: Exception, hint: str) -> Problem:
    """The error for a file its library cannot open at all."""
    return Problem("read", "error", f"not a readable {what} ({type(error).__name__}: {error}); {hint}")
