"""The command line's habits: errors handled in one place with their exit status, -v logging,
and reading commands that start without loading the extraction stack."""
from __future__ import annotations

import json
import subprocess
import sys

import click
from click.testing import CliRunner

from pipeline import cli
from pipeline.core.errors import ChcError, DatabaseBusy, NotFound, UsageError
from pipeline.core.paths import ROOT

RAW = ROOT / "data" / "raw"


def _group_raising(error: Exception) -> click.Group:
    @click.group(cls=cli.ChcGroup)
    def g() -> None:
        pass

    @g.command()
    def boom() -> None:
        raise error

    return g


def test_every_chc_error_ends_with_its_own_exit_status_and_message():
    for error, status in ((UsageError("the manifest line 3 is broken"), 2), (NotFound("no landlord 'x'"), 1),
                          (DatabaseBusy("held by another process"), 2), (ChcError("could not answer"), 1)):
        r = CliRunner().invoke(_group_raising(error), ["boom"])
        assert r.exit_code == status, (error, r.output)
        assert str(error) in r.output and "Traceback" not in r.output


def test_an_error_message_with_rich_markup_is_printed_as_written():
    r = CliRunner().invoke(_group_raising(NotFound("no landlord matches 'Acme [/] Homes'")), ["boom"])
    assert r.exit_code == 1 and "Acme [/] Homes" in r.output


def test_verbose_logs_which_reader_won_the_edition_and_the_time(tmp_path):
    r = CliRunner().invoke(cli.main, ["-v", "extract", str(RAW / "004_1d9858e681de945e.txt"),
                                      "--db", str(tmp_path / "v.duckdb"), "-q", "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert "text extractor, 72 rows read as {'tabbed': 72}" in r.output
    assert "edition 2024 (scores" in r.output and "commentary analysis done" in r.output


def test_help_and_reading_commands_do_not_load_the_extraction_stack():
    code = ("import sys; from click.testing import CliRunner; from pipeline import cli; "
            "CliRunner().invoke(cli.main, ['--help']); "
            "print(__import__('json').dumps(sorted(m for m in ('spacy', 'pypdfium2', 'duckdb', 'rich.progress', "
            "'pipeline.commentary.analysis', 'extractors.text') if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(out.stdout) == []
