"""Web pages saved as text (issue 14's layouts) at scale: rows and landlord names.

Generates `--docs` synthetic web pages (`tests.synth.generate(..., web=True)`: wrapped
pipe rows, evidence lines after pipe rows, titled blocks with bullets, one cell per
line with NBSP blanks and stray header cells, a section on one line, citations opening
the evidence, titles naming the edition and the landlord), runs `chc extract` over them
and scores rows against the synthetic truth, the edition, and the landlord's name.
Writes bench/results/web.json.

    .venv/bin/python bench/bench_web.py [--docs 200]
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_scale import RESULTS, accuracy  # noqa: E402
from tests import synth  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    args = ap.parse_args()
    import duckdb

    from pipeline.ingest.batch import extract

    with tempfile.TemporaryDirectory(prefix="chc-web-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "web"
        synth.generate(corpus, args.docs, seed=14, web=True)
        truth = synth.truth_dir_for(corpus)
        db = tmp / "web.duckdb"
        t = time.perf_counter()
        summary = extract([corpus], db, workers=1)
        seconds = time.perf_counter() - t
        with (truth / "landlords.csv").open(encoding="utf-8") as f:
            names = dict(csv.reader(f))
        con = duckdb.connect(str(db), read_only=True)
        docs = con.execute("SELECT file_name, landlord, landlord_source FROM documents").fetchall()
        con.close()
        named = sum(1 for f, got, _ in docs if got == names[f])
        wrong = [(names[f], got) for f, got, _ in docs if got is not None and got != names[f]]
        result = {
            "documents": args.docs,
            "seconds": round(seconds, 1),
            "failed": sum(1 for o in summary.outcomes if o.status == "failed"),
            "rows": accuracy(db, truth),
            "landlord_named": round(named / len(docs), 3),
            "landlord_wrong": len(wrong),
            "landlord_wrong_examples": wrong[:5],
        }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "web.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 1 if result["failed"] or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
