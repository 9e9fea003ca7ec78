"""OCR bench: scanned self-assessments read by chc, by binding, beside ocrmypdf alone.

Run from the repository root:  .venv/bin/python bench/bench_ocr.py [--quick]
Writes bench/results/ocr.json and prints a summary.

Scans are made as tests/test_ocr.py makes them (tests/scan_fixtures.py): generated
forms whose rows are known (tests/pdf_fixtures.reference_rows), rasterised at 300
and 150 dpi, turned 0.5-2 degrees, blurred, speckled, page 2 upside down, wrapped
into image-only PDFs.  For each binding (tesserocr in-process; pytesseract, one
`tesseract` process a page) a fresh process extracts every scan and reports
seconds per page, its peak memory (VmHWM) and agreement with the truth (rows
precision and recall by printed number, comply, first and last three words of
evidence + commentary).  ocrmypdf (when installed) runs alone on the 300 dpi
scans with --output-type pdf, one job: the floor chc adds its tables to.
"""
from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
CASES = [  # layout, edition, first row, rows
    ("ruled_landscape", "2024", 0, 12),
    ("ruled_portrait", "2022", 30, 10),
    ("borderless", "2024", 20, 8),
]
QUICK = CASES[:1]
DPIS = (300, 150)


def make_scans(folder: Path, cases) -> list[dict]:
    from tests import pdf_fixtures as F
    from tests import scan_fixtures as S

    out = []
    for layout, edition, first, n in cases:
        rows = F.reference_rows(edition)[first:first + n]
        src = F.render(folder / f"{layout}.pdf", rows, layout)
        for dpi in DPIS:
            path = S.scan(src.path, folder / f"{layout}-{dpi}.pdf", dpi)
            out.append({"file": str(path), "layout": layout, "dpi": dpi, "pages": src.pages,
                        "truth": [[r.printed_id, r.comply, r.evidence + " " + r.commentary] for r in rows]})
    return out


def _words(text: str) -> list[str]:
    return [w for w in text.split() if re.search(r"[A-Za-z0-9]", w)]


def child(spec_path: str) -> None:
    """In a fresh process: extract every scan, print timings, agreement and peak memory."""
    from extractors.pdf import extract
    from pipeline.core.claims import normalise
    from pipeline.core.model import Source

    specs = json.loads(Path(spec_path).read_text())
    results = []
    for spec in specs:
        path = Path(spec["file"])
        t = time.perf_counter()
        ex = extract(Source(path, path.read_bytes()))
        seconds = time.perf_counter() - t
        got = {r.printed_id: r for r in ex.rows}
        truth = spec["truth"]
        found = [t for t in truth if t[0] in got]
        comply = sum(normalise(got[t[0]].comply_raw)[0] == normalise(t[1])[0] for t in found)
        text = 0
        for t in found:
            g = _words(got[t[0]].evidence + " " + got[t[0]].commentary)
            w = _words(t[2])
            text += g[:3] == w[:3] and g[-3:] == w[-3:]
        claims = [r.claim_confidence for r in ex.rows if r.claim_confidence is not None]
        results.append({
            "layout": spec["layout"], "dpi": spec["dpi"], "pages": spec["pages"],
            "seconds": round(seconds, 2), "rows": len(ex.rows), "truth_rows": len(truth),
            "found": len(found), "comply_ok": comply, "text_ok": text,
            "min_claim_confidence": min(claims) if claims else None,
        })
    peak = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) // 1024
    print(json.dumps({"results": results, "peak_mb": peak}))


def run_binding(binding: str, specs_file: Path) -> dict:
    env = dict(os.environ, CHC_OCR_BINDING=binding)
    out = subprocess.run([sys.executable, __file__, "--child", str(specs_file)], capture_output=True,
                         text=True, env=env, cwd=ROOT, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    summary = {}
    for dpi in DPIS:
        rs = [r for r in data["results"] if r["dpi"] == dpi]
        pages = sum(r["pages"] for r in rs)
        found = sum(r["found"] for r in rs)
        summary[f"{dpi}dpi"] = {
            "pages": pages,
            "seconds_per_page": round(sum(r["seconds"] for r in rs) / max(pages, 1), 2),
            "rows_p": round(found / max(sum(r["rows"] for r in rs), 1), 3),
            "rows_r": round(found / max(sum(r["truth_rows"] for r in rs), 1), 3),
            "comply": round(sum(r["comply_ok"] for r in rs) / max(found, 1), 3),
            "text": round(sum(r["text_ok"] for r in rs) / max(found, 1), 3),
        }
    return {"peak_mb": data["peak_mb"], "by_dpi": summary, "documents": data["results"]}


def run_ocrmypdf(specs: list[dict], folder: Path) -> dict:
    exe = shutil.which("ocrmypdf") or str(Path(sys.executable).with_name("ocrmypdf"))
    if not Path(exe).exists():
        return {"skipped": "ocrmypdf is not installed (pip install ocrmypdf)"}
    pages = seconds = 0.0
    for spec in (s for s in specs if s["dpi"] == 300):
        t = time.perf_counter()
        try:
            subprocess.run([exe, "--output-type", "pdf", "--jobs", "1", "-q", "--rotate-pages", "--deskew",
                            spec["file"], str(folder / "ocrmypdf-out.pdf")],
                           check=True, capture_output=True, timeout=600)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
            err = getattr(e, "stderr", b"") or b""
            return {"skipped": f"ocrmypdf failed: {type(e).__name__} {err.decode(errors='replace')[-300:]}"}
        seconds += time.perf_counter() - t
        pages += spec["pages"]
    return {"pages": int(pages), "seconds_per_page": round(seconds / max(pages, 1), 2),
            "note": "text layer only (no tables): --output-type pdf --rotate-pages --deskew --jobs 1"}


def save(out: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ocr.json").write_text(json.dumps(out, indent=2) + "\n")


def main() -> None:
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        specs = make_scans(folder, QUICK if quick else CASES)
        specs_file = folder / "specs.json"
        specs_file.write_text(json.dumps(specs))
        out = {
            "machine": f"{platform.machine()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at start",
            "cases": [f"{c[0]} ({c[3]} rows)" for c in (QUICK if quick else CASES)],
            "tesserocr": run_binding("tesserocr", specs_file),
        }
        save(out)  # each stage as it ends: a slow ocrmypdf must not lose the rest
        if shutil.which("tesseract"):
            out["pytesseract"] = run_binding("pytesseract", specs_file)
            save(out)
        out["ocrmypdf"] = run_ocrmypdf(specs, folder)
        save(out)
    for name in ("tesserocr", "pytesseract"):
        if name in out:
            print(name, f"peak {out[name]['peak_mb']} MB", json.dumps(out[name]["by_dpi"]))
    print("ocrmypdf", json.dumps(out["ocrmypdf"]))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
