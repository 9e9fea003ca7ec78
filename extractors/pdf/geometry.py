"""Words, rules and lines on a page, and the text of a cell of words.

Everything downstream of reading works on these: PDFium words (reading.py) or,
later, OCR words can be fed to the same geometry.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from extractors.form.markup import join, one_line
from extractors.pdf.settings import DEFAULT, PdfSettings


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Rule:
    """A ruled line: `pos` is y for a horizontal rule, x for a vertical one;
    `start`/`end` its extent along the other axis."""

    pos: float
    start: float
    end: float


@dataclass
class Line:
    words: list[Word]
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


def to_lines(words: list[Word], settings: PdfSettings = DEFAULT) -> list[Line]:
    """Words grouped into lines (vertical overlap), top to bottom, left to right."""
    lines: list[Line] = []
    share = settings.line_overlap
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        line = lines[-1] if lines else None
        if line is not None:
            overlap = min(line.bottom, w.bottom) - max(line.top, w.top)
            if overlap >= share * min(line.bottom - line.top, w.bottom - w.top):
                line.words.append(w)
                line.top = min(line.top, w.top)
                line.bottom = max(line.bottom, w.bottom)
                continue
        lines.append(Line([w], w.top, w.bottom))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def cell_text(words: list[Word], settings: PdfSettings = DEFAULT) -> str:
    """One cell's words as text: lines in reading order, joined without gluing words."""
    if not words:
        return ""
    text = join([line.text for line in to_lines(words, settings)])
    return text.replace("\u00ad", "")


def cluster(values: list[float], tol: float) -> list[float]:
    """Sorted values, each closer than `tol` to the one kept before it dropped."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def column_of(lefts: list[float], x0: float, settings: PdfSettings = DEFAULT) -> int:
    """Index of the column (by its start x) that a word starting at `x0` falls in."""
    return max(bisect_right(lefts, x0 + settings.column_slack) - 1, 0)


def header_columns(lines: list[Line], settings: PdfSettings = DEFAULT) -> tuple[list[float], list[str]]:
    """Column starts and header cell texts from a (possibly wrapped) header block."""
    words = sorted((w for line in lines for w in line.words), key=lambda w: w.x0)
    height = max(line.bottom - line.top for line in lines)
    groups: list[list[Word]] = []
    right = -1e9
    for w in words:
        if groups and w.x0 <= right + settings.header_group_h * height:
            groups[-1].append(w)
            right = max(right, w.x1)
        else:
            groups.append([w])
            right = w.x1
    lefts = [min(w.x0 for w in g) for g in groups]
    texts = [one_line(cell_text(g, settings)) for g in groups]
    return lefts, texts
