"""Tick boxes: a claim printed as one ticked option of several, or a tick beside a word."""
from __future__ import annotations

import re

# Word and web forms tick one option of several: "☒ Yes ☐ No", "Yes ☒ No ☐", "[x] Yes [ ] No".
_ON = "☒☑✔✓■▣⊠"
_OFF = "☐□▢"
_BOX = re.compile(rf"[{_ON}{_OFF}]|\[\s*[xX✓✔]?\s*\]")
_OPTION = r"[A-Za-z][A-Za-z /-]{0,24}?"
# The box before its word ("☒ Yes"), or after it ("Yes ☒").
_BOX_FIRST = re.compile(rf"(?P<box>[{_ON}{_OFF}]|\[\s*[xX✓✔]?\s*\])\s*(?P<word>{_OPTION})\s*(?=[{_ON}{_OFF}\[]|$)")
_WORD_FIRST = re.compile(rf"(?:^|(?<=[{_ON}{_OFF}\]])|(?<=\s))(?P<word>{_OPTION})\s*(?P<box>[{_ON}{_OFF}]|\[\s*[xX✓✔]?\s*\])")
_TICKED_BOX = re.compile(rf"[{_ON}]|\[\s*[xX✓✔]\s*\]")
_TICK_WORD = re.compile(r"^\s*[✔✓]\s*(?P<word>[A-Za-z][A-Za-z /-]{0,30})$")


def _options(text: str) -> list[tuple[bool, str]] | None:
    """(ticked, word) for each box of the cell, in whichever order box and word are printed."""
    t = text.strip()
    first = [m for m in _BOX_FIRST.finditer(t)]
    if first and t[:1] in _ON + _OFF + "[":
        return [(bool(_TICKED_BOX.fullmatch(m["box"].strip())), m["word"].strip()) for m in first]
    last = [m for m in _WORD_FIRST.finditer(t)]
    if last:
        return [(bool(_TICKED_BOX.fullmatch(m["box"].strip())), m["word"].strip()) for m in last]
    return None


def ticked_option(text: str) -> str | None:
    """The claim a cell of check boxes or tick marks makes, if the cell is one:
    "☐ Yes ☒ No" -> "No", "Yes ☒ No ☐" -> "Yes", "✔ Compliant" -> "Compliant";
    two boxes left empty with a word after them ("☐ Yes ☐ No Partially") -> that word."""
    text = " ".join((text or "").split())
    if (m := _TICK_WORD.match(text)) is not None:
        return m["word"].strip()
    if not _BOX.search(text):
        return None
    options = _options(text)
    if not options:
        return None
    ticked = [word for on, word in options if on]
    if len(ticked) == 1:
        return ticked[0]
    if not ticked:
        # None ticked: a word printed after the boxes is the claim.
        tail = _BOX.split(text)[-1].strip()
        words = {w.split()[0] for _, w in options if w}
        rest = tail
        for w in sorted(words, key=len, reverse=True):
            if rest.startswith(w):
                rest = rest[len(w):].strip()
                break
        return rest or None
    return None
