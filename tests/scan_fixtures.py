"""Scans of generated self-assessments: a born-digital fixture PDF (tests/pdf_fixtures.py)
printed to an image and "scanned" back: each page rasterised at a scanner's dpi,
turned a little (0.5-2 degrees, as a sheet sits crooked on the glass), blurred,
speckled with toner dust, one page fed upside down, and wrapped into an
image-only PDF (Pillow's PDF writer: one JPEG-free greyscale image a page, no text).
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
