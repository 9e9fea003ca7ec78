"""The `chc` command line.  Each command is a thin layer over a Python function
of the same name; the work happens there, so everything here is presentation."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.core.paths import DEFAULT_DB, DEFAULT_RAW
from pipeline.ingest.batch import RunSummary, extract as run_extract
from pipeline.db.connection import DatabaseBusy, DatabaseDamaged
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
@click.option("--max-memory", type=click.FloatRange(min=0), default=Limits.max_memory / (1 << 30),
              show_default=True, help="GB of memory each worker process may take (0: no limit); a document "
                                      "needing more fails with 'too large to read'.")
@click.option("--prune", is_flag=True, help="Remove documents whose files are gone (without it they are listed).")
def extract(paths: tuple[Path, ...], db: Path, force: bool, workers: int | None,
            manifest: Path | None, max_pages: int, timeout: float, quiet: bool, max_memory: float,
            prune: bool) -> None:
    """Extract, align and load PATHS (files or folders; default data/raw) into --db."""
    console = Console(stderr=True)
    inputs = list(paths) or [DEFAULT_RAW]
    limits = Limits(max_pages=max_pages, timeout=timeout, max_memory=int(max_memory * (1 << 30)) or None)
    try:
        if quiet:
            summary = run_extract(inputs, db, force=force, workers=workers, manifest=manifest, limits=limits,
                                  prune=prune)
        else:
            summary = _with_progress(console, inputs, db, force, workers, manifest, limits, prune)
    except (DatabaseBusy, DatabaseDamaged, ManifestError) as e:
        _fail(str(e), 2)
    except (OSError, duckdb_error()) as e:
        if "no space left on device" not in str(e).lower() and getattr(e, "errno", None) != 28:
            raise
        _fail(f"No space left on device while writing {db}. Every document stored before this point is "
              "kept; free some disk space (or give --db a file on another disk) and run chc extract again: "
              "it carries on where this run stopped.", 2)
    if not quiet:
        # Piped or captured output gets a width that fits the table on one line per document.
        _print_summary(Console(width=None if sys.stdout.isatty() else 160), summary)
    for note in summary.notes:
        console.print(f"[yellow]note:[/yellow] {escape(note)}", highlight=False, soft_wrap=True)
    if summary.missing:
        n = len(summary.missing)
        console.print(f"[yellow]note:[/yellow] {n} document{'s' if n != 1 else ''} in {escape(str(db))} "
                      f"{'have' if n != 1 else 'has'} no file any more ({escape(', '.join(summary.missing[:5]))}"
                      f"{' ...' if n > 5 else ''}); run chc extract --prune to remove "
                      f"{'them' if n != 1 else 'it'}", highlight=False, soft_wrap=True)
    click.echo(_totals(summary))
    sys.exit(0 if summary.ok else 1)


def _with_progress(console, inputs, db, force, workers, manifest, limits, prune=False) -> RunSummary:
    columns = (TextColumn("[bold]extract[/bold]"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=None)

        def on_progress(outcome, done, total):
            progress.update(task, completed=done, total=total, description=escape(outcome.file_name))

        return run_extract(inputs, db, force=force, workers=workers, manifest=manifest,
                           limits=limits, on_progress=on_progress, prune=prune)


def _print_summary(console: Console, summary: RunSummary) -> None:
    table = Table(title=f"chc extract -> {escape(str(summary.db))}", title_justify="left")
    for col, justify in (("document", "left"), ("landlord", "left"), ("edition", "left"),
                         ("rows", "right"), ("low confidence", "right"), ("problems", "right"),
                         ("status", "left")):
        table.add_column(col, justify=justify, no_wrap=col != "status")
    colours = {"loaded": "green", "partial": "yellow", "failed": "red", "skipped": "dim"}
    for o in sorted(summary.outcomes, key=lambda o: o.file_name):
        status = f"[{colours[o.status]}]{o.status}[/]"
        if o.first_error:
            status += f" [dim]{escape(o.first_error[:90])}[/]"
        # names and messages come from the files: escaped, so "Acme [/] Homes" is text, not markup
        table.add_row(escape(o.file_name), escape(o.landlord or "-"), escape(o.code_version or "-"), str(o.rows),
                      str(o.low_confidence), str(o.problems), status)
    console.print(table)
    if summary.count("failed"):
        console.print(f"Failed documents are listed in the problems table: "
                      f"chc query \"SELECT * FROM problems WHERE severity = 'error'\" --db {escape(str(summary.db))}")


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


def duckdb_error() -> type:
    import duckdb

    return duckdb.Error


# A database another process holds, or a damaged file: one clean message, exit 2.
DB_ERRORS = (DatabaseBusy, DatabaseDamaged)


def _fail(message: str, code: int = 1) -> None:
    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
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

    from pipeline.outputs.query import plain, terminal_safe

    return terminal_safe(json.dumps(plain(obj), ensure_ascii=False, indent=1), json_text=True)


def _safe(text: str) -> str:
    from pipeline.outputs.query import terminal_safe

    return terminal_safe(text)


@main.command()
@click.argument("sql")
@read_db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table: aligned text, long cells cut; csv: header row then rows; json: array of objects.")
def query(sql: str, db: Path, fmt: str) -> None:
    """Run SQL (one statement) on a read-only connection to --db and print the answer."""
    from pipeline.outputs.query import QueryError, QueryRefused, format_result, query as run_query

    try:
        result = run_query(db, sql)
    except FileNotFoundError as e:
        _fail(str(e))
    except (QueryRefused, *DB_ERRORS) as e:
        _fail(str(e), 2)
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
    except DB_ERRORS as e:
        _fail(str(e), 2)
    except (FileNotFoundError, UnknownProvision) as e:
        _fail(str(e))
    click.echo(_json(c.as_dict()) if fmt == "json" else _safe(to_text(c)))


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
    except DB_ERRORS as e:
        _fail(str(e), 2)
    except (FileNotFoundError, LandlordNotFound) as e:
        _fail(str(e))
    click.echo(_json(p.as_dict()) if fmt == "json" else _safe(to_text(p)))


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
    except DB_ERRORS as e:
        _fail(str(e), 2)
    except (FileNotFoundError, ValueError, RuntimeError) as e:
        _fail(str(e))
    click.echo(_json(r.as_dict()) if fmt == "json" else _safe(to_text(r)))


@main.command()
@click.argument("out_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@read_db_option
def export(out_dir: Path, db: Path) -> None:
    """Write every table as Parquet partitioned by edition, the crosswalk as CSV, and datapackage.json."""
    from pipeline.outputs.export import export as run_export

    try:
        summary = run_export(db, out_dir)
    except DB_ERRORS as e:
        _fail(str(e), 2)
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
    except DB_ERRORS as e:
        _fail(str(e), 2)
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
    except DB_ERRORS as e:
        _fail(str(e), 2)
    except FileNotFoundError as e:
        _fail(str(e))


if __name__ == "__main__":
    main()
