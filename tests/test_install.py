"""A non-editable install works: the wheel carries chc's schemas and `chc extract` runs from it."""
from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import duckdb
import pytest

from pipeline.core.paths import ROOT

RAW = ROOT / "data" / "raw"


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_extracts(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels)], check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("chc-*.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    site = next(env_dir.glob("lib/python*/site-packages"))
    # chc's dependencies come from this interpreter's environment (no download): the
    # site-packages folder that holds duckdb.
    (site / "deps.pth").write_text(str(Path(duckdb.__file__).resolve().parents[1]) + "\n")
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                    str(wheel)], check=True, cwd=tmp_path)

    work = tmp_path / "elsewhere"
    work.mkdir()
    doc = sorted(RAW.glob("*.txt"))[0]
    db = work / "one.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run = subprocess.run([str(env_dir / "bin" / "chc"), "extract", str(doc), "--db", str(db), "-q"],
                         cwd=work, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    # The installed chc, not this checkout, did the work.
    where = subprocess.run([str(python), "-c", "import pipeline, schemas; print(pipeline.__file__, schemas.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert str(ROOT) not in where and str(site) in where
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM responses").fetchone()[0] > 50
    assert con.execute("SELECT count(*) FROM provisions WHERE in_self_assessment").fetchone()[0] == 144
    con.close()
