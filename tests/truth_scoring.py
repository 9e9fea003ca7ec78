"""Score a built database against the hand-labelled truth tables in tests/truth.

The same measure as the project's yardstick (../shared/tools/score.py), kept
inside the project so the suite passes from a clone alone: rows are matched as
multisets of provision_id; comply must equal; evidence+commentary must hold the
truth's first and last words as contiguous [a-z0-9]+ token runs.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import duckdb

TOKEN = re.compile(r"[a-z0-9]+")
TAG = re.compile(r"<[^>]+>")


def tokens(text: str | None) -> list[str]:
    text = TAG.sub(" ", text or "").replace("\u2019", "'").replace("\u2018", "'")
    return TOKEN.findall(text.lower())


def contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return not needle or any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def score(db: Path, truth_dir: Path) -> dict[str, dict[str, float]]:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT d.file_name, r.provision_id, r.comply, r.evidence, r.commentary "
        "FROM responses r JOIN documents d USING (doc_id)"
    ).fetchall()
    con.close()
    pred: dict[str, list[dict]] = defaultdict(list)
    for file_name, pid, comply, evidence, commentary in rows:
        pred[Path(file_name).name.split(".")[0]].append(
            {"pid": pid or "", "comply": comply, "tokens": tokens(f"{evidence or ''} {commentary or ''}")}
        )
    out = {}
    for f in sorted(truth_dir.glob("*.truth.csv")):
        stem = f.name[: -len(".truth.csv")]
        truth = list(csv.DictReader(f.open(newline="", encoding="utf-8")))
        cands = defaultdict(list)
        for p in pred.get(stem, []):
            cands[p["pid"]].append(p)
        matched = comply_ok = text_ok = 0
        for t in truth:
            pool = cands.get(t["provision_id"].strip(), [])
            if not pool:
                continue
            first, last = tokens(t["evidence_first_words"]), tokens(t["evidence_last_words"])
            best = next((c for c in pool if contains(c["tokens"], first)), pool[0])
            pool.remove(best)
            matched += 1
            comply_ok += best["comply"] == t["comply"].strip()
            text_ok += contains(best["tokens"], first) and contains(best["tokens"], last)
        n_pred = len(pred.get(stem, []))
        out[stem] = {
            "rows_p": matched / n_pred if n_pred else 1.0,
            "rows_r": matched / len(truth) if truth else 1.0,
            "comply": comply_ok / matched if matched else 1.0,
            "text": text_ok / matched if matched else 1.0,
        }
    return out
