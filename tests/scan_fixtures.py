"""Scans of generated self-assessments: a born-digital fixture PDF (tests/pdf_fixtures.py,
or a LibreOffice/Chromium print from tests/published_fixtures.py) printed to an image
and "scanned" back: each page rasterised at a scanner's dpi, turned a little (0.5-2
degrees, as a sheet sits crooked on the glass), blurred, speckled with toner dust,
one page fed upside down, and wrapped into an image-only PDF (Pillow's PDF writer:
one JPEG-free greyscale image a page, no text).

`CASES` are the scans OCR is measured on (bench/bench_ocr.py), in two halves: the
tuning half, looked at while changing extractors/pdf/ocr.py, and the held-out half
(other layouts, generators, rows, wording and noise), which is only ever scored.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class Noise:
    angles: tuple[float, ...] = (0.8, -1.5, 2.0, -0.5)  # degrees per page, in turn
    blur: float = 0.6  # Gaussian radius in pixels at 300 dpi (scaled with the dpi)
    speckle: float = 0.0015  # share of pixels turned to dust (half dark, half light)
    upside_down: tuple[int, ...] = (2,)  # 1-based pages fed the wrong way round
    # (page, (x0, top, x1, bottom) in points): spots where the toner faded, a word barely legible.
    smudges: tuple[tuple[int, tuple[float, float, float, float]], ...] = ()
    seed: int = 7


def _speckle(img: Image.Image, share: float, rng: random.Random) -> Image.Image:
    if share <= 0:
        return img
    px = img.load()
    w, h = img.size
    for _ in range(int(w * h * share)):
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = rng.choice((30, 235))
    return img


def _fade(img: Image.Image, box: list[int], dpi: int) -> Image.Image:
    """The text in `box` faded to light grey and smeared."""
    region = img.crop(box).filter(ImageFilter.GaussianBlur(2.2 * dpi / 300))
    region = region.point(lambda v: 255 - (255 - v) * 0.4)
    img.paste(region, box[:2])
    return img


def scan(src: Path, dest: Path, dpi: int = 300, noise: Noise = Noise()) -> Path:
    """`src` as an image-only PDF scanned at `dpi` with `noise`."""
    rng = random.Random(noise.seed)
    pdf = pdfium.PdfDocument(str(src))
    images: list[Image.Image] = []
    try:
        for k in range(len(pdf)):
            page = pdf[k]
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            for number, box in noise.smudges:
                if number == k + 1:
                    img = _fade(img, [round(v * dpi / 72) for v in box], dpi)
            angle = noise.angles[k % len(noise.angles)] if noise.angles else 0.0
            if angle:
                img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            if noise.blur:
                img = img.filter(ImageFilter.GaussianBlur(noise.blur * dpi / 300))
            img = _speckle(img, noise.speckle, rng)
            if k + 1 in noise.upside_down:
                img = img.rotate(180)
            images.append(img)
    finally:
        pdf.close()
    images[0].save(dest, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return dest


# ------------------------------------------------------------------ measured cases

TUNING, HELD_OUT = "tuning", "held_out"
# The held-out scans come off another "scanner": other turns, more blur and dust,
# the first page fed upside down instead of the second.
NOISE = {TUNING: Noise(), HELD_OUT: Noise(angles=(-1.2, 1.7, -0.6, 1.1), blur=0.8, speckle=0.002,
                                          upside_down=(1,), seed=31)}


@dataclass(frozen=True)
class Case:
    """One scanned document: `kind` "reference" (reportlab layout `layout`, rows
    `first`..`first + n` of the `source` edition's form, texts written in
    tests/pdf_fixtures), "seed" (the rows of seed dump `source`, bench only) or
    "published" (family `layout` of tests/published_fixtures, variant `source`,
    `n` of its pages from page index `first`)."""

    half: str
    kind: str
    layout: str
    source: str
    first: int = 0
    n: int = 10

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.layout}:{self.source}:{self.first}+{self.n}"


CASES = [
    Case(TUNING, "reference", "ruled_landscape", "2024", 0, 12),
    Case(TUNING, "reference", "ruled_portrait", "2022", 30, 10),
    Case(TUNING, "reference", "borderless", "2024", 20, 8),
    Case(TUNING, "published", "tick_boxes", "a", n=2),
    Case(TUNING, "published", "form_2022", "a", n=2),
    Case(TUNING, "published", "browser_print", "a", n=2),
    Case(HELD_OUT, "reference", "headings", "2024", 40, 10),
    Case(HELD_OUT, "reference", "horizontal_rules", "2024", 55, 8),
    Case(HELD_OUT, "reference", "borderless_reordered", "2022", 5, 10),
    Case(HELD_OUT, "reference", "merged", "2024", 10, 10),
    Case(HELD_OUT, "published", "annual_report", "b", 2, 3),
    Case(HELD_OUT, "published", "extra_columns", "b", n=2),
    Case(HELD_OUT, "published", "wrapped_header", "b", n=2),
    Case(HELD_OUT, "published", "split_claims", "b", n=2),
    Case(HELD_OUT, "published", "no_numbers", "b", n=2),
    Case(HELD_OUT, "published", "section_tables", "b", n=2),
    Case(HELD_OUT, "seed", "ruled_landscape", "003", 0, 10),
    Case(HELD_OUT, "seed", "borderless", "001", 0, 10),
]


@dataclass
class Truth:
    key: str  # printed number (reference, seed) or provision id (published)
    comply: str  # normalised claim
    first: list[str]
    last: list[str]


@dataclass
class Built:
    case: Case
    path: Path  # the scan
    pages: int
    truth: list[Truth]
    by: str  # the responses field `key` is matched on
    ignore: set[str]  # keys of rows cut by the page limit: neither found nor extra


def some_pages(src: Path, dest: Path, first: int, n: int) -> int:
    """`n` pages of `src` from page index `first` written to `dest`; how many pages that is."""
    pdf = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    try:
        n = max(0, min(n, len(pdf) - first))
        out.import_pages(pdf, list(range(first, first + n)))
        out.save(str(dest))
    finally:
        out.close()
        pdf.close()
    return n


def build(case: Case, folder: Path, dpi: int, seeds: Path | None = None) -> Built:
    """Render `case` born-digital into `folder` and scan it at `dpi` with its half's noise."""
    from extractors.form.markup import one_line
    from pipeline.core.claims import normalise
    from tests import pdf_fixtures as F
    from tests import published_fixtures as P

    stem = case.name.replace(":", "_").replace("+", "_")
    noise = NOISE[case.half]
    if case.kind == "published":
        fx = P.build(case.layout, case.source, folder / "published")
        src = folder / f"{stem}.pdf"
        pages = some_pages(fx.path, src, case.first, case.n)
        lo, hi = case.first + 1, case.first + pages
        kept = [t for t in fx.rows if lo <= t.pages[0] and t.pages[1] <= hi]
        truth = [Truth(t.provision_id, t.comply, t.first_words, t.last_words) for t in kept]
        # Rows the window cuts are neither found nor extra.
        ignore = {t.provision_id for t in fx.rows if t.pages[0] < lo <= t.pages[1] or t.pages[0] <= hi < t.pages[1]}
        path = scan(src, folder / f"{stem}-{dpi}.pdf", dpi, noise)
        return Built(case, path, pages, truth, "provision_id", ignore)
    if case.kind == "seed":
        rows = F.seed_rows(_seed_file(seeds, case.source))
    else:
        rows = F.reference_rows(case.source)
    rows = rows[case.first:case.first + case.n]
    layout = F.LAYOUTS[case.layout]
    if case.kind == "seed" and any(r.commentary for r in rows) != (layout.columns == 5):
        from dataclasses import replace

        layout = replace(layout, columns=5 if any(r.commentary for r in rows) else 4)
    rendered = F.render(folder / f"{stem}.pdf", rows, layout)
    truth = []
    for r in rows:
        if not r.printed_id:
            continue
        toks = P.TOKEN.findall(one_line(f"{r.evidence} {r.commentary}").lower())
        truth.append(Truth(r.printed_id, normalise(r.comply)[0], toks[:4], toks[-4:]))
    path = scan(rendered.path, folder / f"{stem}-{dpi}.pdf", dpi, noise)
    return Built(case, path, rendered.pages, truth, "printed_id", set())


def _seed_file(seeds: Path | None, prefix: str) -> Path:
    found = sorted(Path(seeds).glob(f"{prefix}_*.txt")) if seeds else []
    if not found:
        raise FileNotFoundError(f"no seed dump {prefix}_*.txt in {seeds}")
    return found[0]


def agreement(built: Built, responses: list[dict]) -> dict:
    """Counts for rows P/R, comply and text (the truth's first and last four words held
    in evidence + commentary, as ../shared/tools/score.py counts them)."""
    from tests import published_fixtures as P

    pool: dict[str, list[dict]] = {}
    predicted = 0
    for r in responses:
        key = (r.get(built.by) or "").strip()
        if key in built.ignore:
            continue
        predicted += 1
        toks = P.TOKEN.findall(f"{r.get('evidence') or ''} {r.get('commentary') or ''}".lower())
        pool.setdefault(key, []).append(dict(r, tokens=toks))

    def has(toks, needle):
        n = len(needle)
        return any(toks[i:i + n] == needle for i in range(len(toks) - n + 1))

    found = comply = text = 0
    misses = []
    for t in built.truth:
        cands = pool.get(t.key, [])
        if not cands:
            misses.append(f"{t.key}: missing")
            continue
        best = next((c for c in cands if has(c["tokens"], t.first)), cands[0])
        cands.remove(best)
        found += 1
        comply += best["comply"] == t.comply
        text += has(best["tokens"], t.first) and has(best["tokens"], t.last)
        if best["comply"] != t.comply:
            misses.append(f"{t.key}: comply {t.comply} read {best['comply_raw']!r} ({best['claim_confidence']})")
        if not (has(best["tokens"], t.first) and has(best["tokens"], t.last)):
            misses.append(f"{t.key}: text {' '.join(best['tokens'][:4])} ... {' '.join(best['tokens'][-4:])}")
    return {"predicted": predicted, "truth": len(built.truth), "found": found, "comply_ok": comply,
            "text_ok": text, "misses": misses}
