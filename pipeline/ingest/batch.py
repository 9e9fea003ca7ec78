"""`chc extract`: files and folders in, one DuckDB file out.

Files are processed (extract -> align -> describe) in worker processes; the
database is written by this process only, one transaction per document, as
results arrive.  Unchanged documents already loaded by this chc version are
skipped unless `force`.
"""
from __future__ import annotations

import hashlib
import os
import stat
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import extractors
from pipeline import __version__
from pipeline.core import catalogue
from pipeline.commentary import corpus as commentary_corpus
from pipeline.db.loader import Loader
from pipeline.ingest.manifest import MANIFEST_NAME, Entry, manifests_for
from pipeline.core.model import Problem
from pipeline.core.model import DocumentResult
from pipeline.core.paths import text_of
from pipeline.ingest.limits import Limits
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

IN_FLIGHT_PER_WORKER = 4  # documents queued per worker process


@dataclass
class DocOutcome:
    file_name: str
    status: str  # loaded | partial | failed | skipped
    landlord: str | None = None
    code_version: str | None = None
    rows: int = 0
    low_confidence: int = 0
    problems: int = 0
    first_error: str | None = None


@dataclass
class RunSummary:
    db: Path
    outcomes: list[DocOutcome] = field(default_factory=list)
    commentary: dict[str, int] = field(default_factory=dict)  # corpus-step counts (pipeline.commentary.corpus)
    notes: list[str] = field(default_factory=list)  # what the user should know about the run as a whole
    missing: list[str] = field(default_factory=list)  # documents whose files are gone (pruned with --prune)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(supported files, ignored files) under the given files and folders, sorted."""
    found: list[Path] = []
    ignored: list[Path] = []
    for p in paths:
        p = Path(p)
        candidates = sorted(q for q in p.rglob("*") if q.is_file() or _odd(q)) if p.is_dir() else [p]
        for q in candidates:
            if q.name == MANIFEST_NAME or q.name.startswith("."):
                continue
            # a FIFO or a dangling link in a folder is reported (process_file says what it is)
            (found if extractors.is_supported(q) or not p.is_dir() or _odd(q) else ignored).append(q)
    seen: set[Path] = set()
    unique = [q for q in found if not (q.resolve() in seen or seen.add(q.resolve()))]
    return unique, ignored


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
    """Extract `paths` into `db`.  With `prune`, documents whose files are all gone are removed;
    without, they are listed in `RunSummary.missing`."""
    files, _ = discover(paths)
    summary = RunSummary(Path(db))
    entries = manifests_for([Path(p) for p in paths], manifest, summary.notes)
    cat = catalogue.load()
    with fewer_collections(), Loader(db, cat) as loader:
        todo: list[Path] = []
        known = _summaries(loader) if files and not force else {}
        for f in files:
            sha = file_sha256(f)
            if sha and not force and loader.unchanged(sha, doc_id_for(sha), f"/{__version__}"):
                loader.record_file(doc_id_for(sha), f, display_path(f))
                summary.outcomes.append(_skipped(loader, f, doc_id_for(sha), known=known))
                if on_progress:
                    on_progress(summary.outcomes[-1], len(summary.outcomes), len(files))
            else:
                todo.append(f)
        batch = _Batch(loader)
        for result in _run(todo, entries, workers, limits):
            outcome = batch.add(result)
            summary.outcomes.append(outcome)
            if on_progress:
                on_progress(outcome, len(summary.outcomes), len(files))
        batch.flush()
        gone = loader.missing()
        if prune and gone:
            loader.prune([d for d, _ in gone])
            summary.notes.append(f"removed {len(gone)} document(s) whose files are gone (--prune): "
                                 + ", ".join(n for _, n in gone[:10]) + (" ..." if len(gone) > 10 else ""))
        else:
            summary.missing = [n for _, n in gone]
        _corpus_step(loader, summary)
    return summary


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

            def submit_next() -> None:
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

    def flush(self) -> None:
        done, self.pending = self.pending, []
        if done:
            self.loader.write(done)


def _outcome(result: DocumentResult) -> DocOutcome:
    doc = result.document or {}
    errors = [p.message for p in result.problems if p.severity == "error"]
    return DocOutcome(
        file_name=text_of(result.path.name),
        status=result.status,
        landlord=doc.get("landlord"),
        code_version=doc.get("code_version"),
        rows=doc.get("rows", 0),
        low_confidence=doc.get("low_confidence", 0),
        problems=len(result.problems),
        first_error=errors[0] if errors else None,
    )


SUMMARY_SQL = (
    "SELECT d.doc_id, landlord, code_version, rows, low_confidence, count(p.doc_id) "
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
    landlord, version, n, low, problems = found or (None, None, 0, 0, 0)
    return DocOutcome(
        file_name=text_of(path.name), status="skipped", landlord=landlord, code_version=version, rows=n,
        low_confidence=low, problems=problems,
        first_error=f"same bytes as {duplicate_of}" if duplicate_of else "unchanged since last run",
    )
