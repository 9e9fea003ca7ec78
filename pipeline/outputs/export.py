"""`chc export DIR`: the database as open data.

Every table (and the two main question views) is written as Parquet,
partitioned by Code edition (`<name>/edition=2022/part_0.parquet`, Hive style).
The folder key is `edition`, not `code_version`: each file keeps `code_version`
as text, and a Hive reader that inferred the folder's "2022" as an integer would
otherwise meet one column with two types (pandas and pyarrow refuse to merge
them). Tables that do not carry the edition themselves get it from their
document. `documents`, `document_files` and `problems` record every document,
read or not, so they are one file each and a failed document (no edition) has
its row there. The crosswalk spans both editions, so it is one Parquet file and,
because it is a result of chc in its own right (no official 2022-2024 mapping is
published), also `crosswalk.csv`.

`datapackage.json` describes it all to the Frictionless Data Package spec
(v1, written by hand): every resource's files, fields with types and the
descriptions from the schema's COMMENTs, primary keys and foreign keys, the
licence (`--license`) and a note on the reuse terms of the quoted text. Fields
are declared so that frictionless 5 validates the files (see frictionless_field).
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
from pipeline.core.errors import ChcError
from pipeline.db import keys
from pipeline.outputs.query import open_db, records

# Question views published beside the tables.  Keys of tables and views: schemas/keys.csv.
VIEWS = ("compliance_matrix", "provision_shares")
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
PARTITION_KEY = "edition"
PARTITION_NOTE = (" Partitioned by Code edition: one Parquet file per edition under edition=<edition>/ (Hive "
                  "style). Each file also holds the code_version column (text); a Hive reader adds the folder's "
                  "edition as a column of its own (read as an integer by pyarrow, pandas, polars and DuckDB).")
# Tables that record every document, read or not (and context_tables: a report with tables but no form is a
# failed document whose tables are still context): one file each, so a document that failed (no edition) has
# a defined place (code_version is null there) instead of a partition named for a missing value.
DOCUMENT_LEVEL = frozenset({"documents", "document_files", "problems", "context_tables"})
DOCUMENT_LEVEL_NOTE = (" One Parquet file (not partitioned): it holds rows of every document, including those "
                       "that failed and so have no edition (code_version null).")


# The licence chc puts on the database it builds (the selection, alignment, crosswalk and readings). ODC-BY
# licenses a database, not its contents: the text quoted from each landlord's document stays under that
# document's own terms, which is the position of this data (see REUSE_NOTE and the README).
DEFAULT_LICENSE = "ODC-BY-1.0"
KNOWN_LICENSES = {
    "ODC-BY-1.0": ("Open Data Commons Attribution License v1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication and License v1.0",
                 "https://opendatacommons.org/licenses/pddl/1-0/"),
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution Share-Alike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "OGL-UK-3.0": ("Open Government Licence v3.0",
                   "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
}
REUSE_NOTE = ("The licence covers the database chc built. The evidence, commentary and requirement text in it are "
              "quoted from each landlord's published self-assessment (documents.source_url) and from the Housing "
              "Ombudsman's Code: they stay under their publishers' terms. Councils usually publish under the Open "
              "Government Licence; housing associations and other landlords set their own terms. Check a "
              "document's source before republishing its text beyond quotation.")


class UnknownLicense(ChcError, ValueError):
    """A licence id chc does not know how to describe."""


def licence_descriptor(license_id: str) -> dict[str, str]:
    """A Data Package `licenses` entry for an SPDX-style id; an unknown id is refused (a typo would publish it)."""
    for known, (title, url) in KNOWN_LICENSES.items():
        if known.lower() == license_id.strip().lower():
            return {"name": known, "path": url, "title": title}
    raise UnknownLicense(f"unknown licence {license_id!r}: choose one of {', '.join(KNOWN_LICENSES)}")


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


def export(db: Path | str, out_dir: Path | str, license: str = DEFAULT_LICENSE) -> ExportSummary:
    """Write every table and the published views of `db` under `out_dir`, with datapackage.json."""
    licence = licence_descriptor(license)
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
            "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "keywords": ["housing", "complaints", "Housing Ombudsman", "Complaint Handling Code", "social landlords"],
            "sources": [{"title": "Landlords' published self-assessments (per document: documents.source_url)"},
                        {"title": "Housing Ombudsman Complaint Handling Code, 2022 and 2024 editions "
                                  "(provision wording: provisions)"}],
            "contributors": [{"title": "chc " + __version__, "role": "author"}],
            "licenses": [licence],
            "x-reuse-note": REUSE_NOTE,
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
    return keys.primary_keys().get(name, [])


def _export_one(con: duckdb.DuckDBPyConnection, name: str, out_dir: Path, is_view: bool) -> dict[str, Any]:
    cols = _columns(con, name)
    target = out_dir / name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    select, cols, partitioned = _edition_select(name, cols)
    n = con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
    left_out = 0
    if partitioned and n:
        left_out = _write_partitioned(con, select, target)
    else:
        _write(con, select, f"'{_sql_path(target / 'part_0.parquet')}' (FORMAT parquet)")
    files = sorted(p.relative_to(out_dir).as_posix() for p in target.rglob("*.parquet"))
    description = _comment(con, name, is_view)
    if is_view:
        description += " (A view of the chc database, published for convenience.)"
    if partitioned and n:
        description += PARTITION_NOTE
        if left_out:
            description += f" {left_out} row{'s' if left_out != 1 else ''} whose document has no edition " \
                           "(a document that failed) are left out of this resource."
    elif name in DOCUMENT_LEVEL:
        description += DOCUMENT_LEVEL_NOTE
    schema: dict[str, Any] = {"fields": [frictionless_field(c) for c in cols]}
    pk = _primary_key(con, name)
    if pk:
        schema["primaryKey"] = pk
    fks = [{"fields": f, "reference": {"resource": res, "fields": ref}}
           for f, res, ref in keys.foreign_keys().get(name, []) if set(f) <= {c["column_name"] for c in cols}]
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
        "x-rows": n - left_out,
    }


def _edition_select(name: str, cols: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]], bool]:
    """The SELECT that exports `name`, its columns, and whether it is partitioned by edition.

    Rows carry `code_version` inside each file (frictionless and other readers of one file see it);
    the partition folders use a different key (`edition=`), so a Hive reader never finds one column
    with two types (the folder value "2022" is read as an integer, the column is text)."""
    col_names = [c["column_name"] for c in cols]
    if name in DOCUMENT_LEVEL:
        return f'SELECT * FROM "{name}"', cols, False
    if "code_version" in col_names:
        return f'SELECT * FROM "{name}"', cols, True
    if "doc_id" in col_names:
        select = f'SELECT t.*, d.code_version FROM "{name}" t LEFT JOIN documents d ON d.doc_id = t.doc_id'
        cols = cols + [{"column_name": "code_version", "data_type": "VARCHAR", "is_nullable": True,
                        "comment": "Code edition of the row's document (documents.code_version); added by the "
                                   "export, which partitions by it."}]
        return select, cols, True
    return f'SELECT * FROM "{name}"', cols, False


def _write_partitioned(con: duckdb.DuckDBPyConnection, select: str, target: Path) -> int:
    """Write `select` as `target/edition=<code_version>/part_0.parquet`; return the rows left out (no edition)."""
    _write(con, f"SELECT *, code_version AS {PARTITION_KEY} FROM ({select}) WHERE code_version IS NOT NULL",
           f"'{_sql_path(target)}' (FORMAT parquet, PARTITION_BY ({PARTITION_KEY}), "
           f"WRITE_PARTITION_COLUMNS false, OVERWRITE true, FILENAME_PATTERN 'part_{{i}}')")
    return con.execute(f"SELECT count(*) FROM ({select}) WHERE code_version IS NULL").fetchall()[0][0]


def frictionless_field(c: dict[str, Any]) -> dict[str, Any]:
    """One Table Schema field for a DuckDB column, declared so that frictionless validates its Parquet values.

    frictionless reads Parquet through pandas: a list arrives as a NumPy array, which its `array` type
    refuses, so list columns are `any` (the list type kept in `x-duckdb-type`); a null in an integer
    column arrives as float NaN, spelt "nan", so integer fields count "nan" as missing (an integer has
    no other use for it)."""
    ftype = table_schema_type(c["data_type"])
    field: dict[str, Any] = {"name": c["column_name"], "type": ftype, "description": c["comment"] or "",
                             "x-duckdb-type": c["data_type"]}
    if ftype == "array":
        field["type"] = "any"
        field["description"] += " (A list: " + c["data_type"] + ".)"
    elif ftype == "integer":
        field["missingValues"] = ["", "nan"]
    return field


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
