"""Extract + align + load throughput over the sample corpus repeated to N documents.

Each copy gets a distinct first line, so every copy is a distinct document (the
same bytes twice would be skipped as a duplicate).  Writes bench/results/extract.json.

    .venv/bin/python bench/bench_extract.py [--docs 500] [--workers 2]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest.batch import extract  # noqa: E402

SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))


def build_corpus(folder: Path, n: int) -> None:
    for i in range(n):
        seed = SEEDS[i % len(SEEDS)]
        data = seed.read_bytes()
        (folder / f"{seed.stem}-copy{i:05d}.txt").write_bytes(f"Copy {i} of {seed.name}\n\n".encode() + data)


def peak_rss_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"main_process_mb": round(own, 1), "largest_worker_mb": round(children, 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "raw"
        corpus.mkdir()
        build_corpus(corpus, args.docs)
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        summary = extract([corpus], db, workers=args.workers)
        seconds = time.perf_counter() - t0
        rows = sum(o.rows for o in summary.outcomes)
        t1 = time.perf_counter()
        rerun = extract([corpus], db, workers=args.workers)
        rerun_seconds = time.perf_counter() - t1
        shutil.rmtree(corpus)
    result = {
        "documents": args.docs,
        "workers": args.workers,
        "cores": os.cpu_count(),
        "loaded": summary.count("loaded"),
        "failed": summary.count("failed"),
        "rows": rows,
        "seconds": round(seconds, 2),
        "docs_per_second": round(args.docs / seconds, 1),
        "rows_per_second": round(rows / seconds, 0),
        "rerun_unchanged_seconds": round(rerun_seconds, 2),
        "rerun_skipped": rerun.count("skipped"),
        "peak_memory": peak_rss_mb(),
    }
    out = ROOT / "bench" / "results" / "extract.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if result["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
