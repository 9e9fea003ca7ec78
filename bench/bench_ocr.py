"""OCR bench: scanned self-assessments read by chc, beside ocrmypdf alone on the same files.

Run from the repository root:  .venv/bin/python bench/bench_ocr.py [--quick]
Writes bench/results/ocr.json and prints a summary.

The scans are tests/scan_fixtures.CASES, in two halves: the tuning half (looked at
while changing extractors/pdf/ocr.py) and the held-out half (other reportlab layouts
and rows, other published families and variant "b" of tests/published_fixtures, the
rows of two seed dumps, and another "scanner": other turns, more blur and dust, the
first page upside down), which is only ever scored.  Each is rasterised at 300 and
150 dpi.  Published families need LibreOffice, Chromium and pdftotext; seed cases
need data/raw; cases that cannot be built are listed as skipped.

chc runs in a fresh process (`process_file`, end to end) and reports, per half and
dpi: rows precision and recall, comply and text (the truth's first and last four
words in evidence + commentary, as ../shared/tools/score.py counts), wall and CPU
seconds per page, and the process's peak memory (VmHWM).  pytesseract (one
`tesseract` process a page) runs on the tuning half at 300 dpi, to compare the
bindings.  ocrmypdf (when installed: pip install ocrmypdf) runs alone on every 300
dpi scan, --output-type pdf --rotate-pages --deskew, one job and one OpenMP thread
as chc runs Tesseract: the floor chc adds its tables to.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
DPIS = (300, 150)
SEEDS = ROOT / "data" / "raw"


def make_scans(folder: Path, quick: bool) -> tuple[list[dict], list[str]]:
    from tests import published_fixtures as P
    from tests import scan_fixtures as S

    specs, skipped = [], []
    cases = [c for c in S.CASES if c.kind == "reference"][:2] if quick else S.CASES
    for case in cases:
        if case.kind == "published" and not P.have_renderers():
            skipped.append(f"{case.name}: needs soffice, chromium and pdftotext")
            continue
        if case.kind == "seed" and not list(SEEDS.glob(f"{case.source}_*.txt")):
            skipped.append(f"{case.name}: no seed dump in data/raw")
            continue
        for dpi in DPIS:
            built = S.build(case, folder, dpi, SEEDS)
            specs.append({"file": str(built.path), "case": case.name, "half": case.half, "dpi": dpi,
                          "pages": built.pages, "built": _dump(built)})
    return specs, skipped


def _dump(built) -> dict:
    return {"by": built.by, "ignore": sorted(built.ignore),
            "truth": [[t.key, t.comply, t.first, t.last] for t in built.truth]}


def _load(spec: dict):
    from tests import scan_fixtures as S

    b = spec["built"]
    return S.Built(None, Path(spec["file"]), spec["pages"],
                   [S.Truth(k, c, f, la) for k, c, f, la in b["truth"]], b["by"], set(b["ignore"]))


def _peak_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def _cpu() -> float:
    """CPU seconds of this process and the programs it ran (pytesseract's `tesseract`)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


_TIMED = """import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True, timeout=900)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime + r.ru_stime, r.ru_maxrss)
"""


def child(spec_path: str) -> None:
    """In a fresh process: every scan through chc end to end; timings, agreement, peak memory."""
    from pipeline.ingest.process import process_file
    from tests import scan_fixtures as S

    results = []
    for spec in json.loads(Path(spec_path).read_text()):
        wall, cpu = time.perf_counter(), _cpu()
        res = process_file(Path(spec["file"]))
        wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        a = S.agreement(_load(spec), res.tables.get("responses", []))
        results.append({"case": spec["case"], "half": spec["half"], "dpi": spec["dpi"], "pages": spec["pages"],
                        "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                        **{k: a[k] for k in ("predicted", "truth", "found", "comply_ok", "text_ok")},
                        "misses": a["misses"]})
    print(json.dumps({"results": results, "peak_mb": _peak_mb()}))


def summarise(rows: list[dict]) -> dict:
    pages = sum(r["pages"] for r in rows)
    found = sum(r["found"] for r in rows)
    return {
        "documents": len(rows), "pages": pages, "rows": sum(r["truth"] for r in rows),
        "rows_p": round(found / max(sum(r["predicted"] for r in rows), 1), 3),
        "rows_r": round(found / max(sum(r["truth"] for r in rows), 1), 3),
        "comply": round(sum(r["comply_ok"] for r in rows) / max(found, 1), 3),
        "text": round(sum(r["text_ok"] for r in rows) / max(found, 1), 3),
        "seconds_per_page": round(sum(r["seconds"] for r in rows) / max(pages, 1), 2),
        "cpu_seconds_per_page": round(sum(r["cpu_seconds"] for r in rows) / max(pages, 1), 2),
    }


def run_binding(binding: str, specs: list[dict], folder: Path) -> dict:
    specs_file = folder / f"specs-{binding}.json"
    specs_file.write_text(json.dumps(specs))
    env = dict(os.environ, CHC_OCR_BINDING=binding)
    out = subprocess.run([sys.executable, __file__, "--child", str(specs_file)], capture_output=True,
                         text=True, env=env, cwd=ROOT, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    summary = {}
    for half in ("tuning", "held_out"):
        for dpi in DPIS:
            rows = [r for r in data["results"] if r["half"] == half and r["dpi"] == dpi]
            if rows:
                summary[f"{half} {dpi}dpi"] = summarise(rows)
    return {"peak_mb": data["peak_mb"], "summary": summary, "documents": data["results"]}


def run_ocrmypdf(specs: list[dict], folder: Path) -> dict:
    exe = shutil.which("ocrmypdf") or str(Path(sys.executable).with_name("ocrmypdf"))
    if not Path(exe).exists():
        return {"skipped": "ocrmypdf is not installed (pip install ocrmypdf)"}
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    pages = wall = cpu = 0.0
    peak = 0
    for spec in (s for s in specs if s["dpi"] == 300):
        t = time.perf_counter()
        try:
            # Timed from a small wrapper process, whose children are ocrmypdf and its tesseracts only.
            out = subprocess.run([sys.executable, "-c", _TIMED, exe, "--output-type", "pdf", "--jobs", "1", "-q",
                                  "--rotate-pages", "--deskew", spec["file"], str(folder / "ocrmypdf-out.pdf")],
                                 check=True, capture_output=True, text=True, timeout=960, env=env)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
            err = getattr(e, "stderr", "") or ""
            return {"skipped": f"ocrmypdf failed: {type(e).__name__} {str(err)[-300:]}"}
        wall += time.perf_counter() - t
        used, rss = out.stdout.split()
        cpu += float(used)
        peak = max(peak, int(rss) // 1024)  # the largest of ocrmypdf and its tesseract processes
        pages += spec["pages"]
    return {"version": version, "pages": int(pages), "seconds_per_page": round(wall / max(pages, 1), 2),
            "cpu_seconds_per_page": round(cpu / max(pages, 1), 2), "peak_mb": peak,
            "note": "text layer only (no tables): --output-type pdf --rotate-pages --deskew --jobs 1, "
                    "OMP_THREAD_LIMIT=1, on the same 300 dpi scans"}


def save(out: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ocr.json").write_text(json.dumps(out, indent=2) + "\n")


def main() -> None:
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        specs, skipped = make_scans(folder, quick)
        out = {
            "machine": f"{platform.machine()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at start",
            "cases": sorted({s["case"] + f" ({s['half']})" for s in specs}),
            "skipped": skipped,
            "tesserocr": run_binding("tesserocr", specs, folder),
        }
        save(out)  # each stage as it ends: a slow stage must not lose the rest
        if shutil.which("tesseract"):
            tuning = [s for s in specs if s["half"] == "tuning" and s["dpi"] == 300]
            out["pytesseract"] = run_binding("pytesseract", tuning, folder)
            save(out)
        out["ocrmypdf"] = run_ocrmypdf(specs, folder)
        out["load_at_end"] = round(os.getloadavg()[0], 1)
        save(out)
    for name in ("tesserocr", "pytesseract"):
        if name in out:
            print(name, f"peak {out[name]['peak_mb']} MB")
            for key, s in out[name]["summary"].items():
                print(f"  {key}: {json.dumps(s)}")
    print("ocrmypdf", json.dumps(out["ocrmypdf"]))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
