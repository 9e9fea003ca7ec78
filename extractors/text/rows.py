"""A provision row being assembled from pieces of text, shared by the text readers.

Every text layout (tab-separated dumps, pipe tables, labelled blocks, tables
flattened to text) ends the same way: pieces of text are given to a column
(requirement, comply, evidence, commentary) as they are read, and the row is
finished when the next row, heading or table starts.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.form.columns import COMMENTARY, COMPLY, EVIDENCE, EXTRA, ID, REQUIREMENT
from extractors.form.headings import Context
from extractors.form.markup import join, one_line
from pipeline.core.model import Row


@dataclass
class OpenRow:
    """A row being assembled from its first line and its continuation fragments."""

    row: Row
    roles: tuple[str, ...] = ()
    parts: dict[str, list[str]] = field(default_factory=dict)
    last_role: str = REQUIREMENT
    interrupted: bool = False  # a heading or header came after it
    markup: bool = False
    keys: list[str] | None = None  # canonical wordings an unnumbered row may be (match keys)

    def add(self, role: str, text: str, line_no: int) -> None:
        if not text:
            return
        if role == ID:
            role = REQUIREMENT
        if role == COMPLY:
            self.row.comply_raw = text if not self.row.comply_raw else f"{self.row.comply_raw} {text}"
        else:
            self.parts.setdefault(role, []).append(text)
            self.last_role = role
        self.row.source_end = max(self.row.source_end, line_no)

    def text_of(self, role: str) -> str:
        return join(self.parts.get(role, []))

    def finish(self) -> Row:
        self.row.requirement = self.text_of(REQUIREMENT)
        self.row.evidence = self.text_of(EVIDENCE)
        self.row.commentary = self.text_of(COMMENTARY)
        # columns beyond the form's, kept whole under their own header
        extra = {role[len(EXTRA):]: self.text_of(role) for role in self.parts if role.startswith(EXTRA)}
        if any(extra.values()):
            self.row.extra_columns = {k: v for k, v in extra.items() if v}
        if self.row.comply_raw is not None:
            self.row.comply_raw = one_line(self.row.comply_raw)
        self.row.html_markup = self.markup
        return self.row


def new_row(ctx: Context, line_no: int, printed: str, provision_id: str | None) -> Row:
    """An empty row that carries the current section / stage context."""
    return Row(
        printed_id=printed,
        section=ctx.section,
        sub_heading=ctx.sub_heading,
        source_start=line_no,
        source_end=line_no,
        stage=ctx.stage,
        id_hint=provision_id,
        section_number=ctx.section_number,
    )
