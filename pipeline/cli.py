"""The `chc` command line.  Each command is a thin layer over a Python function
of the same name; the work happens there, so everything here is presentation."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline import DEFAULT_DB, DEFAULT_RAW
from pipeline.extract import RunSummary, extract as run_extract
from pipeline.load import DatabaseBusy
from pipeline.manifest import ManifestError

db_option = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
    help="DuckDB file to write or read.",
)


@click.group()
@click.version_option(package_name="chc")
def main() -> None:
    """chc: Complaint Handling Code self-assessments as one DuckDB dataset."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--force", is_flag=True, help="Re-extract documents even if their bytes are unchanged.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core, at most 4).")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Manifest CSV to use instead of manifest.csv beside the inputs.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only the totals line.")
def extract(paths: tuple[Path, ...], db: Path, force: bool, workers: int | None,
            manifest: Path | None, quiet: bool) -> None:
    """Extract, align and load PATHS (files or folders; default data/raw) into --db."""
    console = Console(stderr=True)
    inputs = list(paths) or [DEFAULT_RAW]
    try:
        if quiet:
            summary = run_extract(inputs, db, force=force, workers=workers, manifest=manifest)
        else:
            summary = _with_progress(console, inputs, db, force, workers, manifest)
    except (DatabaseBusy, ManifestError) as e:
        console.print(f"[red]error:[/red] {e}")
        sys.exit(2)
    if not quiet:
        # Piped or captured output gets a width that fits the table on one line per document.
        _print_summary(Console(width=None if sys.stdout.isatty() else 160), summary)
    click.echo(_totals(summary))
    sys.exit(0 if summary.ok else 1)


def _with_progress(console, inputs, db, force, workers, manifest) -> RunSummary:
    columns = (TextColumn("[bold]extract[/bold]"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=None)

        def on_progress(outcome, done, total):
            progress.update(task, completed=done, total=total, description=outcome.file_name)

        return run_extract(inputs, db, force=force, workers=workers, manifest=manifest,
                           on_progress=on_progress)


def _print_summary(console: Console, summary: RunSummary) -> None:
    table = Table(title=f"chc extract -> {summary.db}", title_justify="left")
    for col, justify in (("document", "left"), ("landlord", "left"), ("edition", "left"),
                         ("rows", "right"), ("low confidence", "right"), ("problems", "right"),
                         ("status", "left")):
        table.add_column(col, justify=justify, no_wrap=col != "status")
    colours = {"loaded": "green", "partial": "yellow", "failed": "red", "skipped": "dim"}
    for o in sorted(summary.outcomes, key=lambda o: o.file_name):
        status = f"[{colours[o.status]}]{o.status}[/]"
        if o.first_error:
            status += f" [dim]{o.first_error[:90]}[/]"
        table.add_row(o.file_name, o.landlord or "-", o.code_version or "-", str(o.rows),
                      str(o.low_confidence), str(o.problems), status)
    console.print(table)
    if summary.count("failed"):
        console.print(f"Failed documents are listed in the problems table: "
                      f"chc query \"SELECT * FROM problems WHERE severity = 'error'\" --db {summary.db}")


def _totals(summary: RunSummary) -> str:
    rows = sum(o.rows for o in summary.outcomes if o.status != "skipped")
    return (f"{len(summary.outcomes)} documents: {summary.count('loaded')} loaded, "
            f"{summary.count('partial')} partly loaded, {summary.count('failed')} failed, "
            f"{summary.count('skipped')} unchanged; {rows} rows written to {summary.db}")


if __name__ == "__main__":
    main()
