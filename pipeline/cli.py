"""The `chc` command line.  Each command is a thin layer over a Python function
of the same name; the work happens there, so everything here is presentation.

Imports of the stages happen inside the commands, so that `chc --help` and the reading
commands start without loading spaCy or PDFium.  Every `ChcError` is handled in one place
(`ChcGroup.invoke`): its message on stderr, its exit status.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.core.errors import ChcError
from pipeline.core.paths import DEFAULT_DB, DEFAULT_RAW
from pipeline.ingest.limits import Limits

log = logging.getLogger("chc")

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline.ingest.batch import RunSummary


def _error_console():
    from rich.console import Console

    return Console(stderr=True)


class ChcGroup(click.Group):
    """Runs a command and turns a ChcError into its message and exit status."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ChcError as e:
            _error_console().print(f"[red]error:[/red] {_escape(str(e))}", highlight=False, soft_wrap=True)
            sys.exit(e.exit_status)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


db_option = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
    help="DuckDB file to write or read.",
)


@click.group(cls=ChcGroup)
@click.version_option(package_name="chc")
@click.option("--verbose", "-v", count=True,
              help="Log what each stage did on stderr: -v which reader won, edition scores and time per "
                   "stage; -vv everything.")
def main(verbose: int) -> None:
    """chc: Complaint Handling Code self-assessments as one DuckDB dataset."""
    if verbose:
        _log_to_stderr(logging.INFO if verbose == 1 else logging.DEBUG)


def _log_to_stderr(level: int) -> None:
    """chc's own loggers (pipeline.*, extractors.*) to stderr; other libraries' stay quiet."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(processName)s %(name)s: %(message)s", "%H:%M:%S"))
    for name in ("pipeline", "extractors"):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, "chc", False)]:
            logger.removeHandler(old)
        handler.chc = True
        logger.addHandler(handler)
        logger.setLevel(level)


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
@click.option("--ocr", type=click.Choice(["auto", "never", "always"]), default=Limits.ocr, show_default=True,
              help="Read scanned PDF pages with Tesseract: auto (pages with no usable text layer), never, always.")
@click.option("--ocr-lang", default=Limits.ocr_lang, show_default=True,
              help="Tesseract language(s) for OCR, e.g. eng or eng+cym (needs tesseract-ocr-LANG).")
@click.option("--ocr-page-timeout", type=click.FloatRange(min=0, min_open=True), default=Limits.ocr_page_timeout,
              show_default=True, help="Seconds of OCR allowed per page (within --timeout).")
@click.option("--max-memory", type=click.FloatRange(min=0), default=Limits.max_memory / (1 << 30),
              show_default=True, help="GB of memory each worker process may take (0: no limit); a document "
                                      "needing more fails with 'too large to read'.")
@click.option("--prune", is_flag=True, help="Remove documents whose files are gone (without it they are listed).")
def extract(paths: tuple[Path, ...], db: Path, force: bool, workers: int | None,
            manifest: Path | None, max_pages: int, timeout: float, quiet: bool,
            ocr: str, ocr_lang: str, ocr_page_timeout: float, max_memory: float, prune: bool) -> None:
    """Extract, align and load PATHS (files or folders; default ./data/raw) into --db.

    Paths are relative to the working directory. Run it again after editing the manifest:
    unchanged documents are not read again, but the manifest's edits reach them."""
    import duckdb
    from rich.console import Console

    from pipeline.ingest.batch import extract as run_extract

    console = Console(stderr=True)
    inputs = list(paths) or [DEFAULT_RAW]
    limits = Limits(max_pages=max_pages, timeout=timeout, ocr=ocr, ocr_lang=ocr_lang,
                    ocr_page_timeout=min(ocr_page_timeout, timeout), max_memory=int(max_memory * (1 << 30)) or None)
    try:
        if quiet:
            summary = run_extract(inputs, db, force=force, workers=workers, manifest=manifest, limits=limits,
                                  prune=prune)
        else:
            summary = _with_progress(console, inputs, db, force, workers, manifest, limits, prune)
    except (OSError, duckdb.Error) as e:
        if "no space left on device" not in str(e).lower() and getattr(e, "errno", None) != 28:
            raise
        _fail(f"No space left on device while writing {db}. Every document stored before this point is "
              "kept; free some disk space (or give --db a file on another disk) and run chc extract again: "
              "it carries on where this run stopped.", 2)
    for warning in summary.warnings:
        console.print(f"[yellow]warning:[/yellow] {_escape(warning)}", highlight=False, soft_wrap=True)
    if not quiet:
        # Piped or captured output gets a width that fits the table on one line per document.
        _print_summary(Console(width=None if sys.stdout.isatty() else 160), summary)
    for note in summary.notes:
        console.print(f"[yellow]note:[/yellow] {_escape(note)}", highlight=False, soft_wrap=True)
    if summary.missing:
        n = len(summary.missing)
        console.print(f"[yellow]note:[/yellow] {n} document{'s' if n != 1 else ''} in {_escape(str(db))} "
                      f"{'have' if n != 1 else 'has'} no file any more ({_escape(', '.join(summary.missing[:5]))}"
                      f"{' ...' if n > 5 else ''}); run chc extract --prune to remove "
                      f"{'them' if n != 1 else 'it'}", highlight=False, soft_wrap=True)
    click.echo(_totals(summary))
    sys.exit(0 if summary.ok else 1)


def _with_progress(console, inputs, db, force, workers, manifest, limits, prune=False) -> RunSummary:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from pipeline.ingest.batch import extract as run_extract

    columns = (TextColumn("[bold]extract[/bold]"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=None)

        def on_progress(outcome, done, total):
            progress.update(task, completed=done, total=total, description=_escape(outcome.file_name))

        return run_extract(inputs, db, force=force, workers=workers, manifest=manifest,
                           limits=limits, on_progress=on_progress, prune=prune)


def _print_summary(console: Console, summary: RunSummary) -> None:
    from rich.table import Table

    table = Table(title=f"chc extract -> {_escape(str(summary.db))}", title_justify="left")
    for col, justify in (("document", "left"), ("landlord", "left"), ("edition", "left"),
                         ("rows", "right"), ("low confidence", "right"), ("problems", "right"),
                         ("status", "left")):
        table.add_column(col, justify=justify, no_wrap=col != "status")
    colours = {"loaded": "green", "partial": "yellow", "failed": "red", "skipped": "dim", "ignored": "yellow"}
    for o in sorted(summary.outcomes, key=lambda o: o.file_name):
        status = f"[{colours[o.status]}]{o.status}[/]"
        if o.first_error:
            status += f" [dim]{_escape(o.first_error[:90])}[/]"
        if o.manifest_applied:
            status += f" [cyan]manifest applied: {_escape(', '.join(o.manifest_applied))}[/]"
        if o.warning:
            status += f" [yellow]{_escape(o.warning[:160])}[/]"
        # names and messages come from the files: escaped, so "Acme [/] Homes" is text, not markup
        table.add_row(_escape(o.file_name), _escape(o.landlord or "-"), _escape(o.code_version or "-"), str(o.rows),
                      str(o.low_confidence), str(o.problems), status)
    console.print(table)
    if summary.count("failed"):
        console.print(f"Failed documents are listed in the problems table: "
                      f"chc query \"SELECT * FROM problems WHERE severity = 'error'\" --db {_escape(str(summary.db))}")


def _totals(summary: RunSummary) -> str:
    rows = sum(o.rows for o in summary.outcomes if o.status != "skipped")
    n = len(summary.outcomes) - summary.count("ignored")
    edited = sum(1 for o in summary.outcomes if o.manifest_applied)
    cut = sum(1 for o in summary.outcomes if o.warning)
    extra = ""
    if edited:
        extra += f", {edited} updated from the manifest"
    if cut:
        extra += f", {cut} incomplete (see problems)"
    if summary.count("ignored"):
        extra += f"; {summary.count('ignored')} other file{'' if summary.count('ignored') == 1 else 's'} ignored " \
                 "(not a format chc reads)"
    return (f"{n} document{'' if n == 1 else 's'}: {summary.count('loaded')} loaded, "
            f"{summary.count('partial')} partly loaded, {summary.count('failed')} failed, "
            f"{summary.count('skipped')} unchanged{extra}; {rows} row{'' if rows == 1 else 's'} written to {summary.db}")


# --------------------------------------------------------------------------- fetching the corpus

@main.command()
@click.argument("urls", metavar="URLS.csv", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--raw", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_RAW, show_default=True,
              help="Folder to download into; its manifest.csv records each file.")
@click.option("--rate", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to the same host.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds to wait to connect and for each read.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Further attempts after a timeout, connection error, 429 or 5xx (waits double each time).")
@click.option("--max-size", "max_mb", type=click.FloatRange(min=0, min_open=True), default=100.0,
              show_default=True, help="Largest download in MB; a larger response is cut off and reported.")
@click.option("--restart", is_flag=True, help="Ignore an interrupted run's progress and check every URL again.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only the totals line.")
def fetch(urls: Path | None, raw: Path, rate: float, timeout: float, retries: int, max_mb: float,
          restart: bool, quiet: bool) -> None:
    """Download the self-assessments listed in URLS.csv (a url column, optional landlord,
    landlord_type, assessed_period, assessment; or one URL a line) into --raw, and record
    each in its manifest.  Without URLS.csv, the manifest's source_url column is fetched again.
    Unchanged documents are not downloaded again; changed ones are kept beside the old."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from pipeline.ingest.fetch import FetchOptions, fetch as run_fetch, read_targets, targets_from_manifest

    console = Console(stderr=True)
    targets = read_targets(urls) if urls else targets_from_manifest(raw)
    if not targets:
        _fail(f"no URLs to fetch: {urls or raw / 'manifest.csv'} lists none (give a CSV with a url column)", 2)
    options = FetchOptions(rate=rate, timeout=timeout, retries=retries, max_bytes=int(max_mb * 1024 * 1024))
    if quiet:
        summary = run_fetch(targets, raw, options, restart=restart)
    else:
        columns = (TextColumn("[bold]fetch[/bold]"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("{task.description}"))
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("", total=len(targets))

            def on_progress(outcome, done, total):
                progress.update(task, completed=done, total=total, description=outcome.url[-60:])

            summary = run_fetch(targets, raw, options, restart=restart, on_progress=on_progress)
        table = Table(title=f"chc fetch -> {raw}", title_justify="left")
        for col in ("url", "status", "files", "note"):
            table.add_column(col, no_wrap=col == "status")
        colours = {"downloaded": "green", "unchanged": "dim", "failed": "red"}
        for o in summary.outcomes:
            table.add_row(o.url, f"[{colours[o.status]}]{o.status}[/]", ", ".join(o.files), o.reason[:120])
        Console(width=None if sys.stdout.isatty() else 160).print(table)
    resumed = f" ({summary.resumed} done by the interrupted run, not fetched again)" if summary.resumed else ""
    click.echo(f"{len(summary.outcomes)} URL{'' if len(summary.outcomes) == 1 else 's'}: "
               f"{summary.count('downloaded')} downloaded, {summary.count('unchanged')} unchanged, "
               f"{summary.count('failed')} failed{resumed}; manifest {raw / 'manifest.csv'}")
    sys.exit(0 if summary.ok else 1)


# --------------------------------------------------------------------------- reading the database
# Each command below is a thin layer over the function of the same name in pipeline/<module>.py.

read_db_option = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
    help="DuckDB file to read (opened read-only).",
)


def _fail(message: str, code: int = 1) -> None:
    _error_console().print(f"[red]error:[/red] {_escape(message)}", highlight=False, soft_wrap=True)
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
@click.option("--max-width", "max_width", type=click.IntRange(min=0), default=60, show_default=True,
              help="table format: cut cells longer than this many characters (0: show them whole).")
def query(sql: str, db: Path, fmt: str, max_width: int) -> None:
    """Run SQL (one statement) on a read-only connection to --db and print the answer."""
    from pipeline.outputs.query import format_result, query as run_query

    result = run_query(db, sql)
    click.echo(format_result(result, fmt, max_width=max_width))


@main.command()
@click.argument("provision")
@read_db_option
@click.option("--edition", type=click.Choice(["2024", "2022"]), default="2024", show_default=True,
              help="Edition PROVISION is numbered in; a 2022 number is carried to its 2024 counterparts.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def compare(provision: str, db: Path, edition: str, fmt: str) -> None:
    """One provision across every landlord and both editions, in 2024 numbering."""
    from pipeline.outputs.compare import compare as run_compare, to_text

    c = run_compare(db, provision, edition=edition)
    click.echo(_json(c.as_dict()) if fmt == "json" else _safe(to_text(c)))


@main.command()
@click.argument("name")
@read_db_option
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help="Judge commitment due dates as of this date (YYYY-MM-DD; default today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def landlord(name: str, db: Path, as_of: str | None, fmt: str) -> None:
    """Everything about one landlord: claims, claims to check, commitments, coverage, changes.

    NAME is the landlord's landlord_id, its name, an alias or former name from
    the register, a name one of its documents printed, or a unique part of one
    (case-insensitive); a document with no known landlord is found by part of
    its file name. Documents linked to one landlord_id are one landlord, however
    each printed the name.
    """
    from pipeline.outputs.landlord import landlord as run_landlord, to_text

    p = run_landlord(db, name, as_of=_as_of(as_of))
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

    r = run_search(db, words, limit=limit, method=None if method == "auto" else method)
    click.echo(_json(r.as_dict()) if fmt == "json" else _safe(to_text(r)))


@main.command()
@click.argument("out_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@read_db_option
@click.option("--license", "license_id", metavar="ID", default=None,
              help="Licence of the published database (SPDX id; default ODC-BY-1.0: the database, not the "
                   "landlords' text it quotes).")
@click.option("--sqlite", "sqlite_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write an SQLite copy for Datasette, with FILE's metadata.json beside it.")
def export(out_dir: Path, db: Path, license_id: str | None, sqlite_file: Path | None) -> None:
    """Write every table as Parquet partitioned by edition, the crosswalk as CSV, and datapackage.json."""
    from pipeline.outputs.export import DEFAULT_LICENSE
    from pipeline.outputs.export import export as run_export

    summary = run_export(db, out_dir, license=license_id or DEFAULT_LICENSE)
    for r in summary.resources:
        files = r["files"] if isinstance(r["files"], list) else [r["files"]]
        click.echo(f"{r['name']}: {r['rows']} row{'s' if r['rows'] != 1 else ''} in "
                   f"{len(files)} file{'s' if len(files) != 1 else ''}")
    click.echo(f"wrote {summary.datapackage}")
    if sqlite_file is not None:
        try:
            from pipeline.outputs.sqlite import export_sqlite

            written = export_sqlite(db, sqlite_file, license=license_id or DEFAULT_LICENSE)
        except ModuleNotFoundError as e:
            _fail(f"--sqlite needs {e.name}: .venv/bin/python -m pip install -e '.[sqlite]'")
        click.echo(f"wrote {written.sqlite} and {written.metadata}")


@main.command()
@click.argument("out", metavar="OUT.html|DIR", type=click.Path(path_type=Path))
@read_db_option
@click.option("--site", is_flag=True,
              help="Write a static site into the folder OUT (index, a page per landlord and per provision, "
                   "a search box that needs no server) instead of one file; implied when OUT is a folder.")
@click.option("--landlord", "landlord_name", metavar="NAME", default=None,
              help="Only this landlord's page (with the cross-landlord page for context): its name, an alias "
                   "or its landlord_id.")
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help="Judge commitment due dates as of this date (YYYY-MM-DD; default today).")
def report(out: Path, db: Path, site: bool, landlord_name: str | None, as_of: str | None) -> None:
    """Write the report: one self-contained HTML file (a handful of landlords), or with --site a folder
    of pages (any number of landlords)."""
    if site or out.is_dir():
        from pipeline.outputs.report import site as run_site

        made = run_site(db, out, landlord=landlord_name, as_of=_as_of(as_of))
        click.echo(f"wrote {made.out}/index.html: {made.files} files, {made.bytes / 1e6:.1f} MB, "
                   f"{made.landlords} landlord page{'s' if made.landlords != 1 else ''}, "
                   f"{made.provisions} provision pages")
        return
    from pipeline.outputs.report import report as run_report

    path = run_report(db, out, landlord=landlord_name, as_of=_as_of(as_of))
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

    if out:
        click.echo(f"wrote {write_dictionary(out, db)}")
    else:
        click.echo(run_dictionary(db), nl=False)


@main.command()
@read_db_option
@click.option("--corrections", "corrections_file", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_RAW / "corrections.csv", show_default=True,
              help="Where decisions are appended (applied by the next chc extract).")
@click.option("--reviewer", default=None, help="Who decides (recorded with each decision; default $USER).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Review at most this many rows.")
@click.option("--report", "show_report", is_flag=True,
              help="Instead of reviewing: per document, how many rows were reviewed, accepted and changed.")
def review(db: Path, corrections_file: Path, reviewer: str | None, limit: int | None, show_report: bool) -> None:
    """Review the rows worth a human look, one keystroke each; decisions go to corrections.csv.

    Keys: a accept, p choose another provision, c set the claim, n not a provision row,
    s skip, q quit.  Run chc extract afterwards to apply the decisions.
    """
    import os

    from pipeline.core.claims import VALUES
    from pipeline.outputs.query import text_table
    from pipeline.outputs.review import decide, review_queue, review_report

    if show_report:
        rows = review_report(db)
        cols = ["file_name", "landlord", "rows", "reviewed", "accepted", "changed"]
        click.echo(text_table(cols, [[str(r[c] if r[c] is not None else "") for c in cols] for r in rows]))
        total, done = sum(r["rows"] for r in rows), sum(r["reviewed"] for r in rows)
        click.echo(f"{done} of {total} rows reviewed by hand ({(done / total if total else 0):.1%})")
        return
    who = reviewer or os.environ.get("USER") or None
    queue = review_queue(db, corrections_file)[:limit]
    if not queue:
        click.echo("nothing to review: every row worth a look has a decision")
        return
    decided = 0
    for n, item in enumerate(queue, start=1):
        click.echo(f"\n[{n}/{len(queue)}] {item.file_name}  row {item.row_no}  printed {item.printed_id or '-'}"
                   f"  -> {item.provision_id or 'unaligned'} ({item.code_version}, match {item.match_score})")
        click.echo(f"  why:       {_clip(item.why, 200)}")
        click.echo(f"  printed:   {_clip(item.requirement_text, 200)}")
        click.echo(f"  the Code:  {_clip(item.canonical_text, 200)}")
        click.echo(f"  claim:     {item.comply} (printed {item.comply_raw!r})")
        click.echo(f"  evidence:  {_clip(item.evidence, 200)}")
        key = click.prompt("  [a]ccept [p]rovision [c]laim [n]ot a row [s]kip [q]uit",
                           type=click.Choice(list("apcnsq")), show_choices=False)
        if key == "q":
            break
        if key == "s":
            continue
        if key == "a":
            decide(corrections_file, item, "accept", None, who)
        elif key == "n":
            decide(corrections_file, item, "not_a_row", None, who)
        elif key == "p":
            decide(corrections_file, item, "provision_id", click.prompt("  provision"), who)
        elif key == "c":
            decide(corrections_file, item, "comply", click.prompt("  claim", type=click.Choice(list(VALUES))), who)
        decided += 1
    click.echo(f"{decided} decision{'' if decided == 1 else 's'} written to {corrections_file}; "
               "run chc extract to apply them")


def _clip(text: str | None, n: int) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"




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
