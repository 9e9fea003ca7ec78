"""`chc search WORDS`: find evidence and commentary cells across every landlord.

Ranked with DuckDB's full-text search extension (BM25, Porter stemming) when
`LOAD fts` succeeds; chc never downloads it, so where it is not installed the
search falls back to a plain scan (every word must occur, case-insensitive,
most occurrences first: the `search_text` macro of schemas/sql/35_search.sql).
The result says which method answered, how many cells match in all (beside
the limit shown), and shows each match in context with the matched words marked.

To get fts without chc downloading anything: put the extension file for this
DuckDB version and platform (`fts.duckdb_extension`) under
`DIR/v<version>/<platform>/` and set `CHC_DUCKDB_EXTENSIONS=DIR`: chc then runs
`SET extension_directory` to DIR before `LOAD fts`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.core.errors import ChcError
from pipeline.outputs.query import open_db, records
from pipeline.db.connection import connect_read_only

FTS = "fts"
SCAN = "scan"
COLUMNS = "doc_id, row_no, landlord_label, code_version, provision_id, comply, field, text"
from pipeline.db.connection import EXTENSIONS_ENV  # noqa: E402  (one home for the variable name)


class SearchError(ChcError, ValueError):
    """Nothing to search for, or the method asked for is not available."""



@dataclass
class SearchResult:
    query: str
    method: str  # fts or scan
    note: str
    hits: list[dict[str, Any]] = field(default_factory=list)
    total: int | None = None  # cells matching in all (hits holds at most the limit)

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "method": self.method, "note": self.note, "total": self.total,
                "hits": self.hits}


def _connect_fts() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    where = os.environ.get(EXTENSIONS_ENV)
    if where:
        con.execute("SET extension_directory = ?", [where])
    return con


def how_to_get_fts() -> str:
    version = duckdb.__version__
    con = duckdb.connect()
    try:
        platform = con.execute("PRAGMA platform").fetchall()[0][0]
    finally:
        con.close()
    return (f"to use fts, put fts.duckdb_extension for DuckDB v{version} {platform} in "
            f"DIR/v{version}/{platform}/ and set {EXTENSIONS_ENV}=DIR (chc runs SET extension_directory; "
            "it never downloads)")


def fts_available() -> tuple[bool, str]:
    """Can DuckDB's fts extension be loaded here without downloading anything?"""
    con = _connect_fts()
    try:
        con.execute("LOAD fts")
        return True, "DuckDB fts extension (BM25 ranking)"
    except duckdb.Error as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return False, (f"plain scan: the DuckDB fts extension could not be loaded ({first[:160]}); "
                       + how_to_get_fts())
    finally:
        con.close()


def search(db: Path | str, words: str, limit: int = 20, method: str | None = None) -> SearchResult:
    """Cells of evidence or commentary matching every word of `words`, best first.

    `method` forces "fts" or "scan"; by default fts when it loads, else scan.
    """
    words = " ".join(words.split())
    if not words:
        raise SearchError("nothing to search for")
    ok, note = fts_available()
    if method == FTS and not ok:
        raise SearchError(note)
    use_fts = ok if method is None else method == FTS
    if use_fts:
        hits, total = _fts(db, words, limit)
        return SearchResult(words, FTS, "DuckDB fts extension (BM25 ranking, Porter stemming)",
                            _in_context(hits, words), total)
    if method == SCAN:
        note = "plain scan (asked for)"
    con = open_db(db)
    try:
        hits = records(con, f"SELECT {COLUMNS}, hits AS score FROM search_text(?) LIMIT ?", [words, limit])
        total = con.execute("SELECT count(*) FROM search_text(?)", [words]).fetchall()[0][0]
    finally:
        con.close()
    return SearchResult(words, SCAN, note, _in_context(hits, words), total)


def terms(words: str) -> list[str]:
    """The words searched for, as search_text splits them (lower case, letters and digits)."""
    return [t for t in re.split(r"[^a-z0-9]+", words.lower()) if t]


def snippet(text: str, words: str, width: int = 160, mark: tuple[str, str] = ("[", "]")) -> str:
    """`text` around its first matched word, every matched word marked, about `width` characters."""
    flat = " ".join((text or "").split())
    ts = terms(words)
    if not ts:
        return flat[:width]
    pat = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(t) for t in sorted(ts, key=len, reverse=True))
                     + r")[a-z0-9]*", re.I)
    first = pat.search(flat)
    start = 0 if first is None else max(0, first.start() - width // 3)
    if start:
        start = flat.rfind(" ", 0, start) + 1
    end = min(len(flat), start + width)
    if end < len(flat):
        cut = flat.rfind(" ", start, end)
        end = cut if cut > start else end
    piece = flat[start:end]
    marked = pat.sub(lambda m: mark[0] + m.group(0) + mark[1], piece)
    return ("…" if start else "") + marked + ("…" if end < len(flat) else "")


def _in_context(hits: list[dict[str, Any]], words: str) -> list[dict[str, Any]]:
    for h in hits:
        if "text" in h:
            h["snippet"] = snippet(h["text"], words)
    return hits


def _fts(db: Path | str, words: str, limit: int) -> tuple[list[dict[str, Any]], int]:
    """BM25 over search_corpus, indexed in memory (the database itself stays read-only and locked down,
    attached as chc): (best hits, total)."""
    con = connect_read_only(db, extensions=("fts",))
    try:
        con.execute(f"CREATE TABLE corpus AS SELECT row_number() OVER () AS id, {COLUMNS} FROM chc.search_corpus")
        con.execute("PRAGMA create_fts_index('corpus', 'id', 'text')")
        con.execute("CREATE TEMP TABLE scored AS SELECT *, fts_main_corpus.match_bm25(id, ?, conjunctive := 1) "
                    "AS score FROM corpus", [words])
        hits = records(con, f"SELECT {COLUMNS}, round(score, 3) AS score FROM scored WHERE score IS NOT NULL "
                            f"ORDER BY score DESC, doc_id, row_no, field LIMIT ?", [limit])
        total = con.execute("SELECT count(*) FROM scored WHERE score IS NOT NULL").fetchall()[0][0]
        return hits, total
    finally:
        con.close()


def to_text(r: SearchResult, width: int = 160) -> str:
    total = len(r.hits) if r.total is None else r.total
    shown = f"; showing the first {len(r.hits)}" if total > len(r.hits) else ""
    head = f"{total} match{'es' if total != 1 else ''} for {r.query!r}{shown} (method: {r.note})"
    if not r.hits:
        return head
    out = [head, "matched words are in [brackets]", ""]
    for i, h in enumerate(r.hits, 1):
        out.append(f"{i}. {h['landlord_label']} ({h['code_version']}), provision {h['provision_id'] or '-'}, "
                   f"claim {h['comply']}, {h['field']}, score {h['score']}")
        out.append("   " + h.get("snippet", snippet(h.get("text", ""), r.query, width)))
    return "\n".join(out)
