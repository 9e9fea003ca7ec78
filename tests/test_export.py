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
        ("integer", "number", "boolean", "array", "string")
    comment = rows(seed_db, "SELECT comment FROM duckdb_columns() WHERE table_name = 'responses' "
                            "AND column_name = 'comply'")[0][0]
    assert next(f for f in resp["schema"]["fields"] if f["name"] == "comply")["description"] == comment


def test_partitioned_by_edition(exported):
    out, pkg, _ = exported
    for res in pkg["resources"]:
        if res["name"] in ("crosswalk", "crosswalk-csv"):
            continue
        assert "Partitioned by Code edition" in res["description"], res["name"]
        for p in res["path"]:
            m = re.fullmatch(re.escape(res["name"]) + r"/code_version=(2022|2024|__HIVE_DEFAULT_PARTITION__)/part_\d+\.parquet", p)
            assert m, p
            want = None if m.group(1) == "__HIVE_DEFAULT_PARTITION__" else m.group(1)
            got = duckdb.connect().execute("SELECT DISTINCT code_version FROM read_parquet(?, hive_partitioning = false)",
                                           [str(out / p)]).fetchall()
            assert got == [(want,)], p
    resp = next(r for r in pkg["resources"] if r["name"] == "responses")
    assert {p.split("/")[1] for p in resp["path"]} == {"code_version=2022", "code_version=2024"}
    assert next(r for r in pkg["resources"] if r["name"] == "crosswalk")["path"] == ["crosswalk/part_0.parquet"]


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
    stray = out / "responses" / "code_version=2022" / "part_9.parquet"
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
