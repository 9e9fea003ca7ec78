"""The canonical Code provisions of both editions and the 2022-2024 crosswalk.

Read from `schemas/reference/` (compiled from the regulator's published text).
The catalogue is loaded once per process and is immutable.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.core.ids import provision_order
from pipeline.core.matching import match_key
from pipeline.core.paths import SCHEMAS

EDITIONS = ("2022", "2024")
REFERENCE = SCHEMAS / "reference"

@dataclass(frozen=True)
class Provision:
    code_version: str
    provision_id: str
    section_number: int
    section_title: str
    obligation: str
    requirement_text: str
    in_self_assessment: bool
    form_group: str
    stage: int | None
    order: int  # position in the Code: sorts 1.2 < 1.10
    key: str  # match_key(requirement_text)


@dataclass(frozen=True)
class CrosswalkLink:
    provision_2022: str | None
    provision_2024: str | None
    relation: str
    confidence: str
    note: str


class Catalogue:
    """Both editions' provisions, indexed for alignment."""

    def __init__(self, reference: Path = REFERENCE) -> None:
        stages = {
            (r["code_version"], r["provision_id"]): int(r["stage"])
            for r in _read_csv(reference / "stages.csv")
        }
        self.provisions: dict[str, list[Provision]] = {}
        for edition in EDITIONS:
            rows = []
            for r in _read_csv(reference / f"provisions_{edition}.csv"):
                pid = r["provision_id"].strip()
                rows.append(
                    Provision(
                        code_version=edition,
                        provision_id=pid,
                        section_number=int(r["section_number"]),
                        section_title=r["section_title"].strip(),
                        obligation=r["obligation"].strip(),
                        requirement_text=r["requirement_text"].strip(),
                        in_self_assessment=r["in_self_assessment"].strip().lower() == "true",
                        form_group=r.get("form_group", "").strip(),
                        stage=stages.get((edition, pid)),
                        order=provision_order(pid),
                        key=match_key(r["requirement_text"]),
                    )
                )
            rows.sort(key=lambda p: p.order)
            self.provisions[edition] = rows
        self.by_id = {
            (p.code_version, p.provision_id): p for ps in self.provisions.values() for p in ps
        }
        self.crosswalk = [
            CrosswalkLink(
                provision_2022=r["provision_2022"].strip() or None,
                provision_2024=r["provision_2024"].strip() or None,
                relation=r["relation"].strip(),
                confidence=r["confidence"].strip(),
                note=r.get("note", "").strip(),
            )
            for r in _read_csv(reference / "crosswalk_2022_2024.csv")
        ]

    def form(self, edition: str) -> list[Provision]:
        """The provisions that are rows of the official self-assessment form."""
        return [p for p in self.provisions[edition] if p.in_self_assessment]

    def get(self, edition: str, provision_id: str) -> Provision | None:
        return self.by_id.get((edition, provision_id))

    def links_to_2024(self, edition: str, provision_id: str) -> list[tuple[str, str]]:
        """(provision_2024, relation) counterparts of a provision in 2024 numbering."""
        if edition == "2024":
            return [(provision_id, "same")]
        return [
            (link.provision_2024, link.relation)
            for link in self.crosswalk
            if link.provision_2022 == provision_id and link.provision_2024
        ]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def load() -> Catalogue:
    return Catalogue()
