"""data/raw/manifest.csv: what a researcher records about each downloaded file.

Columns: file, landlord, landlord_type (council / housing association),
assessed_period, source_url.  Blank means unknown.  A file with no row still
loads; the manifest only adds provenance.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import UsageError

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


class ManifestError(UsageError, ValueError):
    """A manifest that cannot be read; the message names the line to fix."""


def read_manifest(path: Path) -> dict[str, Entry]:
    """Entries keyed by file name.  Raises ManifestError with the line to fix."""
    entries: dict[str, Entry] = {}
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise ManifestError(f"{path}: the first line must name the columns {', '.join(COLUMNS)}")
        for line_no, r in enumerate(reader, start=2):
            name = (r.get("file") or "").strip()
            if not name:
                continue
            kind = (r.get("landlord_type") or "").strip().lower() or None
            if kind and kind not in LANDLORD_TYPES:
                raise ManifestError(
                    f"{path} line {line_no}: landlord_type {kind!r} is not one of {', '.join(LANDLORD_TYPES)}"
                )
            entries[Path(name).name] = Entry(
                file=Path(name).name,
                landlord=(r.get("landlord") or "").strip() or None,
                landlord_type=kind,
                assessed_period=(r.get("assessed_period") or "").strip() or None,
                source_url=(r.get("source_url") or "").strip() or None,
            )
    return entries


def manifests_for(paths: list[Path], explicit: Path | None = None) -> dict[str, Entry]:
    """Every manifest that applies: the explicit one, else one beside each input."""
    files = [explicit] if explicit else sorted(
        {(p if p.is_dir() else p.parent) / MANIFEST_NAME for p in paths}
    )
    entries: dict[str, Entry] = {}
    for f in files:
        if f and f.exists():
            entries.update(read_manifest(f))
    return entries
