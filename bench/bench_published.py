"""PDF bench on PDFs as landlords publish them (issue 13): chc beside raw
camelot lattice (engine="vector") and raw pdfplumber on the same files.

Run from the repository root:  .venv/bin/python bench/bench_published.py [FAMILY ...]
Builds both halves (tuning and held out) of every family of tests/published_fixtures.py
(LibreOffice Writer and Calc, Chromium) into a temporary directory.  Each tool reads every
file in turn in a child process of its own (a batch, as `chc extract` runs one), so that
the child's peak resident memory (os.wait4's ru_maxrss) is that tool's alone:

- chc: `process_file` end to end (extract, align, commentary analysis); the child first
  warms up (catalogue and spaCy pipeline, `startup_s`), which is not in the per-page figure
  (the commentary matcher still learns its pattern groups over the first files, as in any run);
  CPU seconds (time.process_time) are recorded beside wall seconds: on the shared 2-core dev
  machine the wall clock varies 2-3x with its load, the CPU time much less;
- pdfplumber: `extract_tables` page by page (page closed after each);
- camelot: `read_pdf(flavor="lattice", engine="vector")` on all pages.

Rows recovered intact: one row (one table row for the raw libraries) holds the
provision's first and last evidence words and, where the form prints numbers, the number
in a cell of its own; a row split by a page break that comes back as two table rows is
not intact, nor is a KPI or action-plan row counted for anyone.  For chc, a row counts
when it is one of the document's responses aligned to that provision with those words.
Writes bench/results/published.json.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import published_fixtures as P  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TOOLS = ("chc", "pdfplumber", "camelot")


def _tokens(text: str) -> list[str]:
    return P.TOKEN.findall((text or "").lower())


def _has(toks: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(toks[i:i + n] == needle for i in range(len(toks) - n + 1))


def intact_table_rows(fx: P.Fixture, table_rows: list[list]) -> int:
    numbered = fx.name != "no_numbers"
    found = 0
    for t in fx.rows:
        for row in table_rows:
            cells = [str(c or "") for c in row]
            toks = _tokens(" ".join(cells))
            if numbered and not any(c.strip() == t.provision_id for c in cells):
                continue
            if _has(toks, t.first_words) and _has(toks, t.last_words):
                found += 1
                break
    return found


def intact_chc(fx: P.Fixture, responses: list[dict]) -> int:
    s = P.score(fx, responses)
    return round(s["rows_r"] * s["n_truth"] * s["text"])


# ------------------------------------------------------------------ one tool over every file (the child)


def child(tool: str, paths: list[Path]) -> dict:
    """Read every file with one tool, in order, as a batch run would; per file its seconds and rows."""
    started = time.perf_counter()
    if tool == "chc":
        from pipeline.ingest.process import process_file, warm_up

        warm_up()
        keep = ("provision_id", "comply", "evidence", "commentary", "source_start", "source_end")

        def run(path: Path) -> list:
            return [{k: r[k] for k in keep} for r in process_file(path).tables.get("responses", [])]
    else:
        from bench.bench_pdf import run_camelot, run_pdfplumber

        if tool == "camelot":
            import camelot  # noqa: F401 - the import is start-up, not reading
        else:
            import pdfplumber  # noqa: F401
        run = run_camelot if tool == "camelot" else run_pdfplumber
    out = {"startup_s": time.perf_counter() - started, "files": []}
    for path in paths:
        t, cpu = time.perf_counter(), time.process_time()
        rows = run(path)
        out["files"].append({"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - cpu,
                             "rows": rows})
    return out


def measure(tool: str, paths: list[Path]) -> dict:
    """Run one tool over the files in a fresh process: its answers, and its peak RSS in MB."""
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", tool, *map(str, paths)],
                            stdout=subprocess.PIPE, cwd=ROOT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{tool} failed (exit {code})")
    result = json.loads(out)
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # Linux: kilobytes
    return result


# ------------------------------------------------------------------ the bench


def main(families: list[str]) -> dict:
    from extractors.pdf.reading import read_pages

    out: dict = {"about": "per tool, one fresh process reads every file in turn (a batch, as chc extract runs): "
                          "seconds per page of each file's reading, wall clock and CPU (the CPU figure is the one "
                          "that holds on a shared machine; start-up, imports and chc's warm-up are in startup_s), "
                          "peak RSS of that process, rows recovered intact; both halves of every "
                          "family of tests/published_fixtures.py", "files": []}
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = [P.build(f, v, Path(tmp)) for f in families for v in (P.TUNING, P.HELD_OUT)]
        pages = [len(read_pages(fx.path.read_bytes())[0]) for fx in fixtures]
        got = {t: measure(t, [fx.path for fx in fixtures]) for t in TOOLS}
    totals = {t: {"seconds": 0.0, "cpu_seconds": 0.0, "rows": 0} for t in TOOLS}
    for k, (fx, n) in enumerate(zip(fixtures, pages)):
        res = {t: got[t]["files"][k] for t in TOOLS}
        intact = {"chc": intact_chc(fx, res["chc"]["rows"]),
                  "pdfplumber": intact_table_rows(fx, res["pdfplumber"]["rows"]),
                  "camelot": intact_table_rows(fx, res["camelot"]["rows"])}
        out["files"].append({
            "fixture": fx.key, "pages": n, "rows": len(fx.rows),
            "seconds_per_page": {t: round(res[t]["seconds"] / n, 4) for t in TOOLS},
            "cpu_seconds_per_page": {t: round(res[t]["cpu_seconds"] / n, 4) for t in TOOLS},
            "rows_intact": intact, "chc_rows_not_in_truth": len(res["chc"]["rows"]) - intact["chc"],
        })
        for t in TOOLS:
            totals[t]["seconds"] += res[t]["seconds"]
            totals[t]["cpu_seconds"] += res[t]["cpu_seconds"]
            totals[t]["rows"] += intact[t]
        f = out["files"][-1]
        print(f"{fx.key:18s} {n:3d} pages {len(fx.rows):3d} rows | CPU s/page "
              + " ".join(f"{t} {f['cpu_seconds_per_page'][t]:.3f}" for t in TOOLS) + " | wall "
              + " ".join(f"{t} {f['seconds_per_page'][t]:.3f}" for t in TOOLS) + " | intact "
              + " ".join(f"{t} {intact[t]}" for t in TOOLS), flush=True)
    n_pages, n_rows = sum(pages), sum(len(fx.rows) for fx in fixtures)
    out["total"] = {"files": len(fixtures), "pages": n_pages, "rows": n_rows, **{
        t: {"seconds_per_page": round(totals[t]["seconds"] / n_pages, 4),
            "cpu_seconds_per_page": round(totals[t]["cpu_seconds"] / n_pages, 4), "rows_intact": totals[t]["rows"],
            "startup_s": round(got[t]["startup_s"], 2), "peak_rss_mb": got[t]["peak_rss_mb"]} for t in TOOLS}}
    print(json.dumps(out["total"], indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "published.json").write_text(json.dumps(out, indent=2) + "\n")
    return out


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(sys.argv[2], [Path(a) for a in sys.argv[3:]]), default=str))
    else:
        main(sys.argv[1:] or sorted(P.FAMILIES))
