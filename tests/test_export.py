"""`chc export DIR`: Parquet partitioned by edition, the crosswalk as CSV, a Frictionless datapackage.json."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipeline import cli
from pipeline.outputs.export import table_schema_type
from tests.comparison_fixtures import rows

TABLE_SCHEMA_TYPES = {"string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime",
                      "year", "yearmonth", "duration", "geopoint", "geojson", "any"}


@pytest.fixture(scope="module")
def exported(seed_db, tmp_path_factory) -> tuple[Path, dict, str]:
    out = tmp_path_factory.mktemp("export") / "open-data"
    r = CliRunner().invoke(cli.main, ["export", str(out), "--db", str(seed_db)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return out, json.loads((out / "datapackage.json").read_text(encoding="utf-8")), r.output


def read(out: Path, resource: dict) -> tuple[list[str], list[tuple]]:
    con = duckdb.connect()
    files = [str(out / p) for p in resource["path"]]
    cur = con.execute("SELECT * FROM read_parquet(?, hive_partitioning = false)", [files])
    return [d[0] for d in cur.description], cur.fetchall()


def test_every_table_is_a_resource(exported, seed_db):
    out, pkg, output = exported
    tables = {t for (t,) in rows(seed_db, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")}
    names = [r["name"] for r in pkg["resources"]]
    assert len(names) == len(set(names))
    assert tables | {"compliance_matrix", "provision_shares", "crosswalk-csv"} == set(names)
    assert all(re.fullmatch(r"[a-z0-9._-]+", n) for n in names + [pkg["name"]])
    # Data Package v1: paths are relative POSIX paths (no leading ".", "/" or "~", no ".."), files that exist.
    for r in pkg["resources"]:
        for p in ([r["path"]] if isinstance(r["path"], str) else r["path"]):
            assert re.fullmatch(r"(?=[^./~])(?:(?!\.\.).)*", p) and (out / p).is_file(), p
    assert all(s["title"] for s in pkg["sources"]) and all(c["title"] for c in pkg["contributors"])
    assert pkg["profile"] == "tabular-data-package" and pkg["resources"] and pkg["version"]
    for t in tables:
        n = rows(seed_db, f'SELECT count(*) FROM "{t}"')[0][0]
        assert f"{t}: {n} row{'s' if n != 1 else ''} in " in output
    assert output.strip().endswith(f"wrote {out / 'datapackage.json'}")


def test_fields_types_and_descriptions_match_the_files(exported, seed_db):
    out, pkg, _ = exported
    for res in pkg["resources"]:
        fields = res["schema"]["fields"]
        assert all(f["type"] in TABLE_SCHEMA_TYPES for f in fields), res["name"]
        assert all(f["description"] for f in fields), res["name"]
        assert res["description"]
        if res["format"] == "csv":
            continue
        assert res["mediatype"] == "application/vnd.apache.parquet"
        cols, data = read(out, res)
        assert cols == [f["name"] for f in fields], res["name"]
        n = rows(seed_db, f'SELECT count(*) FROM "{res["name"]}"')[0][0]
        assert len(data) == n == res["x-rows"], res["name"]
    resp = next(r for r in pkg["resources"] if r["name"] == "responses")
    types = {f["name"]: f["type"] for f in resp["schema"]["fields"]}
    assert (types["row_no"], types["match_score"], types["id_corrected"], types["bbox"], types["evidence"]) == \
        ("integer", "number", "boolean", "any", "string")
    # frictionless reads a Parquet list as a NumPy array, which its "array" type refuses: lists are "any",
    # their list type kept; and a null integer reaches it as NaN, which integer fields count as missing.
    bbox = next(f for f in resp["schema"]["fields"] if f["name"] == "bbox")
    assert bbox["x-duckdb-type"] == "DOUBLE[]" and "A list" in bbox["description"]
    assert next(f for f in resp["schema"]["fields"] if f["name"] == "row_no")["missingValues"] == ["", "nan"]
    comment = rows(seed_db, "SELECT comment FROM duckdb_columns() WHERE table_name = 'responses' "
                            "AND column_name = 'comply'")[0][0]
    assert next(f for f in resp["schema"]["fields"] if f["name"] == "comply")["description"] == comment


def test_partitioned_by_edition(exported):
    out, pkg, _ = exported
    for res in pkg["resources"]:
        if res["name"] in ("crosswalk", "crosswalk-csv", "documents", "document_files", "problems",
                           "landlords", "landlord_names", "corrections"):  # no edition of their own
            continue
        if res["x-rows"] == 0:
            continue  # nothing to partition (no review decisions on the sample corpus)
        assert "Partitioned by Code edition" in res["description"], res["name"]
        for p in res["path"]:
            m = re.fullmatch(re.escape(res["name"]) + r"/edition=(2022|2024)/part_\d+\.parquet", p)
            assert m, p
            got = duckdb.connect().execute("SELECT DISTINCT code_version FROM read_parquet(?, hive_partitioning = false)",
                                           [str(out / p)]).fetchall()
            assert got == [(m.group(1),)], p
    resp = next(r for r in pkg["resources"] if r["name"] == "responses")
    assert {p.split("/")[1] for p in resp["path"]} == {"edition=2022", "edition=2024"}
    for name in ("crosswalk", "documents", "document_files", "problems"):
        assert next(r for r in pkg["resources"] if r["name"] == name)["path"] == [f"{name}/part_0.parquet"]


def test_documents_that_failed_have_a_defined_place(tmp_path):
    """A failed document (no edition) stays in documents and problems, in the one file they are written to."""
    import shutil

    from pipeline.ingest.batch import extract
    from tests.conftest import RAW

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(sorted(RAW.glob("*.txt"))[0], src)
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    db = tmp_path / "failed.duckdb"
    extract([src], db, workers=1)
    failed = duckdb.connect(str(db), read_only=True).execute(
        "SELECT doc_id FROM documents WHERE status = 'failed'").fetchall()
    assert len(failed) == 1
    out = tmp_path / "od"
    r = CliRunner().invoke(cli.main, ["export", str(out), "--db", str(db)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert not list(out.rglob("*__HIVE_DEFAULT_PARTITION__*"))
    docs = duckdb.connect().execute("SELECT status, code_version FROM read_parquet(?) WHERE doc_id = ?",
                                    [str(out / "documents" / "part_0.parquet"), failed[0][0]]).fetchall()
    assert docs == [("failed", None)]
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "including those that failed" in next(x for x in pkg["resources"] if x["name"] == "problems")["description"]


def _declared(pkg: dict, name: str) -> dict[str, str]:
    res = next(r for r in pkg["resources"] if r["name"] == name)
    return {f["name"]: f["x-duckdb-type"] for f in res["schema"]["fields"]}


def test_pandas_and_pyarrow_open_the_partitioned_export_with_the_declared_types(exported):
    import pandas as pd
    import pyarrow as pa
    import pyarrow.dataset as ds

    out, pkg, _ = exported
    declared = _declared(pkg, "responses")
    assert declared["code_version"] == "VARCHAR"
    frame = pd.read_parquet(out / "responses")
    assert len(frame) == next(r for r in pkg["resources"] if r["name"] == "responses")["x-rows"]
    assert set(frame["code_version"]) == {"2022", "2024"}
    assert set(frame["edition"].astype(str)) == {"2022", "2024"}
    assert pd.api.types.is_string_dtype(frame["code_version"]) and frame["row_no"].dtype.kind == "i"
    schema = ds.dataset(out / "responses", partitioning="hive").schema
    assert schema.field("code_version").type == pa.string() and schema.field("row_no").type == pa.int32()
    assert pa.types.is_list(schema.field("bbox").type)
    matrix = ds.dataset(out / "compliance_matrix", partitioning="hive").to_table()
    assert matrix.schema.field("code_version").type == pa.string()


def test_polars_and_duckdb_open_the_partitioned_export_with_the_declared_types(exported):
    import polars as pl

    out, pkg, _ = exported
    frame = pl.read_parquet(out / "responses" / "**" / "*.parquet", hive_partitioning=True)
    assert frame.schema["code_version"] == pl.String and frame.schema["row_no"] == pl.Int32
    assert sorted(frame["code_version"].unique().to_list()) == ["2022", "2024"]
    con = duckdb.connect()
    got = con.execute("SELECT typeof(code_version), typeof(edition), count(*) FROM read_parquet(?, "
                      "hive_partitioning = true, hive_types = {'edition': VARCHAR}) GROUP BY ALL",
                      [str(out / "responses" / "*" / "*.parquet")]).fetchall()
    assert got == [("VARCHAR", "VARCHAR", len(frame))]
    assert con.execute("SELECT count(*) FROM read_parquet(?, hive_partitioning = true) WHERE code_version <> "
                       "CAST(edition AS VARCHAR)", [str(out / "responses" / "*" / "*.parquet")]).fetchall() == [(0,)]


@pytest.mark.slow
def test_frictionless_validates_the_package(exported):
    import subprocess
    import sys

    out, pkg, _ = exported
    cli_path = Path(sys.executable).with_name("frictionless")
    run = subprocess.run([str(cli_path), "validate", "--json", str(out / "datapackage.json")],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    errors = [(t["name"], e["type"], e.get("fieldName"), e.get("cell")) for t in report["tasks"] for e in t["errors"]]
    assert report["valid"] and run.returncode == 0, errors[:10]
    assert {t["name"] for t in report["tasks"]} == {r["name"] for r in pkg["resources"]}
    assert pkg["licenses"] == [{"name": "ODC-BY-1.0", "path": "https://opendatacommons.org/licenses/by/1-0/",
                                "title": "Open Data Commons Attribution License v1.0"}]
    assert "source_url" in pkg["x-reuse-note"]


def test_license_option(seed_db, tmp_path):
    out = tmp_path / "od"
    r = CliRunner().invoke(cli.main, ["export", str(out), "--db", str(seed_db), "--license", "cc-by-4.0"])
    assert r.exit_code == 0, r.output
    assert json.loads((out / "datapackage.json").read_text())["licenses"][0]["name"] == "CC-BY-4.0"
    r = CliRunner().invoke(cli.main, ["export", str(out), "--db", str(seed_db), "--license", "MIT-ish"])
    assert r.exit_code == 1 and "unknown licence 'MIT-ish'" in r.output


def test_primary_and_foreign_keys_hold_in_the_exported_data(exported):
    out, pkg, _ = exported
    res = {r["name"]: r for r in pkg["resources"]}
    data = {}
    for name, r in res.items():
        if r["format"] == "parquet":
            cols, vals = read(out, r)
            data[name] = [dict(zip(cols, v)) for v in vals]
    keyed = [n for n, r in res.items() if r["schema"].get("primaryKey")]
    assert {"documents", "responses", "provisions", "response_scores", "compliance_matrix"} <= set(keyed)
    for name in keyed:
        pk = res[name]["schema"]["primaryKey"]
        keys = [tuple(row[k] for k in pk) for row in data[name]]
        assert len(keys) == len(set(keys)) and all(None not in k for k in keys), name
    fk_count = 0
    for name, r in res.items():
        for fk in r["schema"].get("foreignKeys", []):
            parent = {tuple(row[k] for k in fk["reference"]["fields"]) for row in data[fk["reference"]["resource"]]}
            for row in data[name]:
                key = tuple(row[k] for k in fk["fields"])
                if None not in key:
                    assert key in parent, (name, fk, key)
            fk_count += 1
    assert fk_count >= 8
    assert res["responses"]["schema"]["foreignKeys"][0] == {
        "fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}


def test_the_crosswalk_is_published_as_csv(exported, seed_db):
    out, pkg, _ = exported
    res = next(r for r in pkg["resources"] if r["name"] == "crosswalk-csv")
    assert res["path"] == "crosswalk.csv" and res["format"] == "csv" and "Published by chc" in res["description"]
    with open(out / "crosswalk.csv", newline="", encoding="utf-8") as f:
        got = [tuple(v or None for v in r.values()) for r in csv.DictReader(f)]
    assert sorted(got, key=repr) == sorted(rows(seed_db, "SELECT * FROM crosswalk"), key=repr)
    assert [f["name"] for f in res["schema"]["fields"]] == ["provision_2022", "provision_2024", "relation",
                                                            "confidence", "note"]
    assert res["x-rows"] == len(got) == 102


def test_export_again_replaces_the_files(exported, seed_db):
    out, pkg, _ = exported
    stray = out / "responses" / "edition=2022" / "part_9.parquet"
    stray.write_bytes(b"old")
    r = CliRunner().invoke(cli.main, ["export", str(out), "--db", str(seed_db)], catch_exceptions=False)
    assert r.exit_code == 0 and not stray.exists()
    again = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [x["path"] for x in again["resources"]] == [x["path"] for x in pkg["resources"]]


def test_export_needs_a_database(tmp_path):
    r = CliRunner().invoke(cli.main, ["export", str(tmp_path / "o"), "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 1 and "does not exist" in r.output


@pytest.mark.parametrize("duck,want", [("VARCHAR", "string"), ("INTEGER", "integer"), ("BIGINT", "integer"),
                                       ("UBIGINT", "integer"), ("DOUBLE", "number"), ("DECIMAL(8,3)", "number"),
                                       ("BOOLEAN", "boolean"), ("DATE", "date"), ("TIMESTAMP", "datetime"),
                                       ("TIMESTAMP WITH TIME ZONE", "datetime"), ("DOUBLE[]", "array"),
                                       ("VARCHAR[]", "array"), ("STRUCT(a INTEGER)", "object"),
                                       ("MAP(VARCHAR, VARCHAR)", "object"), ("JSON", "object")])
def test_duckdb_types_map_to_table_schema_types(duck, want):
    assert table_schema_type(duck) == want


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datasette_site(seed_db, tmp_path_factory):
    """`chc export --sqlite` output served by a real Datasette on 127.0.0.1 (stopped at the end)."""
    import subprocess
    import sys
    import time
    import urllib.request

    out = tmp_path_factory.mktemp("sqlite")
    sqlite_file = out / "chc.db"
    r = CliRunner().invoke(cli.main, ["export", str(out / "od"), "--db", str(seed_db), "--sqlite", str(sqlite_file)],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert f"wrote {sqlite_file} and {out / 'metadata.json'}" in r.output
    port = _free_port()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("datasette")), str(sqlite_file), "-m",
                             str(out / "metadata.json"), "-h", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.stdout.read().decode(errors="replace") if proc.poll() is not None
                                         else "datasette did not start in 60 s")
                time.sleep(0.3)
        yield base, json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _get(url: str):
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as f:
        return json.loads(f.read().decode("utf-8"))


@pytest.mark.slow
def test_datasette_serves_tables_facets_and_canned_queries(datasette_site, seed_db):
    base, meta = datasette_site
    db_meta = meta["databases"]["chc"]
    # descriptions come from the data dictionary (the schema's COMMENTs), for tables and question views alike
    comment = rows(seed_db, "SELECT comment FROM duckdb_columns() WHERE table_name = 'compliance_matrix' "
                            "AND column_name = 'cell'")[0][0]
    assert db_meta["tables"]["compliance_matrix"]["columns"]["cell"] == comment
    assert {"claims_to_check", "coverage", "claim_shares", "commitments"} <= set(db_meta["tables"])
    docs = _get(base + "/chc/documents.json?_shape=array")
    assert len(docs) == rows(seed_db, "SELECT count(*) FROM documents")[0][0]
    facet = _get(base + "/chc/compliance_matrix.json?_facet=comply&_size=0")
    got = {f["value"]: f["count"] for f in facet["facet_results"]["comply"]["results"]}
    want = dict(rows(seed_db, "SELECT comply, count(*) FROM compliance_matrix WHERE comply IS NOT NULL GROUP BY 1"))
    assert {k: v for k, v in got.items() if k is not None} == want
    checks = _get(base + "/chc/claims_first.json?_shape=array")
    first = rows(seed_db, "SELECT priority, landlord_label, provision_id FROM claims_to_check "
                          "ORDER BY priority, landlord_label, row_no LIMIT 20")
    assert [(c["priority"], c["landlord_label"], c["provision_id"]) for c in checks] == first
    one = _get(base + "/chc/one_provision.json?_shape=array&provision=6.5")
    assert len(one) == rows(seed_db, "SELECT count(*) FROM compliance_matrix WHERE provision_2024 = '6.5'")[0][0] > 0
    assert meta["license"] == "ODC-BY-1.0"
