"""`make bench`: run every bench/bench_*.py in turn; each writes bench/results/<name>.json.

`bench/run.py scale commentary` runs only those (bench_scale.py, bench_commentary.py);
RESULTS.md is rebuilt from every results file either way.

Timings live here, never in tests.  The figures of the last run are collected
into bench/RESULTS.md so they can be read (and compared in review) as a file.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def main() -> int:
    RESULTS.mkdir(exist_ok=True)
    failed = []
    wanted = set(sys.argv[1:])
    for script in sorted(HERE.glob("bench_*.py")):
        if wanted and script.stem.removeprefix("bench_") not in wanted:
            continue
        print(f"== {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode != 0:
            failed.append(script.name)
    lines = ["# Benchmark results", "", "Written by `make bench` (bench/run.py); one section per bench script.", ""]
    for f in sorted(RESULTS.glob("*.json")):
        lines += [f"## {f.stem}", "", "```json", json.dumps(json.loads(f.read_text()), indent=2), "```", ""]
    (HERE / "RESULTS.md").write_text("\n".join(lines))
    print(f"figures written to {HERE / 'RESULTS.md'}")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
