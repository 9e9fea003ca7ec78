"""Turn cell text that carries HTML or markdown residue into readable plain text.

Converters leave `<p>`, `<ul><li>`, `<b>`, `<u>`, `<i>` and entities inside table
cells.  Inline tags go; block tags become line breaks so lists stay readable;
list items get a bullet unless they already print one.
"""
from __future__ import annotations

import html
import re

_BLOCK_OPEN = re.compile(r"<\s*(p|div|br|tr|h[1-6]|ul|ol|table)\b[^>]*>", re.I)
_BLOCK_CLOSE = re.compile(r"<\s*/\s*(p|div|tr|h[1-6]|ul|ol|table|li)\s*>", re.I)
_LI = re.compile(r"<\s*li\b[^>]*>\s*", re.I)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_BULLET_START = re.compile(r"^\s*([•·▪◦●\-–*]|\d+[.)]|[a-z][.)])\s")
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
BULLETS = "•·▪◦●"


def has_markup(text: str) -> bool:
    return bool(_TAG.search(text))


def to_text(cell: str) -> str:
    """Readable plain text of one cell: tags out, entities decoded, lists kept."""
    if not cell:
        return ""
    text = cell
    if "<" in text:
        text = _LI.sub(_li_marker, text)
        text = _BLOCK_OPEN.sub("\n", text)
        text = _BLOCK_CLOSE.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "**" in text or "__" in text:
        text = _MD_EMPH.sub(r"\2", text)
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line.startswith("\x00li "):
            body = line[4:]
            line = body if _BULLET_START.match(body) or body[:1] in BULLETS else f"• {body}"
        if line:
            lines.append(line)
    return "\n".join(lines)


def _li_marker(_: re.Match[str]) -> str:
    return "\n\x00li "


def one_line(text: str) -> str:
    """Collapse to a single line (for matching and for headings)."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def join(parts: list[str]) -> str:
    """Join fragments of one cell that were split over lines or pages.

    Word does not hyphenate by default, so a line-end hyphen is part of the text
    ("self-" + "assessment", "1.1-" + "2"): it is kept and no space is added.  A
    soft hyphen (U+00AD) is dropped.  List items keep their own lines; anything
    else is joined with a space.
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith("\u00ad"):
            out = out[:-1] + part
        elif out.endswith("-") and len(out) > 1 and out[-2].isalnum() and part[:1].isalnum():
            out = out + part
        elif (_BULLET_START.match(part) or part[:1] in BULLETS) and not _closes_parenthesis(out, part):
            out = f"{out}\n{part}"
        else:
            out = f"{out} {part}"
    return out


_PAREN_ITEM = re.compile(r"^\s*(\d+|[a-z])\)\s")


def _closes_parenthesis(before: str, part: str) -> bool:
    """'(point' + '3) records': the fragment ends an open parenthesis, it is no list item."""
    return bool(_PAREN_ITEM.match(part)) and before.count("(") > before.count(")")
