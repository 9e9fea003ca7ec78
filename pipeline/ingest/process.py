"""One file in, one DocumentResult out: extract, align, describe.  No database.

`process_file` is a pure function of the file's bytes, its path and its
manifest entry, so it runs in worker processes and its result can be written
by a single loader process.  It never raises: a document that cannot be read
comes back with status "failed" and its problems.
"""
from __future__ import annotations

import gc
import json
import logging
import time
from collections import Counter
import os
import stat
import traceback
from contextlib import contextmanager
from datetime import datetime, UTC
from pathlib import Path

import extractors
from pipeline.core import catalogue
from pipeline.core.versions import extractor_version
from pipeline.commentary import analysis as commentary, dates as commentary_dates
from pipeline.align.aligner import LOW_CONFIDENCE, align
from pipeline.ingest.landlord_name import landlord_name
from pipeline.ingest.manifest import Entry, manifest_fields
from pipeline.core.model import DocumentResult, Extraction, Problem, Source
from pipeline.ingest.completeness import incomplete_form
from pipeline.core.paths import raw_bytes_of, text_of
from pipeline.ingest.limits import (
    DocumentTimeout, Limits, die_with_parent, limit_memory, parent_gone, remember_parent, time_limit,
)

DOC_ID_LENGTH = 16
log = logging.getLogger(__name__)


def doc_id_for(sha256: str) -> str:
    return sha256[:DOC_ID_LENGTH]


def display_path(path: Path) -> str:
    """Where the file is, the same however it was reached (absolute, links resolved), as text."""
    return text_of(str(source_path(path)))


def source_path(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return path.absolute()


def special_file(path: Path) -> str | None:
    """What a path is when it is not a regular file (reading a FIFO would wait forever)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # gone or unreadable: reading it says why
    for test, what in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return what
    return None


def warm_up() -> None:
    """Load what every document needs (catalogue, spaCy pipeline) now, not on the first document."""
    catalogue.load()
    commentary.warm_up()


def worker_init(max_memory: int | None = None) -> None:
    """A worker process: die with the parent, cap its memory, warm up, then keep the garbage collector off what was loaded.  A run
    allocates millions of short-lived objects, and each full collection would walk the
    pipeline's long-lived ones again (about 5% of the time per document, measured).  Only for
    processes that exist to run documents: it changes the process's GC for good."""
    worker_guard(max_memory)
    warm_up()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def worker_guard(max_memory: int | None = None) -> None:
    """What every worker process does first: exit with its parent, and cap its memory."""
    remember_parent()
    die_with_parent()
    limit_memory(max_memory)


GC_THRESHOLDS = (50_000, 20, 100)  # Python's default first threshold is 700


@contextmanager
def fewer_collections():
    """GC_THRESHOLDS for the length of a run in this process (the loader's), then as before."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def process_file(path: Path, entry: Entry | None = None, limits: Limits = Limits()) -> DocumentResult:
    path = Path(path)
    if parent_gone():  # the run that asked for this is dead: nobody will read the answer
        os._exit(1)
    if (what := special_file(path)) is not None:
        return DocumentResult(path, None, None, problems=[Problem(
            "read", "error", f"not a regular file ({what}); chc reads files only, and would wait forever on this one")])
    try:
        data = path.read_bytes()
    except OSError as e:
        return DocumentResult(path, None, None, problems=[Problem(
            "read", "error", f"cannot read the file ({e.strerror or e}); check it exists and is readable, then run again"
        )])
    except MemoryError:
        return DocumentResult(path, None, None, problems=[_too_large(limits)])
    source = Source(path, data, max_pages=limits.max_pages, ocr=limits.ocr, ocr_lang=limits.ocr_lang,
                    ocr_page_timeout=limits.ocr_page_timeout)
    doc_id = doc_id_for(source.sha256)
    fmt = extractors.format_of(path) or "unknown"
    try:
        # The whole of a document's processing is under the limit: extraction, and alignment and
        # analysis too (a document of a million rows takes its time there, not in the extractor).
        with time_limit(limits.timeout):
            extraction, aligned = _process(source, doc_id, entry, limits)
    except DocumentTimeout:
        extraction, aligned = Extraction(problems=[Problem(
            "extract", "error",
            f"reading this document took longer than {limits.timeout:g} s and was stopped; if the file is "
            "genuine, run it again with a larger --timeout",
        )]), _Aligned()
    except MemoryError:
        extraction, aligned = Extraction(problems=[_too_large(limits)]), _Aligned()
    problems = _capped(list(extraction.problems) + aligned.problems, limits.max_problems)
    result_rows = aligned.rows

    landlord, landlord_source = (entry.landlord, "manifest") if entry and entry.landlord else (None, None)
    if landlord is None and (extraction.text or extraction.metadata):
        landlord, landlord_source = landlord_name(extraction.text, extraction.metadata)
    has_error = any(p.severity == "error" for p in problems)
    status = "failed" if not result_rows else ("partial" if has_error else "loaded")
    raw_name = raw_bytes_of(path.name)
    document = {
        "doc_id": doc_id,
        "file_name": text_of(path.name),
        "file_name_hex": raw_name.hex() if raw_name is not None else None,
        "source_path": display_path(path),
        "sha256": source.sha256,
        "format": fmt,
        "landlord": landlord,
        "landlord_type": entry.landlord_type if entry else None,
        "code_version": aligned.code_version,
        "code_version_read": aligned.code_version_read,
        "assessed_period": entry.assessed_period if entry else None,
        "rows": len(result_rows),
        "status": status,
        "extractor": extractor_version(extraction.extractor or fmt),
        "extracted_at": datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        "source_url": entry.source_url if entry else None,
        "landlord_source": landlord_source,
        "low_confidence": aligned.low_confidence,
        "converted_format": extraction.converted_format,
        "ocr_pages": list(extraction.ocr_pages) or None,
    }
    document.update(manifest_fields(entry, doc_id))
    tables = {"responses": result_rows, "response_links": aligned.links,
              "context_tables": _context_rows(doc_id, extraction.context_tables)}
    tables.update(aligned.analysis)
    return DocumentResult(path, source.sha256, document, tables, problems)


class _Aligned:
    """What alignment and analysis made of a document's rows."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.links: list[dict] = []
        self.code_version: str | None = None
        self.code_version_read: str | None = None
        self.low_confidence = 0
        self.analysis: dict[str, list[dict]] = {}
        self.problems: list[Problem] = []


def _process(source: Source, doc_id: str, entry: Entry | None, limits: Limits) -> tuple[Extraction, _Aligned]:
    started = time.perf_counter()
    extraction = _extract(source)
    log.info("%s: %s extractor, %d rows read as %s in %.2f s", text_of(source.path.name), extraction.extractor,
             len(extraction.rows), dict(Counter(r.read_as or "?" for r in extraction.rows)),
             time.perf_counter() - started)
    out = _Aligned()
    if len(extraction.rows) > limits.max_rows:
        out.problems.append(Problem(
            "extract", "error",
            f"the document yields {len(extraction.rows):,} rows, more than the {limits.max_rows:,} chc reads from "
            "one document (a self-assessment has about 75); only the first "
            f"{limits.max_rows:,} were read. Is it a self-assessment?"))
        del extraction.rows[limits.max_rows:]
    if not extraction.rows:
        return extraction, out
    cat = catalogue.load()
    try:
        alignment = align(extraction, doc_id, cat, entry.code_version if entry else None)
    except MemoryError:
        raise
    except Exception as e:  # a bug, not bad input: keep the batch going, say where
        out.problems.append(_crash("align", e))
        return extraction, out
    out.code_version = alignment.code_version
    out.code_version_read = alignment.edition_read
    out.low_confidence = alignment.low_confidence
    out.problems.extend(alignment.problems)
    if not (entry and entry.assessment):  # a part of a multi-file form is checked as a whole
        cut = incomplete_form(alignment.responses, alignment.code_version, cat)
        if cut:
            out.problems.append(cut)
    out.rows = [_response_row(r) for r in alignment.responses]
    out.links = alignment.links
    log.info("%s: edition %s (scores %s), %d rows aligned, %d low confidence", text_of(source.path.name), out.code_version,
             {k: round(v, 1) for k, v in alignment.edition_scores.items()}, len(out.rows), out.low_confidence)
    if (garbled := _garbled(source, alignment.responses)) is not None:
        out.problems.append(garbled)
    try:  # commentary analysis: signals and response_scores tables
        when = commentary_dates.document_date(entry.assessed_period if entry else None, extraction.text)
        out.analysis = commentary.analyse(alignment.responses, document_date=when)
    except Exception as e:
        if isinstance(e, MemoryError):
            raise
        out.problems.append(_crash("analyse", e))
    log.info("%s: commentary analysis done, %.2f s in all", text_of(source.path.name), time.perf_counter() - started)
    return extraction, out


GARBLED_SHARE = 0.5  # a PDF most of whose rows align weakly or not at all has a garbled text layer
GARBLED_MIN_ROWS = 10


def _garbled(source: Source, responses) -> Problem | None:
    """A PDF text layer that maps glyphs to the wrong characters (shifted codes, a font with no
    usable mapping) still yields rows, but they match the Code's wording weakly or not at all;
    stored as "loaded" they would be wrong rows with a wrong edition.  Flag the document."""
    if source.suffix != ".pdf" or len(responses) < GARBLED_MIN_ROWS:
        return None
    weak = sum(1 for r in responses if r.provision_id is None or r.match_score < LOW_CONFIDENCE)
    if weak <= GARBLED_SHARE * len(responses):
        return None
    return Problem("align", "error", (
        f"the text layer looks garbled: {weak} of {len(responses)} rows match the Code's "
        "wording weakly or not at all (a font without a usable character mapping, or shifted glyphs); "
        "check the rows against the PDF, or OCR it (print to image, then chc extract the image-only PDF)"))


def _too_large(limits: Limits) -> Problem:
    cap = f" (the limit is {limits.max_memory / (1 << 30):g} GB per worker, --max-memory)" if limits.max_memory else ""
    return Problem("extract", "error", f"too large to read: the document needs more memory than chc allows{cap}; "
                                       "if it is genuine, run it again with a larger --max-memory")


def _capped(problems: list[Problem], most: int) -> list[Problem]:
    """At most `most` problems: errors first, then the first of the rest, in their order, and one line
    saying how many more of each severity there were."""
    if len(problems) <= most:
        return problems
    rank = {"error": 0, "warning": 1, "info": 2}
    chosen = set(sorted(range(len(problems)), key=lambda i: (rank[problems[i].severity], i))[: most - 1])
    kept = [p for i, p in enumerate(problems) if i in chosen]
    dropped = [p for i, p in enumerate(problems) if i not in chosen]
    counts = {s: sum(1 for p in dropped if p.severity == s) for s in ("error", "warning", "info")}
    worst = next(s for s in ("error", "warning", "info") if counts[s])
    said = ", ".join(f"{n:,} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    return kept + [Problem("load", worst, f"{len(dropped):,} more problems not recorded ({said}); chc records at "
                                          f"most {most} per document")]


def _extract(source: Source) -> Extraction:
    if not extractors.is_supported(source.path):
        return Extraction(problems=[Problem(
            "read", "error",
            f"unsupported file type {source.suffix or '(none)'}; chc reads "
            + ", ".join(sorted(extractors.FORMATS)),
        )])
    module = None
    try:  # an extractor that fails to import or crashes must not stop the batch
        module = extractors.module_for(source.path)
        extraction = module.extract(source)
    except MemoryError:
        raise
    except (SyntaxError, RecursionError) as e:
        # XML and HTML parsers refuse what they will not build (an entity bomb, a text node too
        # long, nesting too deep): that is bad input, not a fault of chc.
        return Extraction(problems=[_refused(e)], extractor=getattr(module, "NAME", ""))
    except Exception as e:
        return Extraction(problems=[_crash("extract", e)], extractor=getattr(module, "NAME", ""))
    extraction.extractor = extraction.extractor or module.NAME
    return extraction


def _refused(e: BaseException) -> Problem:
    detail = " ".join(str(e).split())[:200] or type(e).__name__
    return Problem("read", "error", f"the file's structure is malformed or too deep or large for its parser "
                                    f"({detail}); the file is damaged or not a genuine document of its type. "
                                    "Open it in its application and save it again, then run again")


def _crash(stage: str, e: Exception) -> Problem:
    where = traceback.extract_tb(e.__traceback__)[-1]
    return Problem(
        stage, "error",
        f"chc failed on this document ({type(e).__name__}: {e} at {Path(where.filename).name}:{where.lineno}); "
        "the rest of the batch went on. Please report it with the file.",
    )


def _context_rows(doc_id: str, tables: list[dict]) -> list[dict]:
    """Tables that are not the form, as context_tables rows (lists as JSON text)."""
    return [{"doc_id": doc_id, "table_no": n, "page": t["page"], "layout": t["layout"],
             "header": json.dumps(t["header"], ensure_ascii=False) if t["header"] else None,
             "n_rows": t["n_rows"], "n_columns": t["n_columns"],
             "cells": json.dumps(t["cells"], ensure_ascii=False), "bbox": t["bbox"], "why": t["why"]}
            for n, t in enumerate(tables, start=1)]


def _response_row(r) -> dict:
    row = dict(r.__dict__)
    row["bbox"] = list(r.bbox) if r.bbox else None
    row["read_as"] = r.read_as or None
    row["sheet"] = r.sheet or None
    return row
