"""Corpus-level commentary step, run on the database after a batch is loaded.

Boilerplate across landlords: a sentence of a response is boilerplate when a
near-verbatim copy (rapidfuzz ratio >= boilerplate.NEAR_VERBATIM) appears in a
document of another landlord.  `boilerplate_across` is the share of the row's
text in such sentences; `boilerplate` becomes the larger of the within-document
and across-landlord shares and `specificity` is recomputed from
`specificity_raw`.  Documents with no landlord count as their own landlord.

The sentences are those the per-document analysis split and stored (table
`sentences`), so this step reads them back rather than splitting the corpus
again.  Comparing every sentence with every other would be quadratic in the
corpus; `pipeline.commentary.near_verbatim` finds candidate copies with MinHash LSH and
checks only those with rapidfuzz.

Documents removed from the database leave the others' measure as it was until the next
change; `run(con, force=True)` measures everything again.

`fill_missing` analyses documents that have responses but no response_scores
(a database loaded before the commentary analysis existed), from the database.
"""
from __future__ import annotations

import dataclasses
import json

import duckdb

from pipeline.commentary import analysis as commentary, boilerplate, near_verbatim, scoring
from pipeline.core.model import Response

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


# Each distinct sentence key of 12+ characters: how many landlords print it, and (for one) which.
KEYS_SQL = """
SELECT t.match_key,
       count(DISTINCT coalesce(d.landlord, 'doc:' || t.doc_id)) AS landlords,
       min(coalesce(d.landlord, 'doc:' || t.doc_id)) AS landlord
FROM sentences t JOIN documents d USING (doc_id)
WHERE length(t.match_key) >= ?
GROUP BY t.match_key
ORDER BY t.match_key
"""

# Per response: its sentences' characters, those in sentences another landlord prints (or a copy of),
# and the most widely printed such sentence as the example; with the scores to update.
ROWS_SQL = """
SELECT s.doc_id, s.row_no,
       coalesce(sum(length(t.match_key)), 0) AS total,
       coalesce(sum(length(t.match_key)) FILTER (WHERE o.others > 0), 0) AS shared,
       count(t.match_key) FILTER (WHERE t.match_key <> '') AS sentences,
       count(*) FILTER (WHERE o.others > 0) AS shared_sentences,
       arg_max(t.text, o.others * 1000000 - (t.field = 'commentary')::INTEGER * 100000 - t.sentence_no)
           FILTER (WHERE o.others > 0) AS example,
       max(o.others) AS others,
       any_value(s.boilerplate_within) AS within, any_value(s.specificity_raw) AS raw,
       any_value(s.reasons) AS reasons, any_value(s.boilerplate_across) AS before
FROM response_scores s
LEFT JOIN sentences t USING (doc_id, row_no)
LEFT JOIN _chc_key_others o ON o.match_key = t.match_key
GROUP BY s.doc_id, s.row_no
"""

CHUNK = 20_000  # response rows read, rescored and staged at a time


def update_boilerplate(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Measure boilerplate across landlords for every response and update response_scores.

    Memory is bounded by the distinct sentence keys (for the near-verbatim search) and one
    chunk of response rows, not by the corpus: the aggregation runs in DuckDB.
    """
    import pyarrow as pa

    keys, landlords, landlord = [], [], []
    for k, n, who in con.execute(KEYS_SQL, [boilerplate.MIN_REPEAT_CHARS]).fetchall():
        keys.append(k)
        landlords.append(n)
        landlord.append(who)
    ids: dict[str, int] = {}
    landlord_id = [ids.setdefault(w, len(ids)) for w in landlord]
    copies = near_verbatim.copies_by_others(keys, landlords, landlord_id, cutoff=boilerplate.NEAR_VERBATIM)
    # other landlords printing the sentence: exact copies, else at least those of a near-verbatim copy
    others = [n - 1 if n > 1 else (max(1, landlords[j] - 1) if j >= 0 else 0)
              for n, j in zip(landlords, copies.tolist())]
    con.register("_chc_key_others", pa.table({"match_key": pa.array(keys, pa.string()),
                                              "others": pa.array(others, pa.int64())}))
    con.execute("CREATE OR REPLACE TEMP TABLE _chc_boiler (doc_id VARCHAR, row_no INTEGER, "
                "boilerplate_across DOUBLE, boilerplate DOUBLE, specificity DOUBLE, reasons VARCHAR)")
    rows = flagged = 0
    try:
        # materialised first: a DuckDB result must be read whole before the next statement runs
        con.execute(f"CREATE OR REPLACE TEMP TABLE _chc_rows AS SELECT row_number() OVER () AS rn, * FROM ({ROWS_SQL})")
    finally:
        con.unregister("_chc_key_others")
    total_rows = con.execute("SELECT count(*) FROM _chc_rows").fetchall()[0][0]
    for first in range(0, total_rows, CHUNK):
        chunk = con.execute("SELECT * EXCLUDE (rn) FROM _chc_rows WHERE rn > ? AND rn <= ?",
                            [first, first + CHUNK]).fetchall()
        out = []
        for doc_id, row_no, total, shared, n_sent, n_shared, example, n_other, within, raw, reasons, before in chunk:
            rows += 1
            across = round(shared / total, 3) if total else 0.0
            if n_shared:
                flagged += 1
                why = (f"{ACROSS}: {n_shared} of {n_sent} sentence(s) also appear near-verbatim in another "
                       f"landlord's documents, e.g. \"{' '.join(example.split())[:60]}\" (at least {n_other} "
                       f"other landlord(s))")
            else:
                why = f"{ACROSS}: no sentence found in another landlord's documents"
            update = _rescored(doc_id, row_no, across, why, within, raw, reasons, before)
            if update:
                out.append(update)
        if out:
            con.register("_chc_boiler_chunk", pa.Table.from_pylist(out))
            con.execute("INSERT INTO _chc_boiler BY NAME SELECT * FROM _chc_boiler_chunk")
            con.unregister("_chc_boiler_chunk")
    con.execute("DROP TABLE IF EXISTS _chc_rows")
    _apply(con)
    return {"rows": rows, "rows_with_boilerplate": flagged}


def _rescored(doc_id: str, row_no: int, across: float, why: str, within: float, raw: float, reasons: str,
              before: float | None) -> dict | None:
    """The response_scores update for a row's new across-landlord measure; None when nothing changes."""
    items = json.loads(reasons)
    if before == across and any(x["score"] == "boilerplate" and x["why"] == why for x in items):
        return None  # a re-run, or a row no new document shares anything with
    boiler = max(within, across)
    spec = scoring.specificity_with_boilerplate(raw, boiler)
    items = [x for x in items if not (x["score"] == "boilerplate" and x["why"].startswith(ACROSS))
             and not (x["score"] == "specificity" and x["why"] == "boilerplate penalty")]
    items.append({"score": "boilerplate", "effect": f"{across:.2f}", "why": why})
    if boiler > 0 and raw > 0:
        items.append({"score": "specificity", "effect": f"x{1 - scoring.BOILERPLATE_PENALTY * boiler:.2f}",
                      "why": "boilerplate penalty"})
    return {"doc_id": doc_id, "row_no": row_no, "boilerplate_across": across, "boilerplate": round(boiler, 3),
            "specificity": round(spec, 3), "reasons": json.dumps(items, ensure_ascii=False)}


def _apply(con: duckdb.DuckDBPyConnection) -> None:
    """Write the staged updates (temp table _chc_boiler) into response_scores in one transaction."""
    con.execute("BEGIN")
    try:
        con.execute(
            "UPDATE response_scores s SET boilerplate_across = u.boilerplate_across, boilerplate = u.boilerplate, "
            "specificity = u.specificity, reasons = u.reasons FROM _chc_boiler u "
            "WHERE s.doc_id = u.doc_id AND s.row_no = u.row_no"
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DROP TABLE IF EXISTS _chc_boiler")


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
