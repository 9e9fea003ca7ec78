"""Provision numbers: how the Code numbers its provisions, and how documents print them.

"1.2", "1.2.", "1 .2", "2." + "2" split over two cells, "5.19 Where ..." glued to the
requirement, "1.7A landlord ..." glued with no space, "Code section 1.2" labelled.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SECTION = 12
MAX_ITEM = 40

# "1.2", "1.2.", "1 .2", "10.3" as a whole cell.
_ID_CELL = re.compile(r"^\(?(\d{1,2})\s?\.\s?(\d{1,2})\.?\)?$")
# "2." then "2" in the next cell: a number split by the converter.
_ID_HEAD = re.compile(r"^(\d{1,2})\s?\.$")
_ID_TAIL = re.compile(r"^(\d{1,2})$")
# "5.19 Where agreement..." : number glued to the requirement by a space.
_ID_GLUED = re.compile(r"^\(?(\d{1,2})\.(\d{1,2})\.?\)?[\s:)\-–]+(?=[A-Za-z'\"‘“<.•(…])(.*)$", re.S)
# "1.7A landlord must...": number glued to the requirement with no space at all
# (tables flattened to text); only before a capital, a quote or an ellipsis.
_ID_TIGHT = re.compile(r"^\(?(\d{1,2})\.(\d{1,2})\)?(?=[A-Z'\"‘“…])(.*)$", re.S)
# "Code section 1.2", "Provision 1.2" labels.
_ID_LABELLED = re.compile(r"^(code\s+)?(?:section|provision|ref(?:erence)?)\s*:?\s*(\d{1,2})\.(\d{1,2})\b(\.\d)?\.?\s*(.*)$", re.I | re.S)
# What follows a citation of a landlord's own document: "Section 4.2 of our policy says",
# "Section 2.1 in the procedure", "Section 4.2, our handbook".
_CITATION_TAIL = re.compile(r"^(?:[,;]|(?:of|in|on|from|at|to|and|or|says?|states?|sets?|explains?|confirms?|"
                            r"covers?|describes?|requires?|shows?|is|are|which|that|where)\b)", re.I)


def canonical_id(section: str | int, item: str | int) -> str | None:
    s, i = int(section), int(item)
    if 1 <= s <= MAX_SECTION and 1 <= i <= MAX_ITEM:
        return f"{s}.{i}"
    return None


@dataclass
class ParsedId:
    printed: str  # as printed, tabs kept as "\t" so the raw form is visible
    provision_id: str  # normalised "5.19"
    consumed: int  # how many leading cells the number used
    rest: str  # requirement text that followed the number inside the same cell


def parse_id(cells: list[str]) -> ParsedId | None:
    """Find a provision number at the start of a row's cells (already stripped)."""
    if not cells:
        return None
    first = cells[0].strip()
    m = _ID_CELL.match(first)
    if m and (pid := canonical_id(*m.groups())):
        return ParsedId(first, pid, 1, "")
    m = _ID_HEAD.match(first)
    if m and len(cells) > 1 and (t := _ID_TAIL.match(cells[1].strip())):
        if pid := canonical_id(m.group(1), t.group(1)):
            return ParsedId(f"{first}\t{cells[1].strip()}", pid, 2, "")
    for pattern in (_ID_GLUED, _ID_TIGHT):
        m = pattern.match(first)
        if m and (pid := canonical_id(m.group(1), m.group(2))):
            return _parsed(first, pid, m.group(3))
    m = _ID_LABELLED.match(first)
    if m and (pid := canonical_id(m.group(2), m.group(3))) and not is_citation(m):
        return _parsed(first, pid, m.group(5))
    return None


def _parsed(first: str, pid: str, tail: str) -> ParsedId:
    rest = tail.strip().lstrip(":.)-–— ").strip()
    printed = first[: len(first) - len(tail)].strip() if tail else first
    return ParsedId(printed, pid, 1, rest)


def is_citation(m: re.Match) -> bool:
    """"Section 4.2 of our Complaints Procedure says...", "Section 2.1.3 of the policy": a
    landlord citing its own document, not a provision label.  A label names the Code
    ("Code section 4.2") or stands alone; a clause number with a third level, or prose
    going on after the number, is a citation."""
    if m.group(4):
        return True  # "2.1.3": the Code's provisions have two levels
    return not m.group(1) and bool(_CITATION_TAIL.match(m.group(5).strip()))



def provision_order(pid: str) -> int:
    """Sort key in Code order: 1.2 < 1.10 < 2.1."""
    sec, _, num = pid.partition(".")
    return int(sec) * 1000 + int(num or 0)
