"""`chc compare PROVISION`: one provision across every landlord and both editions.

Answers are compared in 2024 numbering (the compliance_matrix view): a 2022
answer is carried across through the crosswalk and its relation is shown.  A
2022 number (edition="2022") is first translated to its 2024 counterparts.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.claims import SHOWN
from pipeline.outputs.query import open_db, records, text_table

CLAIMS = SHOWN


class UnknownProvision(ValueError):
    """The provision number is not in the Code edition asked about."""


@dataclass
class Comparison:
    asked: str
    edition: str
    provisions: list[dict[str, Any]] = field(default_factory=list)  # 2024 provisions compared
    cells: list[dict[str, Any]] = field(default_factory=list)  # one per assessment and provision

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
                "shares": self.shares(), "cells": self.cells}


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
            if not targets:
                raise UnknownProvision(f"2022 provision {provision} was dropped in 2024: it has no 2024 counterpart "
                                       f"to compare across editions (see the crosswalk table)")
        comparison = Comparison(asked=provision, edition=edition)
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


def to_text(c: Comparison, width: int = 70) -> str:
    """A reading of the comparison for the terminal."""
    out: list[str] = []
    if c.edition != "2024":
        out.append(f"2022 provision {c.asked} is carried into 2024 numbering as "
                   f"{', '.join(p['provision_id'] for p in c.provisions)}.")
        out.append("")
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
