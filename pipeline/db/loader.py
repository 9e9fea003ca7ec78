"""Write DocumentResults into DuckDB.  Knows nothing of file formats.

Every document is written in one transaction that first deletes whatever the
database held for that document, so a re-run replaces and a crash mid-way
leaves the previous state.  The schema is the `.sql` files in `schemas/sql/`,
applied in name order; the reference tables are reloaded from `schemas/reference/`, the
claims from `schemas/claims.csv` and the settings from `pipeline/core/thresholds.py`.
"""
from __future__ import annotations

import os
from pathlib import Path

from pipeline.core import versions
from pipeline.core.catalogue import Catalogue
from pipeline.core.claims import VOCABULARY
from pipeline.core.thresholds import SETTINGS
from pipeline.core.model import DocumentResult
from pipeline.core.model import Problem
from pipeline.core.paths import raw_bytes_of, text_of
from pipeline.db.connection import connect
from pipeline.db import schema

# DuckDB's own cache may otherwise take most of the machine's memory while it writes; past this it
# spills to a temporary file beside the database.  Override with CHC_DUCKDB_MEMORY (e.g. "4GB").
MEMORY_LIMIT = "512MB"


class Loader:
    def __init__(self, db_path: Path | str, catalogue: Catalogue) -> None:
        self.con = connect(db_path)
        self.con.execute(f"SET memory_limit = '{os.environ.get('CHC_DUCKDB_MEMORY', MEMORY_LIMIT)}'")
        self.catalogue = catalogue
        self._apply_schema()
        self.doc_tables = self._doc_scoped_tables()
        self._load_state()

    def _load_state(self) -> None:
        # What the database already holds, read once: most documents of a large run are new,
        # and a new document needs no deletes (each would scan whole tables).
        self._known = {
            doc_id: (sha, extractor, status)
            for doc_id, sha, extractor, status in self.con.execute(
                "SELECT doc_id, sha256, extractor, status FROM documents").fetchall()
        }
        self._paths: dict[str, set[str]] = {}
        for doc_id, path in self.con.execute("SELECT doc_id, source_path FROM document_files").fetchall():
            self._paths.setdefault(path, set()).add(doc_id)
        self._unread = {f for (f,) in self.con.execute(
            "SELECT DISTINCT file_name FROM problems WHERE doc_id IS NULL").fetchall()}

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ schema
    def _apply_schema(self) -> None:
        schema.apply(self.con)
        self.con.execute("BEGIN")
        schema.write_version(self.con)
        self.con.execute("DELETE FROM provisions")
        self.con.executemany(
            "INSERT INTO provisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (p.code_version, p.provision_id, p.section_number, p.section_title, p.obligation or None,
                 p.requirement_text or None, p.in_self_assessment, p.form_group or None, p.stage, p.order)
                for ps in self.catalogue.provisions.values() for p in ps
            ],
        )
        self.con.execute("DELETE FROM crosswalk")
        self.con.executemany(
            "INSERT INTO crosswalk VALUES (?, ?, ?, ?, ?)",
            [(c.provision_2022, c.provision_2024, c.relation, c.confidence, c.note) for c in self.catalogue.crosswalk],
        )
        # chc's vocabulary and thresholds, from their one home each (views and macros read them).
        self.con.execute("DELETE FROM _chc.claims")
        self.con.executemany("INSERT INTO _chc.claims VALUES (?, ?, ?, ?, ?, ?)",
                             [(c.value, c.rank, c.shown, c.label, c.colour, c.description) for c in VOCABULARY])
        self.con.execute("DELETE FROM _chc.settings")
        self.con.executemany("INSERT INTO _chc.settings VALUES (?, ?, ?)",
                             [(name, value, about) for name, (value, about) in SETTINGS.items()])
        self.con.execute("COMMIT")

    def _doc_scoped_tables(self) -> list[str]:
        rows = self.con.execute(
            "SELECT DISTINCT table_name FROM information_schema.columns "
            "WHERE column_name = 'doc_id' AND table_schema = 'main' "
            "AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')"
        ).fetchall()
        return sorted(r[0] for r in rows if r[0] not in ("documents", "document_files", "problems"))

    # ------------------------------------------------------------------ reads
    def unchanged(self, sha256: str, doc_id: str, current_only: bool = False) -> bool:
        """Is this exact document already loaded (with current_only: by the current extractor version)?"""
        known = self._known.get(doc_id)
        if known is None or known[0] != sha256 or known[2] == "failed":
            return False
        return not current_only or versions.is_current(known[1])

    def record_file(self, doc_id: str, path: Path, display: str) -> None:
        """Remember another name for a document already loaded (a skipped duplicate, or a file
        renamed since it was loaded: the document then takes the new name)."""
        if self._paths.get(display) == {doc_id}:
            return
        raw = raw_bytes_of(str(path.resolve()))
        self.con.execute("BEGIN")
        self._forget_path(display, keep=doc_id)
        self.con.execute(
            "INSERT OR IGNORE INTO document_files BY NAME SELECT ? AS doc_id, ? AS file_name, ? AS source_path, "
            "? AS source_path_hex", [doc_id, text_of(path.name), display, raw.hex() if raw is not None else None])
        self._forget_missing(doc_id)
        self.con.execute(
            "UPDATE documents SET file_name = ?, file_name_hex = ? WHERE doc_id = ? AND NOT EXISTS ("
            "SELECT 1 FROM document_files f WHERE f.doc_id = documents.doc_id AND f.file_name = documents.file_name)",
            [text_of(path.name), raw_bytes_of(path.name).hex() if raw_bytes_of(path.name) else None, doc_id])
        self.con.execute("COMMIT")
        self._paths.setdefault(display, set()).add(doc_id)

    # ------------------------------------------------------------------ manifest edits
    MANIFEST_COLUMNS = ("landlord", "landlord_type", "assessed_period", "source_url", "landlord_source",
                        "assessment_id")

    def document_metadata(self) -> dict[str, dict]:
        """What the manifest decides of each loaded document, read once for the whole run."""
        cols = self.MANIFEST_COLUMNS
        rows = self.con.execute(f"SELECT doc_id, {', '.join(cols)} FROM documents").fetchall()
        return {r[0]: dict(zip(cols, r[1:])) for r in rows}

    def editions(self) -> dict[str, tuple[str | None, str | None]]:
        """doc_id -> (code_version the rows are aligned to, code_version chc read itself)."""
        rows = self.con.execute("SELECT doc_id, code_version, coalesce(code_version_read, code_version) "
                                "FROM documents").fetchall()
        return {d: (used, read) for d, used, read in rows}

    def update_documents(self, changes: dict[str, dict]) -> None:
        """Apply manifest edits to documents already loaded, in one transaction (no re-extraction)."""
        if not changes:
            return
        self.con.execute("BEGIN")
        try:
            for doc_id, fields in changes.items():
                bad = set(fields) - set(self.MANIFEST_COLUMNS)
                if bad:
                    raise ValueError(f"not a manifest column: {sorted(bad)}")
                sets = ", ".join(f'"{k}" = ?' for k in fields)
                self.con.execute(f"UPDATE documents SET {sets} WHERE doc_id = ?", [*fields.values(), doc_id])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _forget_missing(self, doc_id: str) -> None:
        """Drop the document's recorded paths whose file is gone (renamed or deleted)."""
        for path, raw in self.con.execute(
                "SELECT source_path, source_path_hex FROM document_files WHERE doc_id = ?", [doc_id]).fetchall():
            if not _exists(path, raw):
                self.con.execute("DELETE FROM document_files WHERE doc_id = ? AND source_path = ?", [doc_id, path])
                self._paths.get(path, set()).discard(doc_id)

    def missing(self) -> list[tuple[str, str]]:
        """(doc_id, file_name) of documents none of whose recorded files exists any more."""
        where: dict[str, list[bool]] = {}
        names: dict[str, str] = {}
        for doc_id, name, path, raw in self.con.execute(
                "SELECT f.doc_id, d.file_name, f.source_path, f.source_path_hex FROM document_files f "
                "JOIN documents d USING (doc_id)").fetchall():
            where.setdefault(doc_id, []).append(_exists(path, raw))
            names[doc_id] = name
        return sorted(((d, names[d]) for d, seen in where.items() if not any(seen)), key=lambda x: x[1])

    def prune(self, doc_ids: list[str]) -> None:
        """Remove these documents and everything held for them (their files are gone)."""
        self.con.execute("BEGIN")
        try:
            for doc_id in doc_ids:
                self._delete_document(doc_id)
                self.con.execute("DELETE FROM document_files WHERE doc_id = ?", [doc_id])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self._load_state()

    def delete_problems(self, doc_ids: list[str], message_prefix: str) -> None:
        """Drop problems a manifest edit has answered (a part now grouped is no longer cut short)."""
        if doc_ids:
            self.con.execute("DELETE FROM problems WHERE doc_id = ANY(?) AND starts_with(message, ?)",
                             [doc_ids, message_prefix])

    # ------------------------------------------------------------------ writes
    def write(self, results: list[DocumentResult]) -> None:
        """Replace everything held for these documents, in one transaction.

        A batch commits whole or not at all, so a run killed at any moment leaves
        exactly the documents of the batches that committed; per-document
        transactions would cost a commit each (measured: ~20x slower).
        """
        try:
            self._write(results)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as e:
            if _disk_full(e) or len(results) == 1:
                raise
            # One document must not fail the others: write them one at a time; the one the
            # database refuses is stored as failed with the reason.
            for result in results:
                try:
                    self._write([result])
                except Exception as e1:
                    if _disk_full(e1):
                        raise
                    self._write([_unstorable(result, e1)])

    def _write(self, results: list[DocumentResult]) -> None:
        con = self.con
        rows: dict[str, list[dict]] = {}
        con.execute("BEGIN")
        try:
            for result in results:
                self._stage(result, rows)
            for table, table_rows in rows.items():
                if table_rows:
                    self._insert(table, table_rows)
            con.execute("COMMIT")
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except Exception:  # noqa: S110 - the transaction is already gone (DuckDB aborted it); the cause is raised
                pass
            self._load_state()
            raise

    def _stage(self, result: DocumentResult, rows: dict[str, list[dict]]) -> None:
        """Delete what the database holds for this document; queue its new rows."""
        name = text_of(result.path.name)
        if name in self._unread:
            self.con.execute("DELETE FROM problems WHERE doc_id IS NULL AND file_name = ?", [name])
            self._unread.discard(name)
        doc = result.document
        doc_id = doc["doc_id"] if doc else None
        rows.setdefault("problems", []).extend(
            {"doc_id": doc_id, "file_name": name, "stage": p.stage, "severity": p.severity,
             "message": text_of(p.message), "row_no": p.row_no}
            for p in result.problems
        )
        if doc is None:
            self._unread.add(name)
            return
        self._forget_path(doc["source_path"], keep=doc_id)
        if doc_id in self._known:
            self._delete_document(doc_id)
            self._forget_missing(doc_id)
        rows.setdefault("documents", []).append(doc)
        if doc_id not in self._paths.get(doc["source_path"], ()):
            raw = raw_bytes_of(str(result.path.resolve()))
            rows.setdefault("document_files", []).append(
                {"doc_id": doc_id, "file_name": doc["file_name"], "source_path": doc["source_path"],
                 "source_path_hex": raw.hex() if raw is not None else None})
        for table, table_rows in result.tables.items():
            rows.setdefault(table, []).extend(table_rows)
        self._known[doc_id] = (doc["sha256"], doc["extractor"], doc["status"])
        self._paths.setdefault(doc["source_path"], set()).add(doc_id)

    def _delete_document(self, doc_id: str) -> None:
        for table in self.doc_tables + ["problems", "documents"]:
            self.con.execute(f'DELETE FROM "{table}" WHERE doc_id = ?', [doc_id])

    def _forget_path(self, source_path: str, keep: str) -> None:
        """A path now holding other bytes: drop its old document unless another file still has it."""
        for doc_id in sorted(self._paths.get(source_path, set()) - {keep}):
            self.con.execute("DELETE FROM document_files WHERE doc_id = ? AND source_path = ?", [doc_id, source_path])
            self._paths[source_path].discard(doc_id)
            if not any(doc_id in ids for ids in self._paths.values()):
                self._delete_document(doc_id)
                self._known.pop(doc_id, None)

    def _insert(self, table: str, rows: list[dict]) -> None:
        import pyarrow as pa

        self.con.register("_chc_batch", pa.Table.from_pylist(rows))
        try:
            self.con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _chc_batch')
        finally:
            self.con.unregister("_chc_batch")


def _exists(path: str, raw_hex: str | None) -> bool:
    target = os.fsdecode(bytes.fromhex(raw_hex)) if raw_hex else path
    return os.path.lexists(target)


def _disk_full(e: BaseException) -> bool:
    return "no space left on device" in str(e).lower() or getattr(e, "errno", None) == 28


def _unstorable(result: DocumentResult, e: Exception) -> DocumentResult:
    """The document as a failed one with no rows, saying why the database refused it."""
    doc = dict(result.document) if result.document else None
    if doc is not None:
        doc.update(rows=0, status="failed", low_confidence=0)
        doc = {k: text_of(v) if isinstance(v, str) else v for k, v in doc.items()}
    message = " ".join(str(e).split())[:300]
    return DocumentResult(result.path, result.sha256, doc, {}, [Problem(
        "load", "error", f"the database refused this document's data ({type(e).__name__}: {message}); "
                         "the rest of the batch was stored. Please report it with the file.")])
