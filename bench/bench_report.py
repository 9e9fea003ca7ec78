"""Report bench: `chc report` at national scale (issue 16), the static site beside the single file.

Run from the repository root:  .venv/bin/python bench/bench_report.py [--docs 2000]
Writes bench/results/report.json and prints it.

A synthetic corpus of --docs text documents (tests/synth.py, the generator bench/bench_scale.py uses:
landlords publishing once against each edition, named in a manifest, so half as many landlords as
documents) is extracted into a fresh database; then, each in a process of its own, `chc report DIR --site` and
`chc report OUT.html` are built from it: wall seconds, peak memory, and what they weigh (bytes and
files; for the site also its largest page and the search index).  The single file is the comparison:
it holds every landlord's page in one document, which is what a browser cannot open at this scale.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_scale import extract_run  # noqa: E402
from tests import synth  # noqa: E402

RESULTS = ROOT / "bench" / "results"

# One report build in a process of its own, reporting its own time and peak memory.
BUILD = """
import datetime as dt, json, sys, time
from pathlib import Path
from pipeline.outputs.report import report, site
t = time.perf_counter()
if sys.argv[1] == "site":
    made = site(Path(sys.argv[2]), Path(sys.argv[3]), as_of=dt.date(2025, 1, 1))
else:
    report(Path(sys.argv[2]), Path(sys.argv[3]), as_of=dt.date(2025, 1, 1))
wall = time.perf_counter() - t
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print("RESULT " + json.dumps({"seconds": round(wall, 2), "peak_mb": round(hwm / 1024, 1)}))
"""


def build(kind: str, db: Path, out: Path) -> dict:
    res = subprocess.run([sys.executable, "-c", BUILD, kind, str(db), str(out)], cwd=ROOT, check=True,
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    # the marked line only: anything else the child printed is not the result
    return json.loads(next(x for x in reversed(res.stdout.splitlines()) if x.startswith("RESULT "))[7:])


def weigh(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    largest = max(files, key=lambda p: p.stat().st_size)
    landlord_pages = [p.stat().st_size for p in (site / "landlords").glob("*.html") if p.name != "index.html"]
    return {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "largest_file": largest.relative_to(site).as_posix(),
        "largest_file_bytes": largest.stat().st_size,
        "index_bytes": (site / "index.html").stat().st_size,
        "matrix_bytes": (site / "matrix.html").stat().st_size,
        "search_index_bytes": (site / "search.js").stat().st_size,
        "landlord_pages": len(landlord_pages),
        "landlord_page_mean_bytes": round(sum(landlord_pages) / max(len(landlord_pages), 1)),
        "provision_pages": len([p for p in (site / "provisions").glob("*.html") if p.name != "index.html"]),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="synthetic documents in the database")
    args = ap.parse_args()
    result: dict = {"cores": os.cpu_count(), "documents": args.docs}
    with tempfile.TemporaryDirectory(prefix="chc-report-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus"
        print(f"corpus of {args.docs} documents ...", flush=True)
        synth.generate(corpus, args.docs, seed=args.docs)
        # the landlord of each pair of documents (synth.generate's one per edition), as a manifest gives it
        (corpus / "manifest.csv").write_text("file,landlord\n" + "".join(
            f"synth{i:05d}.txt,Landlord {i // 2:05d} Housing Association\n" for i in range(args.docs)))
        db = tmp / "chc.duckdb"
        t = time.perf_counter()
        run = extract_run(corpus, db)
        result["extract"] = {"seconds": round(time.perf_counter() - t, 1), "loaded": run["loaded"],
                             "failed": run["failed"], "rows": run["rows"]}
        import duckdb

        con = duckdb.connect(str(db), read_only=True)
        try:
            result["assessments"], result["landlords"] = con.execute(
                "SELECT count(*), count(DISTINCT landlord_key) FROM assessment_counts").fetchone()
        finally:
            con.close()
        print("site ...", flush=True)
        site = tmp / "site"
        result["site"] = build("site", db, site) | weigh(site)
        print("single file ...", flush=True)
        single = tmp / "report.html"
        result["single_file"] = build("single", db, single) | {"files": 1, "bytes": single.stat().st_size}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "report.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 1 if result["extract"]["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
