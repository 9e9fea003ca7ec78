"""Which layout a text is in: every plausible reader runs, the reading that finds
most of the form wins (`quality`)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extractors.form.furniture import running_furniture
from extractors.form.labels import field_label
from extractors.text.aligned import AlignedReader, looks_aligned
from extractors.text.blocks import BlocksReader
from extractors.text.flat import FlatReader
from extractors.text.pipes import PipeReader, pipe_cells
from extractors.text.tabbed import TabbedReader
from pipeline.core import catalogue
from pipeline.core.claims import is_comply_value
from pipeline.core.ids import parse_id
from pipeline.core.matching import TextIndex
from pipeline.core.model import Problem, Row


@dataclass
class Reading:
    layout: str  # tabbed | pipes | blocks | aligned | flat
    rows: list[Row]
    headers: list[list[str]]
    quality: float


def read_text(text: str, index: TextIndex | None = None) -> Reading:
    """Rows of a text in whichever layout reads it best.

    A layout with explicit cell separators (tabs, pipes) that covers the text is
    read alone.  Otherwise every plausible reader runs and the one whose rows
    read most like a self-assessment wins (see `quality`); a reader listed
    earlier wins unless another finds clearly more (ties favour separators and
    labels over guessing cell ends from the Code's wording).
    """
    index = index or text_index()
    lines = text.split("\n")
    running = running_furniture(lines)  # the pages' running heads and feet: never content
    lines = ["" if i in running else ln for i, ln in enumerate(lines)]
    content = [ln for ln in lines if ln.strip()]
    tabbed = sum(1 for ln in content if len([c for c in ln.split("\t") if c.strip()]) >= 2)
    piped = sum(1 for ln in content if (cells := pipe_cells(ln)) and len(cells) >= 2)
    labelled = sum(1 for ln in content if len(ln) <= 400 and field_label(ln) is not None)
    share = max(1, len(content)) * SEPARATED_SHARE
    # Labels in the cells ("Code provision\t1.2", "Do we comply?\tYes"): a table of
    # label/value pairs, one block per provision, is read as labelled blocks too.
    blocks = [("blocks", BlocksReader)] if labelled >= max(2, LABELLED_SHARE * max(tabbed, piped)) else []
    if tabbed and tabbed >= share and tabbed >= piped:
        candidates = [("tabbed", TabbedReader)] + blocks
    elif piped and piped >= share:
        candidates = [("pipes", PipeReader)] + blocks
    else:
        candidates = [("tabbed", TabbedReader)] if tabbed else []
        candidates += [("pipes", PipeReader)] if piped else []
        candidates += [("blocks", BlocksReader)] if labelled >= 2 else []
        candidates += [("aligned", AlignedReader)] if looks_aligned(lines) else []
        candidates.append(("flat", FlatReader))
    best: Reading | None = None
    for layout, reader_class in candidates:
        reader = reader_class(index)
        rows = reader.read(lines)
        reading = Reading(layout, rows, reader.headers, quality(rows, index))
        if best is None or reading.quality > best.quality / CLEARLY_MORE:
            best = reading
    for row in best.rows:
        row.read_as = row.read_as or best.layout
    return best


SEPARATED_SHARE = 0.3  # share of content lines with separators at which a layout reads alone
CLEARLY_MORE = 0.9  # a later reader must beat an earlier one by this factor
LABELLED_SHARE = 0.5  # labelled lines per separated line at which labelled blocks are tried too


def quality(rows: list[Row], index: TextIndex) -> float:
    """How much a reading looks like a self-assessment: rows identified by a
    number or by the Code's wording, with a claim and some evidence; a provision
    read twice counts little."""
    score = 0.0
    seen: set[str] = set()
    for row in rows:
        if not (row.requirement or row.comply_raw or row.evidence or row.commentary):
            continue  # a number with nothing after it
        number = parse_id([row.printed_id]) if row.printed_id else None
        pid = number.provision_id if number else None
        if pid is None and len(row.requirement) >= 20:
            p = index.starts_requirement(row.requirement) or index.closest(row.requirement, 70)
            pid = p.provision_id if p is not None else None
        if pid is not None and pid in seen:
            continue  # a provision read twice: one of the two is a misreading
        seen.add(pid or "")
        value = 1.0 if pid else 0.3
        if row.comply_raw and is_comply_value(row.comply_raw):
            value += 0.3
        if row.evidence or row.commentary:
            value += 0.2
        score += value
    return score


def no_rows_problem(what: str) -> Problem:
    """The error for a file in which no provision row was recognised, saying what was read."""
    return Problem(
        "extract", "error",
        f"no provision rows recognised: {what}; check that this is a Complaint Handling Code "
        "self-assessment",
    )


@lru_cache(maxsize=1)
def text_index() -> TextIndex:
    return TextIndex(catalogue.load())
