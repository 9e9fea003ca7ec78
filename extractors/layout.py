"""The vocabulary of a self-assessment table, shared by every extractor.

What a header row looks like, what a section / stage / must-should heading
looks like, how a provision number is printed (and misprinted), and which
column holds what.  Format-specific code (tabs, PDF coordinates, HTML cells)
lives in the extractors; the knowledge of the form lives here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
# "1.7A landlord must...": number glued to the requirement with no space at all
# (tables flattened to text); only before a capital, a quote or an ellipsis.
_ID_TIGHT = re.compile(r"^\(?(\d{1,2})\.(\d{1,2})\)?(?=[A-Z'\"‘“…])(.*)$", re.S)
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
    for pattern in (_ID_GLUED, _ID_TIGHT, _ID_LABELLED):
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


# ---------------------------------------------------------------- flattened text
# Added for the web-page layouts (labelled blocks, one cell per line, tables
# flattened to text): where a cell starts or ends when no separator survives.

# A comply value at the start of a text, with what follows it.  Word values
# ("Yes", "Partial") may be followed by anything that is not a letter, or be glued
# to a capitalised next word ("YesSee", "NoWe"); single letters ("Y", "N") only
# by the glued form ("YOur") or nothing.
_COMPLY_HEAD = re.compile(
    r"^(?P<value>(?:not applicable|not compliant|non[- ]compliant|(?:partially|partly|fully) compliant|"
    r"partially|partial|in[ -]progress|"
    r"compliant|yes|n/a|no|na|y|n)\.?)",
    re.I,
)
_LONE_LETTER = ("y", "n", "na")


def split_comply(text: str) -> tuple[str, str] | None:
    """(value, rest) when `text` opens with a compliance claim, else None.

    `YesSee section 4` -> ("Yes", "See section 4"); `YOur policy` -> ("Y", "Our
    policy"); `Yes. We do` -> ("Yes.", "We do"); `No complaints were refused`
    is evidence (a lower-case word after a bare "No"), not a claim.
    """
    stripped = text.lstrip(" \t*•-–:")
    m = _COMPLY_HEAD.match(stripped)
    if not m:
        return None
    value = m.group("value")
    rest = stripped[m.end():]
    word = value.rstrip(".").lower()
    if not rest.strip():
        return value.strip(), ""
    if rest[0] == "/":
        return None  # "Yes/No": a header, not a claim
    if rest[0].isalpha():  # glued: only before a capital ("YesSee", "YOur")
        if not (rest[0].isupper() and (len(rest) == 1 or not rest[1].isupper())):
            return None
        return value, rest
    if word in _LONE_LETTER and not value.endswith(".") and rest[0] not in "\n-–—:;,)":
        return None  # "N 5 days" / "Y axis": a lone letter then text is no claim
    if word == "no" and rest[:1] == " " and rest.lstrip()[:1].islower():
        return None  # "No complaints were refused": evidence
    if word in ("n/a", "na") and rest[:1] == " " and rest.lstrip()[:1].islower():
        return None
    return value.strip(), rest.lstrip(" .:;,-–—").strip()


_HEADER_KEYWORDS = (
    (ID, re.compile(r"code\s*(section|provision)|\bprovision\b|\bref(erence)?\b", re.I)),
    (REQUIREMENT, re.compile(r"requirement", re.I)),
    (COMPLY, re.compile(r"compl(y|ian|ies)|yes\s*/\s*no|\by\s*/\s*n\b|do we comply", re.I)),
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


# Site furniture printed around a web form: menus, banners, footers.
_CHROME = re.compile(
    r"^(?:last (?:modified|updated|reviewed)|page last|share (?:this|on|by)|back to top|"
    r"was this (?:page|information) (?:helpful|useful)|(?:accept|reject|manage) (?:all )?cookies|"
    r"cookies? (?:policy|settings|notice)|this (?:site|website) uses cookies|privacy (?:policy|notice)|"
    r"accessibility statement|follow us|copyright|©|print (?:this )?page|report a problem|"
    r"related (?:links|pages|content|information)|skip to|toggle (?:menu|navigation)|"
    r"(?:main )?menu$|search$|sign in$|log in$|home\s*[>›/|»]|you are here|breadcrumb|"
    r"tell us what you think|rate this page|is there anything wrong with this page|"
    r"contact us$|site map$|sitemap$)",
    re.I,
)


def is_site_chrome(text: str) -> bool:
    """Menus, banners and footers of a web page saved as text (never form content)."""
    return bool(_CHROME.match(one_line(text).lstrip("#*•>- ")))


# ---------------------------------------------------------------- field labels
# Labelled blocks: "Compliance: Yes", "Do we comply?", "Evidence:", "Commentary / explanation".

_LABELS: dict[str, tuple[str, ...]] = {
    REQUIREMENT: ("code requirement", "requirement", "code requirements", "requirements",
                  "the code says", "what the code says"),
    COMPLY: ("compliance", "comply", "complies", "compliant", "do we comply", "are we compliant",
             "do we meet this", "compliance status", "comply yes no", "compliant yes no",
             "compliance yes no", "complying", "status", "our compliance", "comply y n"),
    EVIDENCE: ("evidence", "evidence commentary and any explanations", "evidence and commentary",
               "evidence comments and explanations", "evidence and explanation",
               "supporting evidence", "evidence of compliance", "how we comply", "our evidence",
               "evidence commentary and explanations", "evidence and comments",
               "how we meet this", "how we meet this requirement"),
    COMMENTARY: ("commentary", "commentary explanation", "commentary and explanation", "comments",
                 "comment", "explanation", "explanations", "additional commentary", "notes",
                 "further comments", "actions", "action", "action required", "next steps"),
}
_LABEL_INDEX = [(words, role) for role, vocab in _LABELS.items() for words in vocab]
_LABEL_SPLIT = re.compile(r"^(?P<head>[^:?\n]{2,70}?)\s*(?:[:?]|\s[-–—]\s)\s*(?P<value>.*)$", re.S)
_LABEL_WORDS = re.compile(r"[^a-z]+")


def _label_words(text: str) -> str:
    return _LABEL_WORDS.sub(" ", text.lower()).strip()


@lru_cache(maxsize=16384)  # the same heads recur line after line and document after document
def _label_role(head: str) -> str | None:
    from rapidfuzz import fuzz  # imported here: layout stays cheap for the tab reader

    words = _label_words(heading_text(head))
    if not words or len(words) > 60:
        return None
    best, best_score = None, 0.0
    for vocab, role in _LABEL_INDEX:
        if words == vocab:
            return role
        # Misspellings ("Complience", "Evidance", "Comentary"): close, and long enough to tell.
        if len(vocab) >= 6 and abs(len(words) - len(vocab)) <= 3:
            score = fuzz.ratio(words, vocab)
            if score > best_score:
                best, best_score = role, score
    return best if best_score >= 84 else None


def field_label(line: str) -> tuple[str, str] | None:
    """(role, value) when a line is a field label of a labelled block, else None.

    "Compliance: Yes" -> ("comply", "Yes"); "Do we comply?" -> ("comply", "");
    "Evidence, commentary and any explanations: See policy" -> ("evidence", "See policy");
    "Code section 1.2" -> ("id", "1.2") with the requirement that follows it, if any.
    """
    head, tab, value = line.strip().partition("\t")
    if tab and value.strip() and (role := _label_role(head)):
        return role, one_line(to_text(value))  # "Evidence<TAB>Our policy": a label cell, a value cell
    text = one_line(to_text(line)).strip(" *_#").lstrip("-–•>· ")
    if not text:
        return None
    pid = parse_id([text])
    if pid and pid.printed != text.split()[0] and _label_words(pid.printed.split(pid.provision_id)[0]):
        return ID, text  # "Code section 1.2 ..." (labelled id), the caller re-parses it
    m = _LABEL_SPLIT.match(text)
    if m and (role := _label_role(m.group("head"))):
        return role, m.group("value").strip()
    # "Comply Yes", "Compliance Partial": label then value with no colon.
    words = text.split()
    for n in (1, 2, 3):
        if len(words) > n and _label_role(" ".join(words[:n])) == COMPLY:
            rest = " ".join(words[n:])
            if (got := split_comply(rest)) and not got[1]:
                return COMPLY, rest
    if len(text) <= 60 and (role := _label_role(text)):
        return role, ""
    return None


# A page or table title that names the stage at its end:
# "Compliance status for Section 6 criteria: Stage 1 complaints", "Stage 2 complaints".
_STAGE_TITLE = re.compile(r"(?:^|[:–—\-]\s*)stage\s*(1|2|3|one|two|three)\s+complaints?\s*$", re.I)


def _section_prose(text: str) -> bool:
    """'Section 4 of our policy.' is evidence, not a heading: the words after the number
    go on in lower case or end a sentence, and name no section of the Code."""
    m = _SECTION.match(text)
    if not m or not m.group(2):
        return False
    rest = m.group(2)
    if any(title in rest.lower() for title in SECTION_TITLES):
        return False
    return rest[:1].islower() or text.rstrip().endswith(".")


def context_heading(raw: str) -> Heading | None:
    """`classify_heading`, plus titles that end by naming a stage (web pages' table captions)."""
    heading = classify_heading(raw)
    text = heading_text(raw)
    if heading is not None and not (heading.kind == "section" and _section_prose(text)):
        return heading
    m = _STAGE_TITLE.search(text) if len(text) <= 200 else None
    return Heading("stage", text[m.start():].strip(" :–—-"), stage=_STAGE_WORDS[m.group(1).lower()]) if m else None


# Word and web forms tick one option of several: "☒ Yes ☐ No", "[x] Yes [ ] No".
_TICKED = re.compile(r"(?:[☒☑✔✓■▣]|\[\s*[xX✓✔]\s*\])\s*([A-Za-z][A-Za-z /-]{0,20}?)\s*(?=[☐☒☑✔✓□■▣\[]|$)")
_BOXES = re.compile(r"[☐☒☑□■▣]|\[\s*[xX✓✔ ]?\s*\]")


def ticked_option(text: str) -> str | None:
    """The option ticked in a cell of check boxes ("☐ Yes ☒ No" -> "No"), if the cell is one."""
    if not _BOXES.search(text or ""):
        return None
    found = _TICKED.findall(text)
    return found[0].strip() if len(found) == 1 else None
