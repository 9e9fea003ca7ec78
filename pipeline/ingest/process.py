"""One file in, one DocumentResult out: extract, align, describe.  No database.

`process_file` is a pure function of the file's bytes, its path and its
manifest entry, so it runs in worker processes and its result can be written
by a single loader process.  It never raises: a document that cannot be read
comes back with status "failed" and its problems.
"""
from __future__ import annotations

import gc
import logging
import time
from collections import Counter
import traceback
from contextlib import contextmanager
from datetime import datetime, UTC
from pathlib import Path

import extractors
from pipeline.core import catalogue
from pipeline.core.versions import extractor_version
from pipeline.commentary import analysis as commentary, dates as commentary_dates
from pipeline.align.aligner import align
from pipeline.ingest.landlord_name import landlord_name
from pipeline.ingest.manifest import Entry, manifest_fields
from pipeline.core.model import DocumentResult, Extraction, Problem, Source
from pipeline.ingest.limits import DocumentTimeout, Limits, time_limit
from pipeline.ingest.completeness import incomplete_form
from pipeline.core.paths import stored_path

DOC_ID_LENGTH = 16
log = logging.getLogger(__name__)


def doc_id_for(sha256: str) -> str:
    return sha256[:DOC_ID_LENGTH]


def display_path(path: Path) -> str:
    return stored_path(path)


def warm_up() -> None:
    """Load what every document needs (catalogue, spaCy pipeline) now, not on the first document."""
    catalogue.load()
    commentary.warm_up()


def worker_init() -> None:
    """A worker process: warm up, then keep the garbage collector off what was loaded.  A run
    allocates millions of short-lived objects, and each full collection would walk the
    pipeline's long-lived ones again (about 5% of the time per document, measured).  Only for
    processes that exist to run documents: it changes the process's GC for good."""
    warm_up()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


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
    try:
        data = path.read_bytes()
    except OSError as e:
        return DocumentResult(path, None, None, problems=[Problem(
            "read", "error", f"cannot read the file ({e.strerror or e}); check it exists and is readable, then run again"
        )])
    source = Source(path, data, max_pages=limits.max_pages, ocr=limits.ocr, ocr_lang=limits.ocr_lang,
                    ocr_page_timeout=limits.ocr_page_timeout)
    doc_id = doc_id_for(source.sha256)
    fmt = extractors.format_of(path) or "unknown"
    started = time.perf_counter()
    try:
        with time_limit(limits.timeout):
            extraction = _extract(source)
    except DocumentTimeout:
        extraction = Extraction(problems=[Problem(
            "extract", "error",
            f"extraction took longer than {limits.timeout:g} s and was stopped; if the file is genuine, "
            "run it again with a larger --timeout",
        )])
    problems = list(extraction.problems)
    log.info("%s: %s extractor, %d rows read as %s in %.2f s", path.name, extraction.extractor or fmt,
             len(extraction.rows), dict(Counter(r.read_as or "?" for r in extraction.rows)),
             time.perf_counter() - started)

    cat = catalogue.load()
    result_rows: list[dict] = []
    links: list[dict] = []
    code_version = None
    low_confidence = 0
    analysis: dict[str, list[dict]] = {}
    if extraction.rows:
        try:
            alignment = align(extraction, doc_id, cat)
        except Exception as e:  # a bug, not bad input: keep the batch going, say where
            problems.append(_crash("align", e))
        else:
            code_version = alignment.code_version
            low_confidence = alignment.low_confidence
            problems.extend(alignment.problems)
            if not (entry and entry.assessment):  # a part of a multi-file form is checked as a whole
                cut = incomplete_form(alignment.responses, alignment.code_version, cat)
                if cut:
                    problems.append(cut)
            result_rows = [_response_row(r) for r in alignment.responses]
            links = alignment.links
            log.info("%s: edition %s (scores %s), %d rows aligned, %d low confidence, %.2f s so far",
                     path.name, code_version, {k: round(v, 1) for k, v in alignment.edition_scores.items()},
                     len(result_rows), low_confidence, time.perf_counter() - started)
            try:  # commentary analysis: signals and response_scores tables
                when = commentary_dates.document_date(entry.assessed_period if entry else None, extraction.text)
                analysis = commentary.analyse(alignment.responses, document_date=when)
            except Exception as e:
                problems.append(_crash("analyse", e))
            log.info("%s: commentary analysis done, %.2f s in all", path.name, time.perf_counter() - started)

    landlord, landlord_source = (entry.landlord, "manifest") if entry and entry.landlord else (None, None)
    if landlord is None and (extraction.text or extraction.metadata):
        landlord, landlord_source = landlord_name(extraction.text, extraction.metadata)
    has_error = any(p.severity == "error" for p in problems)
    status = "failed" if not result_rows else ("partial" if has_error else "loaded")
    document = {
        "doc_id": doc_id,
        "file_name": path.name,
        "source_path": display_path(path),
        "sha256": source.sha256,
        "format": fmt,
        "landlord": landlord,
        "landlord_type": entry.landlord_type if entry else None,
        "code_version": code_version,
        "assessed_period": entry.assessed_period if entry else None,
        "rows": len(result_rows),
        "status": status,
        "extractor": extractor_version(extraction.extractor or fmt),
        "extracted_at": datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        "source_url": entry.source_url if entry else None,
        "landlord_source": landlord_source,
        "low_confidence": low_confidence,
        "converted_format": extraction.converted_format,
    }
    document.update(manifest_fields(entry, doc_id))
    tables = {"responses": result_rows, "response_links": links}
    tables.update(analysis)
    return DocumentResult(path, source.sha256, document, tables, problems)


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
    except Exception as e:
        return Extraction(problems=[_crash("extract", e)], extractor=getattr(module, "NAME", ""))
    extraction.extractor = extraction.extractor or module.NAME
    return extraction


def _crash(stage: str, e: Exception) -> Problem:
    where = traceback.extract_tb(e.__traceback__)[-1]
    return Problem(
        stage, "error",
        f"chc failed on this document ({type(e).__name__}: {e} at {Path(where.filename).name}:{where.lineno}); "
        "the rest of the batch went on. Please report it with the file.",
    )


def _response_row(r) -> dict:
    row = dict(r.__dict__)
    row["bbox"] = list(r.bbox) if r.bbox else None
    row["read_as"] = r.read_as or None
    row["sheet"] = r.sheet or None
    return row
