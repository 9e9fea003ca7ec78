"""The notebooks are committed without outputs and run headless against the sample database."""
from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.core.paths import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_three_numbered_notebooks_exist():
    assert [n.name for n in NOTEBOOKS] == ["01-compliance-overview.ipynb", "02-commitments.ipynb",
                                           "03-editions-crosswalk.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_committed_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert sum(c.cell_type == "markdown" for c in book.cells) >= 4, "notebooks explain what they show"
    src = "".join(c.source for c in code)
    assert "read_only=True" in src and 'os.environ["CHC_DB"]' in src


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_runs_headless_against_the_sample_database(path, seed_db, monkeypatch, tmp_path):
    monkeypatch.setenv("CHC_DB", str(seed_db))
    monkeypatch.setenv("CHC_AS_OF", "2025-01-01")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    book = nbformat.read(path, as_version=4)
    client = NotebookClient(book, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]
    assert len(images) >= 3, f"{path.name} should draw its charts"
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"reading {seed_db}" in text
    if path.name.startswith("02"):
        assert "judged as of 2025-01-01" in text
    # The committed file is untouched by running it.
    assert all(c.outputs == [] for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert os.environ["CHC_DB"] == str(seed_db)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_no_warnings_computed_prose_and_whole_number_ticks(path, seed_db, monkeypatch, tmp_path):
    """No deprecation or other warning on stderr; the claims the prose makes are printed from the data;
    every chart of counts uses whole-number ticks."""
    import duckdb

    monkeypatch.setenv("CHC_DB", str(seed_db))
    monkeypatch.setenv("CHC_AS_OF", "2025-01-01")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    monkeypatch.setenv("PYTHONWARNINGS", "default")
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    stderr = "".join(o.get("text", "") for c in book.cells if c.cell_type == "code" for o in c.outputs
                     if o.output_type == "stream" and o.name == "stderr")
    assert "Warning" not in stderr, stderr[:500]
    text = "".join(o.get("text", "") for c in book.cells if c.cell_type == "code" for o in c.outputs
                   if o.output_type == "stream")
    con = duckdb.connect(str(seed_db), read_only=True)
    if path.name.startswith("01"):
        n, yes = con.execute("SELECT count(*), avg((comply = 'yes')::INT) FROM compliance_matrix "
                             "WHERE cell = 'answered'").fetchall()[0]
        assert f"{n} of {con.execute('SELECT count(*) FROM compliance_matrix').fetchall()[0][0]} matrix cells" in text
        assert f"{yes:.0%} of the answered cells claim yes" in text
    if path.name.startswith("02"):
        total, undated = con.execute("SELECT count(*), count(*) FILTER (due_by IS NULL) FROM commitments").fetchall()[0]
        assert f"{undated} of {total} commitments give no date" in text
    if path.name.startswith("03"):
        assert "36 of the 212 answers to the 2022 form are to provisions the 2024 Code dropped (3 of them No)" in text
    con.close()
    counts = [c.source for c in book.cells if c.cell_type == "code"
              and (".plot.barh(stacked=True" in c.source or ".bar(*zip(" in c.source)]
    assert counts and all("MaxNLocator(integer=True)" in s for s in counts)
