"""References cited in a field: documents, systems, governance bodies, reports and websites,
with the section numbers they pinpoint and the kind of document those numbers point into.

The EntityRuler patterns (schemas/patterns/commentary_references.jsonl) find the names
("Complaints Procedure", "section 4.2", "our website", a bare "policy"); this module reads the
pinpoint around them, however it is printed: bare numbers after a name ("Complaints Procedure
3.1; 3.4", "ABC Policy 5", "... Procedure at 4.2.1", "Policy: 3.2, 3.3", "Policy ref 4.3",
"Policy s.4.2"), numbers in brackets ("(6.3)", "(3.1, 9.4)", "(Complaints Policy 6.2)"), lists
("paragraphs 2.1 and 2.5", "section 3 / 4"), and a pinpoint before the name it points into ("at 3.1
of our Procedure", "sections 4.2 and 9.4 of the report", "ref 7.1 Complaints Procedure", "paragraphs
8 and 9, Complaints Procedure"). A range ("sections 3.2-3.5", "paragraphs 4.1 to 4.3") is recorded
by its two ends: both are cited, and what lies between them is the document's, not the text's, to
say. A bare document word ("our policy", "the procedure") is a reference only when it carries a
pinpoint.

Not pinpoints: numbered job titles and statutory instruments ("the Section 151 Officer", "a Section
20 notice"), appendix, annex and schedule numbers, dates, money, percentages, counts ("the policy in
5 languages"), version numbers ("v2.1"), and the numbers of documents that are not the landlord's:
the Code's own provisions ("section 5.8 of the Code", "the Code (paragraph 3)"), the Ombudsman's
Scheme, Acts (lexicon: outside_document_words). `kind` (signals.unit) is the document the numbers
point into (policy, procedure, report, website) where the text names it: in the same sentence, else
the one kind of document the field names before the pinpoint.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from pipeline.commentary import nlp as cnlp

REF_SUBKIND = {"REF_POLICY": "policy", "REF_SYSTEM": "system", "REF_GOVERNANCE": "governance",
               "REF_REPORT": "report", "REF_WEBSITE": "website"}
NAMED = ("REF_POLICY", "REF_REPORT", "REF_WEBSITE")
# a bare "policy"/"procedure", a "page", an acronym a name was given: references only with a pinpoint
BARE = ("document_word", "page_word", "acronym")
# A pinpoint number: 3, 3.1, 4.2.1, 5a; never a year, a percentage, a time, a date or an amount.
_NUM = (r"(?<![\d£$€])(?<!\d\.)(?<!(?:19|20)\d\d[-/–])(?!(?:19|20)\d\d\b)(?!0\d)\d{1,2}(?:\.\d{1,2}){0,3}[a-z]?(?![\d%£a-z])(?!\.\d)"
        r"(?!/\d{1,2}/\d)(?!/(?:19|20)\d\d\b)")
_SEP = r"(?:,|;|&|\+|/|\band\b|\bor\b|\bto\b|-|–)"
_SECTION_WORD = (r"(?:(?:sections?|paragraphs?|paras?|clauses?|points?|parts?|chapters?|secs?|sect|pts?|cls?)\b\.?|"
                 r"ss?\.|ss?(?=\d)|§)")
# an aside between the items of a list: "5.1 (stage 1) and 5.4 (stage 2)"
_ASIDE = r"[ \t]*\((?![ \t]*\d)[^()\n]{1,40}\)"
_LIST = rf"{_NUM}(?:(?:{_ASIDE})?[ \t]*{_SEP}[ \t]*(?:(?:ss?\.?|§)[ \t]*)?{_NUM})*"  # "s.5.2 and s.6.1"
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
_UNIT_AFTER = re.compile(r"\s*(?:%|per\s*cent|working|calendar|days?\b|weeks?\b|months?\b|years?\b|hours?\b|"
                         r"stages?\b|pages?\b|complaints?\b|cases?\b|members?\b|staff\b|residents?\b|times?\b|"
                         r"(?:am|pm|a\.m\.|p\.m\.|hrs|o['’]clock)(?!\w)|"
                         r"(?:above|below)\b|"  # the text's own numbering: "see our answer at 5.8 above"
                         rf"{_MONTHS})", re.I)
_LEAD = r"(?:(?:under|see(?:[ \t]+also)?|at|@|in|within|per|refer(?:ring)?[ \t]+to|refs?\b\.?|reference)[ \t]*:?[ \t]*)"
# words of a document's name before the part the patterns know ("the Stage 2 Review Procedure",
# "the Complaints and Compliments Policy"): capitalised words or numbers, up to three
_QUALIFIERS = (r"(?:['‘\"“][^'’\"”\n]{1,60}['’\"”][ \t]+)?"  # "our 'Making a complaint' guide"
               r"(?:(?-i:[A-Z0-9][\w'’-]*)[ \t]+(?:(?:and|&)[ \t]+)?){0,3}")
_DET = r"(?:the|our|its|their|this|your)"
# lower-case words of a name after "of our" ("section 4 of our tenancy policy"), never a clause's
_LOWER_WORDS = (r"(?:(?!(?:and|or|but|to|with|by|for|that|which|as|is|are|was|were|be|the|a|an|our|their|its|this|"
                r"these|those|of|in|on|at|we|they|it)\b)(?-i:[a-z][\w'’-]*)[ \t]+){0,2}")
# between a pinpoint and the name after it: "... of our", ", the", " (", " – ", or nothing
_JOIN = (rf"(?:[ \t]*\)?[ \t]+(?:of|in|on|within|from|under)[ \t]+(?:{_DET}[ \t]+)?{_LOWER_WORDS}|[ \t]*[(,:–-]?[ \t]*(?:{_DET}[ \t]+)?)"
         rf"{_QUALIFIERS}")
_JOIN_RE = re.compile(rf"{_JOIN}$", re.I)
# an acronym the name is given: "Reasonable Adjustments Procedure (RAP) 3.1" (a file's format is not one)
_ACRONYM = r"[ \t]*\((?!(?:PDF|DOCX?|XLSX?|RTF|HTML?|KB|MB)\))(?P<acronym>(?-i:[A-Z][A-Z&]{1,7}))\)"
_EDITION = r"[ \t]*\((?:19|20)\d\d(?:[/-]\d\d)?\)"  # "Complaints Policy (2023/24) 3.1"
_AFTER = re.compile(rf"(?P<lead>(?:{_ACRONYM}|{_EDITION}|{_ASIDE})?[ \t]*[,:–—-]?[ \t]*(?P<open>[(\[])?[ \t]*{_LEAD}?"
                    rf"(?P<word>{_SECTION_WORD}[ \t]*:?[ \t]*)?)(?P<nums>{_LIST})(?P<close>[ \t]*[)\]])?", re.I)
_BEFORE = re.compile(rf"(?:\b{_LEAD}|\b{_SECTION_WORD}[ \t]*)(?P<nums>{_LIST}){_JOIN}$", re.I)
# the next item of a list of pinpoints, right after the one before: "in 5.2 of the Complaints Policy and
# 2.1 of the Compensation Policy" (dotted numbers only: "stages 1 and 2 of the procedure" count stages)
_BEFORE_NEXT = re.compile(rf"(?:\band|\bor|[,;])[ \t]+(?P<nums>{_NUM}(?:[ \t]*{_SEP}[ \t]*{_NUM})*)[ \t]+of[ \t]+"
                          rf"{_DET}[ \t]+{_QUALIFIERS}$", re.I)
# dotted numbers opening a sentence or clause: "3.1 and 3.4 of the Complaints Policy set out ...", "Both
# 2.2 and 2.5 of our policy" (not "scored us 4.2 and 4.5 of the survey's questions")
_BEFORE_BARE = re.compile(rf"(?:^|(?<=[.;:!?(\n•*–-])[ \t]*|\b(?:both|also)[ \t]+)(?P<nums>{_LIST})[ \t]+of[ \t]+{_DET}[ \t]+"
                          rf"{_LOWER_WORDS}{_QUALIFIERS}$", re.I)
_LOOSE = re.compile(rf"(?:\b(?:at|under|in|see(?:[ \t]+also)?)[ \t]+|(?P<open>\()[ \t]*|(?P<abbr>\bss?\.|§)[ \t]*)"
                    rf"(?P<nums>{_LIST})(?P<close>[ \t]*\))?", re.I)
_REST = re.compile(rf"(?:[ \t]*{_SEP}[ \t]*{_NUM})+", re.I)
_NUMBER = re.compile(_NUM, re.I)
_YEAR_END = re.compile(r"[-/–]\d\d(?!\d)")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


@dataclass(frozen=True)
class _Words:
    kinds: dict[str, str]
    not_pinpoint: frozenset[str]
    title_followers: frozenset[str]
    outside_after: re.Pattern[str]  # "... of the Code", "... of the Housing Act 1996"
    outside_before: re.Pattern[str]  # "Code (section 3", "the Scheme, paragraph 5"
    bare: re.Pattern[str]  # a bare document word ("policy", "proc.") or a page ("the complaints page")
    scored: frozenset[str]  # documents whose bare numbers are scores ("the tenant survey (4.2)")


@lru_cache(maxsize=1)
def _words() -> _Words:
    lex = cnlp.lexicon()
    outside = _alternatives(lex["outside_document_words"])
    return _Words(
        dict(lex["reference_document_kinds"]), frozenset(lex["not_a_pinpoint_words"]),
        frozenset(lex["numbered_title_followers"]),
        re.compile(rf"^[ \t)]*,?[ \t]*(?:(?:of|in|under|from|to)[ \t]+(?!(?:our|its|their|my)\b)(?:(?:the|this|that)[ \t]+)?"
                   rf"(?:[\w'’-]+[ \t]+){{0,3}}?(?:{outside})(?:['’]s)?\b"
                   rf"|[ \t]+(?:(?-i:[A-Z][\w'’-]*)[ \t]+(?:and[ \t]+)?){{0,4}}(?-i:Act|Code|Scheme|Regulations)\b)", re.I),
        re.compile(rf"\b(?:{outside})(?:['’]s)?(?:[ \t]*\(?(?:19|20)\d\d\)?)?[ \t]*[(,:–-]?[ \t]*{_LEAD}?$", re.I),
        re.compile(rf"\b(?:(?P<page>(?:(?:{_alternatives(lex['page_qualifiers'])})[ \t]+)?(?:{_alternatives(lex['page_words'])}))\b"
                   rf"|(?:{_alternatives(lex['bare_document_abbreviations'])})\b\.?|(?:{_alternatives(lex['bare_document_words'])})\b)",
                   re.I),
        frozenset(lex["scored_document_words"]))


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def document_kind(name: str) -> str | None:
    """policy / procedure / report / website, from the words of a document's name."""
    kinds = _words().kinds
    for word in reversed(re.findall(r"[a-z][a-z-]*", name.lower())):
        if word in kinds:
            return kinds[word]
    return None


_YEAR_PAIR = re.compile(r"(?<![\d.])(\d\d)[/–-](\d\d)(?![\d.])")


def _numbers(text: str) -> list[str]:
    """The pinpoint numbers of a printed list; a range ("3.2-3.5") by its two ends; never the two
    years of a financial year ("Internal audit 22/23")."""
    text = _YEAR_PAIR.sub(lambda m: " " if 15 <= int(m[1]) and int(m[2]) == int(m[1]) + 1 else m[0],
                          re.sub(_ASIDE, " ", text))
    return _NUMBER.findall(text)


def _is_pinpoint_section(ent: Span, text: str) -> bool:
    """ "section 4.2" is a pinpoint; "Appendix 3", "the Section 151 Officer" and "section 5.8 of
    the Code" are not."""
    words = _words()
    if ent[0].lower_ in words.not_pinpoint:
        return False
    doc = ent.doc
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is not None and (nxt.lower_ in words.title_followers or nxt.lower_.rstrip("s") in words.title_followers):
        return False
    return not _points_outside(text, ent.start_char, ent.end_char)


def _points_outside(text: str, start: int, end: int) -> bool:
    """Numbers at text[start:end] point into a document that is not the landlord's."""
    words = _words()
    return bool(words.outside_after.match(text[end:end + 80]) or words.outside_before.search(text[max(0, start - 60):start]))


def _is_count(doc: Doc, text: str, end: int) -> bool:
    """The numbers before `end` count something ("the policy in 5 languages", "Policy 3 times")."""
    if _UNIT_AFTER.match(text, end):
        return True
    i = bisect_left(range(len(doc)), end, key=lambda j: doc[j].idx)  # the first token at or after `end`
    tok = doc[i] if i < len(doc) else None
    return tok is not None and tok.idx - end <= 1 and tok.tag_ == "NNS" and tok.is_lower


def find_references(doc: Doc, text: str | None = None) -> list[dict]:
    """References with their pinpoints; a pinpoint joined to the document it points into.
    `text` is doc.text when the caller has it (Doc.text is rebuilt on every access)."""
    text = doc.text if text is None else text
    ents = _with_bare_words(doc, text, [e for e in doc.ents if e.label_ in REF_SUBKIND])
    kinds = {e.start_char: document_kind(e.text) for e in ents if e.label_ in NAMED}
    ents = _with_acronyms(doc, text, ents, kinds)
    out: list[dict] = []
    used: set[int] = set()
    for k, ent in enumerate(ents):
        if k in used:
            continue
        if ent.id_ == "section":
            ref = _section_reference(text, ents, k, out, _field_kind(ents[:k]))
        else:
            ref = _named_reference(doc, text, ents, k, out, used, kinds.get(ents[k].start_char))
        if ref is not None:
            out.append(ref)
    out.extend(_loose_pinpoints(doc, text, ents, out))
    return out


def _loose_pinpoints(doc: Doc, text: str, ents: list[Span], out: list[dict]) -> list[dict]:
    """ "The procedure sets this out at 4.2.1", "... with reasons given (8.3)", "Policy updated - s.3":
    a dotted pinpoint after "at/in/under/see" or in brackets, or any after "s."/"§", away from any
    name, pointing into the document named before it in its sentence."""
    found: list[dict] = []
    for m in _LOOSE.finditer(text):
        nums = _numbers(m.group("nums"))
        if m.group("open") and not m.group("close"):
            continue
        if not (m.group("abbr") or any("." in n for n in nums)) or any(o["start"] <= m.start("nums") < o["end"] for o in out) \
                or (not m.group("close") and _is_count(doc, text, m.end("nums"))) \
                or _points_outside(text, m.start("nums"), m.end("nums")):
            continue
        lo = max((e.end() for e in _SENTENCE_END.finditer(text, 0, m.start())), default=0)
        ent = next((e for e in reversed(ents) if e.label_ in NAMED and e.id_ != "section"
                    and lo <= e.start_char and e.end_char <= m.start()), None)
        kind = document_kind(ent.text) if ent is not None and not (_scored(ent) and m.group("open")) else None
        if kind is None:
            continue
        found.append(_ref(ent, text, m.start(), m.end(), nums, kind, None) | {"detail": "pinpoint"})
    return found


def _scored(ent: Span) -> bool:
    """A survey or scorecard: a bare number after it is a score, not a section."""
    return any(t.lower_ in _words().scored for t in ent)


def _field_kind(before: list[Span]) -> str | None:
    """The one kind of document the names before a pinpoint are, if they are all of one kind; a
    website beside a document is where it is published ("The policy is on our website. Section 5 ...")."""
    kinds = {document_kind(e.text) for e in before if e.label_ in NAMED and e.id_ != "section"} - {None}
    if len(kinds) > 1:
        kinds.discard("website")
    return next(iter(kinds)) if len(kinds) == 1 else None


def _enumerated(text: str, nums: list[str], at: int) -> bool:
    """ "... council policy 1.3.7 Focuses on ...": item numbers of a list the text prints (1.3.6 came
    before, heading its own item), not a pinpoint."""
    if len(nums) != 1 or not re.match(r"[ \t]*(?-i:[A-Z])", text[at:]):
        return False
    head, _, last = nums[0].rpartition(".")
    if not last.isdigit() or int(last) < 2:
        return False
    prev = f"{head}.{int(last) - 1}" if head else str(int(last) - 1)
    return bool(re.search(rf"(?<![\d.]){re.escape(prev)}[ \t]+(?-i:[A-Z])", text[:at]))


def _quoted_title(text: str, end: int) -> int:
    """ "Section 12 'Additional Information ...'": the end of the quoted title after a pinpoint."""
    mt = re.match(r"\s*(['‘\"“])([^'’\"”\n]{3,120})(['’\"”])", text[end:])
    return end + mt.end() if mt else end


def _ref(ent: Span, text: str, start: int, end: int, sections: list[str], kind: str | None,
         doc_kind: str | None) -> dict:
    return {"sub_kind": REF_SUBKIND[ent.label_], "text": text[start:end], "start": start, "end": end,
            "value": ",".join(dict.fromkeys(sections)) or None, "detail": ent.id_ or None,
            "kind": kind if sections else None, "doc_kind": doc_kind}


def _section_reference(text: str, ents: list[Span], k: int, out: list[dict], field_kind: str | None) -> dict | None:
    """ "section 4.2", "paragraphs 2.1 and 2.5 of the Compensation Policy", "sections 3.2-3.5"."""
    ent = ents[k]
    if not _is_pinpoint_section(ent, text):
        return None
    start, end = ent.start_char, ent.end_char
    m = _REST.match(text, end)
    if m:  # "sections 3.1, 3.2 and 3.4", "paragraphs 4.1 to 4.3": the rest of the list
        end = m.end()
    sections = _numbers(re.sub(r"^\D+", "", text[start:end]))
    if not sections:
        return None
    # "paragraphs 2.1 and 2.5 of the Compensation Policy", "section 3 of the 'Report a repair' page"
    kind = next((document_kind(e.text) for e in ents[k + 1:k + 4] if e.label_ in NAMED and e.id_ != "section"
                 and e.start_char - end < 72 and _JOIN_RE.match(text, end, e.start_char)), None)
    if kind is None:  # "Our Annual Report sets this out in sections 2.5 and 4.2.1": the document named before
        kind = next((o["doc_kind"] for o in reversed(out) if o["doc_kind"] and o["end"] <= start
                     and not _SENTENCE_END.search(text, o["end"], start)), field_kind)
    return _ref(ent, text, start, _quoted_title(text, end), sections, kind, None)


_LABEL_OF_KIND = {"report": "REF_REPORT", "website": "REF_WEBSITE"}


def _with_bare_words(doc: Doc, text: str, ents: list[Span]) -> list[Span]:
    """The names the patterns found, and the bare document words and pages no name covers ("section 8
    of our policy", "the help page, section 2"): read by a regex, not the Matcher, so that no text pays
    a Matcher pass for a word nearly every text holds."""
    found: list[Span] = []
    for m in _words().bare.finditer(text):
        span = doc.char_span(m.start(), m.end())
        if span is None or any(x.start < span.end and span.start < x.end for x in ents):
            continue
        kind = document_kind(span.text)
        found.append(Span(doc, span.start, span.end, label=_LABEL_OF_KIND.get(kind or "", "REF_POLICY"),
                          span_id="page_word" if m.group("page") else "document_word"))
    return sorted(ents + found, key=lambda x: x.start) if found else ents


def _with_acronyms(doc: Doc, text: str, ents: list[Span], kinds: dict[int, str | None]) -> list[Span]:
    """ "Customer Feedback Procedure (CFP) ... CFP 4.1": the acronym a name is given, wherever the
    field uses it after, is that document (its kind in `kinds`, keyed by start)."""
    found: list[Span] = []
    for e in ents:
        m = re.match(_ACRONYM, text[e.end_char:e.end_char + 12]) if kinds.get(e.start_char) else None
        if not m:
            continue
        for use in re.finditer(rf"\b{re.escape(m.group('acronym'))}\b", text[e.end_char + m.end():]):
            span = doc.char_span(e.end_char + m.end() + use.start(), e.end_char + m.end() + use.end())
            if span is not None and not any(x.start < span.end and span.start < x.end for x in ents + found):
                found.append(Span(doc, span.start, span.end, label=e.label_, span_id="acronym"))
                kinds[span.start_char] = kinds[e.start_char]
    return sorted(ents + found, key=lambda x: x.start) if found else ents


def _pinpoint_before(text: str, start: int, out: list[dict]) -> re.Match[str] | None:
    """The pinpoint printed before a name that starts at `start`, if any."""
    lo = max(0, start - 120)
    mb = _BEFORE.search(text, lo, start)
    if mb is None:
        mb = _BEFORE_NEXT.search(text, lo, start)
        mb = mb if mb and "." in mb.group("nums") and any(
            o["end"] <= mb.start() and not text[o["end"]:mb.start()].strip(" \t,;") for o in out) else None
    if mb is None:
        mb = _BEFORE_BARE.search(text, lo, start)
        mb = mb if mb and "." in mb.group("nums") else None
    return mb


def _named_reference(doc: Doc, text: str, ents: list[Span], k: int, out: list[dict], used: set[int],
                     kind: str | None) -> dict | None:
    """A document, system, body or website, with the pinpoint after or before its name (`kind`: the
    kind of document it is, if it is one)."""
    ent = ents[k]
    start, end = ent.start_char, ent.end_char
    my = _YEAR_END.match(text, end) if re.search(r"(?:19|20)\d\d$", ent.text) else None
    end = my.end() if my else end  # "Annual Complaints Report 2023-24": the year whole
    sections: list[str] = []
    m = _AFTER.match(text, end)
    if m and not m.group("word") and (ent.id_ == "page_word" or _scored(ent)):
        m = None  # "page 4" is a page, "survey (4.2)" a score; "the complaints page, section 4" a section
    if kind and m and not (m.group("open") and not m.group("close")) and (m.group("close") or not (
            _is_count(doc, text, m.end("nums")) or _enumerated(text, _numbers(m.group("nums")), m.end("nums")))):
        sections = _numbers(m.group("nums"))
        # "(Complaints Policy 6.2)": the bracket opened before the name is not the reference's
        end = m.end() if m.group("open") else m.end("nums")
        for j in range(k + 1, len(ents)):  # a "section 3.1" the pinpoint swallowed
            if ents[j].start_char < end:
                used.add(j)
        end = _quoted_title(text, end)
    elif kind:
        mb = _pinpoint_before(text, start, out)
        if mb and not any(o["start"] <= mb.start("nums") < o["end"] for o in out) \
                and not _points_outside(text, mb.start("nums"), mb.end("nums")):
            sections = _numbers(mb.group("nums"))
            start = mb.start()
    if ent.id_ in BARE and not sections:
        return None
    return _ref(ent, text, start, end, sections, kind, kind)
