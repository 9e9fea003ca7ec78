"""`chc extract`: files and folders in, one DuckDB file out.

Files are processed (extract -> align -> describe) in worker processes; the
database is written by this process only, one transaction per document, as
results arrive.  Unchanged documents already loaded by this chc version are
skipped unless `force`.
"""
from __future__ import annotations

import hashlib
import logging
import os
import stat
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from collections.abc import Callable, Iterable

import extractors
from pipeline.core import catalogue
from pipeline.core.errors import UsageError
from pipeline.commentary import corpus as commentary_corpus
from pipeline.db.loader import Loader
from pipeline.ingest import corrections, landlords
from pipeline.ingest.manifest import MANIFEST_NAME, Entry, manifest_changes, manifests_for, unmatched_entries
from pipeline.core.model import Problem
from pipeline.core.model import DocumentResult
from pipeline.core.paths import text_of
from pipeline.ingest.limits import Limits
from pipeline.ingest.completeness import INCOMPLETE
from pipeline.ingest.process import (
    display_path,
    doc_id_for,
    fewer_collections,
    process_file,
    special_file,
    warm_up,
    worker_guard,
    worker_init,
)

log = logging.getLogger(__name__)
# Files in data/raw that describe the documents rather than being documents.
DATA_FILES = {MANIFEST_NAME, landlords.REGISTER_NAME, corrections.CORRECTIONS_NAME}
IN_FLIGHT_PER_WORKER = 4  # documents queued per worker process


@dataclass
class DocOutcome:
    file_name: str
    status: str  # loaded | partial | failed | skipped (unchanged or a duplicate) | ignored (not a format chc reads)
    landlord: str | None = None
    code_version: str | None = None
    rows: int = 0
    low_confidence: int = 0
    problems: int = 0
    first_error: str | None = None
    warning: str | None = None  # the first warning worth seeing in the summary (a cut-short form)
    manifest_applied: list[str] = field(default_factory=list)  # columns a manifest edit changed this run


@dataclass
class RunSummary:
    db: Path
    outcomes: list[DocOutcome] = field(default_factory=list)
    commentary: dict[str, int] = field(default_factory=dict)  # corpus-step counts (pipeline.commentary.corpus)
    landlords: dict[str, int] = field(default_factory=dict)  # documents linked to a landlord, by match method
    corrections: dict[str, int] = field(default_factory=dict)  # review decisions applied and stale
    warnings: list[str] = field(default_factory=list)  # about the run, not one document (manifest rows)
    notes: list[str] = field(default_factory=list)  # what the user should know about the run as a whole
    missing: list[str] = field(default_factory=list)  # documents whose files are gone (pruned with --prune)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        """No document failed, and at least one file was a document chc reads."""
        return self.count("failed") == 0 and any(o.status != "ignored" for o in self.outcomes)


class NothingFound(UsageError, FileNotFoundError):
    """No file to read: an empty or mistyped folder.  Says where chc looked."""


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(supported files, ignored files) under the given files and folders, sorted."""
    found: list[Path] = []
    ignored: list[Path] = []
    for p in paths:
        p = Path(p)
        candidates = sorted(q for q in p.rglob("*") if q.is_file() or _odd(q)) if p.is_dir() else [p]
        for q in candidates:
            if q.name in DATA_FILES or q.name.startswith("."):
                continue
            # a FIFO or a dangling link in a folder is reported (process_file says what it is)
            (found if extractors.is_supported(q) or not p.is_dir() or _odd(q) else ignored).append(q)
    seen: set[Path] = set()
    unique = [q for q in found if not (q.resolve() in seen or seen.add(q.resolve()))]
    return unique, ignored


def _beside(paths: Iterable[Path], name: str) -> Path:
    """A data file (landlords.csv, corrections.csv) beside the first input: in the folder, or a file's folder."""
    first = Path(next(iter(paths), "."))
    return (first if first.is_dir() else first.parent) / name


def _odd(q: Path) -> bool:
    """Not a regular file nor a folder: a FIFO, socket or device, or a link to nothing."""
    try:
        mode = q.lstat().st_mode
    except OSError:
        return False
    if stat.S_ISLNK(mode):
        return not q.exists()
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def file_sha256(path: Path) -> str | None:
    if special_file(path) is not None:
        return None  # a FIFO would block here forever; process_file refuses it with a problem
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def extract(
    paths: list[Path],
    db: Path,
    *,
    force: bool = False,
    workers: int | None = None,
    manifest: Path | None = None,
    limits: Limits = Limits(),
    on_progress: Callable[[DocOutcome, int, int], None] | None = None,
    prune: bool = False,
) -> RunSummary:
    paths = [Path(p) for p in paths]
    files, ignored = discover(paths)
    log.info("%d files to read, %d ignored (unsupported) under %s", len(files), len(ignored),
             ", ".join(text_of(str(p)) for p in paths))
    if not any(p.exists() for p in paths) or not files and not ignored:
        raise NothingFound(_nothing_found(paths))
    summary = RunSummary(Path(db))
    entries = manifests_for(paths, manifest, summary.notes)
    cat = catalogue.load()
    if all(p.is_dir() for p in paths):
        summary.warnings = unmatched_entries(entries, {f.name for f in files + ignored})
    total = len(files) + len(ignored)

    def progressed(outcome: DocOutcome) -> None:
        summary.outcomes.append(outcome)
        if on_progress:
            on_progress(outcome, len(summary.outcomes), total)

    with fewer_collections(), Loader(db, cat) as loader:
        known = _summaries(loader) if files and not force else {}
        decisions = corrections.read_corrections(_beside(paths, corrections.CORRECTIONS_NAME))
        plan = _plan(loader, files, entries, corrections.decided_editions(decisions), force)
        todo, unchanged, edits, editions = plan.todo, plan.unchanged, plan.edits, plan.editions
        # Manifest edits reach unchanged documents on every run, without reading their bytes again.
        loader.update_documents(edits)
        grouped = [d for d, c in edits.items() if c.get("assessment_id") not in (None, d)]
        loader.delete_problems(grouped, INCOMPLETE)
        if edits:
            known.update(_summaries(loader, list(edits)))
        for f, doc_id in unchanged:
            outcome = _skipped(loader, f, doc_id, known=known)
            outcome.manifest_applied = sorted(edits.get(doc_id, {}))
            progressed(outcome)
        batch = _Batch(loader)
        for f, edition in editions.items():  # a reviewer's edition reaches the aligner with the file's entry
            entries[f.name] = replace(entries.get(f.name) or Entry(f.name), code_version=edition)
        for result in _run(todo, entries, workers, limits):
            progressed(batch.add(result))
        for f in ignored:
            progressed(batch.ignore(f))
        batch.flush()
        log.info("%d documents read, %d unchanged", len(todo), len(files) - len(todo))
        # the landlord register applies on every run, re-read documents or not
        summary.landlords = landlords.apply_register(loader.con, landlords.read_register(_beside(paths, landlords.REGISTER_NAME)))
        # so do the review decisions: after loading, to re-read and unchanged documents alike
        summary.corrections = corrections.apply_corrections(loader.con, decisions)
        summary.warnings += _incomplete_assessments(loader)
        gone = loader.missing()
        if prune and gone:
            loader.prune([d for d, _ in gone])
            summary.notes.append(f"removed {len(gone)} document(s) whose files are gone (--prune): "
                                 + ", ".join(n for _, n in gone[:10]) + (" ..." if len(gone) > 10 else ""))
        else:
            summary.missing = [n for _, n in gone]
        started = time.monotonic()
        _corpus_step(loader, summary)
        log.info("corpus step (boilerplate across landlords): %s in %.2f s", summary.commentary,
                 time.monotonic() - started)
    return summary


@dataclass
class _Plan:
    """What a run does with each file found: read it (todo), or keep what is loaded (unchanged)."""
    todo: list[Path] = field(default_factory=list)
    unchanged: list[tuple[Path, str]] = field(default_factory=list)
    edits: dict[str, dict] = field(default_factory=dict)  # manifest edits of unchanged documents, by doc_id
    editions: dict[Path, str] = field(default_factory=dict)  # editions set by review decisions, by file


def _plan(loader: Loader, files: list[Path], entries: dict[str, Entry], decided: list[tuple[str, str]],
          force: bool) -> _Plan:
    plan = _Plan()
    loaded = loader.document_metadata() if files and not force else {}
    stored = loader.editions() if files and not force else {}
    for f in files:
        sha = file_sha256(f)
        doc_id = doc_id_for(sha) if sha else None
        if sha and (edition := _decided_edition(decided, sha, f.name)):
            plan.editions[f] = edition
        if not (sha and not force and loader.unchanged(sha, doc_id, current_only=True)):
            plan.todo.append(f)
            continue
        if _edition_changed(stored.get(doc_id), plan.editions.get(f)):
            plan.todo.append(f)  # a reviewer's edition decision was added, changed or removed
            continue
        changes, again = manifest_changes(loaded.get(doc_id, {}), entries.get(f.name), doc_id)
        if again:
            plan.todo.append(f)
            continue
        if changes:
            plan.edits[doc_id] = changes
        loader.record_file(doc_id, f, display_path(f))
        plan.unchanged.append((f, doc_id))
    return plan


def _decided_edition(decided: list[tuple[str, str]], sha256: str, file_name: str) -> str | None:
    """The edition a review decision sets for this document (the file's last decision), if any."""
    found = None
    for reference, edition in decided:
        if corrections.names_document(reference, sha256, file_name):
            found = edition
    return found


def _edition_changed(stored: tuple[str | None, str | None] | None, decided: str | None) -> bool:
    """Must a loaded document be aligned again: its rows follow another edition than the one now decided
    (or, with no decision any more, than the one chc reads itself)?"""
    if stored is None:
        return False
    used, read = stored
    return used != (decided or read)


def _incomplete_assessments(loader: Loader) -> list[str]:
    """Multi-file assessments whose files together miss a whole section of the form: a page of a
    form published section by section was not fetched (a single file is judged by its share instead)."""
    rows = loader.con.execute(
        "SELECT assessment_id, files, answered, form_rows, code_version, sections_missing FROM assessment_coverage "
        "WHERE files > 1 AND len(sections_missing) > 0 ORDER BY assessment_id").fetchall()
    return [f"assessment {a!r} ({files} files) holds {n} of the {total} rows of the {version} form"
            + (f"; sections {', '.join(map(str, missing))} are missing" if missing else "")
            for a, files, n, total, version, missing in rows]


def _nothing_found(paths: list[Path]) -> str:
    where = "; ".join(
        f"{p} ({p.resolve()}) does not exist" if not p.exists() else f"{p} ({p.resolve()}) holds no files"
        for p in paths
    )
    return (f"nothing to read: {where}. chc reads {', '.join(sorted(extractors.FORMATS))}; "
            "pass the folder of downloaded files (default ./data/raw, relative to the working directory)")


def _unsupported(path: Path) -> str:
    return (f"not read: {path.suffix or '(no suffix)'} is not a format chc reads "
            f"({', '.join(sorted(extractors.FORMATS))}); convert it to one of these, or remove it from the folder")


def _corpus_step(loader: Loader, summary: RunSummary) -> None:
    """The corpus step of the commentary analysis (boilerplate across landlords, over everything
    loaded).  The documents are already stored; a failure here leaves their within-document
    measures and a database the next run can write to, and says so."""
    try:
        summary.commentary = commentary_corpus.run(loader.con)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as e:
        if loader.con is not None:
            for sql in ("ROLLBACK", "DROP TABLE IF EXISTS _chc_rows", "DROP TABLE IF EXISTS _chc_boiler"):
                try:
                    loader.con.execute(sql)
                except Exception:  # noqa: S110 - nothing to undo
                    pass
        first = " ".join(str(e).split())[:200]
        summary.notes.append(
            f"the corpus step (boilerplate across landlords) failed ({type(e).__name__}: {first}); every "
            "document is stored, with its own measures; run chc extract again (raise CHC_DUCKDB_MEMORY if "
            "DuckDB ran out of memory) to complete it")


def _run(files: list[Path], entries: dict[str, Entry], workers: int | None, limits: Limits):
    """Yield a DocumentResult per file, in completion order, whatever happens to a worker."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(files) <= 2:
        if files:
            warm_up()
        for f in files:
            yield process_file(f, entries.get(f.name), limits)
        return
    pending = list(files)
    while pending:
        done: set[Path] = set()
        broken = False
        with ProcessPoolExecutor(max_workers=workers, initializer=worker_init,
                                 initargs=(limits.max_memory,)) as pool:
            queue = iter(pending)
            futures: dict = {}

            def submit_next(queue=queue, futures=futures, pool=pool) -> None:
                f = next(queue, None)
                if f is not None:
                    futures[pool.submit(process_file, f, entries.get(f.name), limits)] = f

            # A few documents in flight per worker, not the whole batch: finished results are
            # written and dropped, so memory stays flat however many files there are.
            for _ in range(IN_FLIGHT_PER_WORKER * workers):
                submit_next()
            while futures:
                finished, _ = wait(futures, return_when=FIRST_COMPLETED)
                for fut in finished:
                    path = futures.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        broken = True  # a worker died (a crash in native code, or killed for memory)
                        continue
                    except Exception as e:  # the result could not come back (pickling, ...)
                        result = _failed(path, f"chc could not process this file ({type(e).__name__}: {e})")
                    done.add(path)
                    if not broken:
                        submit_next()
                    yield result
        pending = [f for f in pending if f not in done]
        if broken and pending:
            # Find the file that kills workers: the next one runs alone in a pool of its own.
            suspect = pending.pop(0)
            with ProcessPoolExecutor(max_workers=1, initializer=worker_guard, initargs=(limits.max_memory,)) as pool:
                try:
                    yield pool.submit(process_file, suspect, entries.get(suspect.name), limits).result()
                except Exception:
                    yield _failed(suspect, "too large to read, or it crashes a native library: the worker process "
                                           "died while reading it (out of memory, or a crash); the rest of the batch "
                                           "went on")


def _failed(path: Path, message: str) -> DocumentResult:
    return DocumentResult(path, None, None, problems=[Problem("extract", "error", message)])


class _Batch:
    """Finished documents waiting to be written together (see Loader.write)."""

    MAX_DOCS = 50
    MAX_SECONDS = 2.0

    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        self.pending: list[DocumentResult] = []
        self.seen: dict[str, str] = {}
        self.started = time.monotonic()

    def add(self, result: DocumentResult) -> DocOutcome:
        """Queue a result for writing; its outcome is known now, its rows land at the next flush."""
        # The same bytes under a second name in this run: one document, both names recorded.
        if result.doc_id and result.doc_id in self.seen:
            self.flush()  # the first name must be written before the second is recorded
            self.loader.record_file(result.doc_id, result.path, result.document["source_path"])
            return _skipped(self.loader, result.path, result.doc_id, duplicate_of=self.seen[result.doc_id])
        if result.doc_id:
            self.seen[result.doc_id] = text_of(result.path.name)
        if not self.pending:
            self.started = time.monotonic()
        self.pending.append(result)
        if len(self.pending) >= self.MAX_DOCS or time.monotonic() - self.started >= self.MAX_SECONDS:
            self.flush()
        return _outcome(result)

    def ignore(self, path: Path) -> DocOutcome:
        """A file in a folder that chc does not read: a problem row, so the database accounts for it."""
        message = _unsupported(path)
        self.pending.append(DocumentResult(path, None, None, problems=[Problem("read", "warning", message)]))
        return DocOutcome(file_name=path.name, status="ignored", problems=1, first_error=message)

    def flush(self) -> None:
        done, self.pending = self.pending, []
        if done:
            self.loader.write(done)


def _outcome(result: DocumentResult) -> DocOutcome:
    doc = result.document or {}
    errors = [p.message for p in result.problems if p.severity == "error"]
    warnings = [p.message for p in result.problems if p.severity == "warning" and p.message.startswith(INCOMPLETE)]
    return DocOutcome(
        file_name=text_of(result.path.name),
        status=result.status,
        landlord=doc.get("landlord"),
        code_version=doc.get("code_version"),
        rows=doc.get("rows", 0),
        low_confidence=doc.get("low_confidence", 0),
        problems=len(result.problems),
        first_error=errors[0] if errors else None,
        warning=warnings[0] if warnings else None,
    )


SUMMARY_SQL = (
    "SELECT d.doc_id, landlord, code_version, rows, low_confidence, count(p.doc_id), "
    f"min(p.message) FILTER (WHERE starts_with(p.message, '{INCOMPLETE}')) "
    "FROM documents d LEFT JOIN problems p USING (doc_id) {where} "
    "GROUP BY d.doc_id, landlord, code_version, rows, low_confidence"
)


def _summaries(loader: Loader, doc_ids: list[str] | None = None) -> dict[str, tuple]:
    """What the summary shows of documents already loaded, in one query (a re-run skips thousands)."""
    if doc_ids is None:
        rows = loader.con.execute(SUMMARY_SQL.format(where="")).fetchall()
    else:
        rows = loader.con.execute(SUMMARY_SQL.format(where="WHERE d.doc_id = ANY(?)"), [doc_ids]).fetchall()
    return {r[0]: r[1:] for r in rows}


def _skipped(loader: Loader, path: Path, doc_id: str, duplicate_of: str | None = None,
             known: dict[str, tuple] | None = None) -> DocOutcome:
    found = known.get(doc_id) if known is not None else None
    if found is None:
        found = _summaries(loader, [doc_id]).get(doc_id)
    landlord, version, n, low, problems, cut = found or (None, None, 0, 0, 0, None)
    return DocOutcome(
        file_name=text_of(path.name), status="skipped", landlord=landlord, code_version=version, rows=n,
        low_confidence=low, problems=problems, warning=cut,
        first_error=f"same bytes as {duplicate_of}" if duplicate_of else "unchanged since last run",
    )
