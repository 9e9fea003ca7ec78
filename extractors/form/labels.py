"""Cell labels of labelled blocks: "Compliance: Yes", "Do we comply?", "Evidence:",
"Commentary / explanation", misspelt or not."""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.form.columns import COMMENTARY, COMPLY, EVIDENCE, ID, REQUIREMENT
from extractors.form.headings import heading_text
from extractors.form.markup import one_line, to_text
from pipeline.core.claims import split_comply
from pipeline.core.ids import parse_id


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
