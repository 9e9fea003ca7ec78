"""Start-up time of the command line: `chc --help` and `chc query` on the sample database.

Each command runs as a whole process several times; the minimum and median wall times are
written to bench/results/startup.json, beside `python -c pass` (the interpreter's own floor)
and `python -c "import duckdb"` (the floor of any command that reads the database).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUNS = 7
CHC = [sys.executable, "-m", "pipeline.cli"]


def timed(cmd: list[str]) -> dict[str, float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return {"min_s": round(min(times), 3), "median_s": round(statistics.median(times), 3)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "chc.duckdb")
        subprocess.run(CHC + ["extract", "data/raw", "--db", db, "-q"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        figures = {
            "python -c pass": timed([sys.executable, "-c", "pass"]),
            "python -c 'import duckdb'": timed([sys.executable, "-c", "import duckdb"]),
            "chc --help": timed(CHC + ["--help"]),
            "chc query": timed(CHC + ["query", "SELECT count(*) FROM responses", "--db", db]),
        }
    out = {"runs": RUNS, "cpus": os.cpu_count(), "figures": figures,
           "note": "whole-process wall time; the minimum is the least disturbed by other load"}
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "startup.json").write_text(json.dumps(out, indent=2) + "\n")
    for name, f in figures.items():
        print(f"{name:28} min {f['min_s']:.3f} s  median {f['median_s']:.3f} s")


if __name__ == "__main__":
    main()
