"""data/raw/manifest.csv: what a researcher records about each downloaded file.

Columns: file, landlord, landlord_type (council / housing association),
assessed_period, source_url, assessment (a label shared by the files of one
self-assessment published in several parts).  Blank means unknown.  A file with
no row still loads; the manifest only adds provenance.  `chc fetch` adds columns
of its own (final_url, retrieved_at, ...); they are kept, never required.

The manifest is applied on every run: an edit reaches documents already loaded
without re-reading their bytes (`manifest_changes`).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import UsageError
from pipeline.core.decode import decode_text

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("file", "landlord", "landlord_type", "assessed_period", "source_url", "assessment")
LANDLORD_TYPES = ("council", "housing association")


@dataclass(frozen=True)
class Entry:
    file: str
    landlord: str | None = None
    landlord_type: str | None = None
    assessed_period: str | None = None
    source_url: str | None = None
    assessment: str | None = None
    # Not a manifest column: the edition a review decision (corrections.csv, code_version) sets.
    code_version: str | None = None


class ManifestError(UsageError, ValueError):
    """A manifest that cannot be read; the message names the line to fix."""


def read_manifest(path: Path, warnings: list[str] | None = None) -> dict[str, Entry]:
    """Entries keyed by file name.  Raises ManifestError with the line to fix.

    Decoded like a text dump (Excel on Windows saves CSV as cp1252).  A second row for the same
    file replaces the first, and `warnings` (when given) says so."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ManifestError(f"{path}: cannot read the manifest ({e.strerror or e})") from e
    text, _ = decode_text(data) if data.strip() else ("", [])
    if text is None:
        raise ManifestError(f"{path}: the manifest is not text (binary content); it must be a CSV file "
                            f"with the columns {', '.join(COLUMNS)}")
    entries: dict[str, Entry] = {}
    first_line: dict[str, int] = {}
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    read_to = 0
    try:
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise ManifestError(f"{path}: the first line must name the columns {', '.join(COLUMNS)}")
        read_to = reader.line_num
        for r in reader:
            line_no, read_to = read_to + 1, reader.line_num
            name = (r.get("file") or "").strip()
            if not name:
                continue
            kind = (r.get("landlord_type") or "").strip().lower() or None
            if kind and kind not in LANDLORD_TYPES:
                raise ManifestError(
                    f"{path} line {line_no}: landlord_type {kind!r} is not one of {', '.join(LANDLORD_TYPES)}"
                )
            key = Path(name).name
            if key in entries and warnings is not None:
                warnings.append(f"{path} line {line_no}: a second row for {key} (the first is line "
                                f"{first_line[key]}); the later row is used")
            first_line.setdefault(key, line_no)
            entries[key] = Entry(
                file=key,
                landlord=(r.get("landlord") or "").strip() or None,
                landlord_type=kind,
                assessed_period=(r.get("assessed_period") or "").strip() or None,
                source_url=(r.get("source_url") or "").strip() or None,
                assessment=(r.get("assessment") or "").strip() or None,
            )
    except csv.Error as e:
        raise ManifestError(f"{path} line {read_to + 1}: not a CSV row chc can read ({e}); fix that line "
                            "(a field over 131,072 characters, or an unclosed quote) and run again") from e
    return entries


def manifests_for(paths: list[Path], explicit: Path | None = None,
                  warnings: list[str] | None = None) -> dict[str, Entry]:
    """Every manifest that applies: the explicit one, else one beside each input."""
    files = [explicit] if explicit else sorted(
        {(p if p.is_dir() else p.parent) / MANIFEST_NAME for p in paths}
    )
    entries: dict[str, Entry] = {}
    for f in files:
        if f and f.exists():
            entries.update(read_manifest(f, warnings))
    return entries


# ---------------------------------------------------------------- applying the manifest to loaded documents

def manifest_fields(entry: Entry | None, doc_id: str) -> dict:
    """The documents columns the manifest decides (landlord only when it names one)."""
    fields = {
        "landlord_type": entry.landlord_type if entry else None,
        "assessed_period": entry.assessed_period if entry else None,
        "source_url": entry.source_url if entry else None,
        "assessment_id": (entry.assessment if entry else None) or doc_id,
    }
    if entry and entry.landlord:
        fields.update(landlord=entry.landlord, landlord_source="manifest")
    return fields


def manifest_changes(loaded: dict, entry: Entry | None, doc_id: str) -> tuple[dict, bool]:
    """(columns to update, whether the document must be processed again) for a loaded document.

    Processing again is needed only where the manifest fed the analysis or hid what the text
    says: a landlord taken out of the manifest (the text may name one), a period that dates
    the document differently (relative dates in commitments count from it), or a file taken
    out of a multi-file assessment (alone it may be a cut-short form).
    """
    from pipeline.commentary.dates import document_date

    wanted = manifest_fields(entry, doc_id)
    if loaded.get("landlord_source") == "manifest" and "landlord" not in wanted:
        return {}, True
    if loaded.get("assessment_id") not in (None, doc_id) and wanted["assessment_id"] == doc_id:
        return {}, True  # taken out of a group: whether it is a whole form alone is decided again
    old, new = loaded.get("assessed_period"), wanted["assessed_period"]
    if old != new and document_date(old) != document_date(new):
        return {}, True
    return {k: v for k, v in wanted.items() if loaded.get(k) != v}, False


def unmatched_entries(entries: dict[str, Entry], names: set[str]) -> list[str]:
    """A warning for each manifest row naming no file that was found, with the likely file."""
    import difflib

    warnings = []
    by_lower = {n.lower(): n for n in names}
    for name in sorted(set(entries) - names):
        close = by_lower.get(name.lower()) or next(iter(difflib.get_close_matches(name, sorted(names), n=1)), None)
        hint = f"; did you mean {close!r}?" if close else ""
        warnings.append(f"manifest row {name!r} names no file that was found{hint}")
    return warnings
