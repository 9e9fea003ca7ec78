"""Column roles and header rows of the printed form.

Which column holds what (number, requirement, claim, evidence, commentary), what a
header row looks like (also broken over cells or lines by a converter, or glued
together with no separators), in the order of the official 2022 and 2024 forms.
"""
from __future__ import annotations

import re

from extractors.form.markup import one_line, to_text

# Column roles, in the order of the official forms.
ID, REQUIREMENT, COMPLY, EVIDENCE, COMMENTARY = "id", "requirement", "comply", "evidence", "commentary"
FORM_2022 = (ID, REQUIREMENT, COMPLY, EVIDENCE)
FORM_2024 = (ID, REQUIREMENT, COMPLY, EVIDENCE, COMMENTARY)
# A column beyond the form's is the role EXTRA + its header text ("extra:RAG").
EXTRA = "extra:"

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
    # A stray letter or two survives converters ("C\tode" -> "c" + "ode"), so the cells are
    # read run together; and cell by cell, since words run together across cells can hide
    # one ("Action" | "Status" reads "actionstatus", whose "actions" leaves "tatus").
    most = max(3, len(letters) // 12)
    return len(_unheaded(letters)) <= most or sum(len(_unheaded(_letters(c))) for c in cells) <= most


def _unheaded(letters: str) -> str:
    """What is left of a header's letters once every header word is taken out."""
    for word in _HEADER_WORDS:
        letters = letters.replace(word, "")
    return letters


def is_header_row(cells: list[str]) -> bool:
    """A header row, also one with columns beyond the form's ("Action / owner /
    target date", "RAG", "Lead officer"): the cells that name form columns use
    only header words, and name at least three of them."""
    if is_header(cells):
        return True
    roles = header_roles(cells)
    if not roles:
        return False
    named = [c for c, r in zip(cells, roles) if r]
    return is_header(named) and all(len(one_line(c)) <= 60 for c in cells)


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
    if "evidence" in text or text.startswith(("howwe", "whatwedo")):
        return EVIDENCE  # "How we comply", "How we meet it": what the landlord does, not the claim
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
    roles = _one_number_column([column_role(c) for c in cells], cells)
    roles = _response_column(roles, cells)
    named = [r for r in roles if r]
    if len(set(named)) < 3:
        return None
    # Trailing unnamed cells are converter padding.
    while roles and roles[-1] is None:
        roles.pop()
    return roles


_NUMBER_NAME = re.compile(r"provision|^(?:ref|reference|no|number|codesection)$")
# "Our response", "Landlord's position", "Self-assessment": the column that answers the provision.
_RESPONSE_NAME = re.compile(r"response|position|selfassessment|assessment|answer")


def one_column(roles: list[str | None], cells: list[str], role: str, named) -> list[str | None]:
    """Two columns given the same role ("Section" beside "Provision", "Status" beside
    "Compliant (Y/N)"): the first whose header `named` accepts keeps the role, else the first;
    the others are columns of their own (left unnamed)."""
    same = [j for j, r in enumerate(roles) if r == role]
    if len(same) < 2:
        return roles
    keep = next((j for j in same if named(cells[j])), same[0])
    return [None if j in same and j != keep else r for j, r in enumerate(roles)]


def _one_number_column(roles: list[str | None], cells: list[str]) -> list[str | None]:
    """The column naming the provision holds the number; a section's name down the side is not it."""
    return one_column(roles, cells, ID, lambda cell: bool(_NUMBER_NAME.search(_letters(cell))))


def names_claim(cell: str) -> bool:
    """Does a header cell name the claim itself ("Compliant (Y/N)", "Do we comply?", "Yes/No")?"""
    return bool(_CLAIM_KEYWORDS.search(cell))


def _response_column(roles: list[str | None], cells: list[str]) -> list[str | None]:
    """A column named as the landlord's answer holds the claim (often with its evidence after
    it) when no column is named for the claim, else the evidence when none is named for that."""
    for j, (role, cell) in enumerate(zip(roles, cells)):
        if role is None and _RESPONSE_NAME.search(_letters(cell)):
            for wanted in (COMPLY, EVIDENCE):
                if wanted not in roles:
                    return roles[:j] + [wanted] + roles[j + 1:]
            break
    return roles


_CLAIM_KEYWORDS = re.compile(r"compl(y|ian|ies)|yes\s*/\s*no|\by\s*/\s*n\b|do we comply", re.I)
_HEADER_KEYWORDS = (
    (ID, re.compile(r"code\s*(section|provision)|\bprovision\b|\bref(erence)?\b", re.I)),
    (REQUIREMENT, re.compile(r"requirement", re.I)),
    (COMPLY, _CLAIM_KEYWORDS),
    (EVIDENCE, re.compile(r"evidence", re.I)),
    (COMMENTARY, re.compile(r"commentary|explanation|comments?\b", re.I)),
)


def header_like(text: str) -> bool:
    """A column-header line even when the cells are glued together and carry
    extra words ("Code sectionCode requirement (from the Code)Comply (Yes/No)Evidence...").
    """
    line = one_line(text)
    if not line or len(line) > 250 or re.search(r"\d{1,2}\.\d{1,2}", line):
        return False
    roles = {role for role, pattern in _HEADER_KEYWORDS if pattern.search(line)}
    return len(roles) >= 3 and len(line.split()) <= 3 * len(roles) + 12


_HEADER_THEN_ID = re.compile(r"(?<=[A-Za-z)\]:])\s*(?=\(?\d{1,2}\.\d{1,2}(?!\d))")


def split_glued_header(line: str) -> tuple[str, str] | None:
    """`...and any explanations1.2 A complaint` -> (header, "1.2 A complaint")."""
    for m in _HEADER_THEN_ID.finditer(line):
        head = line[: m.start()]
        if header_like(head):
            return head, line[m.end():]
    return None
