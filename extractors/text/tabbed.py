"""The tab reader: tab-separated dumps from PDF converters.

The tab reader: cells are separated by tabs; a row's cells that wrapped in the
PDF come back on later lines, led by as many tabs as the column they belong to
(or by too few, or none at all after a page break).  The reader keeps one row
open, appends each continuation fragment to its column, and closes the row when
the next provision number, heading or table starts.  Where the tabs are
ambiguous the Code's own wording decides: a fragment that is canonical
requirement text of the open row belongs to its requirement, and an unnumbered
line (or a cell after an empty number cell) that is the canonical text of
another provision starts a new row.
"""
from __future__ import annotations


from extractors.form.columns import (
    COMMENTARY,
    COMPLY,
    EVIDENCE,
    FORM_2022,
    FORM_2024,
    ID,
    REQUIREMENT,
    header_roles,
    is_header,
)
from extractors.form.headings import Context, classify_heading
from extractors.form.furniture import is_noise
from pipeline.core.ids import parse_id
from extractors.form.markup import has_markup, one_line, to_text
from extractors.text.rows import OpenRow, new_row
from pipeline.core.claims import is_comply_value
from pipeline.core.matching import TextIndex
from pipeline.core.model import Row

TEXT_COLUMNS = (REQUIREMENT, EVIDENCE, COMMENTARY)
# A comply cell longer than this that reads as no claim is evidence in the wrong column.
LONG_CELL = 40


class TabbedReader:
    # Do the separators close each cell (pipes), so text after a row that has its claim
    # is never more requirement?  Tabs do not: a PDF's wrapped cell comes back untabbed.
    cells_close_requirement = False

    def __init__(self, index: TextIndex) -> None:
        self.index = index
        self.ctx = Context()
        self.roles: tuple[str, ...] | None = None  # from the last full header row
        self.headers: list[list[str]] = []
        self.rows: list[Row] = []
        self.open: OpenRow | None = None

    # ------------------------------------------------------------------ driver
    def read(self, lines: list[str]) -> list[Row]:
        for line_no, raw in enumerate(lines, start=1):
            self.line(line_no, raw)
        self._close()
        return self.rows

    def line(self, line_no: int, raw: str) -> None:
        cells = [to_text(c) for c in raw.split("\t")]
        texts = [one_line(c) for c in cells]
        nonempty = [t for t in texts if t]
        if not nonempty:
            return
        leading = next(i for i, t in enumerate(texts) if t)
        # A bare number led by tabs sits in a column: it is cell text ("stage" / "1"), not a page number.
        if all(is_noise(t) for t in nonempty) and not (leading and any(t.isdigit() for t in nonempty)):
            return
        markup = has_markup(raw)

        if leading == 0 and (pid := parse_id(texts)):
            self._start(line_no, pid.printed, pid.provision_id, cells, pid.consumed, pid.rest, markup)
            return
        if is_header(texts) and not self._ends_open_requirement(texts, nonempty, leading):
            self._header(texts)
            return
        # A heading starts its line; "\t\t\tstage 1" is a wrapped fragment of a cell.
        heading = self._heading(texts, raw) if leading == 0 else None
        if heading is not None:
            if heading:
                self.ctx.apply(heading)
            if self.open:
                self.open.interrupted = True
            return
        if leading == 0 and (self.index.starts_unnumbered_row(" ".join(nonempty), self._open_id())
                             or len(nonempty) > 1 and self._unnumbered_in_column(texts, 0)):
            # A provision's wording with no number (in a table with or without a number column).
            self._start(line_no, "", None, cells, 0, "", markup)
            return
        if leading > 0 and self._unnumbered_in_column(texts, leading):
            # An empty number cell before a provision's wording: a row printed without its number.
            self._start(line_no, "", None, cells[leading:], 0, "", markup)
            return
        if self.open is None:
            return  # prose before the first row (title, introduction)
        if leading > 0:
            self._continue(line_no, cells, leading, markup, shifted=False)
        elif not self.open.interrupted:
            self._continue(line_no, cells, 0, markup, shifted=True)

    # ------------------------------------------------------------------ pieces
    def _open_id(self) -> str | None:
        """The open row's provision: its printed number, else the provision its wording opens."""
        if self.open is None:
            return None
        return self.open.row.id_hint or self.open.row.text_hint

    def _ends_open_requirement(self, texts: list[str], nonempty: list[str], leading: int) -> bool:
        """'\trequirements.' or '\tCode.\t\t(section': the last words of a wrapped requirement
        (with, maybe, a fragment of another cell), though together they read like a header."""
        if self.open is None or self.open.interrupted:
            return False
        if len(nonempty) == 1:
            first = nonempty[0]
        elif leading > 0 and self._layout(len(texts))[leading:leading + 1] == (REQUIREMENT,):
            first = texts[leading]  # a continuation led by tabs, its first cell in the requirement column
        else:
            return False
        return self.index.ends_requirement(first, self._open_id(), self.open.text_of(REQUIREMENT))

    def _unnumbered_in_column(self, texts: list[str], leading: int) -> bool:
        """Does the cell at `leading` open a provision's wording where a requirement can
        stand: the requirement column, or the first cell of a table with no number column?"""
        roles = self._layout(len(texts))
        where = roles[leading] if leading < len(roles) else None
        if where != REQUIREMENT and leading != 0 or len(texts) - leading < 2:
            return False
        if self.open is not None and not self.open.parts and self.open.row.comply_raw is None:
            return False  # a number printed alone: this is its text
        text = texts[leading]
        own = self._open_id()
        if own and self.open and self.index.continues_requirement(text, own, self.open.text_of(REQUIREMENT)):
            return False
        p = self.index.starts_requirement(text)
        return p is not None and p.key not in self.index.canonical_keys(own or "")

    def _header(self, texts: list[str]) -> None:
        self.headers.append([t for t in texts])
        roles = header_roles(texts)
        if roles and roles[0] == ID and REQUIREMENT in roles:
            self.roles = tuple(r or EVIDENCE for r in roles)
        if self.open:
            self.open.interrupted = True

    def _heading(self, texts: list[str], raw: str):
        """A Heading, False for a heading-like line that sets no context, None otherwise."""
        distinct = list(dict.fromkeys(t for t in texts if t))
        first = distinct[0]
        heading = classify_heading(first)
        if heading is None and len(distinct) > 1 and len(" ".join(distinct)) < 160:
            heading = classify_heading(" ".join(distinct))
        if heading is not None:
            # Anything printed beside it ("Stage 2\t\t\t1", "Stage 3 | Not applicable...") is a note.
            return heading
        if raw.lstrip().startswith("#"):
            return False  # a markdown title that names no section
        return None

    def _layout(self, n_cells: int) -> tuple[str, ...]:
        if self.roles:
            return self.roles
        return FORM_2024 if n_cells >= 5 else FORM_2022

    def _start(self, line_no, printed, pid, cells, consumed, rest, markup) -> None:
        self._close()
        while cells and not cells[-1].strip():
            cells = cells[:-1]
        data = cells[consumed:] if printed else cells
        if rest:
            data = [rest] + data
        roles = self._layout(len(data) + 1)
        row = new_row(self.ctx, line_no, printed, pid)
        if not printed and data and (found := self.index.openings(one_line(to_text(data[0])))):
            row.text_hint = found[0].provision_id
        self.open = OpenRow(row, roles, markup=markup)
        data_roles = list(roles[1:])
        if len(data) == len(data_roles) - 1 and COMPLY in data_roles:
            # One cell short: is the missing one the comply cell (evidence sits in its place)?
            c = data_roles.index(COMPLY)
            if c < len(data) and not is_comply_value(data[c]) and len(one_line(data[c])) > LONG_CELL:
                data_roles.remove(COMPLY)
        for i, cell in enumerate(data):
            role = data_roles[i] if i < len(data_roles) else data_roles[-1]
            if role == COMPLY:
                row.comply_raw = one_line(cell)
            else:
                self.open.add(role, cell.strip(), line_no)

    def _continue(self, line_no, cells, leading, markup, shifted) -> None:
        op = self.open
        op.markup |= markup
        row_id = self._open_id()
        pieces = [(i, c.strip()) for i, c in enumerate(cells) if c.strip()]
        single_untabbed = shifted and len(cells) == 1
        for i, text in pieces:
            if single_untabbed:
                so_far = op.text_of(REQUIREMENT)
                role = REQUIREMENT if self.index.continues_requirement(text, row_id, so_far) else op.last_role
                if role == REQUIREMENT and self.cells_close_requirement and op.row.comply_raw is not None \
                        and not self.index.continues_requirement(text, row_id, so_far):
                    role = EVIDENCE  # the claim cell came after a closed requirement cell: this is evidence
                op.add(role, text, line_no)
                continue
            k = i + 1 if shifted else i  # a shifted fragment lost its leading (id) cell
            role = op.roles[k] if k < len(op.roles) else op.roles[-1]
            misplaced = shifted
            if role == COMPLY:
                if not op.row.comply_raw and is_comply_value(text) and len(text) < LONG_CELL:
                    op.row.comply_raw = text
                    op.row.source_end = line_no
                    continue
                if (joined := _wrapped_claim(op.row.comply_raw, text)) is not None:
                    op.row.comply_raw = joined  # "In" / "progress": a claim wrapped in a narrow column
                    op.row.source_end = line_no
                    continue
                role, misplaced = EVIDENCE, True  # too few tabs: text, not a claim
            if misplaced and role != REQUIREMENT:
                if self.index.continues_requirement(text, row_id, op.text_of(REQUIREMENT)):
                    role = REQUIREMENT
            op.add(role, text, line_no)

    def _close(self) -> None:
        if self.open is not None:
            self.rows.append(self.open.finish())
            self.open = None


def _wrapped_claim(so_far: str | None, more: str) -> str | None:
    """The claim a narrow column wrapped over two lines ("In" / "progress", "Partiall" / "y"),
    when the first line alone is no claim and the two together are."""
    if not so_far or is_comply_value(so_far) or len(so_far) + len(more) >= LONG_CELL:
        return None
    for joined in (f"{so_far} {more}", f"{so_far}{more}"):
        if is_comply_value(joined):
            return joined
    return None
