"""Page furniture: running headers and footers, page numbers, the margin band.

Lines outside ruled tables that repeat at the same height on several pages
(digits masked, so "Page 3 of 12" repeats), page numbers in the margins, and
anything in the outermost margin band.
"""
from __future__ import annotations

import re
from collections import Counter

from extractors.form.columns import is_header
from extractors.form.headings import classify_heading
from extractors.pdf.geometry import Line, to_lines
from extractors.pdf.reading import PageData
from extractors.pdf.regions import Region
from extractors.pdf.settings import DEFAULT, PdfSettings

_PAGE_NO = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def find_furniture(pages: list[PageData], regions: list[list[Region]],
                   settings: PdfSettings = DEFAULT) -> list[set[int]]:
    """Per page, ids of words that are running headers, footers or page numbers."""
    s = settings
    per_page_lines: list[list[Line]] = []
    keys: Counter = Counter()
    for page, regs in zip(pages, regions):
        outside = [w for w in page.words if not any(r.contains(w) for r in regs)]
        lines = to_lines(outside, s)
        per_page_lines.append(lines)
        for key in {_furniture_key(line, s) for line in lines if _in_margin(line, page, s.margin_share)}:
            keys[key] += 1
    repeat_min = max(2, int(s.repeat_share * len(pages)))
    out: list[set[int]] = []
    for page, lines in zip(pages, per_page_lines):
        drop: set[int] = set()
        for line in lines:
            text = line.text
            in_margin = _in_margin(line, page, s.margin_share)
            if (
                _in_margin(line, page, s.edge_share)
                or (in_margin and keys[_furniture_key(line, s)] >= repeat_min)
                or (in_margin and _PAGE_NO.match(text))
            ):
                if is_header([text]) or classify_heading(text):
                    continue  # a table header or heading near the edge is content
                drop.update(id(w) for w in line.words)
        out.append(drop)
    return out


def _furniture_key(line: Line, settings: PdfSettings) -> tuple[str, int]:
    return _DIGITS.sub("#", line.text.lower()), round(line.top / settings.repeat_y)


def _in_margin(line: Line, page: PageData, share: float) -> bool:
    return line.bottom < share * page.height or line.top > (1 - share) * page.height
