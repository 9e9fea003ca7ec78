"""PDF bench on PDFs as landlords publish them (issue 13): chc beside raw
camelot lattice (engine="vector") and raw pdfplumber on the same files.

Run from the repository root:  .venv/bin/python bench/bench_published.py [FAMILY ...]
Builds the tuning-half fixtures of tests/published_fixtures.py (LibreOffice,
Chromium) into a temporary directory, then per file: seconds per page for chc
end to end (`process_file`: extract, align, commentary) and for each raw
library, and rows recovered intact.  A row is intact when one row (one table
row for the raw libraries) holds the provision's first and last evidence words
and, where the form prints numbers, the number in a cell of its own; a row
split by a page break that comes back as two table rows is not intact, nor is
a KPI or action-plan row counted for anyone.  Writes bench/results/published.json.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pdf import run_camelot, run_pdfplumber  # noqa: E402
from tests import published_fixtures as P  # noqa: E402

RESULTS = ROOT / "bench" / "results"


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


def main(families: list[str]) -> dict:
    from extractors.pdf.reading import read_pages
    from pipeline.ingest.process import process_file

    out = {"files": []}
    with tempfile.TemporaryDirectory() as tmp:
        for family in families:
            fx = P.build(family, P.TUNING, Path(tmp))
            pages = len(read_pages(fx.path.read_bytes())[0])
            t = time.perf_counter()
            res = process_file(fx.path)
            t_chc = time.perf_counter() - t
            t = time.perf_counter()
            plumber = run_pdfplumber(fx.path)
            t_plumber = time.perf_counter() - t
            t = time.perf_counter()
            camelot = run_camelot(fx.path)
            t_camelot = time.perf_counter() - t
            out["files"].append({
                "fixture": fx.key, "pages": pages, "rows": len(fx.rows),
                "seconds_per_page": {"chc_end_to_end": round(t_chc / pages, 4),
                                     "pdfplumber_extract_tables": round(t_plumber / pages, 4),
                                     "camelot_lattice_vector": round(t_camelot / pages, 4)},
                "rows_intact": {"chc": intact_chc(fx, res.tables.get("responses", [])),
                                "pdfplumber": intact_table_rows(fx, plumber),
                                "camelot": intact_table_rows(fx, camelot)},
            })
            f = out["files"][-1]
            print(f"{fx.key:18s} {pages:3d} pages {len(fx.rows):3d} rows | s/page chc {t_chc / pages:.3f} "
                  f"pdfplumber {t_plumber / pages:.3f} camelot {t_camelot / pages:.3f} | intact "
                  f"chc {f['rows_intact']['chc']} pdfplumber {f['rows_intact']['pdfplumber']} "
                  f"camelot {f['rows_intact']['camelot']}", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "published.json").write_text(json.dumps(out, indent=2) + "\n")
    return out


if __name__ == "__main__":
    main(sys.argv[1:] or sorted(P.FAMILIES))
