"""`chc export DIR`: the database as open data.

Every table (and the two main question views) is written as Parquet,
partitioned by Code edition (`<name>/code_version=2022/part_0.parquet`, Hive
style; rows with no edition, such as a failed document, go to
`code_version=__HIVE_DEFAULT_PARTITION__`).  Tables that do not carry the edition
themselves get it from their document.  The crosswalk spans both editions, so
it is one Parquet file and, because it is a result of chc in its own right (no
official 2022-2024 mapping is published), also `crosswalk.csv`.

`datapackage.json` describes it all to the Frictionless Data Package spec
(v1, written by hand): every resource's files, fields with types and the
descriptions from the schema's COMMENTs, primary keys and foreign keys.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline import __version__
from pipeline.outputs.query import open_db, records

# Question views published beside the tables, with the keys that make a row unique.
VIEWS = {
    "compliance_matrix": ["doc_id", "provision_2024"],
    "provision_shares": ["code_version", "provision_id"],
}
# Foreign keys the schema cannot declare (DuckDB tables here carry none): child fields -> (resource, fields).
FOREIGN_KEYS = {
    "document_files": [(["doc_id"], "documents", ["doc_id"])],
    "responses": [(["doc_id"], "documents", ["doc_id"]), (["code_version", "provision_id"], "provisions",
                                                         ["code_version", "provision_id"])],
    "response_links": [(["doc_id", "row_no"], "responses", ["doc_id", "row_no"])],
    "problems": [(["doc_id"], "documents", ["doc_id"])],
    "signals": [(["doc_id", "row_no"], "responses", ["doc_id", "row_no"])],
    "response_scores": [(["doc_id", "row_no"], "responses", ["doc_id", "row_no"])],
    "sentences": [(["doc_id", "row_no"], "responses", ["doc_id", "row_no"])],
    "compliance_matrix": [(["doc_id"], "documents", ["doc_id"])],
    "provision_shares": [(["code_version", "provision_id"], "provisions", ["code_version", "provision_id"])],
}
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
PARTITION_NOTE = (" Partitioned by Code edition: one Parquet file per edition under code_version=<edition>/ "
                  "(Hive style; rows with no edition under code_version=__HIVE_DEFAULT_PARTITION__); the files "
                  "also hold the code_version column.")


@dataclass
class ExportSummary:
    out_dir: Path
    resources: list[dict[str, Any]] = field(default_factory=list)  # name, rows, files

    @property
    def datapackage(self) -> Path:
        return self.out_dir / "datapackage.json"


def table_schema_type(duck_type: str) -> str:
    """DuckDB column type -> Frictionless Table Schema field type."""
    t = duck_type.upper()
    if t.endswith("[]") or t.startswith("LIST"):
        return "array"
    if t.startswith(("STRUCT", "MAP", "JSON")):
        return "object"
    if t in ("BOOLEAN",):
        return "boolean"
    if re.match(r"(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$", t):
        return "integer"
    if t.startswith(("DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC")):
        return "number"
    if t == "DATE":
        return "date"
    if t.startswith("TIMESTAMP"):
        return "datetime"
    if t.startswith("TIME"):
        return "time"
    return "string"


def export(db: Path | str, out_dir: Path | str) -> ExportSummary:
    """Write every table and the published views of `db` under `out_dir`, with datapackage.json."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = open_db(db)
    try:
        tables = [r["table_name"] for r in records(
            con, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
                 "ORDER BY table_name")]
        names = tables + [v for v in VIEWS if _exists(con, v)]
        summary = ExportSummary(out_dir)
        resources = []
        for name in names:
            resources.append(_export_one(con, name, out_dir, is_view=name in VIEWS))
        if "crosswalk" in tables:
            resources.append(_crosswalk_csv(con, out_dir))
        package = {
            "profile": "tabular-data-package",
            "name": "chc-complaint-handling-code-self-assessments",
            "title": "Housing Ombudsman Complaint Handling Code self-assessments, aligned across landlords",
            "description": (
                "Self-assessments published by social landlords against the Housing Ombudsman's Complaint "
                "Handling Code (2022 and 2024 editions), read by chc: one row per provision row printed, aligned "
                "to its canonical provision, with the compliance claim, evidence and commentary, the signals read "
                "from the commentary, and the 2022-2024 crosswalk that carries 2022 answers into 2024 numbering. "
                "Where each document came from is in documents.source_url."),
            "version": __version__,
            "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
            "keywords": ["housing", "complaints", "Housing Ombudsman", "Complaint Handling Code", "social landlords"],
            "sources": [{"title": "Landlords' published self-assessments (per document: documents.source_url)"},
                        {"title": "Housing Ombudsman Complaint Handling Code, 2022 and 2024 editions "
                                  "(provision wording: provisions)"}],
            "contributors": [{"title": "chc " + __version__, "role": "author"}],
            "resources": resources,
        }
        summary.datapackage.write_text(json.dumps(package, indent=2, ensure_ascii=False, default=str) + "\n",
                                       encoding="utf-8")
        summary.resources = [{"name": r["name"], "rows": r["x-rows"], "files": r["path"]} for r in resources]
        return summary
    finally:
        con.close()


def _exists(con: duckdb.DuckDBPyConnection, view: str) -> bool:
    return bool(records(con, "SELECT 1 FROM duckdb_views() WHERE schema_name = 'main' AND view_name = ?", [view]))


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]]:
    return records(con, "SELECT column_name, data_type, comment, is_nullable FROM duckdb_columns() "
                        "WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index", [name])


def _comment(con: duckdb.DuckDBPyConnection, name: str, is_view: bool) -> str:
    sql = ("SELECT comment FROM duckdb_views() WHERE schema_name = 'main' AND view_name = ?" if is_view else
           "SELECT comment FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?")
    rows = records(con, sql, [name])
    return (rows[0]["comment"] if rows else None) or ""


def _primary_key(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    if name in VIEWS:
        return VIEWS[name]
    rows = records(con, "SELECT constraint_column_names AS cols FROM duckdb_constraints() "
                        "WHERE schema_name = 'main' AND table_name = ? AND constraint_type = 'PRIMARY KEY'", [name])
    return list(rows[0]["cols"]) if rows else []


def _export_one(con: duckdb.DuckDBPyConnection, name: str, out_dir: Path, is_view: bool) -> dict[str, Any]:
    cols = _columns(con, name)
    col_names = [c["column_name"] for c in cols]
    target = out_dir / name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    quoted = f'"{name}"'
    partitioned = True
    if "code_version" in col_names:
        select = f"SELECT * FROM {quoted}"
    elif "doc_id" in col_names:
        select = (f"SELECT t.*, d.code_version FROM {quoted} t "
                  f"LEFT JOIN documents d ON d.doc_id = t.doc_id")
        cols = cols + [{"column_name": "code_version", "data_type": "VARCHAR", "is_nullable": True,
                        "comment": "Code edition of the row's document (documents.code_version); added by the "
                                   "export, which partitions by it."}]
    else:
        partitioned = False
        select = f"SELECT * FROM {quoted}"
    n = con.execute(f"SELECT count(*) FROM {quoted}").fetchall()[0][0]
    if partitioned and n:
        _write(con, select, f"'{_sql_path(target)}' (FORMAT parquet, PARTITION_BY (code_version), "
                            f"WRITE_PARTITION_COLUMNS true, OVERWRITE true, FILENAME_PATTERN 'part_{{i}}')")
    else:
        _write(con, select, f"'{_sql_path(target / 'part_0.parquet')}' (FORMAT parquet)")
    files = sorted(p.relative_to(out_dir).as_posix() for p in target.rglob("*.parquet"))
    description = _comment(con, name, is_view)
    if is_view:
        description += " (A view of the chc database, published for convenience.)"
    if partitioned and n:
        description += PARTITION_NOTE
    schema: dict[str, Any] = {
        "fields": [
            {"name": c["column_name"], "type": table_schema_type(c["data_type"]),
             "description": c["comment"] or "", "x-duckdb-type": c["data_type"]}
            for c in cols
        ],
    }
    pk = _primary_key(con, name)
    if pk:
        schema["primaryKey"] = pk
    fks = [{"fields": f, "reference": {"resource": res, "fields": ref}}
           for f, res, ref in FOREIGN_KEYS.get(name, []) if set(f) <= {c["column_name"] for c in cols}]
    if fks:
        schema["foreignKeys"] = fks
    return {
        "name": name,
        "path": files,
        "profile": "tabular-data-resource",
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "description": description,
        "schema": schema,
        "x-rows": n,
    }


def _crosswalk_csv(con: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[str, Any]:
    path = out_dir / "crosswalk.csv"
    _write(con, "SELECT * FROM crosswalk ORDER BY provision_2022 NULLS LAST, provision_2024 NULLS LAST",
           f"'{_sql_path(path)}' (FORMAT csv, HEADER true)")
    cols = _columns(con, "crosswalk")
    n = con.execute("SELECT count(*) FROM crosswalk").fetchall()[0][0]
    return {
        "name": "crosswalk-csv",
        "path": "crosswalk.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": "Complaint Handling Code crosswalk, 2022 edition to 2024 edition",
        "description": _comment(con, "crosswalk", False) + " Published by chc as a result in its own right: "
                       "each row pairs a 2022 provision with a 2024 one, says how the text changed (relation, note) "
                       "and how sure the pairing is (confidence). The same rows as the crosswalk resource, as CSV.",
        "dialect": {"delimiter": ",", "header": True, "doubleQuote": True},
        "schema": {"fields": [{"name": c["column_name"], "type": table_schema_type(c["data_type"]),
                               "description": c["comment"] or ""} for c in cols]},
        "x-rows": n,
    }


def _write(con: duckdb.DuckDBPyConnection, select: str, target: str) -> None:
    """COPY the rows of `select` TO `target`.  The database's own connection is locked down (no
    file system), so the rows stream through Arrow into a second connection that holds nothing
    but them and writes only the export's own files."""
    reader = con.sql(select).to_arrow_reader()
    out = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        out.register("_chc_rows", reader)
        out.execute(f"COPY (SELECT * FROM _chc_rows) TO {target}")
    finally:
        out.close()


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")
