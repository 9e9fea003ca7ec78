"""What the table readers hand the assembler, in page order: headers, headings
and bands (one physical table row on one page), and the column model."""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.form.columns import (
    COMMENTARY,
    EVIDENCE,
    EXTRA,
    FORM_2022,
    FORM_2024,
    ID,
    REQUIREMENT,
    header_roles,
    is_header,
    is_header_fragment,
)
from extractors.form.headings import Heading
from extractors.form.markup import one_line


@dataclass
class Band:
    """One physical table row on one page, its cells already assigned to roles."""

    page: int
    bbox: tuple[float, float, float, float]
    cells: dict[str, str | None]  # role -> text; None: no such cell in this row (merged away)
    id_text: str
    first_on_page: bool
    layout: str  # ruled | borderless
    merged: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)  # the cells as printed, left to right (context tables)


@dataclass
class HeaderItem:
    page: int
    cells: list[str]
    roles: tuple[str, ...] | None


@dataclass
class HeadingItem:
    page: int
    heading: Heading


class Columns:
    """The column model of the current table: roles, and for borderless pages the
    x where each column starts."""

    def __init__(self, roles: tuple[str, ...], lefts: list[float] | None = None) -> None:
        self.roles = roles
        self.lefts = lefts or []

    def role(self, index: int) -> str:
        if index < len(self.roles):
            return self.roles[index]
        return self.roles[-1] if self.roles else EVIDENCE


def default_roles(n_columns: int) -> tuple[str, ...]:
    """Roles of a table whose header has not been seen: the official forms' order."""
    if n_columns >= 5:
        return FORM_2024 + (COMMENTARY,) * (n_columns - 5)
    if n_columns == 4:
        return FORM_2022
    return (ID, REQUIREMENT, EVIDENCE)[:max(n_columns, 1)]


def roles_from_header(cells: list[str]) -> tuple[str, ...] | None:
    """Column roles a header row names, if it opens with the number and names the requirement."""
    roles = header_roles(cells)
    # The form opens with the provision number, or (a form printed without
    # numbers) with the requirement itself.
    if not roles or roles[0] not in (ID, REQUIREMENT) or REQUIREMENT not in roles:
        return None
    out: list[str] = []
    for i, cell in enumerate(cells):
        role = roles[i] if i < len(roles) else None
        name = one_line(cell)
        if role:
            out.append(role)
        elif name:
            out.append(EXTRA + name)  # a column beyond the form's, kept under its own header
        else:
            out.append(EVIDENCE if i < len(roles) else out[-1])  # converter padding
    return tuple(out)


def continues_header(text: str) -> bool:
    """A line that can be the wrapped rest of a header row."""
    return is_header([text]) or is_header_fragment([text])
