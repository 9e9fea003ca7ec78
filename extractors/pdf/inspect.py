"""See what chc saw on a PDF's pages: the rules it used, the tables and which it
took as the form, the cells, each row's box and number, the column roles, and
the words it dropped as furniture.

Drawn with pdfplumber's `PageImage` (over a pypdfium2 rendering) as PNGs, and
listed as text, as pdfplumber's ``debug_tablefinder`` and camelot's ``plot`` do
for their users.  `chc inspect FILE.pdf [--page N] [--out DIR]` is a thin layer over
`inspect_pdf`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractors.pdf.document import read_document
from extractors.pdf.geometry import to_lines
from extractors.pdf.settings import DEFAULT, PdfSettings
from pipeline.core.model import Source

# Colours (RGBA): rules used, rules ignored, the form's cells, other tables, rows, furniture.
RULE = (0, 90, 255, 255)
IGNORED = (160, 160, 160, 255)
FORM = (0, 160, 60, 255)
OTHER = (220, 0, 0, 255)
ROW = (255, 140, 0, 90)
FURNITURE = (200, 0, 200, 70)


@dataclass
class InspectedPage:
    number: int
    text: list[str] = field(default_factory=list)
    image: Path | None = None


def inspect_pdf(path: Path, page: int | None = None, out_dir: Path | None = None,
                settings: PdfSettings = DEFAULT, resolution: int = 100) -> list[InspectedPage]:
    """Per page (or only `page`, 1-based): what was read, as text lines, and a PNG in `out_dir`."""
    path = Path(path)
    extraction, trace = read_document(Source(path, path.read_bytes()), settings)
    report: list[InspectedPage] = []
    if trace is None:
        problems = "; ".join(p.message for p in extraction.problems) or "nothing to read"
        return [InspectedPage(0, [f"{path.name}: {problems}"])]
    rows_by_page: dict[int, list[tuple[int, object]]] = {}
    for n, row in enumerate(extraction.rows, start=1):
        rows_by_page.setdefault(row.source_start, []).append((n, row))
    for k, pd in enumerate(trace.pages):
        if page is not None and pd.number != page:
            continue
        ip = InspectedPage(pd.number)
        tables = [t for t in trace.tables if t.page == pd.number]
        dropped = [w for w in pd.words if id(w) in trace.furniture[k]]
        ip.text.append(f"page {pd.number}: {pd.width:.0f} x {pd.height:.0f} pt, {len(pd.words)} words, "
                       f"{len(pd.hrules)} horizontal and {len(pd.vrules)} vertical rules, "
                       f"{len(trace.regions[k])} ruled table(s)")
        for t_no, t in enumerate(tables, start=1):
            r = t.region
            where = (f"at ({r.x0:.0f}, {r.top:.0f}, {r.x1:.0f}, {r.bottom:.0f}): {len(r.xs) - 1} columns x "
                     f"{len(r.ys) - 1} bands" if r else f"(borderless): {len(t.body)} rows")
            ip.text.append(f"  table {t_no} {where}; {'THE FORM' if t.is_form else 'not the form'} ({t.why})")
            if t.roles:
                ip.text.append("    columns: " + " | ".join(t.roles))
        if not any(t.region for t in tables):
            ip.text.append("  no ruled table: read as a borderless table (columns from the header's words)")
        for n, row in rows_by_page.get(pd.number, []):
            box = ", ".join(f"{v:.0f}" for v in row.bbox) if row.bbox else "-"
            pages = f"pages {row.source_start}-{row.source_end}" if row.source_end > row.source_start else ""
            ip.text.append(f"  row {n}: {row.printed_id or '(no number)'} comply={row.comply_raw!r} "
                           f"box=({box}) {row.read_as} {pages}".rstrip())
        for line in to_lines(dropped, settings):
            ip.text.append(f"  furniture: {line.text[:90]!r}")
        if out_dir is not None:
            ip.image = _draw(path, pd, tables, rows_by_page.get(pd.number, []), dropped,
                             Path(out_dir), resolution)
            ip.text.append(f"  image: {ip.image}")
        report.append(ip)
    return report


def _draw(path: Path, pd, tables, rows, dropped, out_dir: Path, resolution: int) -> Path:
    import pdfplumber  # only here: reading never needs it

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{path.stem}-page{pd.number:03d}.png"
    with pdfplumber.open(path) as pdf:
        im = pdf.pages[pd.number - 1].to_image(resolution=resolution)
        scale = im.page.width / pd.width if pd.width else 1.0  # chc's page is as displayed
        def box(b):
            return tuple(v * scale for v in b)
        ruled = [t for t in tables if t.region is not None]
        used = {id(h) for t in ruled if t.is_form for h in t.region.hrules + t.region.vrules}
        for h in pd.hrules:
            im.draw_line([(h.start * scale, h.pos * scale), (h.end * scale, h.pos * scale)],
                         stroke=RULE if id(h) in used else IGNORED, stroke_width=1)
        for v in pd.vrules:
            im.draw_line([(v.pos * scale, v.start * scale), (v.pos * scale, v.end * scale)],
                         stroke=RULE if id(v) in used else IGNORED, stroke_width=1)
        for t in ruled:
            r = t.region
            colour = FORM if t.is_form else OTHER
            im.draw_rect(box((r.x0, r.top, r.x1, r.bottom)), fill=(0, 0, 0, 0), stroke=colour, stroke_width=3)
            if t.is_form:
                for y in r.ys:
                    im.draw_line([(r.x0 * scale, y * scale), (r.x1 * scale, y * scale)], stroke=colour, stroke_width=1)
                for x in r.xs:
                    im.draw_line([(x * scale, r.top * scale), (x * scale, r.bottom * scale)], stroke=colour, stroke_width=1)
        for _, row in rows:
            if row.bbox:
                im.draw_rect(box(row.bbox), fill=ROW, stroke=(255, 140, 0, 255), stroke_width=2)
        for w in dropped:
            im.draw_rect(box((w.x0, w.top, w.x1, w.bottom)), fill=FURNITURE, stroke=(200, 0, 200, 255), stroke_width=1)
        im.save(target, format="PNG")
    return target
