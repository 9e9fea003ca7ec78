"""Write DocumentResults into DuckDB.  Knows nothing of file formats.

Every document is written in one transaction that first deletes whatever the
database held for that document, so a re-run replaces and a crash mid-way
leaves the previous state.  The schema is the `.sql` files in `schemas/sql/`,
applied in name order; the reference tables are reloaded from `schemas/reference/`.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import SCHEMAS
from pipeline.catalogue import Catalogue
from pipeline.process import DocumentResult

SQL_DIR = SCHEMAS / "sql"


class DatabaseBusy(RuntimeError):
    """Another process holds the database file."""


def connect(db_path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    db_path = Path(db_path)
    if read_only and not db_path.exists():
        raise FileNotFoundError(f"{db_path} does not exist: run `chc extract` (or `make extract`) first")
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(db_path), read_only=read_only)
    except duckdb.IOException as e:
        if "lock" in str(e).lower():
            raise DatabaseBusy(
                f"{db_path} is in use by another process (another `chc extract`, a notebook or a "
                "query tool). Close it or wait for it to finish, then run again."
            ) from e
        raise


def sql_files() -> list[Path]:
    return sorted(SQL_DIR.glob("*.sql"))


class Loader:
    def __init__(self, db_path: Path | str, catalogue: Catalogue) -> None:
        self.con = connect(db_path)
        self.catalogue = catalogue
        self._apply_schema()
        self.doc_tables = self._doc_scoped_tables()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Loader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ schema
    def _apply_schema(self) -> None:
        for f in sql_files():
            self.con.execute(f.read_text(encoding="utf-8"))
        self.con.execute("BEGIN")
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
        self.con.execute("COMMIT")

    def _doc_scoped_tables(self) -> list[str]:
        rows = self.con.execute(
            "SELECT DISTINCT table_name FROM information_schema.columns "
            "WHERE column_name = 'doc_id' AND table_schema = 'main' "
            "AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')"
        ).fetchall()
        return sorted(r[0] for r in rows if r[0] not in ("documents", "document_files", "problems"))

    # ------------------------------------------------------------------ reads
    def unchanged(self, sha256: str, doc_id: str, extractor_prefix: str | None = None) -> bool:
        """Is this exact document already loaded by this chc version?"""
        rows = self.con.execute(
            "SELECT extractor, status FROM documents WHERE doc_id = ? AND sha256 = ?", [doc_id, sha256]
        ).fetchall()
        if not rows:
            return False
        extractor, status = rows[0]
        return status != "failed" and (extractor_prefix is None or (extractor or "").endswith(extractor_prefix))

    def record_file(self, doc_id: str, path: Path, display: str) -> None:
        """Remember another name for a document already loaded (a skipped duplicate)."""
        self.con.execute("BEGIN")
        self._forget_path(display, keep=doc_id)
        self.con.execute(
            "INSERT OR IGNORE INTO document_files VALUES (?, ?, ?)", [doc_id, path.name, display]
        )
        self.con.execute("COMMIT")

    # ------------------------------------------------------------------ writes
    def write(self, result: DocumentResult) -> None:
        """Replace everything held for this document, in one transaction."""
        con = self.con
        con.execute("BEGIN")
        try:
            if result.document is None:
                con.execute(
                    "DELETE FROM problems WHERE doc_id IS NULL AND file_name = ?", [result.path.name]
                )
                self._insert_problems(None, result)
                con.execute("COMMIT")
                return
            doc = result.document
            doc_id = doc["doc_id"]
            self._forget_path(doc["source_path"], keep=doc_id)
            for table in self.doc_tables:
                con.execute(f'DELETE FROM "{table}" WHERE doc_id = ?', [doc_id])
            con.execute("DELETE FROM problems WHERE doc_id = ? OR (doc_id IS NULL AND file_name = ?)",
                        [doc_id, doc["file_name"]])
            con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])
            self._insert("documents", [doc])
            con.execute(
                "INSERT OR IGNORE INTO document_files VALUES (?, ?, ?)",
                [doc_id, doc["file_name"], doc["source_path"]],
            )
            for table, rows in result.tables.items():
                if rows:
                    self._insert(table, rows)
            self._insert_problems(doc_id, result)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def _forget_path(self, source_path: str, keep: str) -> None:
        """A path now holding other bytes: drop its old document unless another file still has it."""
        old = [r[0] for r in self.con.execute(
            "SELECT doc_id FROM document_files WHERE source_path = ? AND doc_id <> ?", [source_path, keep]
        ).fetchall()]
        for doc_id in old:
            self.con.execute("DELETE FROM document_files WHERE doc_id = ? AND source_path = ?", [doc_id, source_path])
            others = self.con.execute("SELECT count(*) FROM document_files WHERE doc_id = ?", [doc_id]).fetchall()[0][0]
            if others == 0:
                for table in self.doc_tables + ["problems", "documents"]:
                    self.con.execute(f'DELETE FROM "{table}" WHERE doc_id = ?', [doc_id])

    def _insert(self, table: str, rows: list[dict]) -> None:
        import pyarrow as pa

        self.con.register("_chc_batch", pa.Table.from_pylist(rows))
        try:
            self.con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _chc_batch')
        finally:
            self.con.unregister("_chc_batch")

    def _insert_problems(self, doc_id: str | None, result: DocumentResult) -> None:
        if result.problems:
            self._insert("problems", [
                {"doc_id": doc_id, "file_name": result.path.name, "stage": p.stage,
                 "severity": p.severity, "message": p.message, "row_no": p.row_no}
                for p in result.problems
            ])
