"""Cell labels of labelled blocks: "Compliance: Yes", "Do we comply?", "Evidence:",
"Commentary / explanation", misspelt or not."""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.form.columns import COMMENTARY, COMPLY, EVIDENCE, ID, REQUIREMENT
from extractors.form.headings import heading_text
from extractors.form.markup import one_line, to_text
from pipeline.core.claims import is_comply_value, split_comply
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


def _label_text(line: str) -> str:
    """A line as a label is read: one line of text, without list marks and emphasis."""
    return one_line(to_text(line)).strip(" *_#").lstrip("-–•>· ")


def field_label(line: str) -> tuple[str, str] | None:
    """(role, value) when a line is a field label of a labelled block, else None.

    "Compliance: Yes" -> ("comply", "Yes"); "Do we comply?" -> ("comply", "");
    "Evidence, commentary and any explanations: See policy" -> ("evidence", "See policy");
    "Code section 1.2" -> ("id", "1.2") with the requirement that follows it, if any.
    """
    head, tab, value = line.strip().partition("\t")
    if tab and value.strip() and (role := _label_role(head)):
        return role, one_line(to_text(value))  # "Evidence<TAB>Our policy": a label cell, a value cell
    text = _label_text(line)
    if not text:
        return None
    pid = parse_id([text])
    if pid and pid.printed != text.split()[0] and _label_words(pid.printed.split(pid.provision_id)[0]):
        return ID, text  # "Code section 1.2 ..." (labelled id), the caller re-parses it
    m = _LABEL_SPLIT.match(text)
    if m and (role := _label_role(m.group("head")) or _compound_role(m.group("head"))):
        return role, m.group("value").strip()
    # "Comply Yes", "Compliance Partial": label then value with no colon.
    words = text.split()
    for n in (1, 2, 3):
        if len(words) > n and _label_role(" ".join(words[:n])) == COMPLY:
            rest = " ".join(words[n:])
            if (got := split_comply(rest)) and not got[1]:
                return COMPLY, rest
    if len(text) <= 60 and not (m and m.group("value").strip()) and (role := _label_role(text) or _compound_role(text)):
        return role, ""  # a label alone on its line (never a head with a value after it)
    return None


_COMPOUND = re.compile(r"\s*(?:/|&|\+|,|\band\b)\s*", re.I)


def _compound_role(head: str) -> str | None:
    """"Evidence / commentary", "Comments & evidence": a head joining labels, every part one.
    Evidence and commentary in one field are the evidence; otherwise the first part's role."""
    parts = [p for p in _COMPOUND.split(heading_text(head)) if p.strip()]
    if len(parts) < 2 or len(parts) > 4:
        return None
    roles = [_label_role(p) for p in parts]
    if None in roles:
        return None  # every part must be a label: "complaint, not only when ..." is text
    # one field holding evidence and commentary together is the evidence
    return EVIDENCE if EVIDENCE in roles and set(roles) <= {EVIDENCE, COMMENTARY} else roles[0]


# ---------------------------------------------------------------- labels a document teaches
# Landlords word their labels freely ("Our position:", "How we know:", "Where we are:"); no
# vocabulary holds them all.  A head the vocabulary does not know is a label of this document
# when it opens a line with a colon in most blocks and at most once per block; its role comes
# from its values (claims: the comply label; the Code's wording: the requirement label), else from
# its order (the first other head is evidence, a later one commentary).
_HEAD = re.compile(r"^(?P<head>[A-Za-z][A-Za-z'’ /&,()-]{1,48}?)\s*[:?]\s+(?P<value>\S.*)$")
MAX_HEAD_WORDS = 5
CLAIM_SHARE = 0.6  # of a head's values that read as claims, for it to be the comply label


def learned_labels(lines: list[str], is_requirement) -> dict[str, str]:
    """{head words: role} of the document's own labels; `is_requirement(text)` says whether a
    text is the Code's wording of some provision."""
    values: dict[str, list[str]] = {}
    blocks = 0
    seen_in_block: set[str] = set()
    repeated: set[str] = set()
    for raw in lines:
        text = _label_text(raw)
        if parse_id([text]) is not None:
            blocks += 1
            seen_in_block = set()
        m = _HEAD.match(text)
        if not m:
            continue
        head = _label_words(m.group("head"))
        if not head or len(head.split()) > MAX_HEAD_WORDS or _label_role(head) or _compound_role(head):
            continue
        if head in seen_in_block:
            repeated.add(head)  # twice in one block: a phrase of the text ("For example:"), not a label
        seen_in_block.add(head)
        values.setdefault(head, []).append(m.group("value").strip())
    roles: dict[str, str] = {}
    others = 0
    for head, vals in values.items():
        if head in repeated or len(vals) < max(2, blocks // 2) or len(vals) > blocks + 1:
            continue
        if sum(1 for v in vals if _claim_like(v)) >= CLAIM_SHARE * len(vals):
            roles[head] = COMPLY
        elif sum(1 for v in vals if is_requirement(v)) >= CLAIM_SHARE * len(vals):
            roles[head] = REQUIREMENT
        else:
            roles[head] = EVIDENCE if others == 0 else COMMENTARY
            others += 1
    return roles


def _claim_like(value: str) -> bool:
    got = split_comply(value)
    if got is not None and len(got[1]) <= 2 * len(got[0]) + 40:
        return True
    return len(value) <= 40 and is_comply_value(value)


def document_label(line: str, learned: dict[str, str]) -> tuple[str, str] | None:
    """`field_label`, then the document's own labels (`learned_labels`)."""
    found = field_label(line)
    if found is not None or not learned:
        return found
    m = _HEAD.match(_label_text(line))
    if m and (role := learned.get(_label_words(m.group("head")))):
        return role, m.group("value").strip()
    return None
