"""Corpus-level commentary step, run on the database after a batch is loaded.

Boilerplate across landlords: a sentence of a response is boilerplate when a
near-verbatim copy (rapidfuzz ratio >= commentary.NEAR_VERBATIM) appears in a
document of another landlord.  `boilerplate_across` is the share of the row's
text in such sentences; `boilerplate` becomes the larger of the within-document
and across-landlord shares and `specificity` is recomputed from
`specificity_raw`.  Documents with no landlord count as their own landlord.

Comparing every sentence with every other would be quadratic in the corpus, so
candidates are blocked first: two sentences are compared only when they share
their first three words or their last three words (a near-verbatim copy keeps at
least one end intact) or are identical.

Documents removed from the database leave the others' measure as it was until the next
change; `run(con, force=True)` measures everything again.

`fill_missing` analyses documents that have responses but no response_scores
(a database loaded before the commentary analysis existed), from the database.
"""
from __future__ import annotations

import dataclasses
import json
from collections import defaultdict

import duckdb

from pipeline import commentary
from pipeline import commentary_nlp as cnlp
from pipeline.catalogue import match_key
from pipeline.model import Response

ACROSS = "across landlords"


def fill_missing(con: duckdb.DuckDBPyConnection) -> int:
    """Analyse loaded documents that have no response_scores yet. Returns documents analysed."""
    docs = [r[0] for r in con.execute(
        "SELECT DISTINCT r.doc_id FROM responses r "
        "WHERE NOT EXISTS (SELECT 1 FROM response_scores s WHERE s.doc_id = r.doc_id) ORDER BY 1"
    ).fetchall()]
    fields = [f.name for f in dataclasses.fields(Response)]
    cols = [c[0] for c in con.execute("SELECT * FROM responses LIMIT 0").description]
    for doc_id in docs:
        rows = con.execute("SELECT * FROM responses WHERE doc_id = ? ORDER BY row_no", [doc_id]).fetchall()
        responses = [Response(**{k: v for k, v in zip(cols, row) if k in fields}) for row in rows]
        tables = commentary.analyse(responses)
        con.execute("BEGIN")
        try:
            for table, trows in tables.items():
                con.execute(f'DELETE FROM "{table}" WHERE doc_id = ?', [doc_id])
                _insert(con, table, trows)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return len(docs)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    import pyarrow as pa

    con.register("_chc_commentary", pa.Table.from_pylist(rows))
    try:
        con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _chc_commentary')
    finally:
        con.unregister("_chc_commentary")


def _blocks(key: str) -> list[str]:
    words = key.split()
    if len(words) < 3:
        return [f"all:{key}"]
    return [f"head:{' '.join(words[:3])}", f"tail:{' '.join(words[-3:])}"]


def update_boilerplate(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Measure boilerplate across landlords for every response and update response_scores."""
    rows = con.execute(
        "SELECT r.doc_id, r.row_no, coalesce(d.landlord, 'doc:' || r.doc_id), "
        "coalesce(r.evidence, ''), coalesce(r.commentary, '') "
        "FROM responses r JOIN documents d USING (doc_id) "
        "JOIN response_scores s USING (doc_id, row_no) ORDER BY r.doc_id, r.row_no"
    ).fetchall()
    if not rows:
        return {"rows": 0, "rows_with_boilerplate": 0}
    nlp = cnlp.load()
    # sentence keys per row: sentence splitting only, no lemmas or entities needed here
    row_sents: list[list[str]] = []
    row_texts: list[dict[str, str]] = []  # key -> the sentence as printed, for the reason
    texts = [f"{ev}\n{cm}".strip() for _, _, _, ev, cm in rows]
    splitters = {"sentencizer", "senter", "chc_sentence_fixes"}
    skip = [name for name in nlp.pipe_names if name not in splitters]
    for doc in nlp.pipe(texts, batch_size=commentary.BATCH_SIZE, disable=skip):
        keys = []
        printed: dict[str, str] = {}
        for sent in doc.sents:
            k = match_key(sent.text)
            if k:
                keys.append(k)
                printed.setdefault(k, " ".join(sent.text.split()))
        row_sents.append(keys)
        row_texts.append(printed)
    # unique sentence keys, which landlords use each, and blocks
    landlords_of: dict[str, set[str]] = defaultdict(set)
    for (_, _, landlord, _, _), keys in zip(rows, row_sents):
        for k in keys:
            if len(k) >= commentary.MIN_REPEAT_CHARS:
                landlords_of[k].add(landlord)
    uniq = sorted(landlords_of)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(uniq):
        for b in _blocks(k):
            blocks[b].append(i)
    # a key is shared across landlords when it, or a near-verbatim twin, is used by another landlord
    others: dict[str, set[str]] = {k: set(v) for k, v in landlords_of.items()}
    for members in blocks.values():
        if len(members) < 2:
            continue
        keys = [uniq[i] for i in members]
        for a, b in commentary.near_verbatim_pairs(keys, keys):
            if a != b:
                others[keys[a]] |= landlords_of[keys[b]]
    updates = []
    flagged = 0
    for (doc_id, row_no, landlord, _, _), keys, printed in zip(rows, row_sents, row_texts):
        total = sum(len(k) for k in keys)
        shared = [k for k in keys if len(k) >= commentary.MIN_REPEAT_CHARS and others.get(k, set()) - {landlord}]
        share = (sum(len(k) for k in shared) / total) if total else 0.0
        if shared:
            flagged += 1
            n_other = len(set().union(*(others[k] - {landlord} for k in shared)))
            why = (f"{ACROSS}: {len(shared)} of {len(keys)} sentence(s) also appear near-verbatim in documents of "
                   f"{n_other} other landlord(s), e.g. \"{printed[shared[0]][:60]}\"")
        else:
            why = f"{ACROSS}: no sentence found in another landlord's documents"
        updates.append((doc_id, row_no, round(share, 3), why))
    _apply(con, updates)
    return {"rows": len(updates), "rows_with_boilerplate": flagged}


def _apply(con: duckdb.DuckDBPyConnection, updates: list[tuple[str, int, float, str]]) -> None:
    current = {
        (d, r): (within, raw, reasons)
        for d, r, within, raw, reasons in con.execute(
            "SELECT doc_id, row_no, boilerplate_within, specificity_raw, reasons FROM response_scores"
        ).fetchall()
    }
    out = []
    for doc_id, row_no, across, why in updates:
        within, raw, reasons = current[(doc_id, row_no)]
        boiler = max(within, across)
        spec = commentary.specificity_with_boilerplate(raw, boiler)
        items = [x for x in json.loads(reasons) if not (x["score"] == "boilerplate" and x["why"].startswith(ACROSS))
                 and not (x["score"] == "specificity" and x["why"] == "boilerplate penalty")]
        items.append({"score": "boilerplate", "effect": f"{across:.2f}", "why": why})
        if boiler > 0 and raw > 0:
            items.append({"score": "specificity", "effect": f"x{1 - commentary.BOILERPLATE_PENALTY * boiler:.2f}",
                          "why": "boilerplate penalty"})
        out.append({"doc_id": doc_id, "row_no": row_no, "boilerplate_across": across, "boilerplate": round(boiler, 3),
                    "specificity": round(spec, 3), "reasons": json.dumps(items, ensure_ascii=False)})
    import pyarrow as pa

    con.execute("BEGIN")
    try:
        con.register("_chc_boiler", pa.Table.from_pylist(out))
        con.execute(
            "UPDATE response_scores s SET boilerplate_across = u.boilerplate_across, boilerplate = u.boilerplate, "
            "specificity = u.specificity, reasons = u.reasons FROM _chc_boiler u "
            "WHERE s.doc_id = u.doc_id AND s.row_no = u.row_no"
        )
        con.unregister("_chc_boiler")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def run(con: duckdb.DuckDBPyConnection, *, force: bool = False) -> dict[str, int]:
    """The corpus step of `chc extract`: fill documents missing an analysis, then boilerplate across landlords.

    Boilerplate across landlords is measured again only when some response has not been measured yet
    (a document was added or replaced since the last run), or when `force`.
    """
    filled = fill_missing(con)
    stale = con.execute("SELECT count(*) FROM response_scores WHERE boilerplate_across IS NULL").fetchall()[0][0]
    if stale or force:
        stats = update_boilerplate(con)
    else:
        stats = {"rows": 0, "rows_with_boilerplate": 0}
    stats["documents_analysed_from_db"] = filled
    return stats
