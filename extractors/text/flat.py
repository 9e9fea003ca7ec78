"""Tables flattened to text: no cell separator survives.

What a web page becomes when it is saved as text or copied out of a browser:

- every cell on its own line, often with blank lines between
  (`1.2` / `A complaint must be defined as ...` / `Yes` / `Our policy ...`);
- a whole row on one line with the cells glued together
  (`1.7A landlord must accept ... do so.YesSee section 4 of our policy`),
  a compliance value glued to the evidence (`YOur policy`, `NoWe are reviewing`),
  the column header glued to the first number (`...explanations1.2 A complaint`);
- rows with no printed number at all, site menus and banners before the form,
  footers after it, section and stage headings inside the table.

A row starts at a line that opens with a provision number whose text agrees
with that provision, or (no number) at a line that opens with a provision's
canonical wording.  Everything up to the next row, heading or header belongs to
it.  The Code's wording then tells where the requirement ends
(`TextIndex.requirement_end`); a compliance value after it is the comply cell
and the rest is evidence (a `Commentary:` label inside it starts the commentary).
`source_start`/`source_end` are the row's first and last line numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractors.form.columns import COMMENTARY, EVIDENCE, header_like, is_header, split_glued_header
from extractors.form.headings import Context, context_heading
from extractors.form.labels import field_label
from extractors.form.furniture import is_noise, is_site_chrome
from pipeline.core.ids import parse_id
from pipeline.core.claims import split_comply
from extractors.form.markup import join, one_line, to_text
from extractors.text.rows import new_row
from pipeline.core.matching import match_key
from pipeline.core.claims import is_comply_value
from pipeline.core.matching import TextIndex, cuts, similarity
from pipeline.core.model import Row

# A requirement matched this well by its canonical wording is trusted to end where it does.
TRUSTED_END = 60.0
# The text after a printed number must read this much like that provision to start a row
# (a policy clause number quoted in the evidence, "2.1 A complaint is...", does not).
OWN_TEXT = 70.0
SHORT_VALUE = 40  # a line this short that reads as a claim is a comply cell
MIN_REQUIREMENT = 30  # characters: no requirement is shorter
HEADER_LINE = 250  # characters: no header row is longer
FOLLOWS = 3  # a number this close after the previous row's, same section, starts a row


def text_lines(raw: str, index: TextIndex | None = None) -> list[str]:
    """One line of a saved page as the lines it really holds: markup made plain
    (a `<br>` or list item is a line of its own), a glued header split off (before
    a number, or, given the index, before a provision's wording)."""
    out = []
    for part in to_text(raw).split("\n"):
        glued = split_glued_header(part) or (index and _header_before_wording(part, index))
        for piece in glued if glued else (part,):
            out.extend(split_flattened_rows(piece, index) if index else (piece,))
    return out


# A provision number inside a line, after a space: where a flattened form's next row may start.
_INNER_NUMBER = re.compile(r"(?<=\s)\(?\d{1,2}\.\d{1,2}\b(?!\.\d)")
ONE_LINE_FORM = 200  # characters: a line this long may hold several rows


_CITED = re.compile(r"\b(?:section|sections|paragraph|para|clause|part|point|page|item|appendix|ref)\s*$", re.I)


def opens_with(key: str, canonical: str) -> bool:
    """Does text (a match key) open with this canonical wording's opening words?"""
    n = min(len(key), len(canonical), 60)
    return n >= 12 and fuzz.ratio(key[:n], canonical[:n]) >= OWN_TEXT


def split_flattened_rows(line: str, index: TextIndex) -> list[str]:
    """A whole form flattened onto one line ("1.2 <wording> Yes Our policy 1.3 <wording> No
    ..."): split before each provision number that is followed by that provision's own
    wording (a clause number quoted in the evidence is not)."""
    if len(line) < ONE_LINE_FORM:
        return [line]
    starts = [0]
    for m in _INNER_NUMBER.finditer(line):
        if _CITED.search(line[max(0, m.start() - 12):m.start()]):
            continue  # "Section 2.3 of our policy", "paragraph 4.1": a citation in the evidence
        pid = parse_id([line[m.start():m.start() + 400]])
        if pid is None or not pid.rest:
            continue
        key = match_key(pid.rest)
        if any(opens_with(key, k) for k in index.canonical_keys(pid.provision_id)):
            starts.append(m.start())
    if len(starts) == 1:
        return [line]
    return [line[a:b].strip() for a, b in zip(starts, starts[1:] + [len(line)]) if line[a:b].strip()]


def _header_before_wording(line: str, index: TextIndex) -> tuple[str, str] | None:
    """`...any explanationsA complaint must be...` -> (header, requirement): the row had
    no number, so the header ends where a provision's wording starts."""
    if len(line) < MIN_REQUIREMENT or not header_like(line[:HEADER_LINE]):
        return None
    for cut in cuts(line[:HEADER_LINE]):
        if cut < len(line) and line[cut - 1].isalpha() and line[cut].isupper() and header_like(line[:cut]) \
                and index.openings(line[cut:]):
            return line[:cut], line[cut:]
    return None


@dataclass
class RowStart:
    printed: str
    provision_id: str | None  # printed number, normalised
    keys: list[str]  # canonical wordings the requirement should match
    rest: str  # text after the number on the same line


_NUMBER = re.compile(r"\d{1,2}\s?\.\s?\d{1,2}")


def number_as_printed(printed: str) -> str:
    """`Code section 1.2` -> `1.2`: the number of a labelled id, as printed."""
    m = _NUMBER.search(printed)
    return m.group(0) if m and not printed[: m.start()].strip().isdigit() else printed


def numbered_start(index: TextIndex, text: str, allow_misnumbered: bool,
                   previous: str | None = None) -> RowStart | None:
    """A line that opens a numbered row: `1.2`, `1.2 A complaint...`, `1.7A landlord...`,
    `Code section 1.2`.  The text after the number must read like that provision
    (or, when `allow_misnumbered`, like some provision: the number is misprinted),
    unless the number is glued to it with no space at all (a flattened table's
    cells, never a clause number quoted in prose) or follows `previous` closely
    in the same section."""
    pid = parse_id([text])
    if pid is None:
        return None
    keys = index.canonical_keys(pid.provision_id)
    rest = pid.rest
    printed = number_as_printed(pid.printed)
    if not rest:
        return RowStart(printed, pid.provision_id, keys, "")
    # Wording it opens with, whatever its number (2022 wording in a 2024 row, a misprint).
    opened = [q.key for q in index.openings(rest) if q.key not in keys]
    glued = text.startswith(pid.printed) and not text[len(pid.printed):][:1].isspace()
    if glued and allow_misnumbered or _follows(pid.provision_id, previous):
        return RowStart(printed, pid.provision_id, keys + opened, rest)
    if keys and reads_like(match_key(rest), keys):
        return RowStart(printed, pid.provision_id, keys + opened, rest)
    if allow_misnumbered and opened:
        return RowStart(printed, pid.provision_id, keys + opened, rest)
    return None


def _follows(provision_id: str, previous: str | None) -> bool:
    """Is `provision_id` one of the next few numbers after `previous` in its section?"""
    if not previous:
        return False
    (s1, i1), (s2, i2) = (map(int, p.split(".")) for p in (previous, provision_id))
    return s1 == s2 and i1 < i2 <= i1 + FOLLOWS


def reads_like(key: str, keys: list[str]) -> bool:
    """Does text (a match key) read like one of these canonical wordings: its opening
    words are the wording's opening words, or a long stretch of it is the wording
    (a row that lost its first words to a page break)?"""
    for k in keys:
        n = min(len(key), len(k), 60)
        if n >= 12 and fuzz.ratio(key[:n], k[:n]) >= OWN_TEXT:
            return True
        window = key[: int(1.5 * len(k)) + 20]
        if len(key) >= 60 and similarity(window, k) >= OWN_TEXT:
            return True
    return False


def split_cells(index: TextIndex, body: str, keys: list[str]) -> tuple[str, str | None, str, str]:
    """(requirement, comply_raw, evidence, commentary) of one flattened row's text."""
    cut, score = index.requirement_end(body, keys) if keys else (0, 0.0)
    if score < TRUSTED_END:
        # The wording is not the Code's: the requirement is the first line, up to a
        # compliance value glued after a full stop ("...a response.YesDetailed").
        newline = body.find("\n")
        cut = len(body) if newline < 0 else newline
        cut = next((c for c in cuts(body[:cut]) if c >= MIN_REQUIREMENT and body[c - 1] in ".!?)'’\""
                    and split_comply(body[c:cut]) is not None), cut)
    requirement, rest = body[:cut].strip(), body[cut:].strip()
    comply = None
    if rest:
        first, _, after = rest.partition("\n")
        got = split_comply(rest)
        if got is not None:
            comply, rest = got
        elif len(first.strip()) <= SHORT_VALUE and is_comply_value(first.strip()):
            comply, rest = first.strip(), after.strip()
    evidence, commentary = split_labelled_tail(unglue(rest))
    return requirement, comply, evidence, commentary


# Two cells glued together: a lower-case word or a sentence's end, then a capitalised
# word ("...complaints policyThis is defined", "...in 2023.We review").  Brand names
# ("SharePoint", "iCasework", "McDonald") do not start with three lower-case letters.
_GLUED_CELLS = re.compile(r"(\b[a-z]{3,}|[a-z0-9][.!?;:)’'\"”])(?=[A-Z][a-z])")


def unglue(text: str) -> str:
    """Put back the space between cells a flattened table glued together."""
    return _GLUED_CELLS.sub(r"\1 ", text)


def split_labelled_tail(text: str) -> tuple[str, str]:
    """Evidence and commentary of the text after the comply cell: a `Commentary`
    label line starts the commentary, an `Evidence` label line the evidence."""
    parts: dict[str, list[str]] = {EVIDENCE: [], COMMENTARY: []}
    role = EVIDENCE
    for line in text.split("\n"):
        label = field_label(line) if len(line) <= 120 else None
        if label and label[0] in (EVIDENCE, COMMENTARY):
            role = label[0]
            line = label[1]
        parts[role].append(line)
    return join(parts[EVIDENCE]), join(parts[COMMENTARY])


@dataclass
class _Body:
    start: RowStart
    line_no: int
    lines: list[tuple[int, str]] = field(default_factory=list)


class FlatReader:
    """Rows of a table whose cells were flattened into lines of plain text."""

    def __init__(self, index: TextIndex) -> None:
        self.index = index
        self.ctx = Context()
        self.headers: list[list[str]] = []
        self.rows: list[Row] = []
        self.open: _Body | None = None
        self.open_row: Row | None = None
        self.stopped = False  # a footer or menu came after the open row
        self.printed: set[str] = set()  # provision numbers printed at the start of a line

    def read(self, lines: list[str]) -> list[Row]:
        split = [(n, text) for n, raw in enumerate(lines, start=1) for text in text_lines(raw, self.index)]
        # Provisions whose number is printed somewhere: their wording met elsewhere
        # (quoted in evidence) does not start another, unnumbered, row.
        self.printed = {start.provision_id for _, text in split
                        if (start := numbered_start(self.index, one_line(text), allow_misnumbered=True))}
        for line_no, text in split:
            self.line(line_no, text)
        self._close()
        return self.rows

    def line(self, line_no: int, text: str) -> None:
        t = one_line(text)
        if not t or is_noise(t):
            return
        if is_site_chrome(t):
            self.stopped = True
            return
        start = self._row_start(t)
        if start is not None:
            self._close()
            self.open = _Body(start, line_no)
            self.open_row = new_row(self.ctx, line_no, start.printed, start.provision_id)
            self.stopped = False
            return
        if header_like(t) or is_header([t]):
            self.headers.append([t])
            if self.open is not None and (self.open.start.rest or self.open.lines):
                self._close()  # a header between rows starts another table
            return
        heading = context_heading(t)
        if heading is not None:
            self._close()
            self.ctx.apply(heading)
            return
        if self.open is not None and not self.stopped:
            self.open.lines.append((line_no, t))

    def _row_start(self, t: str) -> RowStart | None:
        previous = self.open.start.provision_id if self.open is not None else None
        start = numbered_start(self.index, t, allow_misnumbered=True, previous=previous)
        if start is not None:
            return start
        found = self.index.openings(t)
        if not found:
            return None
        if all(q.provision_id in self.printed for q in found):
            return None  # quoted: the row of that number is elsewhere
        p = found[0]
        op = self.open
        if op is not None:
            if not op.start.rest and not op.lines:
                return None  # a number alone on its line: this is its requirement
            if p.key in op.start.keys:
                return None  # the open row's own wording (repeated or quoted)
            so_far = " ".join([op.start.rest] + [x for _, x in op.lines])
            if self.index.continues_requirement(t, op.start.provision_id, so_far):
                return None
        return RowStart("", None, [q.key for q in found], t)

    def _close(self) -> None:
        op, row = self.open, self.open_row
        self.open = self.open_row = None
        if op is None or row is None:
            return
        pieces = ([(op.line_no, op.start.rest)] if op.start.rest else []) + op.lines
        if not pieces and not row.printed_id:
            return
        body = "\n".join(text for _, text in pieces)
        row.requirement, row.comply_raw, row.evidence, row.commentary = split_cells(
            self.index, body, op.start.keys)
        row.source_end = pieces[-1][0] if pieces else op.line_no
        row.html_markup = False
        self.rows.append(row)
