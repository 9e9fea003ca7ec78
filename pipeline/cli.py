"""The `chc` command line.  Each command is a thin layer over a Python function
of the same name; the work happens there, so everything here is presentation."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.core.paths import DEFAULT_DB, DEFAULT_RAW
from pipeline.ingest.batch import RunSummary, extract as run_extract
from pipeline.db.connection import DatabaseBusy
from pipeline.ingest.manifest import ManifestError
from pipeline.ingest.limits import Limits

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
@click.option("--max-pages", type=click.IntRange(min=1), default=Limits.max_pages, show_default=True,
              help="Read at most this many pages of a PDF (the rest is reported as a problem).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=Limits.timeout,
              show_default=True, help="Seconds of extraction allowed per document.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only the totals line.")
def extract(paths: tuple[Path, ...], db: Path, force: bool, workers: int | None,
            manifest: Path | None, max_pages: int, timeout: float, quiet: bool) -> None:
    """Extract, align and load PATHS (files or folders; default data/raw) into --db."""
    console = Console(stderr=True)
    inputs = list(paths) or [DEFAULT_RAW]
    limits = Limits(max_pages=max_pages, timeout=timeout)
    try:
        if quiet:
            summary = run_extract(inputs, db, force=force, workers=workers, manifest=manifest, limits=limits)
        else:
            summary = _with_progress(console, inputs, db, force, workers, manifest, limits)
    except (DatabaseBusy, ManifestError) as e:
        console.print(f"[red]error:[/red] {e}")
        sys.exit(2)
    if not quiet:
        # Piped or captured output gets a width that fits the table on one line per document.
        _print_summary(Console(width=None if sys.stdout.isatty() else 160), summary)
    click.echo(_totals(summary))
    sys.exit(0 if summary.ok else 1)


def _with_progress(console, inputs, db, force, workers, manifest, limits) -> RunSummary:
    columns = (TextColumn("[bold]extract[/bold]"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=None)

        def on_progress(outcome, done, total):
            progress.update(task, completed=done, total=total, description=outcome.file_name)

        return run_extract(inputs, db, force=force, workers=workers, manifest=manifest,
                           limits=limits, on_progress=on_progress)


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
    n = len(summary.outcomes)
    return (f"{n} document{'' if n == 1 else 's'}: {summary.count('loaded')} loaded, "
            f"{summary.count('partial')} partly loaded, {summary.count('failed')} failed, "
            f"{summary.count('skipped')} unchanged; {rows} row{'' if rows == 1 else 's'} written to {summary.db}")


# --------------------------------------------------------------------------- reading the database
# Each command below is a thin layer over the function of the same name in pipeline/<module>.py.

read_db_option = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
    help="DuckDB file to read (opened read-only).",
)


def _fail(message: str, code: int = 1) -> None:
    Console(stderr=True).print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    sys.exit(code)


def _as_of(value: str | None):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2025-04-01") from None


def _json(obj) -> str:
    import json

    from pipeline.outputs.query import plain

    return json.dumps(plain(obj), ensure_ascii=False, indent=1)


@main.command()
@click.argument("sql")
@read_db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table: aligned text, long cells cut; csv: header row then rows; json: array of objects.")
def query(sql: str, db: Path, fmt: str) -> None:
    """Run SQL (one statement) on a read-only connection to --db and print the answer."""
    from pipeline.outputs.query import QueryError, format_result, query as run_query

    try:
        result = run_query(db, sql)
    except FileNotFoundError as e:
        _fail(str(e))
    except QueryError as e:
        _fail(str(e))
    click.echo(format_result(result, fmt))


@main.command()
@click.argument("provision")
@read_db_option
@click.option("--edition", type=click.Choice(["2024", "2022"]), default="2024", show_default=True,
              help="Edition PROVISION is numbered in; a 2022 number is carried to its 2024 counterparts.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def compare(provision: str, db: Path, edition: str, fmt: str) -> None:
    """One provision across every landlord and both editions, in 2024 numbering."""
    from pipeline.outputs.compare import UnknownProvision, compare as run_compare, to_text

    try:
        c = run_compare(db, provision, edition=edition)
    except (FileNotFoundError, UnknownProvision) as e:
        _fail(str(e))
    click.echo(_json(c.as_dict()) if fmt == "json" else to_text(c))


@main.command()
@click.argument("name")
@read_db_option
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help="Judge commitment due dates as of this date (YYYY-MM-DD; default today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def landlord(name: str, db: Path, as_of: str | None, fmt: str) -> None:
    """Everything about one landlord: claims, claims to check, commitments, coverage, changes.

    NAME is the landlord's name or a unique part of it (case-insensitive); a
    document with no known landlord is found by part of its file name.
    """
    from pipeline.outputs.landlord import LandlordNotFound, landlord as run_landlord, to_text

    try:
        p = run_landlord(db, name, as_of=_as_of(as_of))
    except (FileNotFoundError, LandlordNotFound) as e:
        _fail(str(e))
    click.echo(_json(p.as_dict()) if fmt == "json" else to_text(p))


@main.command()
@click.argument("words")
@read_db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Most matches to show.")
@click.option("--method", type=click.Choice(["auto", "fts", "scan"]), default="auto", show_default=True,
              help="auto: DuckDB's fts extension when it loads, else a plain scan.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def search(words: str, db: Path, limit: int, method: str, fmt: str) -> None:
    """Search evidence and commentary for WORDS (every word must occur); says which method answered."""
    from pipeline.outputs.search import search as run_search, to_text

    try:
        r = run_search(db, words, limit=limit, method=None if method == "auto" else method)
    except (FileNotFoundError, ValueError, RuntimeError) as e:
        _fail(str(e))
    click.echo(_json(r.as_dict()) if fmt == "json" else to_text(r))


@main.command()
@click.argument("out_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@read_db_option
def export(out_dir: Path, db: Path) -> None:
    """Write every table as Parquet partitioned by edition, the crosswalk as CSV, and datapackage.json."""
    from pipeline.outputs.export import export as run_export

    try:
        summary = run_export(db, out_dir)
    except FileNotFoundError as e:
        _fail(str(e))
    for r in summary.resources:
        files = r["files"] if isinstance(r["files"], list) else [r["files"]]
        click.echo(f"{r['name']}: {r['rows']} row{'s' if r['rows'] != 1 else ''} in "
                   f"{len(files)} file{'s' if len(files) != 1 else ''}")
    click.echo(f"wrote {summary.datapackage}")


@main.command()
@click.argument("out", metavar="OUT.html", type=click.Path(dir_okay=False, path_type=Path))
@read_db_option
@click.option("--landlord", "landlord_name", metavar="NAME", default=None,
              help="Only this landlord's page (with the cross-landlord page for context).")
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help="Judge commitment due dates as of this date (YYYY-MM-DD; default today).")
def report(out: Path, db: Path, landlord_name: str | None, as_of: str | None) -> None:
    """Write a self-contained HTML report: a cross-landlord page and a page per landlord."""
    from pipeline.outputs.landlord import LandlordNotFound
    from pipeline.outputs.report import report as run_report

    try:
        path = run_report(db, out, landlord=landlord_name, as_of=_as_of(as_of))
    except (FileNotFoundError, LandlordNotFound) as e:
        _fail(str(e))
    click.echo(f"wrote {path}")


@main.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Describe this database's catalogue instead of the schema files "
                   "(default: the schema files in schemas/sql, no database needed).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the Markdown here (e.g. docs/data-dictionary.md) instead of printing it.")
def dictionary(db: Path | None, out: Path | None) -> None:
    """The data dictionary (every table, view, macro and column) as Markdown, from the schema's COMMENTs."""
    from pipeline.outputs.dictionary import dictionary as run_dictionary, write_dictionary

    try:
        if out:
            click.echo(f"wrote {write_dictionary(out, db)}")
        else:
            click.echo(run_dictionary(db), nl=False)
    except FileNotFoundError as e:
        _fail(str(e))




@main.command()
@click.argument("pdf", metavar="FILE.pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--page", type=click.IntRange(min=1), default=None, help="Only this page (1-based).")
@click.option("--out", "out_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also draw each page as a PNG here: rules, tables, cells, rows, furniture.")
def inspect(pdf: Path, page: int | None, out_dir: Path | None) -> None:
    """Show what chc saw on a PDF: rules, the table taken as the form, rows, column roles, furniture."""
    from extractors.pdf.inspect import inspect_pdf

    pages = inspect_pdf(pdf, page=page, out_dir=out_dir)
    if page is not None and not pages:
        _fail(f"{pdf.name} has no page {page}")
    for p in pages:
        click.echo("\n".join(p.text))


if __name__ == "__main__":
    main()
