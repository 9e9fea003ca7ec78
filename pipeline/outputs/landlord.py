"""`chc landlord NAME`: everything the database says about one landlord.

Its self-assessments, every claim, the claims to look at first, its
commitments (due or past due relative to an "as of" date), what each document
omits, and, when it assessed itself against both editions, what changed.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.core.errors import NotFound
from pipeline.core.claims import SHOWN
from pipeline.outputs.query import open_db, records, text_table

CLAIMS = SHOWN


class LandlordNotFound(NotFound):
    """No landlord, or more than one, matches the name given."""


@dataclass
class LandlordProfile:
    name: str
    as_of: dt.date
    documents: list[dict[str, Any]] = field(default_factory=list)  # assessments + coverage
    answers: list[dict[str, Any]] = field(default_factory=list)  # every response
    to_check: list[dict[str, Any]] = field(default_factory=list)  # claims_to_check
    commitments: list[dict[str, Any]] = field(default_factory=list)  # commitments_due(as_of)
    omitted: list[dict[str, Any]] = field(default_factory=list)
    unaligned: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)  # landlord_changes

    def claim_counts(self, doc_id: str) -> dict[str, int]:
        counts = Counter(a["comply"] for a in self.answers if a["doc_id"] == doc_id)
        return {k: counts.get(k, 0) for k in CLAIMS}

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "as_of": self.as_of, "documents": self.documents,
                "claims": {d["doc_id"]: self.claim_counts(d["doc_id"]) for d in self.documents},
                "to_check": self.to_check, "commitments": self.commitments, "omitted": self.omitted,
                "unaligned": self.unaligned, "changes": self.changes, "answers": self.answers}


def landlords(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every landlord label, in order."""
    return [r["landlord_label"] for r in records(
        con, "SELECT DISTINCT landlord_label FROM assessments ORDER BY landlord_label")]


def resolve(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The one landlord label `name` means: an exact (case-insensitive) name, else a unique part of one."""
    labels = landlords(con)
    want = name.strip().lower()
    exact = [label for label in labels if label.lower() == want]
    if exact:
        return exact[0]
    part = [label for label in labels if want and want in label.lower()]
    if len(part) == 1:
        return part[0]
    if not part:
        raise LandlordNotFound(f"no landlord matches {name!r}; the database holds: " + "; ".join(labels))
    raise LandlordNotFound(f"{name!r} matches {len(part)} landlords: " + "; ".join(part) + ". Be more specific.")


def landlord(db: Path | str, name: str, as_of: dt.date | None = None) -> LandlordProfile:
    """The profile of the landlord `name` names (see `resolve`); commitments judged as of `as_of` (today)."""
    as_of = as_of or dt.date.today()
    con = open_db(db)
    try:
        return build_profile(con, resolve(con, name), as_of)
    finally:
        con.close()


def build_profile(con: duckdb.DuckDBPyConnection, label: str, as_of: dt.date) -> LandlordProfile:
    p = LandlordProfile(name=label, as_of=as_of)
    p.documents = records(
        con, "SELECT a.*, k.form_rows, k.answered, k.omitted, k.unaligned, k.no_claim, k.to_check, "
             "k.to_check_reasons, k.commitments, k.answered_dropped, c.answered_twice, c.low_confidence "
             "FROM assessments a JOIN assessment_counts k USING (doc_id) JOIN coverage c USING (doc_id) "
             "WHERE a.landlord_label = ? "
             "ORDER BY a.code_version, a.assessed_period, a.file_name", [label])
    p.answers = records(
        con, "SELECT r.doc_id, r.row_no, r.provision_id, r.printed_id, r.comply, r.comply_raw, r.evidence, "
             "r.commentary, s.specificity, s.claim_conflict, pr.requirement_text AS provision_text "
             "FROM responses r JOIN assessments a USING (doc_id) "
             "LEFT JOIN response_scores s USING (doc_id, row_no) "
             "LEFT JOIN provisions pr ON pr.code_version = r.code_version AND pr.provision_id = r.provision_id "
             "WHERE a.landlord_label = ? ORDER BY r.doc_id, r.row_no", [label])
    p.to_check = records(
        con, "SELECT * FROM claims_to_check WHERE landlord_label = ? ORDER BY priority, doc_id, row_no", [label])
    p.commitments = records(
        con, "SELECT * FROM commitments_due(?::DATE) WHERE landlord_label = ? "
             "ORDER BY CASE due_status WHEN 'passed' THEN 0 WHEN 'due_now' THEN 1 WHEN 'not_yet_due' THEN 2 ELSE 3 END, "
             "due_by NULLS LAST, doc_id, row_no, \"start\"", [as_of, label])
    p.omitted = records(
        con, "SELECT * FROM omitted_provisions WHERE landlord_label = ? ORDER BY doc_id, sort_order", [label])
    p.unaligned = records(
        con, "SELECT * FROM unaligned_rows WHERE landlord_label = ? ORDER BY doc_id, row_no", [label])
    named = {d["landlord"] for d in p.documents if d["landlord"]}
    if named:
        p.changes = records(
            con, "SELECT * FROM landlord_changes WHERE lower(trim(landlord)) IN (SELECT lower(trim(unnest(?)))) "
                 "ORDER BY doc_2022, doc_2024, sort_order", [sorted(named)])
    return p


def to_text(p: LandlordProfile, width: int = 60) -> str:
    """A reading of the profile for the terminal."""
    out = [p.name, "=" * len(p.name), ""]
    for d in p.documents:
        counts = p.claim_counts(d["doc_id"])
        out.append(f"{d['file_name']}: {d['code_version']} edition"
                   + (f", period {d['assessed_period']}" if d["assessed_period"] else "")
                   + f"; {d['rows']} rows, {d['answered']} of {d['form_rows']} form provisions answered, "
                   f"{d['omitted']} omitted, {d['unaligned']} unaligned, {d['no_claim']} with no claim")
        out.append("  claims: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items() if v))
    rows_to_check = sum(d["to_check"] for d in p.documents)
    out += ["", f"Claims to look at first ({rows_to_check} row{'s' if rows_to_check != 1 else ''}"
            + (f", {len(p.to_check)} reasons)" if len(p.to_check) != rows_to_check else ")")]
    if p.to_check:
        out.append(text_table(["reason", "provision", "claim", "specificity", "detail"],
                              [[c["reason"], c["provision_id"] or "-", c["comply"],
                                "" if c["specificity"] is None else f"{c['specificity']:.2f}", c["detail"]]
                               for c in p.to_check], max_cell=width))
    due = Counter(c["due_status"] for c in p.commitments)
    out += ["", f"Commitments as of {p.as_of.isoformat()} ({len(p.commitments)}: "
            + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(due.items())) + ")"]
    if p.commitments:
        out.append(text_table(["status", "provision", "due by", "commitment"],
                              [[c["due_status"].replace("_", " "), c["provision_id"] or "-",
                                c["due_by"].isoformat() if c["due_by"] else "", c["commitment"]]
                               for c in p.commitments], max_cell=width + 20))
    out += ["", f"Omitted provisions ({len(p.omitted)})"]
    if p.omitted:
        out.append(text_table(["document", "edition", "provision", "obligation", "requirement"],
                              [[o["file_name"], o["code_version"], o["provision_id"], o["obligation"] or "",
                                o["requirement_text"] or ""] for o in p.omitted], max_cell=width))
    if p.unaligned:
        out += ["", f"Rows not aligned ({len(p.unaligned)})",
                text_table(["document", "row", "printed", "requirement"],
                           [[u["file_name"], str(u["row_no"]), u["printed_id"] or "", u["requirement_text"] or ""]
                            for u in p.unaligned], max_cell=width)]
    if p.changes:
        moved = Counter(c["change"] for c in p.changes)
        out += ["", "2022 edition -> 2024 edition: " + ", ".join(f"{k.replace('_', ' ')} {v}"
                                                               for k, v in sorted(moved.items())),
                text_table(["provision", "2022 as", "2022 claim", "2024 claim", "change"],
                           [[c["provision_2024"], c["provisions_2022"] or "-", c["claim_2022"] or "-",
                             c["claim_2024"] or "-", c["change"].replace("_", " ")]
                            for c in p.changes if c["change"] != "claim_same"], max_cell=width)]
    return "\n".join(out)
