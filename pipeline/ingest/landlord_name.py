"""A landlord's name, read from where a document prints it.

Only names the document prints are returned ("Ashby & Marsh City Council",
"Fenmoor Group", "x9homes"); a document that only says "the council" gets None.
Never invented, never completed from outside knowledge.  Where a name is looked
for, in order:

- `metadata`: what the file says of itself (an HTML page's `og:site_name` and
  `<title>`, a PDF's Title and Author, a Word file's core properties);
- `title`: the document's first lines (a saved web page starts with its title,
  a PDF with its first page's heading);
- `text`: sentences that name the writer ("At Fenmoor Group, we...", "This form
  is completed by the Northgate Living complaints officer") and names with the
  suffixes landlords' names end with ("... City Council", "... Housing Trust").

A title or metadata part with no such suffix ("Self-assessment | One Fenwick") is
taken only when the document's text prints it too, or when it is the site's own
name.  `landlord_name` returns the name and where it came from (`landlord_source`).
"""
from __future__ import annotations

import re
from collections import Counter

# A word of a name: capitalised ("Marsh"), an acronym ("ACH"), a lower-case brand with
# a digit or ending in homes/living ("x9homes").
_WORD = r"(?:[A-Z][a-zA-Z'’\-]*|(?=[a-z0-9]*[a-z])(?=[a-z0-9]*\d)[a-z0-9]+|[a-z]+homes)"
_JOIN = r"(?:&|and|upon|on|of)"  # inside a name: "Ashby & Marsh", "Newcastle upon Tyne"
_NAME = rf"{_WORD}(?:\s+(?:{_JOIN}\s+)*{_WORD})*?"  # shortest: "Harrowgate" + "Community Housing"
# Suffixes that end a landlord's name, strong (the name is sure) or weak (needs a second sighting).
_STRONG = (
    "Metropolitan Borough Council", "Royal Borough Council", "Borough Council", "City Council",
    "County Council", "District Council", "Council", "Housing Association", "Housing Trust",
    "Housing Group", "Housing Society", "Housing Co-operative", "Community Housing", "Homes",
)
_WEAK = ("Housing", "Group", "Trust", "Living", "Partnership")
# A suffix followed by another of its kind ("Warm Homes Group", "Homes England", "Council
# Tax") is not the end of the name: the longer name is read, or nothing.
_NOT_THE_END = r"(?!\s+(?:Group|Trust|Partnership|Association|Standard|England|Scheme|Programme|Fund|Grant|Tax|Ombudsman)\b)"
_SUFFIXED = re.compile(rf"\b({_NAME})\s+({'|'.join(_STRONG + _WEAK)})\b{_NOT_THE_END}")
# A lower-case brand ("x9homes"), not the start of an address ("x9homes@...", "x9homes.org").
_BRAND = re.compile(r"(?<![\w.@/])([a-z0-9]+homes)\b(?![@.]\w)")
# Sentences in which a landlord names itself.
_CONTEXTS = [
    re.compile(rf"\b(?:At|Here at)\s+(?P<name>{_NAME}),?\s+(?:we|our)\b"),
    re.compile(rf"\b(?i:completed by)\s+(?:(?i:the)\s+)?(?P<name>{_NAME})(?:'s|’s)?\s+"
               r"(?i:complaints?|customer|feedback|resolution)\b"),
    re.compile(rf"\bWelcome to (?P<name>{_NAME})(?=\s*(?:[.,;:!|–—]|$|\s-\s))"),
    re.compile(rf"\b(?P<name>{_NAME}) (?:is|are) (?:committed|a (?:registered|housing|not-for-profit))\b"),
    re.compile(rf"\b(?P<name>{_NAME})(?:'s|’s) (?:complaints?|self-assessment|customer)\b"),
]
# Words that make a generic phrase rather than a name.
_GENERIC = {
    "the", "our", "your", "this", "that", "these", "a", "an", "full", "new", "all", "each", "any", "local",
    "social", "council", "housing", "complaint", "complaints", "tenant", "tenants", "resident",
    "residents", "member", "members", "cabinet", "corporate", "strategic", "ombudsman", "service",
    "services", "policy", "code", "self", "assessment", "self-assessment", "annual", "report", "stage",
    "section", "how", "to", "make", "contact", "website", "and", "of", "on", "upon", "&", "in", "by",
    "landlord", "landlords", "registered", "private", "temporary", "supported", "sheltered",
    "affordable", "yes", "no", "good", "better", "decent", "empty", "specialist", "national", "regional",
    "association", "provider", "providers", "management", "repairs", "lettings", "group", "trust",
    "working", "focus", "steering", "scrutiny", "panel", "user", "users", "review", "task", "advisory",
    "reference", "peer", "support", "customer", "customers", "involvement", "engagement", "project",
    "board", "nhs", "partnership", "partnerships", "living", "independent", "community", "communities",
    "homes", "home", "handling", "form", "page", "feedback", "ombudsman's", "we", "i", "it", "if",
    "where", "when", "at", "here", "welcome", "compliance", "evidence", "commentary", "date",
    "updated", "published", "version", "appendix", "performance", "information", "about", "us",
    "news", "menu", "search", "english", "mandatory", "best", "practice", "requirement", "requirements",
    "definition", "exclusions", "accessibility", "awareness", "staff", "process", "stages", "putting",
    "things", "right", "learning", "improvement", "oversight", "governing", "body", "officer",
    "quarterly", "monthly", "weekly", "team", "teams", "regulator", "government", "department",
    "secretary", "state", "legal", "dear", "mr", "mrs", "ms", "dr", "one", "two", "three", "first",
    "second", "further", "more", "most", "some", "many", "no.", "ltd", "limited", "plc", "uk",
    "england", "wales", "tenancy", "leasehold", "leaseholders", "rent", "safety", "fire", "gas",
    "building", "buildings", "estate", "estates", "neighbourhood", "neighbourhoods", "equality",
    "diversity", "vulnerable", "adults", "children", "care", "health", "mental", "adult",
}
_LEADING = {"the", "our", "at", "by", "from", "with", "for", "to", "welcome", "here", "this", "dear"}
# Title separators: "Self-assessment | Fenmoor Group", "Complaints – Northgate Living".
_TITLE_SPLIT = re.compile(r"\s+[|–—\-:•·»]\s+|\s*[|]\s*")
TITLE_LINES = 3
TITLE_WORDS = 20
_BODY_ARTICLES = {"our", "the", "a", "an", "its", "their", "your"}
CONTEXT_WEIGHT = 3


def _clean(name: str) -> str | None:
    """A candidate name without a leading article or stray words; None when generic."""
    words = name.replace("’", "'").split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    while words and words[-1].lower() in ("&", "and", "of", "on", "upon", "in", "the", "by"):
        words = words[:-1]
    if not words or all(w.lower() in _GENERIC or not w[:1].isalnum() for w in words):
        return None
    if len(words) > 7:
        return None
    if len(words) == 1 and words[0].isupper():
        return None  # "WC's complaints process": an abbreviation, not the name as printed in full
    return " ".join(words)


def _suffixed(text: str, title: bool = False) -> Counter[str]:
    """Names ending in a landlord suffix, with how often each is printed; a weak suffix
    (Group, Trust, Housing after an acronym) only in a `title` or printed twice, and
    never once a sighting reads "our/the/a ... Group" (a committee or body, not a landlord)."""
    strong, weak = Counter(), Counter()
    owned: Counter[str] = Counter()
    for m in _SUFFIXED.finditer(text):
        words = m.group(1).split()
        # The name is the trailing run of name words: "make a complaint to Ashby & Marsh".
        kept: list[str] = []
        for i in range(len(words) - 1, -1, -1):
            w = words[i]
            if w.lower() in ("&", "and", "upon", "on", "of"):
                if kept and i > 0 and words[i - 1][:1].isupper() and words[i - 1].lower() not in _GENERIC:
                    kept.insert(0, w)
                    continue
                break
            if w.lower() in _GENERIC or not (w[:1].isupper() or any(c.isdigit() for c in w)):
                break
            kept.insert(0, w)
        suffix = m.group(2)
        if not kept:
            continue
        if suffix == "Housing" and not (len(kept) == 1 and kept[0].isupper()):
            continue  # "<acronym> Housing" only: "Social Housing" is no landlord
        name = f"{' '.join(kept)} {suffix}"
        (strong if suffix in _STRONG else weak)[name] += 1
        before = text[max(0, m.start(1) - 80):m.start(1) + len(m.group(1)) - len(" ".join(kept))].split()
        while before and before[-1][:1].isupper() and before[-1].lower() not in _BODY_ARTICLES:
            before.pop()  # "The Customer Experience Group": back over the capitalised words
        if before and before[-1].lower() in _BODY_ARTICLES:
            owned[name] += 1
    for name, n in weak.items():
        if (n >= 2 or title) and not owned[name]:
            strong[name] += n
    for m in _BRAND.finditer(text):
        if m.group(1) not in ("homes",):
            strong[m.group(1)] += 1
    return strong


def _contexts(text: str) -> Counter[str]:
    """Names in self-naming sentences; one word alone ("At Christmas, we", "Birmingham's
    complaints") is no full name unless it is a brand ("x9homes")."""
    found: Counter[str] = Counter()
    for pattern in _CONTEXTS:
        for m in pattern.finditer(text):
            name = _clean(m.group("name"))
            if name and (" " in name or _BRAND.fullmatch(name)):
                found[name] += 1
    return found


def infer_landlord(text: str, limit: int = 400_000) -> str | None:
    """The landlord a document's text names itself as (see the module docstring), or None."""
    return _from_text(text[:limit])


def _from_text(text: str) -> str | None:
    counts = Counter({n: c * CONTEXT_WEIGHT for n, c in _contexts(text).items()})
    suffixed = _suffixed(text)
    for name, n in suffixed.items():
        counts[name] += n
    if not counts:
        return None
    # A name read in a sentence that also ends in a suffix counts once, whole.
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0])))
    return best[0]


def _title_parts(title: str) -> list[str]:
    return [p.strip(" .,;") for p in _TITLE_SPLIT.split(title) if p.strip(" .,;")]


def _from_title(title: str, text: str, trusted: bool = False) -> str | None:
    """A name in a title: a part with a landlord suffix, a part the text prints again, or
    (`trusted`: the site's own name; or the site's part of a "page | site" title) a part
    that is not generic."""
    parts = _title_parts(title)
    for part in parts:
        found = _suffixed(part, title=True)
        if found:
            return max(found.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
    trusted = trusted or len(parts) >= 2
    for part in parts:
        name = _clean(part)
        if name is None or not _name_like(name):
            continue
        if trusted or _printed_elsewhere(name, text):
            return name
    return None


# Words of a page's own title that no landlord's name holds ("Appendix B", "Self-assessment form").
_FORM_WORDS = {
    "appendix", "self-assessment", "assessment", "self", "form", "code", "complaint", "complaints",
    "handling", "policy", "procedure", "ombudsman", "page", "section", "report", "annual", "performance",
    "compliance", "evidence", "news", "contact", "search", "menu", "about", "us", "home", "table",
    "contents", "draft", "final", "version", "updated", "review", "statement", "our", "your", "the",
    "council", "landlord", "housing", "we", "how", "what", "why", "who", "feedback", "april", "march",
    "microsoft", "word", "excel", "docx", "pdf", "adobe", "acrobat", "untitled", "document", "user",
    "template", "copy", "office", "welcome", "login", "portal",
}


def _name_like(name: str) -> bool:
    words = name.split()
    if any(w.lower().strip(",.:;()") in _FORM_WORDS for w in words) or re.search(r"\d{4}", name):
        return False
    if all(w.lower() in _GENERIC for w in words if w.isalpha()):
        return False
    return len(words) <= 5 and all(w[:1].isupper() or w in ("&", "and", "upon", "of", "on")
                                   or any(c.isdigit() for c in w) or w.endswith("homes") for w in words)


def _printed_elsewhere(name: str, text: str) -> bool:
    return bool(text) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def landlord_name(text: str, metadata: dict[str, str] | None = None,
                  limit: int = 400_000) -> tuple[str | None, str | None]:
    """(name, source) of the landlord a document names itself as, source one of
    'metadata', 'title', 'text'; (None, None) when it names none."""
    text = text[:limit]
    metadata = metadata or {}
    if site := metadata.get("site_name"):
        if name := _from_title(site, text, trusted=True):
            return name, "metadata"
    for key in ("title", "author", "subject", "company"):
        if value := metadata.get(key):
            # An author with no landlord suffix is a person or a program: only a suffixed name.
            name = _from_title(value, text) if key != "author" else _first(_suffixed(value, title=True))
            if name:
                return name, "metadata"
    head = [ln for ln in text.split("\n") if ln.strip()][:TITLE_LINES]
    for line in head:
        # A title is short and ends no sentence ("The Warm Homes Group scheme helped..." is prose).
        if len(line.split()) > TITLE_WORDS or line.rstrip()[-1:] in ".!?":
            continue
        if name := _from_title(line, text.replace(line, "", 1)):
            return name, "title"
    name = _from_text(text)
    return (name, "text") if name else (None, None)


def _first(found: Counter[str]) -> str | None:
    return max(found.items(), key=lambda kv: (kv[1], len(kv[0])))[0] if found else None
