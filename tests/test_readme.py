"""The README's examples are run, so they never rot."""
from __future__ import annotations

import re
import shlex

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.core.paths import ROOT
from pipeline import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
SQL_BLOCKS = re.findall(r"```sql\n(.*?)```", README, re.S)
CHC_LINES = [l.split("#")[0].strip() for block in re.findall(r"```sh\n(.*?)```", README, re.S)
             for l in block.splitlines() if l.strip().startswith(".venv/bin/chc ")]


def test_readme_has_at_least_three_queries():
    assert len(SQL_BLOCKS) >= 3


@pytest.mark.parametrize("sql", SQL_BLOCKS, ids=[f"query{i + 1}" for i in range(len(SQL_BLOCKS))])
def test_readme_query_runs_and_answers(seed_db, sql):
    con = duckdb.connect(str(seed_db), read_only=True)
    rows = con.execute(sql).fetchall()
    assert rows, "a README example that returns nothing on the sample corpus shows nothing"


@pytest.mark.slow
@pytest.mark.parametrize("line", CHC_LINES)
def test_readme_chc_commands_run(line, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = shlex.split(line)[1:]
    args = [str(tmp_path / "x.duckdb") if a == "FILE" else ("data/raw" if a == "PATH..." else a) for a in args]
    if "--db" not in args:
        args += ["--db", str(tmp_path / "x.duckdb")]
    result = CliRunner().invoke(cli.main, args + ["-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_readme_suggests_no_client_that_cannot_open_the_database():
    """`duckdb FILE` needs a DuckDB CLI of the same storage version; none is installed, so none is suggested."""
    import shutil
    import sys
    from pathlib import Path

    suggested = re.findall(r"`duckdb (?:-\w+ )*data/processed/\S+`", README)
    on_path = shutil.which("duckdb") or (Path(sys.executable).with_name("duckdb").exists() or None)
    assert not suggested or on_path, suggested


def test_readme_says_how_each_output_is_opened():
    section = README[README.index("#### Opening the outputs in other tools"):]
    for needle in ("pd.read_parquet(", "partitioning=\"hive\"", "polars.read_parquet(", "read_parquet('open-data",
                   "frictionless validate", "datasette open-data/chc.db -m open-data/metadata.json",
                   "chc report site --site", "chromium site/index.html"):
        assert needle in section, needle
