"""Scale bench: synthetic corpora with known truth through `chc extract` (issue 7).

Run from the repository root:  .venv/bin/python bench/bench_scale.py [--sizes 500,2000] [--pdfs 100]
Writes bench/results/scale.json and prints it.

- Text: for each size N, N synthetic text dumps (tests/synth.py: the seeds' kinds
  of breakage, random evidence, known truth) extracted, aligned, analysed and
  loaded by `chc extract` in a fresh process with the default worker count:
  wall seconds, documents and rows per second, peak memory of the loading
  process and of the largest worker, accuracy against the truth (the measure of
  ../shared/tools/score.py, tests/truth_scoring.py), and a second run over the
  same files (every document unchanged, so skipped).
- Views: every question view and table macro of schemas/sql/3*.sql over the
  largest database, materialised in full (CREATE TEMP TABLE AS), best of three.
- PDF: `--pdfs` synthetic PDFs in the layouts of tests/pdf_fixtures.py through
  `chc extract`: pages per second end to end, and accuracy; and one PDF of
  about 500 pages read with the default page limit (500) and with 100: time and
  peak memory of one long document.

Targets (issue 7, 2 cores): 2,000 text documents (about 150,000 rows) in under
2 minutes; PDFs at least 10 pages per second; peak memory flat as the corpus
grows; every view under a second.
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

from tests import synth  # noqa: E402
from tests.truth_scoring import score  # noqa: E402

RESULTS = ROOT / "bench" / "results"

# One `chc extract` in a process of its own, reporting its own figures.
RUN = """
import json, resource, sys, time
from pathlib import Path
from pipeline.ingest.batch import extract
t = time.perf_counter()
s = extract([Path(sys.argv[1])], Path(sys.argv[2]))
wall = time.perf_counter() - t
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so it would report the bench's own peak
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({
    "seconds": round(wall, 2), "loaded": s.count("loaded"), "failed": s.count("failed"),
    "skipped": s.count("skipped"), "rows": sum(o.rows for o in s.outcomes if o.status != "skipped"),
    "main_process_peak_mb": round(hwm / 1024, 1), "largest_worker_peak_mb": round(kids.ru_maxrss / 1024, 1),
    "cpu_seconds": round(own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime, 1),
}))
"""

VIEW_QUERIES = {
    "compliance_matrix": "SELECT * FROM compliance_matrix",
    "provision_shares": "SELECT * FROM provision_shares",
    "claim_shares": "SELECT * FROM claim_shares",
    "claims_to_check": "SELECT * FROM claims_to_check",
    "coverage": "SELECT * FROM coverage",
    "omitted_provisions": "SELECT * FROM omitted_provisions",
    "unaligned_rows": "SELECT * FROM unaligned_rows",
    "commitments": "SELECT * FROM commitments",
    "commitments_due(2025-01-01)": "SELECT * FROM commitments_due(DATE '2025-01-01')",
    "landlord_changes": "SELECT * FROM landlord_changes",
    "search_text('complaints policy')": "SELECT * FROM search_text('complaints policy')",
    "matrix_text": "SELECT * FROM matrix_text",
    "responses_2024": "SELECT * FROM responses_2024",
    "document_summary": "SELECT * FROM document_summary",
}


def extract_run(corpus: Path, db: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", RUN, str(corpus), str(db)], cwd=ROOT, check=True,
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return json.loads(out.stdout.strip().splitlines()[-1])


def accuracy(db: Path, truth: Path) -> dict:
    per_doc = score(db, truth)
    n = len(per_doc)
    means = {k: round(sum(d[k] for d in per_doc.values()) / n, 4) for k in ("rows_p", "rows_r", "comply", "text")}
    means["documents_all_exact"] = sum(all(v == 1.0 for v in d.values()) for d in per_doc.values())
    means["documents"] = n
    return means


def time_views(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    out = {}
    try:
        for name, sql in VIEW_QUERIES.items():
            best = None
            for _ in range(3):
                t = time.perf_counter()
                con.execute(f"CREATE OR REPLACE TEMP TABLE _bench AS {sql}")
                best = min(best or 1e9, time.perf_counter() - t)
            rows = con.execute("SELECT count(*) FROM _bench").fetchall()[0][0]
            out[name] = {"seconds": round(best, 3), "rows": rows}
    finally:
        con.close()
    return out


def text_corpus(tmp: Path, n: int) -> dict:
    corpus = tmp / f"text{n}"
    t = time.perf_counter()
    synth.generate(corpus, n, seed=n)
    generated = time.perf_counter() - t
    db = tmp / f"text{n}.duckdb"
    first = extract_run(corpus, db)
    again = extract_run(corpus, db)
    return {
        "documents": n,
        "generate_seconds": round(generated, 1),
        "first_run": first | {"docs_per_second": round(n / first["seconds"], 1),
                              "rows_per_second": round(first["rows"] / first["seconds"])},
        "unchanged_rerun": {k: again[k] for k in ("seconds", "skipped", "loaded", "main_process_peak_mb")},
        "accuracy": accuracy(db, synth.truth_dir_for(corpus)),
        "db": db,
    }


def pdf_corpus(tmp: Path, n: int) -> dict:
    corpus = tmp / "pdf"
    t = time.perf_counter()
    made = synth.generate_pdfs(corpus, n, seed=7)
    generated = time.perf_counter() - t
    pages = sum(p for _, p in made)
    db = tmp / "pdf.duckdb"
    run = extract_run(corpus, db)
    return {
        "documents": n, "pages": pages, "generate_seconds": round(generated, 1),
        "run": run, "pages_per_second": round(pages / run["seconds"], 1),
        "accuracy": accuracy(db, synth.truth_dir_for(corpus)),
    }


LONG_PDF_PAGES = 500

RUN_LIMITED = RUN.replace("s = extract([Path(sys.argv[1])], Path(sys.argv[2]))",
                          "from pipeline.ingest.limits import Limits\n"
                          "s = extract([Path(sys.argv[1])], Path(sys.argv[2]), limits=Limits(max_pages=int(sys.argv[3])))")


def long_pdf(tmp: Path) -> dict:
    """One PDF of about LONG_PDF_PAGES pages: time and memory with the default page limit and a lower one."""
    from tests import pdf_fixtures as F

    folder = tmp / "long"
    folder.mkdir()
    path = F.render_many(folder / "long.pdf", F.reference_rows("2024"), LONG_PDF_PAGES)
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(path)))
    out = {"pages": pages}
    for limit in (500, 100):
        db = tmp / f"long{limit}.duckdb"
        res = subprocess.run([sys.executable, "-c", RUN_LIMITED, str(folder), str(db), str(limit)], cwd=ROOT,
                             check=True, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        run = json.loads(res.stdout.strip().splitlines()[-1])
        out[f"max_pages_{limit}"] = {k: run[k] for k in ("seconds", "loaded", "rows", "main_process_peak_mb",
                                                         "largest_worker_peak_mb")}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,2000", help="text corpus sizes, comma-separated")
    ap.add_argument("--pdfs", type=int, default=100, help="synthetic PDFs (0: none)")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    result: dict = {"cores": os.cpu_count(), "text": [], "views": {}, "pdf": None}
    with tempfile.TemporaryDirectory(prefix="chc-scale-") as tmp_name:
        tmp = Path(tmp_name)
        largest = None
        for n in sizes:
            print(f"text corpus of {n} documents ...", flush=True)
            r = text_corpus(tmp, n)
            largest = r.pop("db")
            result["text"].append(r)
            print(json.dumps(r, indent=1), flush=True)
        if largest is not None:
            print("views ...", flush=True)
            result["views"] = time_views(largest)
            result["views_slowest_seconds"] = max(v["seconds"] for v in result["views"].values())
        if args.pdfs:
            print(f"pdf corpus of {args.pdfs} documents ...", flush=True)
            result["pdf"] = pdf_corpus(tmp, args.pdfs)
            print(f"one pdf of about {LONG_PDF_PAGES} pages ...", flush=True)
            result["long_pdf"] = long_pdf(tmp)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    failed = any(r["first_run"]["failed"] for r in result["text"]) or (result["pdf"] and result["pdf"]["run"]["failed"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
