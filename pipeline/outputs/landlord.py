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
    name: str  # the landlord's label (assessment_counts.landlord_label)
    as_of: dt.date
    key: str = ""  # assessment_counts.landlord_key: landlord_id, else a key of its own
    landlord_id: str | None = None
    assessments: list[dict[str, Any]] = field(default_factory=list)  # assessment_counts, each with its "file_rows" (assessment_files)
    documents: list[dict[str, Any]] = field(default_factory=list)  # assessment_files: each file on its own
    answers: list[dict[str, Any]] = field(default_factory=list)  # every response
    to_check: list[dict[str, Any]] = field(default_factory=list)  # claims_to_check
    commitments: list[dict[str, Any]] = field(default_factory=list)  # commitments_due(as_of)
    omitted: list[dict[str, Any]] = field(default_factory=list)  # assessment_omitted
    unaligned: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)  # landlord_changes

    def claim_counts(self, doc_id: str) -> dict[str, int]:
        """Claims of one file."""
        counts = Counter(a["comply"] for a in self.answers if a["doc_id"] == doc_id)
        return {k: counts.get(k, 0) for k in CLAIMS}

    def assessment_claims(self, assessment_id: str) -> dict[str, int]:
        """Claims of one self-assessment, over all its files."""
        counts = Counter(a["comply"] for a in self.answers if a["assessment_id"] == assessment_id)
        return {k: counts.get(k, 0) for k in CLAIMS}

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "landlord_id": self.landlord_id, "as_of": self.as_of,
                "assessments": [{k: v for k, v in a.items() if k != "file_rows"}
                                | {"claims": self.assessment_claims(a["assessment_id"])} for a in self.assessments],
                "documents": self.documents,
                "claims": {d["doc_id"]: self.claim_counts(d["doc_id"]) for d in self.documents},
                "to_check": self.to_check, "commitments": self.commitments, "omitted": self.omitted,
                "unaligned": self.unaligned, "changes": self.changes, "answers": self.answers}


def landlords(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Every landlord with a self-assessment compared, as (landlord_key, label), by label."""
    return [(r["landlord_key"], r["landlord_label"]) for r in records(
        con, "SELECT DISTINCT landlord_key, landlord_label FROM assessment_counts ORDER BY landlord_label, landlord_key")]


def resolve(con: duckdb.DuckDBPyConnection, name: str) -> tuple[str, str]:
    """The one landlord `name` means, as (landlord_key, label): its landlord_id, its name, an alias or
    former name, a name one of its documents printed, or a file name (case-insensitive, exactly),
    else a unique part of one of these."""
    known = records(con, "SELECT landlord_key, landlord_label, name FROM landlord_lookup")
    labels = dict(landlords(con))
    want = " ".join(name.split()).lower()

    def keys(match) -> list[str]:
        return sorted({r["landlord_key"] for r in known if match(" ".join(r["name"].split()).lower())},
                      key=lambda k: (labels.get(k, ""), k))

    found = keys(lambda n: n == want) or (keys(lambda n: want in n) if want else [])
    if len(found) == 1:
        return found[0], labels[found[0]]
    if not found:
        raise LandlordNotFound(f"no landlord matches {name!r}; the database holds: "
                               + "; ".join(labels[k] for k in labels))
    raise LandlordNotFound(f"{name!r} matches {len(found)} landlords: " + "; ".join(labels[k] for k in found)
                           + ". Be more specific.")


def landlord(db: Path | str, name: str, as_of: dt.date | None = None) -> LandlordProfile:
    """The profile of the landlord `name` names (see `resolve`); commitments judged as of `as_of` (today)."""
    as_of = as_of or dt.date.today()
    con = open_db(db)
    try:
        key, _ = resolve(con, name)
        return build_profiles(con, [key], as_of)[0]
    finally:
        con.close()


# Each view is asked once for every landlord wanted (not once per landlord), so that a report of a
# thousand landlords costs a handful of queries; the rows are then dealt out by landlord_key.
_OF_LANDLORDS = "f.landlord_key IN (SELECT unnest(?::VARCHAR[]))"
_PROFILE_QUERIES = {
    "answers": "SELECT f.landlord_key, f.assessment_id, r.doc_id, r.row_no, r.provision_id, r.printed_id, r.comply, "
               "r.comply_raw, r.evidence, r.commentary, s.specificity, s.claim_conflict, "
               "pr.requirement_text AS provision_text "
               "FROM responses r JOIN assessment_files f USING (doc_id) "
               "LEFT JOIN response_scores s USING (doc_id, row_no) "
               "LEFT JOIN provisions pr ON pr.code_version = r.code_version AND pr.provision_id = r.provision_id "
               f"WHERE {_OF_LANDLORDS} ORDER BY f.assessment_id, f.file_name, r.row_no",
    "to_check": "SELECT f.landlord_key, f.assessment_id, f.file_name, k.* FROM claims_to_check k "
                f"JOIN assessment_files f USING (doc_id) WHERE {_OF_LANDLORDS} "
                "ORDER BY k.priority, f.assessment_id, f.file_name, k.row_no",
    "commitments": "SELECT f.landlord_key, f.assessment_id, f.file_name, m.* FROM commitments_due(?::DATE) m "
                   f"JOIN assessment_files f USING (doc_id) WHERE {_OF_LANDLORDS} "
                   "ORDER BY CASE m.due_status WHEN 'passed' THEN 0 WHEN 'due_now' THEN 1 "
                   "WHEN 'not_yet_due' THEN 2 ELSE 3 END, m.due_by NULLS LAST, f.file_name, m.row_no, m.\"start\"",
    "omitted": "SELECT f.* FROM assessment_omitted f "
               f"WHERE {_OF_LANDLORDS} ORDER BY f.assessment_id, f.sort_order",
    "unaligned": "SELECT f.landlord_key, f.assessment_id, u.* FROM unaligned_rows u "
                 f"JOIN assessment_files f USING (doc_id) WHERE {_OF_LANDLORDS} ORDER BY f.file_name, u.row_no",
    # a pair belongs to the landlord of its 2022 assessment (landlord_changes pairs by landlord_id)
    "changes": "SELECT f.landlord_key, c.* FROM landlord_changes c JOIN assessment_files f ON f.doc_id = c.doc_2022 "
               f"WHERE {_OF_LANDLORDS} ORDER BY c.doc_2022, c.doc_2024, c.sort_order",
}


def build_profiles(con: duckdb.DuckDBPyConnection, keys: list[str], as_of: dt.date) -> list[LandlordProfile]:
    """The profiles of the landlords `keys` names (landlord_key), in that order."""
    profiles = {k: LandlordProfile(name="", as_of=as_of, key=k) for k in keys}
    for a in records(con, "SELECT f.* FROM assessment_counts f "
                          f"WHERE {_OF_LANDLORDS} ORDER BY f.code_version, f.assessed_period, f.assessment_id", [keys]):
        p = profiles[a["landlord_key"]]
        p.name, p.landlord_id = a["landlord_label"], a["landlord_id"]
        p.assessments.append(a | {"file_rows": []})
    by_assessment = {a["assessment_id"]: a for p in profiles.values() for a in p.assessments}
    for d in records(con, "SELECT f.* FROM assessment_files f "
                          f"WHERE {_OF_LANDLORDS} ORDER BY f.assessment_id, f.file_name", [keys]):
        profiles[d["landlord_key"]].documents.append(d)
        by_assessment[d["assessment_id"]]["file_rows"].append(d)
    for attr, sql in _PROFILE_QUERIES.items():
        params = [as_of, keys] if attr == "commitments" else [keys]
        for r in records(con, sql, params):
            getattr(profiles[r.pop("landlord_key")], attr).append(r)
    return [profiles[k] for k in keys]


def to_text(p: LandlordProfile, width: int = 60) -> str:
    """A reading of the profile for the terminal."""
    out = [p.name, "=" * len(p.name)]
    if p.landlord_id:
        out.append(f"landlord_id {p.landlord_id}")
    out.append("")
    for a in p.assessments:
        out.append(_assessment_line(a))
        counts = p.assessment_claims(a["assessment_id"])
        out.append("  claims: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items() if v))
        if len(a["file_rows"]) > 1:
            for d in a["file_rows"]:
                out.append(f"  file {d['file_name']}: {d['code_version']} edition; {d['rows']} rows, "
                           f"{d['answered']} of {d['form_rows']} form provisions answered in this file, "
                           f"{d['unaligned']} unaligned")
    rows_to_check = sum(a["to_check"] for a in p.assessments)
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
        names = {a["assessment_id"]: _assessment_name(a) for a in p.assessments}
        out.append(text_table(["assessment", "edition", "provision", "obligation", "requirement"],
                              [[names[o["assessment_id"]], o["code_version"], o["provision_id"], o["obligation"] or "",
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


def _assessment_name(a: dict[str, Any]) -> str:
    """A single-file assessment by its file name, one in several files by its assessment label."""
    return a["file_names"][0] if a["files"] == 1 else f"assessment {a['assessment_id']} ({a['files']} files)"


def _assessment_line(a: dict[str, Any]) -> str:
    return (f"{_assessment_name(a)}: {a['code_version']} edition"
            + (f", period {a['assessed_period']}" if a["assessed_period"] else "")
            + f"; {a['rows']} rows, {a['answered']} of {a['form_rows']} form provisions answered, "
            f"{a['omitted']} omitted, {a['unaligned']} unaligned, {a['no_claim']} with no claim")
