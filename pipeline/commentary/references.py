"""References cited in a field: documents, systems, governance bodies, reports and websites,
with the section numbers they pinpoint and the kind of document those numbers point into.

The EntityRuler patterns (schemas/patterns/commentary_references.jsonl) find the names
("Complaints Procedure", "section 4.2", "our website"); this module reads the pinpoint
around them, however it is printed: bare numbers after a name ("Complaints Procedure
3.1; 3.4", "ABC Policy 5", "... Procedure at 4.2.1"), numbers in brackets ("(6.3)",
"(3.1, 9.4)"), lists ("paragraphs 2.1 and 2.5"), and a pinpoint before the name it points
into ("at 3.1 of our Procedure", "sections 4.2 and 9.4 of the report"). Numbered job
titles and statutory instruments ("the Section 151 Officer", "a Section 20 notice") and
appendix numbers are not pinpoints. `kind` (signals.unit) is the document the numbers
point into (policy, procedure, report, website) where the text names it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from pipeline.commentary import nlp as cnlp

REF_SUBKIND = {"REF_POLICY": "policy", "REF_SYSTEM": "system", "REF_GOVERNANCE": "governance",
               "REF_REPORT": "report", "REF_WEBSITE": "website"}
# A pinpoint number: 3, 3.1, 4.2.1, 5a; never a year, a percentage or a count of days.
_NUM = r"(?<![\d.£])(?!(?:19|20)\d\d\b)\d{1,2}(?:\.\d{1,2}){0,3}[a-z]?(?![\d%£])(?!\.\d)"
_LIST = rf"{_NUM}(?:\s*(?:,|;|&|\band\b|\bor\b)\s*{_NUM})*"
_UNIT_AFTER = re.compile(r"\s*(?:%|per\s*cent|working|calendar|days?\b|weeks?\b|months?\b|years?\b|hours?\b|"
                         r"stages?\b|complaints?\b|cases?\b|members?\b|staff\b|residents?\b)", re.I)
_SECTION_WORD = r"(?:sections?|paragraphs?|paras?|clauses?|points?|parts?|chapters?)"
# after a document's name: ", 3.1; 3.4", " at 4.2.1", " (6.3)", " (see section 3.1, 9.4)", " section 4.2"
_AFTER = re.compile(rf"(?P<lead>[ \t]*[,:–-]?[ \t]*(?P<open>\()?[ \t]*(?:(?:under|see|at|in)[ \t]+)?"
                    rf"(?:{_SECTION_WORD}[ \t]+)?)(?P<nums>{_LIST})(?P<close>[ \t]*\))?", re.I)
# a pinpoint before a document's name: "at 3.1 of our", "sections 4.2 and 9.4 of the", "paragraph 5 on our"
# words of a document's name before the part the patterns know ("the Stage 2 Review Procedure",
# "the Complaints and Compliments Policy"): capitalised words or numbers, up to three
_QUALIFIERS = r"(?:(?-i:[A-Z0-9][\w'’-]*)[ \t]+(?:(?:and|&)[ \t]+)?){0,3}"
_OF_DOC = re.compile(rf"[ \t]+(?:of|in|on)[ \t]+(?:the|our|its|their|this|your)[ \t]+{_QUALIFIERS}$", re.I)
_BEFORE = re.compile(rf"(?:\b(?:at|under|see|in)[ \t]+|\b{_SECTION_WORD}[ \t]+)(?P<nums>{_LIST})[ \t]+"
                     rf"(?:of|in|on)[ \t]+(?:the|our|its|their|this|your)[ \t]+{_QUALIFIERS}$", re.I)
_NUMBER = re.compile(_NUM)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    lex = cnlp.lexicon()
    return (dict(lex["reference_document_kinds"]), frozenset(lex["not_a_pinpoint_words"]),
            frozenset(lex["numbered_title_followers"]))


def document_kind(name: str) -> str | None:
    """policy / procedure / report / website, from the words of a document's name."""
    kinds, _, _ = _lexicon()
    for word in reversed(re.findall(r"[a-z][a-z-]*", name.lower())):
        if word in kinds:
            return kinds[word]
    return None


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _is_pinpoint_section(ent: Span) -> bool:
    """ "section 4.2" is a pinpoint; "Appendix 3" and "the Section 151 Officer" are not."""
    _, not_pinpoint, title_followers = _lexicon()
    if ent[0].lower_ in not_pinpoint:
        return False
    doc = ent.doc
    nxt = doc[ent.end] if ent.end < len(doc) else None
    return not (nxt is not None and nxt.lower_.rstrip("s") in title_followers)


def find_references(doc: Doc) -> list[dict]:
    """References with their pinpoints; a pinpoint joined to the document it points into."""
    text = doc.text
    ents = [e for e in doc.ents if e.label_ in REF_SUBKIND]
    out: list[dict] = []
    used: set[int] = set()
    for k, ent in enumerate(ents):
        if k in used:
            continue
        start, end = ent.start_char, ent.end_char
        sections: list[str] = []
        kind = None
        if ent.ent_id_ == "section":
            if not _is_pinpoint_section(ent):
                continue
            m = re.match(rf"(?:[ \t]*(?:,|;|&|\band\b|\bor\b)[ \t]*{_NUM})+", text[end:], re.I)
            if m:  # "sections 3.1, 3.2 and 3.4": the rest of the list
                end += m.end()
            sections = _numbers(text[ent[1].idx:end])
            nxt = ents[k + 1] if k + 1 < len(ents) else None
            if nxt is not None and nxt.ent_id_ != "section" and _OF_DOC.search(text[end:nxt.start_char] + " ") \
                    and nxt.start_char - end < 48:
                kind = document_kind(nxt.text)  # "paragraphs 2.1 and 2.5 of the Compensation Policy"
            if kind is None:  # "Our Annual Report sets this out in sections 2.5 and 4.2.1": the document named before
                kind = next((o["doc_kind"] for o in reversed(out) if o["doc_kind"] and o["end"] <= start
                             and not re.search(r"[.!?](?:\s|$)|\n", text[o["end"]:start])), None)
            # "Section 12 'Additional Information ...'": take the quoted title.
            mt = re.match(r"\s*(['‘\"“])([^'’\"”\n]{3,120})(['’\"”])", text[end:])
            if mt:
                end += mt.end()
        else:
            kind = document_kind(ent.text) if ent.label_ in ("REF_POLICY", "REF_REPORT", "REF_WEBSITE") else None
            m = _AFTER.match(text, end)
            if kind and m and _closes(m) and (m.group("close") or not _UNIT_AFTER.match(text, m.end())):
                sections = _numbers(m.group("nums"))
                end = m.end()
                for j in range(k + 1, len(ents)):  # a "section 3.1" the pinpoint swallowed
                    if ents[j].start_char < end:
                        used.add(j)
            elif kind:
                mb = _BEFORE.search(text, 0, start)
                if mb and not any(o["start"] <= mb.start("nums") < o["end"] for o in out):
                    sections = _numbers(mb.group("nums"))
                    start = mb.start()
        out.append({
            "sub_kind": REF_SUBKIND[ent.label_],
            "text": text[start:end],
            "start": start,
            "end": end,
            "value": ",".join(sections) or None,
            "detail": ent.ent_id_ or None,
            "kind": kind if sections else None,
            "doc_kind": kind if ent.ent_id_ != "section" else None,
        })
    return out


def _closes(m: re.Match[str]) -> bool:
    """A bracket opened before the numbers is closed after them (and only then)."""
    return bool(m.group("open")) == bool(m.group("close"))
