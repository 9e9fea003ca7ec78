"""Labelled blocks: a self-assessment written as one field per line or paragraph.

    Code section 1.2
    A complaint must be defined as ...
    Compliance: Yes
    Evidence, commentary and any explanations: Our policy ...

and its variants: `Do we comply?` then `Yes` on the next line, `Comply` alone
then `Yes.`, separate `Evidence:` and `Commentary:` labels, a `Code requirement`
label before the requirement, misspelt labels ("Complience", "Evidance"), a
value on the label's line or on the lines after it, blocks with no number (the
requirement's wording identifies them).  Labels are recognised by
`layout.field_label`.  Unlabelled text after a requirement that is already
complete (by the Code's wording) is evidence.  `source_start`/`source_end`
are the block's first and last line numbers.
"""
from __future__ import annotations

import re

from extractors.form.columns import (
    COMMENTARY,
    COMPLY,
    EVIDENCE,
    ID,
    REQUIREMENT,
    header_like,
    is_header,
    is_header_fragment,
)
from extractors.form.headings import Context, context_heading
from extractors.form.labels import document_label, field_label, learned_labels
from extractors.form.furniture import is_noise, is_site_chrome
from pipeline.core.ids import parse_id
from pipeline.core.claims import split_comply
from extractors.form.ticks import ticked_option
from extractors.form.markup import one_line
from extractors.text.flat import SHORT_VALUE, number_as_printed, numbered_start, text_lines
from extractors.text.rows import OpenRow, new_row
from pipeline.core.matching import match_key
from pipeline.core.claims import is_comply_value
from pipeline.core.matching import TextIndex, similarity
from pipeline.core.model import Row

AWAIT_COMPLY = "await-comply"  # a comply label with no value: the value is on the next line
TITLE = 80  # characters: a block's title after its number is no longer
COMPLETE = 85.0  # requirement similarity at which unlabelled text that follows is evidence
REQUIREMENT_LIKE = 75  # similarity to a provision's wording at which a label's values are the requirement


_OPTION_END = re.compile(r"\b(yes|no|y|n|partial)\s*$", re.I)
WRAPPED_HEADER = 20  # characters of each part of a header cell wrapped one word a line
_OPTION_REST = re.compile(r"^/\s*[A-Za-z /]{1,24}$")


def rejoin_wrapped_headers(lines: list[str]) -> list[str]:
    """A header cell wrapped in a narrow column comes back as two lines: "Comply: Yes" then
    "/ No", or "Code" then "provision".  Joined again, it is a header, not a claim of Yes and
    a row of "/ No", nor a row whose requirement is "Code"."""
    out = list(lines)
    for i, line in enumerate(out):
        if not line.strip():
            continue
        j = next((k for k in range(i + 1, min(len(out), i + 3)) if out[k].strip()), None)
        if j is None:
            continue
        a, b = line.strip(), out[j].strip()
        if _OPTION_END.search(a) and _OPTION_REST.match(b) or _wrapped_header(a, b):
            out[i], out[j] = f"{a} {b}", ""
    return out


def _wrapped_header(a: str, b: str) -> bool:
    """"Code" then "provision": a header cell wrapped in a narrow column, one word a line."""
    if len(a) > WRAPPED_HEADER or len(b) > WRAPPED_HEADER or any(is_comply_value(x) or field_label(x) for x in (a, b)):
        return False  # "Comply" then "Yes" is a label and its claim
    return is_header_fragment([a]) and is_header_fragment([b]) and is_header([f"{a} {b}"]) and \
        not (is_header([a]) and is_header([b]))


class BlocksReader:
    def __init__(self, index: TextIndex) -> None:
        self.index = index
        self.ctx = Context()
        self.headers: list[list[str]] = []
        self.rows: list[Row] = []
        self.open: OpenRow | None = None
        self.field = REQUIREMENT
        self.pending: list[tuple[int, str]] = []  # unlabelled lines before a block's first label
        self.stopped = False
        self.title = None  # (line_no, text, ParsedId): a numbered title line awaiting its label
        self.learned: dict[str, str] = {}  # the document's own labels (labels.learned_labels)

    def field_label(self, line: str) -> tuple[str, str] | None:
        return document_label(line, self.learned)

    def read(self, lines: list[str]) -> list[Row]:
        lines = rejoin_wrapped_headers(lines)
        self.learned = learned_labels(lines, lambda text: self.index.closest(text, REQUIREMENT_LIKE) is not None)
        for line_no, raw in enumerate(lines, start=1):
            if "\t" in raw and (label := self.field_label(raw)) is not None and label[0] != ID:
                # A label cell and a value cell ("Do we comply?<TAB>Yes"): one labelled line.
                raw = f"{raw.strip().partition(chr(9))[0].rstrip(' :?')}: {label[1]}"
            for text in text_lines(raw):
                self.line(line_no, one_line(text))
        if self.title is not None:
            self._line(self.title[0], self.title[1])
            self.title = None
        self._close()
        return self.rows

    # ------------------------------------------------------------------ driver
    def line(self, line_no: int, t: str) -> None:
        if not t or is_noise(t):
            return
        if self.title is not None:
            title, self.title = self.title, None
            label = self.field_label(t) if len(t) <= 400 else None
            if label is not None and label[0] == REQUIREMENT:
                # "1.2 - Definition of a complaint" then "Code requirement": the block's title.
                self._start(title[0], number_as_printed(title[2].printed), title[2].provision_id)
            else:
                self._line(title[0], title[1])
        elif (pid := self._title(t)) is not None:
            self.title = (line_no, t, pid)
            return
        self._line(line_no, t)

    def _title(self, t: str):
        """A number and a short name ("1.2 - Definition of a complaint"): a block's title
        when a requirement label follows, else text (decided on the next line)."""
        pid = parse_id([t])
        if pid is None or not pid.rest or len(pid.rest) > TITLE or pid.rest.rstrip()[-1:] in ".;:,":
            return None
        return pid  # "1.2 - Complaint stages" may read like the wording's first words: the label decides

    def _line(self, line_no: int, t: str) -> None:
        if is_site_chrome(t):
            self._close()
            self.stopped = True
            return
        label = self.field_label(t) if len(t) <= 400 else None
        if label is not None and label[0] == ID:
            pid = parse_id([label[1]])
            self._start(line_no, number_as_printed(pid.printed), pid.provision_id)
            self._add(REQUIREMENT, pid.rest, line_no)
            return
        if label is not None and label[0] == COMPLY and "/" in label[1] and ticked_option(label[1]) is None \
                and not is_comply_value(label[1]) and is_header([t]):
            self.headers.append([t])  # "Comply: Yes / No": the claim column's header, not a claim
            return
        if label is not None:
            self._label(line_no, *label)
            return
        heading = context_heading(t)
        if heading is not None:
            self._close()
            self.pending.clear()
            self.ctx.apply(heading)
            return
        if header_like(t) or is_header([t]):
            self.headers.append([t])
            return
        if self.open is None or self.field in (EVIDENCE, COMMENTARY):
            start = numbered_start(self.index, t, allow_misnumbered=False)
            if start is not None:
                self._start(line_no, start.printed, start.provision_id)
                self._add(REQUIREMENT, start.rest, line_no)
                return
        if self.open is None or self.stopped:
            if not self.stopped:
                self.pending.append((line_no, t))
            return
        self._text(line_no, t)

    # ------------------------------------------------------------------ pieces
    def _label(self, line_no: int, role: str, value: str) -> None:
        op = self.open
        if role == REQUIREMENT:
            if op is None or op.row.comply_raw is not None or op.parts.get(EVIDENCE):
                self._start_unnumbered(line_no)
            else:
                self.pending.clear()
            self.field = REQUIREMENT
            self._add(REQUIREMENT, value, line_no)
            return
        if op is None or (role == COMPLY and op.row.comply_raw is not None):
            self._start_unnumbered(line_no)
            if self.open is None:
                return
        if role == COMPLY:
            self.field = AWAIT_COMPLY
            if value:
                self._comply(value, line_no)
            return
        self.field = role
        self._add(role, value, line_no)

    def _text(self, line_no: int, t: str) -> None:
        op = self.open
        if self.field == AWAIT_COMPLY:
            self._comply(t, line_no)
            return
        if self.field == REQUIREMENT:
            so_far = op.text_of(REQUIREMENT)
            if so_far and (got := split_comply(t)) and not got[1] and len(t) <= SHORT_VALUE:
                op.row.comply_raw = got[0]
                self.field = EVIDENCE
                op.row.source_end = line_no
                return
            if so_far and self._complete(so_far) and not self.index.continues_requirement(
                    t, op.row.id_hint, so_far):
                self.field = EVIDENCE
        elif (found := self.index.openings(t)) and found[0].key not in self._keys():
            # An unnumbered block whose requirement is not labelled either.
            self._start(line_no, "", None)
            self.open.keys = [q.key for q in found]
        op = self.open
        op.add(self.field, t, line_no)

    def _comply(self, value: str, line_no: int) -> None:
        """The comply cell: a claim (with any evidence glued after it), or, when the
        text makes no claim ("Compliance: We meet this because..."), no claim and
        all of it evidence."""
        ticked = ticked_option(value)
        got = (ticked, "") if ticked is not None else split_comply(value)
        if got is None:
            got = (value, "") if len(value) <= SHORT_VALUE and is_comply_value(value) else ("", value)
        self.open.row.comply_raw = got[0]
        self.open.row.source_end = max(self.open.row.source_end, line_no)
        self.field = EVIDENCE
        self._add(EVIDENCE, got[1], line_no)

    def _keys(self) -> list[str]:
        if self.open.keys is not None:
            return self.open.keys
        pid = self.open.row.id_hint
        return self.index.canonical_keys(pid) if pid else []

    def _complete(self, so_far: str) -> bool:
        keys = self._keys()
        if not keys:
            return True  # no canonical wording to wait for: one paragraph
        key = match_key(so_far)
        return max(similarity(key, k) for k in keys) >= COMPLETE

    def _add(self, role: str, text: str, line_no: int) -> None:
        if self.open is not None and text:
            self.open.add(role, text, line_no)

    def _start(self, line_no: int, printed: str, pid: str | None) -> None:
        self._close()
        self.open = OpenRow(new_row(self.ctx, line_no, printed, pid))
        self.field = REQUIREMENT
        self.stopped = False

    def _start_unnumbered(self, line_no: int) -> None:
        """A block with no number: its requirement is the unlabelled text before the label."""
        lines = list(self.pending)
        # A title or introduction may come before the requirement: start at its wording.
        for i in range(len(lines) - 1, -1, -1):
            if self.index.starts_requirement(lines[i][1]):
                lines = lines[i:]
                break
        if self.open is not None and not lines:
            # Or the text that was read as the open block's evidence, from the line
            # that opens with a provision's wording on.
            ev = self.open.parts.get(self.field if self.field in (EVIDENCE, COMMENTARY) else EVIDENCE, [])
            for i in range(len(ev) - 1, -1, -1):
                if self.index.starts_requirement(ev[i]):
                    lines = [(line_no, x) for x in ev[i:]]
                    del ev[i:]
                    break
        if self.open is None and not lines:
            return
        start = lines[0][0] if lines else line_no
        self._start(start, "", None)
        for n, text in lines:
            self._add(REQUIREMENT, text, n)
        self.pending.clear()
        if lines:
            text = " ".join(x for _, x in lines)
            found = self.index.openings(text) or [p for p in [self.index.closest(text, 60)] if p]
            self.open.keys = [q.key for q in found]

    def _title_only(self, row: Row) -> bool:
        """A page title or caption a requirement label picked up ("How we meet the Code",
        then a header of label cells): no number, no claim, nothing after it, and not
        the Code's wording."""
        if row.printed_id or row.comply_raw is not None or row.evidence or row.commentary:
            return False
        text = row.requirement
        return not (self.index.openings(text) or self.index.closest(text, 60))

    def _close(self) -> None:
        if self.open is not None:
            row = self.open.finish()
            if (row.requirement or row.printed_id or row.evidence) and not self._title_only(row):
                self.rows.append(row)
            self.open = None
        self.field = REQUIREMENT
