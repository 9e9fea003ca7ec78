"""`chc search WORDS`: find evidence and commentary cells across every landlord.

Ranked with DuckDB's full-text search extension (BM25, Porter stemming) when
`LOAD fts` succeeds; chc never downloads it, so where it is not installed the
search falls back to a plain scan (every word must occur, case-insensitive,
most occurrences first: the `search_text` macro of schemas/sql/35_search.sql).
The result says which method answered.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.db.connection import connect_read_only
from pipeline.outputs.query import open_db, records, text_table

FTS = "fts"
SCAN = "scan"
COLUMNS = "doc_id, row_no, landlord_label, code_version, provision_id, comply, field, text"


@dataclass
class SearchResult:
    query: str
    method: str  # fts or scan
    note: str
    hits: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "method": self.method, "note": self.note, "hits": self.hits}


def fts_available() -> tuple[bool, str]:
    """Can DuckDB's fts extension be loaded here without downloading anything?"""
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        con.execute("LOAD fts")
        return True, "DuckDB fts extension (BM25 ranking)"
    except duckdb.Error as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return False, f"plain scan: the DuckDB fts extension could not be loaded ({first[:160]})"
    finally:
        con.close()


def search(db: Path | str, words: str, limit: int = 20, method: str | None = None) -> SearchResult:
    """Cells of evidence or commentary matching every word of `words`, best first.

    `method` forces "fts" or "scan"; by default fts when it loads, else scan.
    """
    words = " ".join(words.split())
    if not words:
        raise ValueError("nothing to search for")
    ok, note = fts_available()
    if method == FTS and not ok:
        raise RuntimeError(note)
    use_fts = ok if method is None else method == FTS
    if use_fts:
        return SearchResult(words, FTS, "DuckDB fts extension (BM25 ranking, Porter stemming)",
                            _fts(db, words, limit))
    if method == SCAN:
        note = "plain scan (asked for)"
    con = open_db(db)
    try:
        hits = records(con, f"SELECT {COLUMNS}, hits AS score FROM search_text(?) LIMIT ?", [words, limit])
    finally:
        con.close()
    return SearchResult(words, SCAN, note, hits)


def _fts(db: Path | str, words: str, limit: int) -> list[dict[str, Any]]:
    """BM25 over search_corpus, indexed in memory (the database itself stays read-only)."""
    con = connect_read_only(db, extensions=("fts",))
    try:
        con.execute(f"CREATE TABLE corpus AS SELECT row_number() OVER () AS id, {COLUMNS} FROM chc.search_corpus")
        con.execute("PRAGMA create_fts_index('corpus', 'id', 'text')")
        return records(
            con, f"SELECT {COLUMNS}, round(score, 3) AS score FROM ("
                 f"SELECT *, fts_main_corpus.match_bm25(id, ?, conjunctive := 1) AS score FROM corpus) "
                 f"WHERE score IS NOT NULL ORDER BY score DESC, doc_id, row_no, field LIMIT ?", [words, limit])
    finally:
        con.close()


def to_text(r: SearchResult, width: int = 90) -> str:
    head = f"{len(r.hits)} match{'es' if len(r.hits) != 1 else ''} for {r.query!r} (method: {r.note})"
    if not r.hits:
        return head
    return head + "\n" + text_table(
        ["landlord", "edition", "provision", "claim", "field", "score", "text"],
        [[h["landlord_label"], h["code_version"], h["provision_id"] or "-", h["comply"], h["field"],
          str(h["score"]), h["text"]] for h in r.hits], max_cell=width)
