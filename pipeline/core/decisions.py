"""Review decisions as data: `data/raw/corrections.csv`, one decision per line.

Columns: document (sha256, a prefix of >= 8 characters, or a file name), row (the printed
provision number "6.3", or "row N"), provision (with "row N": the provision the row was aligned
to when decided), field, value, reason, decided_by, decided_at.  `pipeline.ingest.corrections`
applies them; `chc review` appends them.

Two fields decide more than a cell: `code_version` (the row left empty) names the edition a
document is aligned to, so it is applied when the document is read (a changed decision re-reads
the document); `missing_row` adds a row chc did not read, its provision in `row` and its text
in `value`.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

CORRECTIONS_NAME = "corrections.csv"
COLUMNS = ("document", "row", "provision", "field", "value", "reason", "decided_by", "decided_at")
SET_FIELDS = ("provision_id", "comply", "evidence", "commentary")
FIELDS = SET_FIELDS + ("accept", "not_a_row", "missing_row", "code_version")
EDITIONS = ("2022", "2024")
MIN_PREFIX = 8  # characters of a sha256 that name a document in a decision


@dataclass(frozen=True)
class Decision:
    line: int
    document: str
    row: str
    provision: str | None
    field: str
    value: str | None
    reason: str | None
    decided_by: str | None
    decided_at: str | None


def read_corrections(path: Path) -> list[Decision]:
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8-sig")
    out = []
    for line, r in enumerate(csv.DictReader(text.splitlines()), start=2):
        def get(column: str, r: dict = r) -> str | None:
            return (r.get(column) or "").strip() or None

        if not get("document") and not get("row"):
            continue
        out.append(Decision(line, get("document") or "", get("row") or "", get("provision"),
                            (get("field") or "").lower().replace(" ", "_"), r.get("value"), get("reason"),
                            get("decided_by"), get("decided_at")))
    return out


def decided_editions(decisions: list[Decision]) -> list[tuple[str, str]]:
    """(document reference, edition) of every valid `code_version` decision, in file order (a
    later line about the same document wins)."""
    return [(d.document, (d.value or "").strip()) for d in decisions
            if d.field == "code_version" and d.document and (d.value or "").strip() in EDITIONS]


def names_document(reference: str, sha256: str, file_name: str) -> bool:
    """Does a decision's `document` name this document: its sha256 (or a prefix of at least
    MIN_PREFIX characters) or its file name?"""
    ref = reference.strip()
    if len(ref) >= MIN_PREFIX and ref.lower() == sha256[:len(ref)].lower():
        return True
    return ref == file_name


def append_decision(path: Path, decision: Decision) -> None:
    """Add one decision at the end of the file (created with its header if missing)."""
    new = not path.exists() or not path.read_text(encoding="utf-8-sig").strip()
    with path.open("a", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        if new:
            w.writerow(COLUMNS)
        w.writerow([decision.document, decision.row, decision.provision or "", decision.field,
                    decision.value or "", decision.reason or "", decision.decided_by or "", decision.decided_at or ""])
