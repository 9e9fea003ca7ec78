"""Commentary analysis: throughput, and claim_conflict against the seed truth flags.

Self-contained: extracts the sample corpus (data/raw) into a temporary database
with `chc extract`'s own code, then
- times `pipeline.commentary.analyse` alone over the loaded responses (warm,
  repeated until at least --seconds have passed) -> rows/s of wall time and of
  CPU time (the latter is steadier on a shared machine), plus the one-off
  pipeline load and the corpus step (boilerplate across landlords);
- compares response_scores.claim_conflict with the `claim_conflict` flag of
  tests/truth/*.truth.csv, matched by (seed, provision_id): precision and
  recall over all flags and over the clear ones (notes not marked "mild"),
  listing every miss and every false alarm with the reasons chc gave;
- scores the labelled development corpus (tests/data/commentary_dev, written by
  bench/commentary_dev.py, never from the seeds) on its tuning half and its two held-out
  parts, test (two styles) and test2 (a style written in the second round), and the
  hand-written halves (hand_tune and hand_tune2 tuned on, hand_test held out; three authors): claim_conflict,
  commitments, due ranges, references, timescales (bench/commentary_dev_eval.py). Tune on
  the tuning half only; report the held-out parts.
Writes bench/results/commentary.json and prints a summary.

    .venv/bin/python bench/bench_commentary.py [--seconds 5]
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from pipeline.commentary import analysis as commentary, corpus as commentary_corpus, nlp as commentary_nlp  # noqa: E402
from pipeline.commentary import requirements as commentary_requirements  # noqa: E402
from pipeline.ingest.batch import extract  # noqa: E402
from pipeline.core.model import Response  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import commentary_dev_eval  # noqa: E402

RAW = ROOT / "data" / "raw"
TRUTH = ROOT / "tests" / "truth"
RESULTS = ROOT / "bench" / "results"


def truth_flags() -> dict[tuple[str, str], dict]:
    out = {}
    for path in sorted(TRUTH.glob("*.truth.csv")):
        seed = path.name.removesuffix(".truth.csv")
        with path.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out[(seed, row["provision_id"])] = {
                    "conflict": "claim_conflict" in row["flags"].split(";"),
                    "mild": "mild" in row["note"],
                    "note": row["note"],
                }
    return out


def load_responses(con: duckdb.DuckDBPyConnection) -> dict[str, list[Response]]:
    fields = {f.name for f in dataclasses.fields(Response)}
    cols = [c[0] for c in con.execute("SELECT * FROM responses LIMIT 0").description]
    by_doc: dict[str, list[Response]] = {}
    for row in con.execute("SELECT * FROM responses ORDER BY doc_id, row_no").fetchall():
        d = dict(zip(cols, row))
        by_doc.setdefault(d["doc_id"], []).append(Response(**{k: v for k, v in d.items() if k in fields}))
    return by_doc


def prf(pairs: list[tuple[bool, bool]]) -> dict[str, float | int]:
    tp = sum(1 for p, t in pairs if p and t)
    fp = sum(1 for p, t in pairs if p and not t)
    fn = sum(1 for p, t in pairs if t and not p)
    return {"tp": tp, "fp": fp, "fn": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5.0, help="minimum time to spend timing analyse()")
    args = ap.parse_args()

    t0 = time.perf_counter()
    commentary_nlp.load()
    commentary_requirements.document_frequency()
    load_s = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        summary = extract([RAW], db, workers=1)
        extract_s = time.perf_counter() - t0
        if not summary.ok:
            print("extraction failed", file=sys.stderr)
            return 1
        con = duckdb.connect(str(db))
        by_doc = load_responses(con)
        n_rows = sum(len(v) for v in by_doc.values())

        # throughput of the per-document analysis alone (warm)
        for rs in by_doc.values():
            commentary.analyse(rs)
        done = 0
        t0 = time.perf_counter()
        c0 = time.process_time()
        while True:
            for rs in by_doc.values():
                commentary.analyse(rs)
                done += len(rs)
            if time.perf_counter() - t0 >= args.seconds:
                break
        analyse_s = time.perf_counter() - t0
        analyse_cpu_s = time.process_time() - c0

        t0 = time.perf_counter()
        commentary_corpus.update_boilerplate(con)
        corpus_s = time.perf_counter() - t0

        rows = con.execute(
            "SELECT d.file_name, r.provision_id, r.comply, s.claim_conflict, s.reasons, s.specificity, "
            "s.boilerplate, s.evidence_present "
            "FROM response_scores s JOIN responses r USING (doc_id, row_no) JOIN documents d USING (doc_id) "
            "ORDER BY d.file_name, r.row_no"
        ).fetchall()
        signal_counts = dict(con.execute(
            "SELECT kind || ':' || sub_kind, count(*) FROM signals GROUP BY 1 ORDER BY 1").fetchall())
        con.close()

    truth = truth_flags()
    pairs_all, pairs_clear, misses, false_alarms = [], [], [], []
    for file_name, pid, comply, conflict, reasons, *_ in rows:
        seed = Path(file_name).stem
        t = truth.get((seed, pid), {"conflict": False, "mild": False, "note": "(row not in truth)"})
        pairs_all.append((conflict, t["conflict"]))
        if not t["mild"]:
            pairs_clear.append((conflict, t["conflict"]))
        why = [x["why"] for x in json.loads(reasons) if x["score"] == "claim_conflict"]
        item = {"seed": seed, "provision_id": pid, "comply": comply, "mild": t["mild"], "truth_note": t["note"],
                "chc_reasons": why}
        if t["conflict"] and not conflict:
            misses.append(item)
        elif conflict and not t["conflict"]:
            false_alarms.append(item)

    result = {
        "rows": n_rows,
        "documents": len(by_doc),
        "analyse_rows_per_s": round(done / analyse_s, 1),
        "analyse_rows_per_cpu_s": round(done / analyse_cpu_s, 1),
        "analyse_rows_timed": done,
        "pipeline_load_s": round(load_s, 2),
        "extract_with_analysis_s": round(extract_s, 2),
        "corpus_step_s": round(corpus_s, 2),
        "claim_conflict_all_flags": prf(pairs_all),
        "claim_conflict_clear_flags": prf(pairs_clear),
        "truth_flags": sum(1 for v in truth.values() if v["conflict"]),
        "truth_flags_mild": sum(1 for v in truth.values() if v["conflict"] and v["mild"]),
        "missed": misses,
        "false_alarms": false_alarms,
        "signals": signal_counts,
        "mean_specificity": round(sum(r[5] for r in rows) / len(rows), 3),
        "rows_with_boilerplate_over_half": sum(1 for r in rows if r[6] > 0.5),
        "rows_without_evidence": sum(1 for r in rows if not r[7]),
    }
    dev = {}
    for half in commentary_dev_eval.present():
        res = commentary_dev_eval.evaluate(commentary_dev_eval.load(half))
        # a held-out half's errors stay unread: they would turn it into tuning data
        res["errors"] = res["errors"][:40] if half in commentary_dev_eval.TUNING else []
        dev[half] = res
    result["dev_corpus"] = dev
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "commentary.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")

    a, c = result["claim_conflict_all_flags"], result["claim_conflict_clear_flags"]
    print(f"commentary: {n_rows} rows in {len(by_doc)} documents; analyse {result['analyse_rows_per_s']} rows/s "
          f"({result['analyse_rows_per_cpu_s']} per CPU-second; warm; pipeline load {load_s:.2f} s; corpus step {corpus_s:.2f} s)")
    print(f"claim_conflict vs truth, all {result['truth_flags']} flags: precision {a['precision']} recall {a['recall']} "
          f"(tp {a['tp']} fp {a['fp']} fn {a['fn']})")
    print(f"claim_conflict vs truth, clear flags only: precision {c['precision']} recall {c['recall']} "
          f"(tp {c['tp']} fp {c['fp']} fn {c['fn']})")
    for label, items in (("missed", misses), ("false alarm", false_alarms)):
        for m in items:
            print(f"  {label}: {m['seed'][:3]} {m['provision_id']} ({m['comply']}{', mild' if m['mild'] else ''}): "
                  f"{(m['chc_reasons'] or [''])[0][:160]}")
    for half in commentary_dev_eval.present():
        label = {"tune": "tuning half", "hand_tune": "hand-written tuning half",
                 "hand_tune2": "hand-written tuning half 2", "test": "test half (held out)",
                 "test2": "test2 (held out, written later)",
                 "hand_test": "hand-written test half (held out, another author)",
                 "hand_test2": "hand-written test half 2 (held out, written last)"}[half]
        print(commentary_dev_eval.summary(f"dev corpus, {label}", dev[half]))
    print(f"written to {RESULTS / 'commentary.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
