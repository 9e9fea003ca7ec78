"""The vocabulary of a self-assessment table, shared by every extractor.

What a header row looks like, what a section / stage / must-should heading
looks like, how a provision number is printed (and misprinted), and which
column holds what.  Format-specific code (tabs, PDF coordinates, HTML cells)
lives in the extractors; the knowledge of the form lives here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.markup import one_line, to_text

# Column roles, in the order of the official forms.
ID, REQUIREMENT, COMPLY, EVIDENCE, COMMENTARY = "id", "requirement", "comply", "evidence", "commentary"
FORM_2022 = (ID, REQUIREMENT, COMPLY, EVIDENCE)
FORM_2024 = (ID, REQUIREMENT, COMPLY, EVIDENCE, COMMENTARY)

MAX_SECTION = 12
MAX_ITEM = 40

# "1.2", "1.2.", "1 .2", "10.3" as a whole cell.
_ID_CELL = re.compile(r"^\(?(\d{1,2})\s?\.\s?(\d{1,2})\.?\)?$")
# "2." then "2" in the next cell: a number split by the converter.
_ID_HEAD = re.compile(r"^(\d{1,2})\s?\.$")
_ID_TAIL = re.compile(r"^(\d{1,2})$")
# "5.19 Where agreement..." : number glued to the requirement by a space.
_ID_GLUED = re.compile(r"^\(?(\d{1,2})\.(\d{1,2})\.?\)?[\s:)\-–]+(?=[A-Za-z'\"‘“<.•(…])(.*)$", re.S)
# "Code section 1.2", "Provision 1.2" labels.
_ID_LABELLED = re.compile(r"^(?:code\s+)?(?:section|provision|ref(?:erence)?)\s*:?\s*(\d{1,2})\.(\d{1,2})\b\.?\s*(.*)$", re.I | re.S)


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
    for pattern in (_ID_GLUED, _ID_LABELLED):
        m = pattern.match(first)
        if m and (pid := canonical_id(m.group(1), m.group(2))):
            rest = m.group(3).strip().lstrip(":.)-–— ").strip()
            printed = first[: len(first) - len(m.group(3))].strip() if m.group(3) else first
            return ParsedId(printed, pid, 1, rest)
    return None


# ---------------------------------------------------------------- header rows

# Letters-only vocabulary of header cells ("Code section", "Comply: Yes/No",
# "Evidence, commentary and any explanations", "Compliant? Y/N"...).
_HEADER_WORDS = sorted(
    [
        "codesection", "codeprovision", "coderequirements", "coderequirement", "provisions",
        "provision", "requirements", "requirement", "section", "code", "reference", "ref",
        "complywiththecode", "doweccomply", "dowecomply", "compliance", "compliant", "comply",
        "complies", "status", "rating", "yesno", "yesnopartial", "yesnopartially", "yn", "ynp",
        "evidence", "commentary", "commentaries", "explanations", "explanation", "comments",
        "comment", "additional", "andany", "and", "any", "or", "of", "the", "our", "to", "support",
        "supporting", "response", "responses", "number", "no", "yes", "partial", "partially",
        "notes", "note", "action", "actions", "required", "details", "detail",
    ],
    key=len,
    reverse=True,
)
_STRONG = ("codesection", "codeprovision", "coderequirement", "requirement", "comply", "compliant",
           "compliance", "evidence", "commentary", "explanation", "yesno", "yn", "provision")
_LETTERS = re.compile(r"[^a-z]")


def _letters(text: str) -> str:
    return _LETTERS.sub("", one_line(to_text(text)).lower())


def is_header(cells: list[str]) -> bool:
    """True for a header row or a fragment of one ("C\\tode section", "\\t\\tYes/No")."""
    letters = _letters(" ".join(cells))
    if not letters or len(letters) > 160:
        return False
    if not any(w in letters for w in _STRONG):
        return False
    rest = letters
    for word in _HEADER_WORDS:
        rest = rest.replace(word, "")
    # A stray letter or two survives converters ("C\tode" -> "c" + "ode").
    return len(rest) <= max(3, len(letters) // 12)


def is_header_fragment(cells: list[str]) -> bool:
    """True for a line made only of header vocabulary, with or without a strong
    word: the wrapped second line of a header cell ("No", "/ No", "provision")."""
    letters = _letters(" ".join(cells))
    if not letters or len(letters) > 60:
        return False
    for word in _HEADER_WORDS:
        letters = letters.replace(word, "")
    return not letters


def column_role(cell: str) -> str | None:
    text = _letters(cell)
    if not text:
        return None
    if "evidence" in text:
        return EVIDENCE
    if "commentar" in text or "explanation" in text or "comment" in text or "note" in text:
        return COMMENTARY
    if "compl" in text or "yesno" in text or text in ("yn", "ynp", "status", "rating") or "dowe" in text:
        return COMPLY
    if "requirement" in text:
        return REQUIREMENT
    if "section" in text or "provision" in text or text in ("code", "ref", "reference", "number", "no"):
        return ID
    return None


def header_roles(cells: list[str]) -> list[str | None] | None:
    """Column roles of a full header row, or None if it does not name enough columns."""
    cells = list(cells)
    # A converter can split a word over two cells ("C" | "ode section"): rejoin it.
    for i in range(len(cells) - 1):
        head = cells[i].strip()
        if 0 < len(head) <= 2 and head.isalpha() and cells[i + 1][:1].islower():
            cells[i : i + 2] = [head + cells[i + 1]]
            break
    roles = [column_role(c) for c in cells]
    named = [r for r in roles if r]
    if len(set(named)) < 3:
        return None
    # Trailing unnamed cells are converter padding.
    while roles and roles[-1] is None:
        roles.pop()
    return roles


# ---------------------------------------------------------------- headings


@dataclass
class Heading:
    kind: str  # section | stage | table
    text: str
    section: int | None = None
    stage: int | None = None
    obligation: str | None = None  # must | should (for table headings)
    table: str = ""  # a must/should table heading printed inside a section heading


_SECTION = re.compile(r"^(?:section|part)\s+(\d{1,2})\b\s*[:.\-–—]?\s*(.*)$", re.I)
_NUMBERED_SECTION = re.compile(r"^(\d{1,2})[.)]?\s+([A-Z][A-Za-z ,&:'’\-–]{3,80})$")
# "Stage 2", "Stage 2:", "Stage two - Review"; not prose such as "Stage 1 complaints are...".
_STAGE = re.compile(r"^(?i:stage)\s*(1|2|3|(?i:one|two|three))\b[\s:.\-–—]*(?:[A-Z(][^.]{0,50})?$")
_STAGE_WORDS = {"1": 1, "2": 2, "3": 3, "one": 1, "two": 2, "three": 3}
_TABLE = re.compile(r"\b(mandatory|must|best practice|should)\b[^.]{0,40}\brequirements?\b", re.I)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
SECTION_TITLES = (
    "definition of a complaint", "exclusions", "accessibility and awareness",
    "complaint handling personnel", "complaint handling staff", "complaint handling principles",
    "the complaint handling process", "complaint stages", "putting things right",
    "continuous learning and improvement", "self-assessment and compliance",
    "self-assessment, reporting and compliance", "scrutiny & oversight", "scrutiny and oversight",
)


def heading_text(raw: str) -> str:
    return one_line(to_text(_MD_HEADING.sub("", raw))).strip(" *_:-–—")


def classify_heading(raw: str) -> Heading | None:
    """Recognise a section, stage or must/should heading in one line of text."""
    text = heading_text(raw)
    if not text or len(text) > 160:
        return None
    m = _SECTION.match(text)
    if m:
        section = int(m.group(1))
        if 1 <= section <= MAX_SECTION:
            rest = m.group(2)
            t = _TABLE.search(rest)
            return Heading("section", text, section=section,
                           obligation=_obligation(t.group(1)) if t else None,
                           table=rest[t.start():].strip() if t else "")
    m = _STAGE.match(text)
    if m:
        return Heading("stage", text, stage=_STAGE_WORDS[m.group(1).lower()])
    t = _TABLE.search(text)
    if t and len(text) < 90 and t.start() < 5:
        return Heading("table", text, obligation=_obligation(t.group(1)))
    m = _NUMBERED_SECTION.match(text)
    if m and any(title in m.group(2).lower() for title in SECTION_TITLES):
        return Heading("section", text, section=int(m.group(1)))
    if text.lower() in SECTION_TITLES:
        return Heading("section", text)
    return None


def _obligation(word: str) -> str:
    return "must" if word.lower() in ("must", "mandatory") else "should"


# ---------------------------------------------------------------- noise

_NOISE = re.compile(r"^[\s\-–—_=|:+.*\]\[]*$")
_PAGE_NO = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)


def is_noise(text: str) -> bool:
    """Separator rows, stray brackets and page numbers: never content."""
    t = one_line(text)
    return bool(_NOISE.match(t) or _PAGE_NO.match(t))


@dataclass
class Context:
    """Where in the form we are: updated by headings, copied onto each row."""

    section: str = ""
    section_number: int | None = None
    stage: int | None = None
    stage_text: str = ""
    table_text: str = ""

    def apply(self, heading: Heading) -> None:
        if heading.kind == "section":
            self.section = heading.text
            self.section_number = heading.section
            self.stage, self.stage_text = None, ""
            self.table_text = heading.table
        elif heading.kind == "stage":
            self.stage, self.stage_text = heading.stage, heading.text
        elif heading.kind == "table":
            self.table_text = heading.text

    @property
    def sub_heading(self) -> str:
        return " / ".join(p for p in (self.table_text, self.stage_text) if p)
