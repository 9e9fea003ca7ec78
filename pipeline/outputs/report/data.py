"""The report's data: every query the report needs, answered as plain Python values (no HTML here).

Counts come from the views that define them (assessment_counts, assessment_matrix, claim_shares,
compliance_matrix_own), so a number shown on two pages is the same number. They count self-assessments
(a form published as nine section pages is one) of landlords (landlord_id: two spellings of a name are
one landlord); the files of each assessment are listed under it.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.outputs.landlord import LandlordProfile, build_profiles, landlords, resolve
from pipeline.outputs.query import open_db, records


@dataclass
class Overview:
    matrix: list[dict[str, Any]]  # assessment_matrix, in display order
    provisions: list[dict[str, Any]]  # the 2024 form's provisions, in Code order
    docs: list[dict[str, Any]]  # one per assessment: assessment_counts + past_due + label
    by_doc: dict[str, Counter]  # assessment_id -> claim counts
    shares: list[dict[str, Any]]  # claim_shares
    split: dict[tuple[str, str], Counter]  # (edition, obligation) -> claim counts, the grouping of claim_shares
    weakest: list[dict[str, Any]]
    dropped: list[dict[str, Any]]  # 2022 provisions dropped in 2024, with their answers
    low: float


@dataclass
class ReportData:
    db_name: str
    as_of: dt.date
    focus: str | None  # the label of the landlord --landlord names
    profiles: list[LandlordProfile]
    overview: Overview
    meta: dict[str, Any]
    labels: dict[str, str] = field(default_factory=dict)  # assessment_id -> unique assessment label
    focus_key: str | None = None
    site: SiteData | None = None  # what only the site's pages need


@dataclass
class SiteData:
    evidence: dict[tuple[str, str], str]  # (assessment_id, provision_2024) -> evidence, for answers other than yes
    names: dict[str, list[str]]  # landlord_key -> every name, alias, id and file name it is found by


def collect(db: Path | str, landlord: str | None, as_of: dt.date, site: bool = False) -> ReportData:
    con = open_db(db)
    try:
        focus_key, focus = resolve(con, landlord) if landlord else (None, None)
        keys = [focus_key] if focus_key else [k for k, _ in landlords(con)]
        profiles = build_profiles(con, keys, as_of)
        low = con.execute("SELECT low_specificity()").fetchall()[0][0]
        overview = _overview(con, as_of, low)
        meta = records(con, "SELECT count(*) AS documents, count(DISTINCT landlord_key) AS landlords, "
                            "sum(rows) AS rows, sum(files) AS files FROM assessment_counts")[0]
        extras = _site_data(con) if site else None
    finally:
        con.close()
    labels = assessment_labels(overview.docs)
    for d in overview.docs:
        d["label"] = labels[d["assessment_id"]]
    return ReportData(Path(db).name, as_of, focus, profiles, overview, meta, labels, focus_key, extras)


def _site_data(con: duckdb.DuckDBPyConnection) -> SiteData:
    # A provision's page quotes the answers that are not a plain yes (the few worth reading there);
    # every answer's text is on its landlord's page.
    evidence = {(r["assessment_id"], r["provision_2024"]): r["evidence"] for r in records(
        con, "SELECT assessment_id, provision_2024, evidence FROM assessment_matrix "
             "WHERE cell = 'answered' AND comply <> 'yes' AND evidence IS NOT NULL")}
    names: dict[str, list[str]] = defaultdict(list)
    for r in records(con, "SELECT landlord_key, name FROM landlord_lookup WHERE kind <> 'label' ORDER BY ALL"):
        names[r["landlord_key"]].append(r["name"])
    return SiteData(evidence, dict(names))


def files_text(a: dict[str, Any]) -> str:
    """The file of a single-file assessment; "N files" for one published in several."""
    return a["file_names"][0] if a["files"] == 1 else f"{a['files']} files"


def assessment_labels(docs: list[dict[str, Any]]) -> dict[str, str]:
    """A label per assessment that no other shares: the landlord, then its period, then its file name
    (or, for an assessment in several files, how many and its assessment label)."""
    out: dict[str, str] = {}
    by_landlord: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        by_landlord[d["landlord_label"]].append(d)
    for label, group in by_landlord.items():
        periods = Counter(d["assessed_period"] for d in group)
        for d in group:
            if len(group) == 1:
                out[d["assessment_id"]] = label
            elif d["assessed_period"] and periods[d["assessed_period"]] == 1:
                out[d["assessment_id"]] = f"{label}, {d['assessed_period']}"
            else:
                where = files_text(d) if d["files"] == 1 else f"{d['assessment_id']} ({d['files']} files)"
                bits = [d["assessed_period"], where]
                out[d["assessment_id"]] = f"{label}, " + ", ".join(b for b in bits if b)
    # the same file name twice under one landlord: the assessment id settles it
    seen = Counter(out.values())
    for key, text in list(out.items()):
        if seen[text] > 1:
            out[key] = f"{text} [{key}]"
    return out


def _overview(con: duckdb.DuckDBPyConnection, as_of: dt.date, low: float) -> Overview:
    matrix = records(con, "SELECT * EXCLUDE (evidence) FROM assessment_matrix "
                          "ORDER BY code_version DESC, landlord_label, assessment_id, sort_order")
    provisions = records(con, "SELECT provision_id, section_number, section_title, obligation, requirement_text "
                              "FROM provisions WHERE code_version = '2024' AND in_self_assessment ORDER BY sort_order")
    docs = records(con, "SELECT k.*, coalesce(d.past_due, 0) AS past_due FROM assessment_counts k "
                        "LEFT JOIN (SELECT f.assessment_id, count(*) AS past_due FROM commitments_due(?::DATE) m "
                        "JOIN assessment_files f USING (doc_id) WHERE m.due_status = 'passed' GROUP BY 1) d "
                        "USING (assessment_id) "
                        "ORDER BY k.code_version DESC, k.landlord_label, k.assessed_period, k.file_names, k.assessment_id",
                   [as_of])
    by_doc: dict[str, Counter] = defaultdict(Counter)
    for c in records(con, "SELECT f.assessment_id, r.comply, count(*) AS n FROM responses r "
                          "JOIN assessment_files f USING (doc_id) GROUP BY ALL"):
        by_doc[c["assessment_id"]][c["comply"]] = c["n"]
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
