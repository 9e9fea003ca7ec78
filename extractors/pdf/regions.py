"""Ruled tables on a page: chains of vertical rules and the horizontal rules inside them."""
from __future__ import annotations

from dataclasses import dataclass

from extractors.pdf.geometry import Rule, Word, cluster
from extractors.pdf.reading import PageData
from extractors.pdf.settings import DEFAULT, PdfSettings


@dataclass
class Region:
    """A ruled table on a page: its column boundaries and row boundaries."""

    x0: float
    top: float
    x1: float
    bottom: float
    xs: list[float]
    ys: list[float]
    vrules: list[Rule]
    hrules: list[Rule]
    slack: float = DEFAULT.region_slack

    def contains(self, w: Word) -> bool:
        s = self.slack
        return self.x0 - s <= w.cx <= self.x1 + s and self.top - s <= w.cy <= self.bottom + s


def find_regions(page: PageData, settings: PdfSettings = DEFAULT) -> list[Region]:
    """Ruled tables: chains of vertical rules that overlap vertically, with the
    horizontal rules that fall inside them."""
    s = settings
    tol = s.rule_tol
    groups: list[list[Rule]] = []
    span: list[list[float]] = []
    for v in sorted(page.vrules, key=lambda v: v.start):
        if groups and v.start <= span[-1][1] + tol:
            groups[-1].append(v)
            span[-1][1] = max(span[-1][1], v.end)
        else:
            groups.append([v])
            span.append([v.start, v.end])
    regions = []
    for vs, (top, bottom) in zip(groups, span):
        xs = cluster([v.pos for v in vs], tol)
        if len(xs) < s.region_min_columns or xs[-1] - xs[0] < s.region_min_width or bottom - top < s.region_min_height:
            continue
        x0, x1 = xs[0], xs[-1]
        hs = [h for h in page.hrules
              if top - tol <= h.pos <= bottom + tol and h.end > x0 + s.rule_overlap and h.start < x1 - s.rule_overlap
              and _spans_cell(h, xs, s.cell_snap)]
        ys = cluster([top] + [h.pos for h in hs] + [bottom], tol)
        regions.append(Region(x0, top, x1, bottom, xs, ys, vs, hs, s.region_slack))
    return regions


def _spans_cell(h: Rule, xs: list[float], snap: float) -> bool:
    """Does a horizontal rule run from one column boundary to another?  A cell
    border does; an underlined link, a highlight's edge or a strike-through, drawn
    under or over some words inside a cell, does not."""
    return any(abs(h.start - x) <= snap for x in xs) and any(abs(h.end - x) <= snap for x in xs)
