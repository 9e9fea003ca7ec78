"""Align extracted rows to the canonical provisions of their document's edition.

1. The edition (2022 or 2024 Code) is decided for the whole document: each
   edition is scored by how well every row's printed number agrees with that
   edition's text for the number (rows without a number count by their best
   text match), with the header wording as a tie-breaker.  One 2024 row that
   quotes 2022 wording cannot flip a document.
2. Each row is then matched on number and text together.  A printed number
   whose canonical text agrees is taken ("number+text"); a number whose text
   clearly belongs to another provision is repaired ("text", id_corrected);
   a row without a number is placed by its text ("text").
3. Provisions whose texts are identical in the Code (stage 1 / stage 2 twins)
   are told apart by the row's "Stage N" sub-heading, then by order among the
   neighbouring rows; and no provision is given to two rows while an
   untaken twin or close candidate can take one of them.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from pipeline.core.ids import parse_id
from pipeline.core.catalogue import Catalogue, Provision
from pipeline.core.matching import match_key
from pipeline.core.claims import normalise
from pipeline.core.matching import best_similarity, similarity
from pipeline.core.model import Extraction, Problem, Response, Row
from pipeline.core.thresholds import LOW_CONFIDENCE

ACCEPT = 80.0  # text similarity at which a printed number is confirmed by its text
REPAIR_MARGIN = 15.0  # how much better another provision must match to repair a number
PLACE = 60.0  # weakest text match that still places an unnumbered row
SHORT_TEXT = 15  # a requirement shorter than this (in key characters) cannot confirm anything


@dataclass
class Alignment:
    code_version: str
    responses: list[Response]
    links: list[dict]
    problems: list[Problem] = field(default_factory=list)
    edition_scores: dict[str, float] = field(default_factory=dict)
    edition_read: str | None = None  # the edition chc read from the document, before a reviewer's decision

    @property
    def low_confidence(self) -> int:
        return sum(1 for r in self.responses if r.match_score < LOW_CONFIDENCE)


@dataclass
class _Candidate:
    provision: Provision
    score: float


def printed_number(row: Row) -> str | None:
    if not row.printed_id:
        return None
    parsed = parse_id([c.strip() for c in row.printed_id.split("\t")])
    return parsed.provision_id if parsed else None


def decide_edition(rows: list[Row], keys: list[str], numbers: list[str | None],
                   catalogue: Catalogue, headers: list[list[str]],
                   cache: dict | None = None, title: str = "") -> tuple[str, dict[str, float]]:
    """The edition whose numbering and wording fit the rows best, weighed with what the
    page says of itself (`title`: its first lines); fills `cache` with (edition, row
    index) -> similarity to the printed number's text."""
    scores: dict[str, float] = {}
    cache = {} if cache is None else cache
    for edition in ("2022", "2024"):
        form = catalogue.form(edition)
        total = 0.0
        for i, (key, number) in enumerate(zip(keys, numbers)):
            p = catalogue.get(edition, number) if number else None
            if p is not None and p.in_self_assessment:
                if len(key) >= SHORT_TEXT:
                    cache[(edition, i)] = similarity(key, p.key)
                    total += cache[(edition, i)]
                else:
                    total += 50.0
            elif number is None and len(key) >= SHORT_TEXT:
                # An edition whose wording the row does not print scores a lower bound here.
                total += max(best_similarity(key, [q.key for q in form], weak_exact=False), default=0.0)
        scores[edition] = total / max(1, len(rows))
    header_text = " ".join(" ".join(h) for h in headers).lower()
    if "provision" in header_text or "commentary / explanation" in header_text:
        scores["2024"] += 0.5  # the 2024 form's header wording: decides ties only
    if any((n or "").startswith("9.") for n in numbers):
        scores["2024"] += 0.5
    # What the page says of itself: its title's year, its section titles, its columns.  Each
    # is worth a few points of row similarity, so it settles a page whose rows quote the
    # older wording (landlords kept their 2022 definition) but not one whose rows disagree.
    for vote in (_title_vote(title), _sections_vote(rows, catalogue), _columns_vote(headers)):
        scores["2024" if vote > 0 else "2022"] += PAGE_SIGNAL * abs(vote)
    edition = "2024" if scores["2024"] > scores["2022"] else "2022"
    return edition, scores


PAGE_SIGNAL = 4.0  # row-similarity points one page signal (title, sections, columns) is worth
TITLE_LINES = 6  # non-empty lines at the top of a document that make its title
_YEAR = re.compile(r"\b(20[12]\d)\b")


def _title(extraction: Extraction) -> str:
    """The file's own title (metadata) and its first few lines, before its first row where
    the rows are numbered by line (text formats): a year in a row's evidence says nothing
    of the edition."""
    lines = extraction.text[:5000].split("\n")
    if extraction.extractor == "text" and extraction.rows and extraction.rows[0].source_start > 0:
        lines = lines[: extraction.rows[0].source_start - 1]
    own = [extraction.metadata[k] for k in ("title", "subject") if extraction.metadata.get(k)]
    return "\n".join(own + [ln for ln in lines if ln.strip()][:TITLE_LINES])


def _title_vote(title: str) -> int:
    """+1 when the title's year is 2024 or later (the 2024 Code took effect in April 2024),
    -1 when it is earlier, 0 for no year or both."""
    years = {int(y) for y in _YEAR.findall(title)}
    later, earlier = any(y >= 2024 for y in years), any(y < 2024 for y in years)
    return int(later) - int(earlier)


def _section_titles(catalogue: Catalogue) -> dict[str, dict[int, str]]:
    return {ed: {p.section_number: p.section_title.lower().replace("&", "and") for p in catalogue.form(ed)}
            for ed in ("2022", "2024")}


def _section_edition(text: str, number: int | None, titles: dict[str, dict[int, str]]) -> int:
    """+1/-1 when a section heading names its section as only the 2024/2022 Code does
    ("Section 2: Exclusions" is 2024's, "Section 2: Accessibility and awareness" 2022's)."""
    text = text.lower().replace("&", "and")
    found = {ed: {n: t for n, t in titles[ed].items() if t in text} for ed in titles}
    if number is not None:
        new, old = number in found["2024"], number in found["2022"]
        if found["2024"].get(number) == found["2022"].get(number):
            return 0
        return int(new) - int(old)
    # No number: a title only one edition has (not a part of the other's longer title).
    new = [t for t in found["2024"].values() if not any(t in o and t != o for o in found["2022"].values())]
    old = [t for t in found["2022"].values() if not any(t in o and t != o for o in found["2024"].values())]
    new = [t for t in new if t not in old]
    old = [t for t in old if t not in found["2024"].values()]
    return (1 if new else 0) - (1 if old else 0)


_SECTION_NO = re.compile(r"^\W*(?:section|part)?\s*(\d{1,2})\b", re.I)


def _sections_vote(rows: list[Row], catalogue: Catalogue) -> int:
    titles = _section_titles(catalogue)
    total = 0
    for text in dict.fromkeys(r.section for r in rows if r.section):
        m = _SECTION_NO.match(text)
        total += _section_edition(text, int(m.group(1)) if m else None, titles)
    return (total > 0) - (total < 0)


def _columns_vote(headers: list[list[str]]) -> int:
    """+1 for a header with separate Evidence and Commentary columns (the 2024 form),
    -1 for one "Evidence, commentary and any explanations" column (the 2022 form)."""
    votes = set()
    for header in headers:
        cells = [c.lower() for c in header if c.strip()]
        evidence = [c for c in cells if "evidence" in c]
        comment = [c for c in cells if "comment" in c]
        if evidence and comment and not set(evidence) & set(comment):
            votes.add(1)
        elif evidence and all("comment" in c for c in evidence) and len(cells) >= 3:
            votes.add(-1)
    return sum(votes)


def align(extraction: Extraction, doc_id: str, catalogue: Catalogue, edition: str | None = None) -> Alignment:
    """`edition`, when given, is a reviewer's decision (corrections.csv `code_version`): the rows
    are aligned to it whatever the document's own numbering suggests."""
    rows, repeats = _without_repeats(extraction.rows)
    keys = [match_key(r.requirement) for r in rows]
    numbers = [printed_number(r) for r in rows]
    sims: dict[tuple[str, int], float] = {}
    title = _title(extraction)
    edition_read, scores = decide_edition(rows, keys, numbers, catalogue, extraction.headers, sims, title)
    edition = edition or edition_read
    form = catalogue.form(edition)
    problems: list[Problem] = list(repeats)

    placed: list[tuple[Provision | None, float, str, bool, list[_Candidate]]] = []
    for i, (row, key, number) in enumerate(zip(rows, keys, numbers)):
        placed.append(_place(row, key, number, edition, form, catalogue, sims.get((edition, i))))

    provisions = _resolve_twins_and_duplicates(rows, placed)

    responses: list[Response] = []
    links: list[dict] = []
    for row_no, (row, number, (p, score, method, corrected, _)) in enumerate(
        zip(rows, numbers, placed), start=1
    ):
        p = provisions[row_no - 1]
        if p is not None and number is not None and p.provision_id != number:
            corrected = True
            if method == "number+text":
                method = "text"
        comply, recognised = normalise(row.comply_raw)
        if not recognised:
            problems.append(Problem(
                "align", "warning",
                f"row {row_no} ({p.provision_id if p else row.printed_id or 'no number'}): comply cell "
                f"{row.comply_raw!r} is not a compliance claim; recorded as not_stated",
                row_no=row_no,
            ))
        if p is None:
            problems.append(Problem(
                "align", "warning",
                f"row {row_no} (printed {row.printed_id or 'without a number'}, lines/pages "
                f"{row.source_start}-{row.source_end}) matches no {edition} provision; kept unaligned",
                row_no=row_no,
            ))
        elif corrected:
            problems.append(Problem(
                "align", "info",
                f"row {row_no}: printed number {row.printed_id!r} repaired to {p.provision_id} from its text",
                row_no=row_no,
            ))
        responses.append(Response(
            doc_id=doc_id,
            row_no=row_no,
            provision_id=p.provision_id if p else None,
            code_version=edition,
            printed_id=row.printed_id,
            id_corrected=bool(corrected),
            match_score=round(score / 100.0, 3),
            match_method=method if p else "unaligned",
            requirement_text=row.requirement,
            comply_raw=row.comply_raw,
            comply=comply,
            evidence=row.evidence,
            commentary=row.commentary,
            section=row.section,
            sub_heading=row.sub_heading,
            source_start=row.source_start,
            source_end=row.source_end,
            bbox=row.bbox,
            read_as=row.read_as,
            merged_cells=list(row.merged),
            continued_parts=row.continued,
            sheet=row.sheet,
            html_markup=row.html_markup,
            ocr_confidence=row.ocr_confidence,
            claim_confidence=row.claim_confidence,
            extra_columns=json.dumps(row.extra_columns, ensure_ascii=False) if row.extra_columns else None,
        ))
        if p is not None:
            for p2024, relation in catalogue.links_to_2024(edition, p.provision_id):
                links.append({"doc_id": doc_id, "row_no": row_no, "provision_2024": p2024, "relation": relation})

    seen: dict[str, int] = {}
    for r in responses:
        if r.provision_id:
            if r.provision_id in seen:
                problems.append(Problem(
                    "align", "warning",
                    f"provision {r.provision_id} appears twice (rows {seen[r.provision_id]} and {r.row_no})",
                    row_no=r.row_no,
                ))
            seen.setdefault(r.provision_id, r.row_no)
    return Alignment(edition, responses, links, problems, scores, edition_read)


REPEAT_MIN_CHARS = 20  # a row with less text than this may honestly repeat (a number and "Yes")


def _without_repeats(rows: list[Row]) -> tuple[list[Row], list[Problem]]:
    """The rows, each numbered row printed twice word for word kept once.  A web page that renders its table
    twice (a desktop table and mobile cards, both in the saved text) or a PDF with a page printed
    twice repeats every cell of a row; two rows of one provision whose words differ are both kept
    (and reported by the duplicate check)."""
    kept: list[Row] = []
    problems: list[Problem] = []
    first: dict[tuple, int] = {}
    for row in rows:
        cells = (row.printed_id, row.requirement, row.comply_raw, row.evidence, row.commentary,
                 tuple(sorted(row.extra_columns.items())))
        key = tuple(" ".join((c or "").split()) if isinstance(c, str) or c is None else c for c in cells)
        # Unnumbered rows may honestly repeat: the Code has twin provisions with the same words (a
        # stage 1 and a stage 2 rule), printed without numbers and answered alike.
        if not key[0] or sum(len(c) for c in key[1:5] if c) < REPEAT_MIN_CHARS:
            kept.append(row)
            continue
        if key in first:
            where = "page" if row.bbox is not None else "line"
            problems.append(Problem("align", "warning", (
                f"row {row.printed_id or '(no number)'} at {where} {row.source_start} repeats the row at {where} "
                f"{first[key]} word for word (a table printed twice); kept once")))
            continue
        first[key] = row.source_start
        kept.append(row)
    return kept, problems


def _candidates(key: str, form: list[Provision]) -> list[_Candidate]:
    cands = [_Candidate(p, score) for p, score in zip(form, best_similarity(key, [p.key for p in form]))]
    cands.sort(key=lambda c: (-c.score, c.provision.order))
    return cands


def _place(row: Row, key: str, number: str | None, edition: str, form: list[Provision],
           catalogue: Catalogue, known: float | None = None):
    """(provision, score 0-100, method, id_corrected, candidates) for one row on its own.

    `known` is the row's similarity to its printed number's text, when already computed."""
    p = catalogue.get(edition, number) if number else None
    if p is not None and not p.in_self_assessment:
        p = None  # an introductory paragraph is never a form row: the number is wrong
    if p is not None:
        if len(key) < SHORT_TEXT:
            return p, 70.0, "number", False, []
        s = known if known is not None else similarity(key, p.key)
        if s >= ACCEPT:
            return p, s, "number+text", False, []
        cands = _candidates(key, form)
        best = cands[0]
        if best.provision.key != p.key and best.score >= ACCEPT and best.score - s >= REPAIR_MARGIN:
            return best.provision, best.score, "text", True, cands
        return p, max(s, 50.0), "number", False, []
    if len(key) < SHORT_TEXT:
        return None, 0.0, "unaligned", False, []
    cands = _candidates(key, form)
    best = cands[0]
    if best.score < PLACE:
        return None, best.score, "unaligned", False, cands
    return best.provision, best.score, "text", number is not None, cands


def _resolve_twins_and_duplicates(rows: list[Row], placed) -> list[Provision | None]:
    """Final provision per row: twins by stage and order, no provision given twice."""
    fixed = {i for i, (p, _, method, _, _) in enumerate(placed) if p is not None and method != "text"}
    # Rows placed by number are settled; rows placed by text choose in document order.
    chosen: list[Provision | None] = [p if i in fixed else None for i, (p, *_) in enumerate(placed)]

    def taken(p: Provision, me: int) -> bool:
        return any(j != me and c is not None and c.provision_id == p.provision_id for j, c in enumerate(chosen))

    for i, (p, score, _method, _, cands) in enumerate(placed):
        if p is None or i in fixed:
            continue
        # Every candidate as good as the best is a twin (identical or equally matching text).
        twins = [c.provision for c in cands if c.score >= score - 1.0] or [p]
        stage = rows[i].stage
        free = [t for t in twins if not taken(t, i)] or twins
        by_stage = [t for t in free if stage is not None and t.stage == stage]
        pool = by_stage or free
        chosen[i] = _by_order(pool, chosen, i) if len(pool) > 1 else pool[0]
    return chosen


def _by_order(pool: list[Provision], chosen: list[Provision | None], i: int) -> Provision:
    """The candidate that sits best between the rows before and after this one."""
    before = next((c.order for c in reversed(chosen[:i]) if c is not None), None)
    after = next((c.order for c in chosen[i + 1:] if c is not None), None)

    def distance(p: Provision) -> float:
        d = 0.0
        if before is not None:
            d += abs(p.order - before)
        if after is not None:
            d += abs(after - p.order)
        return d

    return min(pool, key=lambda p: (distance(p), p.order))
