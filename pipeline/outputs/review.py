"""`chc review`: the rows worth a human look, one at a time, each decision appended to
data/raw/corrections.csv (pipeline/ingest/corrections.py applies them on every run).

Rows are ranked: rows that could not be aligned, then the claims to check (claims_to_check:
yes without evidence, a claim contradicted by its own text, yes on unspecific evidence, a
repaired number, no readable claim), then rows aligned with low confidence.  A row already decided
(applied in the database, or written to the file since) is never asked about again.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.decisions import Decision, append_decision, read_corrections
from pipeline.outputs.query import open_db, records

QUEUE_SQL = """
WITH decided AS (SELECT DISTINCT doc_id, row_no FROM response_corrections),
candidates AS (
    SELECT 0 AS priority, 'unaligned' AS reason, doc_id, row_no, 'no provision of its edition matches' AS detail
    FROM responses WHERE provision_id IS NULL AND match_method <> 'not_a_row'
    UNION ALL
    SELECT priority, reason, doc_id, row_no, detail FROM claims_to_check
    UNION ALL
    SELECT 6, 'low_confidence', doc_id, row_no, 'aligned with match score ' || match_score
    FROM responses WHERE provision_id IS NOT NULL AND match_score < low_confidence()
),
ranked AS (
    SELECT doc_id, row_no, min(priority) AS priority,
           string_agg(reason || ': ' || coalesce(detail, ''), '; ' ORDER BY priority) AS why
    FROM candidates GROUP BY doc_id, row_no
)
SELECT k.priority, k.why, r.doc_id, r.row_no, d.file_name, d.sha256, d.code_version, r.printed_id,
       r.provision_id, r.requirement_text, p.requirement_text AS canonical_text, r.comply, r.comply_raw,
       r.evidence, r.match_score
FROM ranked k
JOIN responses r USING (doc_id, row_no)
JOIN documents d USING (doc_id)
LEFT JOIN provisions p ON p.code_version = r.code_version AND p.provision_id = r.provision_id
WHERE NOT EXISTS (SELECT 1 FROM decided x WHERE x.doc_id = r.doc_id AND x.row_no = r.row_no)
ORDER BY k.priority, d.file_name, r.row_no
"""

REPORT_SQL = """
SELECT d.file_name, d.landlord, count(r.row_no) AS rows,
       count(DISTINCT c.row_no) AS reviewed,
       count(DISTINCT c.row_no) FILTER (WHERE c.field = 'accept') AS accepted,
       count(DISTINCT c.row_no) FILTER (WHERE c.field <> 'accept') AS changed
FROM documents d
LEFT JOIN responses r USING (doc_id)
LEFT JOIN response_corrections c ON c.doc_id = r.doc_id AND c.row_no = r.row_no
GROUP BY d.file_name, d.landlord
ORDER BY d.file_name
"""


@dataclass
class Item:
    priority: int
    why: str
    doc_id: str
    row_no: int
    file_name: str
    sha256: str
    code_version: str
    printed_id: str | None
    provision_id: str | None
    requirement_text: str | None
    canonical_text: str | None
    comply: str
    comply_raw: str | None
    evidence: str | None
    match_score: float

    @property
    def row_ref(self) -> str:
        """How the decision names the row: its printed number when it has one, else its row number."""
        return (self.printed_id or "").strip() or f"row {self.row_no}"


def review_queue(db: Path | str, corrections: Path | None = None) -> list[Item]:
    """The rows to review, best first, without those decided already."""
    con = open_db(db)
    try:
        items = [Item(**r) for r in records(con, QUEUE_SQL)]
    finally:
        con.close()
    done = {(d.document, d.row) for d in read_corrections(corrections)} if corrections else set()
    return [i for i in items if (i.file_name, i.row_ref) not in done and (i.sha256, i.row_ref) not in done
            and (i.file_name, f"row {i.row_no}") not in done]


def review_report(db: Path | str) -> list[dict]:
    """Per document: rows, rows reviewed by hand, of which accepted and changed."""
    con = open_db(db)
    try:
        return records(con, REPORT_SQL)
    finally:
        con.close()


def decide(path: Path, item: Item, field: str, value: str | None, reviewer: str | None,
           reason: str = "chc review", today: dt.date | None = None) -> Decision:
    """Append one decision about `item` to corrections.csv."""
    decision = Decision(0, item.file_name, item.row_ref,
                        item.provision_id if item.row_ref.startswith("row ") else None,
                        field, value, reason, reviewer, (today or dt.date.today()).isoformat())
    append_decision(path, decision)
    return decision
