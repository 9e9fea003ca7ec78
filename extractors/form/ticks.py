"""Tick boxes: a claim printed as one ticked option of several."""
from __future__ import annotations

import re

# Word and web forms tick one option of several: "☒ Yes ☐ No", "[x] Yes [ ] No".
_TICKED = re.compile(r"(?:[☒☑✔✓■▣]|\[\s*[xX✓✔]\s*\])\s*([A-Za-z][A-Za-z /-]{0,20}?)\s*(?=[☐☒☑✔✓□■▣\[]|$)")
_BOXES = re.compile(r"[☐☒☑□■▣]|\[\s*[xX✓✔ ]?\s*\]")


def ticked_option(text: str) -> str | None:
    """The option ticked in a cell of check boxes ("☐ Yes ☒ No" -> "No"), if the cell is one."""
    if not _BOXES.search(text or ""):
        return None
    found = _TICKED.findall(text)
    return found[0].strip() if len(found) == 1 else None
