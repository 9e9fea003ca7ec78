"""`chc compare PROVISION`: one provision across every landlord and both editions.

Answers are compared in 2024 numbering (the compliance_matrix view): a 2022
answer is carried across through the crosswalk and its relation is shown.  A
2022 number (edition="2022") is first answered in 2022 numbering, every 2022
document's own answer (compliance_matrix_own), then translated to its 2024
counterparts; a 2022 provision dropped in 2024 has only the first part.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.errors import NotFound
from pipeline.core.claims import SHOWN
from pipeline.outputs.query import open_db, records, text_table

CLAIMS = SHOWN


class UnknownProvision(NotFound, ValueError):
    """The provision number is not in the Code edition asked about."""


@dataclass
class Comparison:
    asked: str
    edition: str
    provisions: list[dict[str, Any]] = field(default_factory=list)  # 2024 provisions compared
    cells: list[dict[str, Any]] = field(default_factory=list)  # one per assessment and provision
    # edition 2022: the provision asked about in 2022 numbering, and each 2022 document's own answer to it
    own_provision: dict[str, Any] | None = None
    own_cells: list[dict[str, Any]] = field(default_factory=list)

    def shares(self) -> list[dict[str, Any]]:
        """Per 2024 provision and edition answered: how many answers of each claim."""
        out = []
        for p in self.provisions:
            for ed in ("2022", "2024"):
                cells = [c for c in self.cells if c["provision_2024"] == p["provision_id"]
                         and c["code_version"] == ed and c["comply"] is not None]
                if cells:
                    counts = Counter(c["comply"] for c in cells)
                    out.append({"provision_2024": p["provision_id"], "code_version": ed, "answers": len(cells),
                                **{k: counts.get(k, 0) for k in CLAIMS}})
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"asked": self.asked, "edition": self.edition, "provisions": self.provisions,
                "shares": self.shares(), "cells": self.cells, "own_provision": self.own_provision,
                "own_cells": self.own_cells}


def compare(db: Path | str, provision: str, edition: str = "2024") -> Comparison:
    """Every assessment's answer to `provision` (a number in `edition`), in 2024 numbering."""
    provision = provision.strip()
    con = open_db(db)
    try:
        known = records(con, "SELECT provision_id FROM provisions WHERE code_version = ? AND provision_id = ?",
                        [edition, provision])
        if not known:
            raise UnknownProvision(f"{provision} is not a provision of the {edition} Code "
                                   f"(numbers look like 6.3; see the provisions table)")
        if edition == "2024":
            targets = [provision]
        else:
            targets = [r["provision_2024"] for r in records(
                con, "SELECT DISTINCT c.provision_2024 FROM crosswalk c JOIN provisions p "
                     "ON p.code_version = '2024' AND p.provision_id = c.provision_2024 "
                     "WHERE c.provision_2022 = ? ORDER BY p.sort_order", [provision])]
        comparison = Comparison(asked=provision, edition=edition)
        if edition != "2024":
            _own_edition(con, comparison, provision, edition)
        for t in targets:
            info = records(con, "SELECT provision_id, section_number, section_title, obligation, requirement_text "
                                "FROM provisions WHERE code_version = '2024' AND provision_id = ?", [t])[0]
            info["from_2022"] = records(
                con, "SELECT provision_2022, relation, confidence, note FROM crosswalk c "
                     "LEFT JOIN provisions p ON p.code_version = '2022' AND p.provision_id = c.provision_2022 "
                     "WHERE c.provision_2024 = ? AND c.provision_2022 IS NOT NULL ORDER BY p.sort_order", [t])
            comparison.provisions.append(info)
        comparison.cells = records(
            con,
            "SELECT m.provision_2024, m.landlord_label, m.doc_id, m.code_version, m.assessed_period, m.cell, "
            "m.answered_as, m.relation, m.comply, m.specificity, m.claim_conflict, m.evidence_present, t.evidence "
            "FROM compliance_matrix m LEFT JOIN matrix_text t USING (doc_id, provision_2024) "
            "WHERE m.provision_2024 IN (SELECT unnest(?)) "
            "ORDER BY m.sort_order, m.code_version DESC, m.landlord_label",
            [targets])
        return comparison
    finally:
        con.close()


def _own_edition(con, comparison: Comparison, provision: str, edition: str) -> None:
    comparison.own_provision = records(
        con, "SELECT p.provision_id, p.section_number, p.section_title, coalesce(p.form_group, p.obligation) AS "
             "obligation, p.requirement_text, p.in_self_assessment, (SELECT string_agg(DISTINCT c.relation, ', ' "
             "ORDER BY c.relation) FROM crosswalk c WHERE c.provision_2022 = p.provision_id) AS relation_2024 "
             "FROM provisions p WHERE p.code_version = ? AND p.provision_id = ?", [edition, provision])[0]
    comparison.own_cells = records(
        con,
        "SELECT m.provision_id, m.landlord_label, m.doc_id, m.code_version, m.assessed_period, m.cell, m.comply, "
        "m.specificity, m.claim_conflict, m.evidence_present, m.provision_2024, m.relation_2024, "
        "(SELECT string_agg(r.evidence, ' | ' ORDER BY r.row_no) FROM responses r WHERE r.doc_id = m.doc_id "
        " AND r.provision_id = m.provision_id) AS evidence "
        "FROM compliance_matrix_own m WHERE m.code_version = ? AND m.provision_id = ? ORDER BY m.landlord_label",
        [edition, provision])


def _own_text(c: Comparison, width: int) -> list[str]:
    p = c.own_provision or {}
    out = [f"Provision {c.asked} ({c.edition} Code, section {p.get('section_number')} {p.get('section_title')}; "
           f"{p.get('obligation')})", f"  {p.get('requirement_text') or '(no form wording)'}"]
    answered = [x for x in c.own_cells if x["comply"] is not None]
    if answered:
        counts = Counter(x["comply"] for x in answered)
        out.append(f"  {c.edition} edition: {len(answered)} answered: "
                   + ", ".join(f"{k.replace('_', ' ')} {counts[k]}" for k in CLAIMS if counts.get(k)))
    elif not p.get("in_self_assessment"):
        out.append(f"  Not a row of the {c.edition} self-assessment form: no document answers it.")
    rows = [[x["landlord_label"], x["comply"] or x["cell"].replace("_", " "),
             "" if x["specificity"] is None else f"{x['specificity']:.2f}", "yes" if x["claim_conflict"] else "",
             x["evidence"] or ""] for x in c.own_cells]
    if rows:
        out += ["", text_table(["landlord", "claim", "specificity", "conflict", "evidence"], rows, max_cell=width)]
    out.append("")
    if c.provisions:
        out.append(f"{c.edition} provision {c.asked} is carried into 2024 numbering as "
                   f"{', '.join(x['provision_id'] for x in c.provisions)} ({p.get('relation_2024')}).")
    else:
        out.append(f"{c.edition} provision {c.asked} was dropped in 2024 ({p.get('relation_2024') or 'no crosswalk row'}): "
                   "it has no 2024 counterpart to compare across editions; the answers above are all there is.")
    out.append("")
    return out


def to_text(c: Comparison, width: int = 70) -> str:
    """A reading of the comparison for the terminal."""
    out: list[str] = []
    if c.edition != "2024":
        out += _own_text(c, width)
    shares = c.shares()
    for p in c.provisions:
        pid = p["provision_id"]
        out.append(f"Provision {pid} (2024 Code, section {p['section_number']} {p['section_title']}; {p['obligation']})")
        out.append(f"  {p['requirement_text'] or '(no form wording)'}")
        if p["from_2022"]:
            out.append("  From the 2022 Code: " + "; ".join(
                f"{x['provision_2022']} ({x['relation']})" for x in p["from_2022"]))
        else:
            out.append("  New in 2024: no 2022 answer carries across.")
        for s in shares:
            if s["provision_2024"] == pid:
                counts = ", ".join(f"{k.replace('_', ' ')} {s[k]}" for k in CLAIMS if s[k])
                out.append(f"  {s['code_version']} edition: {s['answers']} answered: {counts}")
        rows = []
        for cell in c.cells:
            if cell["provision_2024"] != pid:
                continue
            spec = "" if cell["specificity"] is None else f"{cell['specificity']:.2f}"
            rows.append([cell["landlord_label"], cell["code_version"], cell["answered_as"] or "-",
                         cell["relation"] or "-", cell["comply"] or cell["cell"].replace("_", " "), spec,
                         "yes" if cell["claim_conflict"] else "", cell["evidence"] or ""])
        out.append("")
        out.append(text_table(["landlord", "edition", "answered as", "relation", "claim", "specificity",
                               "conflict", "evidence"], rows, max_cell=width))
        out.append("")
    return "\n".join(out).rstrip()
