"""Human review that survives re-runs: `data/raw/corrections.csv`, one decision per line.

Columns: document (sha256, a prefix of >= 8 characters, or a file name), row (the printed
provision number "6.3", or "row N"), provision (with "row N": the provision the row was aligned
to when decided), field, value, reason, decided_by, decided_at.  Fields:

- provision_id, comply, evidence, commentary: set the column to `value`;
- accept: the row was checked and is right (nothing changes; it is never asked about again);
- not_a_row: the row is no provision row (its provision is cleared, match_method 'not_a_row');
- missing_row: a row of the form chc did not read: `row` is its provision (in the document's
  edition), `value` its text (stored as evidence, match_method 'review'); decisions on later lines
  can set its claim or commentary like any row's;
- code_version: the edition the document's rows are aligned to (`row` left empty).  It is applied
  when the document is read: the batch re-reads a document whose decided edition changed
  (`documents.code_version_read` keeps what chc read itself); here it is only checked.

`apply_corrections` runs after every load: it first puts back what chc extracted for every
decision applied last time (`response_corrections` keeps it; documents re-read in this run have
fresh rows and nothing to put back), then applies every decision of the file again.  A decision
that matches no document or no row (the document changed, the row is gone, a number now names two
rows) is reported in `problems` and never applied to another row.
"""
from __future__ import annotations

from pipeline.core.claims import VALUES
from pipeline.core.decisions import (
    CORRECTIONS_NAME,
    EDITIONS,
    FIELDS,
    MIN_PREFIX,
    SET_FIELDS,
    Decision,
    decided_editions,
    names_document,
    read_corrections,
)

__all__ = ["CORRECTIONS_NAME", "apply_corrections", "decided_editions", "names_document", "read_corrections"]

STAGE = "review"


def _documents(con, ref: str) -> list[tuple[str, str]]:
    """(doc_id, file_name) of the documents a decision's `document` names."""
    if len(ref) >= MIN_PREFIX and all(c in "0123456789abcdef" for c in ref.lower()):
        found = con.execute("SELECT doc_id, file_name FROM documents WHERE sha256 LIKE ? || '%'",
                            [ref.lower()]).fetchall()
        if found:
            return found
    return con.execute("SELECT DISTINCT d.doc_id, d.file_name FROM documents d JOIN document_files f USING (doc_id) "
                       "WHERE f.file_name = ? OR d.file_name = ?", [ref, ref]).fetchall()


def _rows(con, doc_id: str, d: Decision) -> list[int]:
    ref = d.row.strip()
    if ref.lower().startswith("row"):
        try:
            row_no = int(ref[3:].strip(" :#"))
        except ValueError:
            return []
        sql, params = "SELECT row_no FROM responses WHERE doc_id = ? AND row_no = ?", [doc_id, row_no]
        if d.provision:
            sql += " AND provision_id IS NOT DISTINCT FROM ?"
            params.append(d.provision)
        return [r for (r,) in con.execute(sql, params).fetchall()]
    return [r for (r,) in con.execute(
        "SELECT row_no FROM responses WHERE doc_id = ? AND (trim(printed_id) = ? OR "
        "(coalesce(trim(printed_id), '') = '' AND provision_id = ?))", [doc_id, ref, ref]).fetchall()]


def _invalid(con, doc_id: str, d: Decision) -> str | None:
    if d.field not in FIELDS:
        return f"field {d.field!r} is not one of {', '.join(FIELDS)}"
    if d.field == "comply" and (d.value or "").strip() not in VALUES:
        return f"claim {d.value!r} is not one of {', '.join(VALUES)}"
    if d.field == "provision_id":
        edition = con.execute("SELECT code_version FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        known = con.execute("SELECT 1 FROM provisions WHERE code_version = ? AND provision_id = ?",
                            [edition[0] if edition else None, (d.value or "").strip()]).fetchone()
        if not known:
            return f"{d.value!r} is not a provision of the document's edition ({edition[0] if edition else '?'})"
    return None


def _revert(con) -> None:
    for field in SET_FIELDS:
        con.execute(f"""
            UPDATE responses r SET {field} = c.original
            FROM response_corrections c
            WHERE c.doc_id = r.doc_id AND c.row_no = r.row_no AND c.field = '{field}'
              AND r.{field} IS NOT DISTINCT FROM c.corrected""")
    con.execute("""
        UPDATE responses r SET provision_id = c.original, match_method = split_part(c.corrected, '|', 2)
        FROM response_corrections c
        WHERE c.doc_id = r.doc_id AND c.row_no = r.row_no AND c.field = 'not_a_row'
          AND r.match_method = 'not_a_row'""")
    for table in ("response_links", "responses"):
        con.execute(f"""
            DELETE FROM {table} t USING response_corrections c
            WHERE c.field = 'missing_row' AND c.doc_id = t.doc_id AND c.row_no = t.row_no""")
    con.execute("DELETE FROM response_corrections")


def _relink(con) -> None:
    """Rows whose provision was corrected (now or last run) get their 2024 counterparts again."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _touched AS
        SELECT DISTINCT doc_id, row_no FROM response_corrections WHERE field IN ('provision_id', 'not_a_row', 'missing_row')""")
    con.execute("DELETE FROM response_links l USING _touched t WHERE l.doc_id = t.doc_id AND l.row_no = t.row_no")
    con.execute("""
        INSERT INTO response_links (doc_id, row_no, provision_2024, relation)
        SELECT r.doc_id, r.row_no, r.provision_id, 'same'
        FROM responses r JOIN _touched t USING (doc_id, row_no)
        WHERE r.code_version = '2024' AND r.provision_id IS NOT NULL
        UNION ALL
        SELECT r.doc_id, r.row_no, c.provision_2024, c.relation
        FROM responses r JOIN _touched t USING (doc_id, row_no)
        JOIN crosswalk c ON c.provision_2022 = r.provision_id
        WHERE r.code_version = '2022' AND c.provision_2024 IS NOT NULL""")
    con.execute("DROP TABLE _touched")


def apply_corrections(con, decisions: list[Decision]) -> dict[str, int]:
    """Put back last run's corrections, apply `decisions`, report the stale ones; one transaction."""
    counts = {"applied": 0, "stale": 0}
    con.execute("BEGIN")
    try:
        previous = con.execute("SELECT DISTINCT doc_id, row_no FROM response_corrections "
                               "WHERE field IN ('provision_id', 'not_a_row')").fetchall()
        _revert(con)
        con.execute("DELETE FROM corrections")
        con.execute("DELETE FROM problems WHERE stage = ?", [STAGE])
        for d in decisions:
            con.execute("INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [d.line, d.document, d.row, d.provision, d.field, d.value, d.reason, d.decided_by,
                         d.decided_at])
            problem = _apply(con, d)
            if problem:
                counts["stale"] += 1
                doc_id, file_name, message = problem
                con.execute("INSERT INTO problems (doc_id, file_name, stage, severity, message, row_no) "
                            "VALUES (?, ?, ?, 'warning', ?, NULL)", [doc_id, file_name, STAGE, message])
            else:
                counts["applied"] += 1
        # rows corrected last run but not now: their links come back from their restored provision
        for doc_id, row_no in previous:
            con.execute("INSERT INTO response_corrections (doc_id, row_no, field, line) "
                        "SELECT ?, ?, 'provision_id', 0 WHERE NOT EXISTS (SELECT 1 FROM response_corrections "
                        "WHERE doc_id = ? AND row_no = ? AND field IN ('provision_id', 'not_a_row'))",
                        [doc_id, row_no, doc_id, row_no])
        _relink(con)
        con.execute("DELETE FROM response_corrections WHERE line = 0")
        # rows added by missing_row decisions (now or last run) are counted in documents.rows
        con.execute("""
            UPDATE documents d SET rows = c.n
            FROM (SELECT doc_id, count(*) AS n FROM responses GROUP BY doc_id) c
            WHERE c.doc_id = d.doc_id AND d.rows <> c.n""")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts


def _apply(con, d: Decision) -> tuple[str | None, str, str] | None:
    """Apply one decision; (doc_id, file_name, message) when it cannot be."""
    where = f"{CORRECTIONS_NAME} line {d.line}"
    docs = _documents(con, d.document)
    if len(docs) != 1:
        what = "matches no document" if not docs else f"matches {len(docs)} documents"
        return None, d.document or CORRECTIONS_NAME, f"{where}: document {d.document!r} {what}; not applied"
    doc_id, file_name = docs[0]
    if d.field == "code_version":
        return _check_edition(con, doc_id, file_name, d, where)
    if d.field == "missing_row":
        return _add_row(con, doc_id, file_name, d, where)
    rows = _rows(con, doc_id, d)
    if len(rows) != 1:
        what = "matches no row (the document changed, or the row is gone)" if not rows else \
            f"matches {len(rows)} rows"
        return doc_id, file_name, f"{where}: row {d.row!r}{' (' + d.provision + ')' if d.provision else ''} {what}; not applied"
    if (invalid := _invalid(con, doc_id, d)) is not None:
        return doc_id, file_name, f"{where}: {invalid}; not applied"
    row_no = rows[0]
    if d.field in SET_FIELDS:
        value = (d.value or "").strip() if d.field in ("provision_id", "comply") else (d.value or "")
        (original,) = con.execute(f"SELECT {d.field} FROM responses WHERE doc_id = ? AND row_no = ?",
                                  [doc_id, row_no]).fetchone()
        con.execute(f"UPDATE responses SET {d.field} = ? WHERE doc_id = ? AND row_no = ?", [value, doc_id, row_no])
    elif d.field == "not_a_row":
        original, method = con.execute("SELECT provision_id, match_method FROM responses WHERE doc_id = ? AND "
                                       "row_no = ?", [doc_id, row_no]).fetchone()
        value = f"|{method}"  # what to put back: the provision (original) and the match method
        con.execute("UPDATE responses SET provision_id = NULL, match_method = 'not_a_row' WHERE doc_id = ? AND "
                    "row_no = ?", [doc_id, row_no])
    else:  # accept
        original = value = None
    earlier = con.execute("SELECT original FROM response_corrections WHERE doc_id = ? AND row_no = ? AND field = ?",
                          [doc_id, row_no, d.field]).fetchone()
    if earlier is not None:  # a later line decides the same field again: it wins, the extracted value stays
        con.execute("UPDATE response_corrections SET corrected = ?, line = ?, reason = ?, decided_by = ?, "
                    "decided_at = ? WHERE doc_id = ? AND row_no = ? AND field = ?",
                    [value, d.line, d.reason, d.decided_by, d.decided_at, doc_id, row_no, d.field])
        return None
    con.execute("INSERT INTO response_corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc_id, row_no, d.field, original, value, d.line, d.reason, d.decided_by, d.decided_at])
    return None


def _check_edition(con, doc_id: str, file_name: str, d: Decision, where: str) -> tuple[str, str, str] | None:
    """A code_version decision was applied when the document was read; say so when it was not."""
    value = (d.value or "").strip()
    if value not in EDITIONS:
        return doc_id, file_name, f"{where}: edition {d.value!r} is not one of {', '.join(EDITIONS)}; not applied"
    (used,) = con.execute("SELECT code_version FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    if used != value:
        return doc_id, file_name, (f"{where}: the document's rows are aligned to the {used} Code, not {value}: it "
                                   "could not be read again in this run; run chc extract again")
    return None


def _add_row(con, doc_id: str, file_name: str, d: Decision, where: str) -> tuple[str, str, str] | None:
    """Add the row a reviewer says the form holds and chc did not read."""
    provision = d.row.strip()
    (edition,) = con.execute("SELECT code_version FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    if not con.execute("SELECT 1 FROM provisions WHERE code_version = ? AND provision_id = ?",
                       [edition, provision]).fetchone():
        return doc_id, file_name, f"{where}: {provision!r} is not a provision of the document's edition ({edition}); not applied"
    found = con.execute("SELECT row_no FROM responses WHERE doc_id = ? AND provision_id = ? ORDER BY row_no",
                        [doc_id, provision]).fetchone()
    if found:
        return doc_id, file_name, (f"{where}: row {provision!r} is no longer missing: chc now reads it (row {found[0]}); "
                                   "not applied, so the row is not doubled (remove the line, or correct that row)")
    (row_no,) = con.execute("SELECT coalesce(max(row_no), 0) + 1 FROM responses WHERE doc_id = ?", [doc_id]).fetchone()
    con.execute("INSERT INTO responses (doc_id, row_no, provision_id, code_version, id_corrected, match_score, "
                "match_method, comply, evidence) VALUES (?, ?, ?, ?, false, 1.0, 'review', 'not_stated', ?)",
                [doc_id, row_no, provision, edition, d.value or ""])
    con.execute("INSERT INTO response_corrections VALUES (?, ?, 'missing_row', NULL, ?, ?, ?, ?, ?)",
                [doc_id, row_no, d.value or "", d.line, d.reason, d.decided_by, d.decided_at])
    return None
