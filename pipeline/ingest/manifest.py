"""data/raw/manifest.csv: what a researcher records about each downloaded file.

Columns: file, landlord, landlord_type (council / housing association),
assessed_period, source_url.  Blank means unknown.  A file with no row still
loads; the manifest only adds provenance.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.decode import decode_text

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("file", "landlord", "landlord_type", "assessed_period", "source_url")
LANDLORD_TYPES = ("council", "housing association")


@dataclass(frozen=True)
class Entry:
    file: str
    landlord: str | None = None
    landlord_type: str | None = None
    assessed_period: str | None = None
    source_url: str | None = None


class ManifestError(ValueError):
    pass


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
