"""Every tolerance the PDF reader uses, in one place (as pdfplumber's TableSettings).

Distances are PDF points; names ending in ``_h`` are shares of a line's (or
character's) height, and ``*_share`` of the page height.  ``extract(source,
settings=PdfSettings(...))`` passes one instance down to every stage.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PdfSettings:
    # --- rules (reading.py, regions.py, ruled.py)
    rule_tol: float = 2.0  # rules this close are one rule
    min_rule: float = 4.0  # shorter strokes are not rules
    thin: float = 2.5  # a filled rectangle thinner than this is a drawn rule
    straight: float = 1.0  # a segment whose ends differ by less than this across is straight

    # --- words (reading.py)
    same_line_h: float = 0.5  # a word's ends more than this far apart vertically: not one line
    max_char_width_h: float = 1.2  # a word wider than this per character is two words
    overlap_back_h: float = 0.5  # a character starting this far left of the last one starts a word
    char_gap_h: float = 0.15  # a gap wider than this between characters starts a word

    # --- lines and cells (geometry.py)
    line_overlap: float = 0.5  # share of the smaller height two words must overlap to share a line
    column_slack: float = 3.0  # a word starting this far left of a column start is still in it

    # --- furniture (furniture.py)
    # Shares of the page height: text outside tables this close to the top or
    # bottom edge is furniture; within MARGIN it is furniture when it repeats
    # across pages or is a page number.  EDGE stays inside Word's narrowest margins (0.5").
    edge_share: float = 0.035
    margin_share: float = 0.15
    repeat_share: float = 0.3  # a line repeats when on this share of pages (at least 2)
    repeat_y: float = 3.0  # repeated lines are compared at this vertical resolution

    # --- ruled tables (regions.py)
    region_min_columns: int = 3  # vertical rules a table needs (2 columns)
    region_min_width: float = 100.0
    region_min_height: float = 8.0
    region_slack: float = 1.0  # a word whose centre is this far outside a table is still in it
    rule_overlap: float = 2.0  # a horizontal rule must reach this far into a table to be its own
    cell_snap: float = 4.0  # a row rule starts and ends this close to column boundaries (not an underline)

    # --- which tables are the form (verdict.py)
    column_match: float = 3.0  # column boundaries this close: the same table layout
    form_row_share: float = 0.5  # share of a header-less table's rows that must look like form rows
    form_min_rows: int = 1
    # A table's rows align when at least this share of those that can be judged print a
    # provision's wording; fewer than form_min_judged such rows: alignment says nothing.
    form_align_share: float = 0.5
    form_min_judged: int = 2
    form_judge_chars: int = 15  # a requirement cell shorter than this (match key) is not judged
    form_aligned: float = 60.0  # similarity (pipeline.core.matching, 0-100) to its number's wording

    # --- borderless tables (borderless.py)
    row_gap_h: float = 0.6  # a vertical gap over this share of a line height ends a block
    header_gap_h: float = 0.8  # a header's wrapped lines are closer than this
    header_group_h: float = 0.5  # header words closer than this are one cell
    prose_reach: float = 2.0  # a first-column line reaching past column 2 by this is prose


DEFAULT = PdfSettings()
