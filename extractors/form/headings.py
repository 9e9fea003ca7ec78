"""Headings of the printed form: sections, stages, must/should tables, and the
context they give the rows under them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.form.markup import one_line, to_text
from pipeline.core.ids import MAX_SECTION

@dataclass
class Heading:
    kind: str  # section | stage | table
    text: str
    section: int | None = None
    stage: int | None = None
    obligation: str | None = None  # must | should (for table headings)
    table: str = ""  # a must/should table heading printed inside a section heading


# "Section 6" heads a section; "Section 6.4 of our policy" cites a clause (never a heading).
_SECTION = re.compile(r"^(?:section|part)\s+(\d{1,2})\b(?!\.\d)\s*([:.\-–—]?)\s*(.*)$", re.I)
# A heading's title is a few words; a sentence that opens with "Section 4 of the policy ..."
# cites a section, and its words are evidence, never a heading.
MAX_TITLE_WORDS = 14
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
        if 1 <= section <= MAX_SECTION and _title_like(m.group(3), separated=bool(m.group(2))):
            rest = m.group(3)
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


def _title_like(rest: str, separated: bool) -> bool:
    """Could `rest` be the title after "Section N"?  Not when it reads on as a sentence: a lower-case
    word straight after the number ("Section 4 of our policy", "Section 2 sets out"), more words than a
    title has, or a sentence ending inside it."""
    if not rest:
        return True
    if not separated and rest[0].islower():
        return False
    t = _TABLE.search(rest)  # "Putting things right. Mandatory requirements" is one heading
    title = rest[:t.start()] if t else rest
    return len(title.split()) <= MAX_TITLE_WORDS and not re.search(r"[.!?]\s+\S", title)


def _obligation(word: str) -> str:
    return "must" if word.lower() in ("must", "mandatory") else "should"


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
