"""The report's data: every query the report needs, answered as plain Python values (no HTML here).

Counts come from the views that define them (assessment_counts, claim_shares, compliance_matrix,
compliance_matrix_own), so a number shown on two pages is the same number.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.outputs.landlord import LandlordProfile, build_profile, landlords, resolve
from pipeline.outputs.query import open_db, records


@dataclass
class Overview:
    matrix: list[dict[str, Any]]  # compliance_matrix, in display order
    provisions: list[dict[str, Any]]  # the 2024 form's provisions, in Code order
    docs: list[dict[str, Any]]  # one per assessment: assessments + assessment_counts + past_due + label
    by_doc: dict[str, Counter]  # doc_id -> claim counts
    shares: list[dict[str, Any]]  # claim_shares
    split: dict[tuple[str, str], Counter]  # (edition, obligation) -> claim counts, the grouping of claim_shares
    weakest: list[dict[str, Any]]
    dropped: list[dict[str, Any]]  # 2022 provisions dropped in 2024, with their answers
    low: float


@dataclass
class ReportData:
    db_name: str
    as_of: dt.date
    focus: str | None
    profiles: list[LandlordProfile]
    overview: Overview
    meta: dict[str, Any]
    labels: dict[str, str] = field(default_factory=dict)  # doc_id -> unique assessment label


def collect(db: Path | str, landlord: str | None, as_of: dt.date) -> ReportData:
    con = open_db(db)
    try:
        focus = resolve(con, landlord) if landlord else None
        names = [focus] if focus else landlords(con)
        profiles = [build_profile(con, name, as_of) for name in names]
        low = con.execute("SELECT low_specificity()").fetchall()[0][0]
        overview = _overview(con, as_of, low)
        meta = records(con, "SELECT count(*) AS documents, count(DISTINCT landlord_label) AS landlords, "
                            "sum(rows) AS rows FROM assessments")[0]
    finally:
        con.close()
    labels = assessment_labels(overview.docs)
    for d in overview.docs:
        d["label"] = labels[d["doc_id"]]
    return ReportData(Path(db).name, as_of, focus, profiles, overview, meta, labels)


def assessment_labels(docs: list[dict[str, Any]]) -> dict[str, str]:
    """A label per assessment that no other shares: the landlord, then its period, then its file name."""
    out: dict[str, str] = {}
    by_landlord: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        by_landlord[d["landlord_label"]].append(d)
    for label, group in by_landlord.items():
        periods = Counter(d["assessed_period"] for d in group)
        for d in group:
            if len(group) == 1:
                out[d["doc_id"]] = label
            elif d["assessed_period"] and periods[d["assessed_period"]] == 1:
                out[d["doc_id"]] = f"{label}, {d['assessed_period']}"
            else:
                bits = [d["assessed_period"], d["file_name"]]
                out[d["doc_id"]] = f"{label}, " + ", ".join(b for b in bits if b)
    # the same file name twice under one landlord: the document id settles it
    seen = Counter(out.values())
    for doc_id, text in list(out.items()):
        if seen[text] > 1:
            out[doc_id] = f"{text} [{doc_id}]"
    return out


def _overview(con: duckdb.DuckDBPyConnection, as_of: dt.date, low: float) -> Overview:
    matrix = records(con, "SELECT * FROM compliance_matrix ORDER BY code_version DESC, landlord_label, doc_id, sort_order")
    provisions = records(con, "SELECT provision_id, section_number, section_title, obligation, requirement_text "
                              "FROM provisions WHERE code_version = '2024' AND in_self_assessment ORDER BY sort_order")
    docs = records(con, "SELECT a.*, k.answered, k.omitted, k.unaligned, k.no_claim, k.to_check, k.commitments, "
                        "k.answered_dropped, (SELECT count(*) FROM commitments_due(?::DATE) m "
                        "WHERE m.doc_id = a.doc_id AND m.due_status = 'passed') AS past_due "
                        "FROM assessments a JOIN assessment_counts k USING (doc_id) "
                        "ORDER BY a.code_version DESC, a.landlord_label, a.assessed_period, a.file_name, a.doc_id",
                   [as_of])
    by_doc: dict[str, Counter] = defaultdict(Counter)
    for c in records(con, "SELECT doc_id, comply, count(*) AS n FROM responses GROUP BY ALL"):
        by_doc[c["doc_id"]][c["comply"]] = c["n"]
    shares = records(con, "SELECT * FROM claim_shares ORDER BY code_version DESC, answers DESC")
    # The bars need counts, not rounded shares: the same grouping as claim_shares, counted.
    split: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in records(con, "SELECT r.code_version, coalesce(p.form_group, p.obligation) AS obligation, r.comply, "
                          "count(*) AS n FROM responses r JOIN provisions p USING (code_version, provision_id) "
                          "GROUP BY ALL"):
        split[(r["code_version"], r["obligation"])][r["comply"]] = r["n"]
    dropped = []
    for r in records(con, "SELECT m.provision_id, p.requirement_text, m.relation_2024, m.comply, count(*) AS n, "
                          "min(m.sort_order) AS sort_order FROM compliance_matrix_own m "
                          "JOIN provisions p ON p.code_version = m.code_version AND p.provision_id = m.provision_id "
                          "WHERE m.code_version = '2022' AND m.provision_2024 IS NULL AND m.cell = 'answered' "
                          "GROUP BY ALL ORDER BY sort_order"):
        if not dropped or dropped[-1]["provision_id"] != r["provision_id"]:
            dropped.append({"provision_id": r["provision_id"], "requirement_text": r["requirement_text"],
                            "relation": r["relation_2024"], "counts": Counter()})
        dropped[-1]["counts"][r["comply"]] += r["n"]
    for d in dropped:
        d["answers"] = sum(d["counts"].values())
        d["not_yes"] = d["answers"] - d["counts"].get("yes", 0)
    return Overview(matrix, provisions, docs, by_doc, shares, split, weakest(matrix, provisions), dropped, low)


def weakest(matrix: list[dict], provisions: list[dict], n: int = 12) -> list[dict]:
    """2024 provisions ranked by the share of answers that are not a plain yes."""
    text = {p["provision_id"]: p["requirement_text"] for p in provisions}
    order = {p["provision_id"]: i for i, p in enumerate(provisions)}
    counts: dict[str, Counter] = defaultdict(Counter)
    for c in matrix:
        if c["cell"] == "answered":
            counts[c["provision_2024"]][c["comply"]] += 1
    ranked = []
    for pid, cnt in counts.items():
        answers = sum(cnt.values())
        not_yes = answers - cnt.get("yes", 0)
        if not_yes:
            ranked.append({"provision_id": pid, "requirement_text": text.get(pid), "answers": answers,
                           "counts": cnt, "not_yes": not_yes, "share": not_yes / answers})
    ranked.sort(key=lambda r: (-r["share"], -r["not_yes"], order[r["provision_id"]]))
    return ranked[:n]
