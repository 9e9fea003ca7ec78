"""One identity per landlord across documents and years: `data/raw/landlords.csv`.

A register row gives a stable `landlord_id` with the landlord's name, type, aliases and
former names (separated by ";") and the identifiers the user knows (Regulator of Social
Housing registration number, local-authority code, Companies House number).  Every document
is linked to one landlord: by its manifest name, else by the name chc read from the document,
matched against every name and alias of the register after normalising both (case, "&"/"and",
punctuation, "the", "London Borough of" / "Council" word order kept as printed) with rapidfuzz.

- an exact normalised match, or a fuzzy one at or above STRONG, links the document;
- a fuzzy match between WEAK and STRONG links it too, with its score, and is listed for review;
- no match: a new id derived from the name, and a problem naming the closest register entries;
- no name at all: no link (never invented).

Like the manifest, the register applies on every run, whether or not documents were re-read.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz, process


REGISTER_NAME = "landlords.csv"
COLUMNS = ("landlord_id", "name", "landlord_type", "aliases", "former_names", "rsh_registration", "la_code",
           "companies_house")
STRONG = 92.0  # a fuzzy match this close is the same landlord
WEAK = 80.0  # below this a name is another landlord; between the two, linked and listed for review
SUGGESTIONS = 3

_WORD = re.compile(r"[^a-z0-9]+")
_DROP = {"the", "of", "ltd", "limited", "plc", "cic"}


def normalise(name: str) -> str:
    words = _WORD.sub(" ", name.lower().replace("&", " and ")).split()
    return " ".join(w for w in words if w not in _DROP)


def slug(name: str) -> str:
    return "-".join(normalise(name).split()) or "unnamed"


@dataclass(frozen=True)
class Landlord:
    landlord_id: str
    name: str
    landlord_type: str | None = None
    aliases: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    rsh_registration: str | None = None
    la_code: str | None = None
    companies_house: str | None = None


@dataclass
class Register:
    landlords: list[Landlord] = field(default_factory=list)

    @cached_property
    def keys(self) -> list[str]:
        """normalise() of every name of `names()`, in the same order: computed once per register."""
        return [normalise(n) for _, n, _ in self.names()]

    def names(self) -> list[tuple[str, str, str]]:
        """(landlord_id, name, kind) for every name a landlord is known by."""
        out = []
        for entry in self.landlords:
            out.append((entry.landlord_id, entry.name, "name"))
            out += [(entry.landlord_id, a, "alias") for a in entry.aliases]
            out += [(entry.landlord_id, f, "former") for f in entry.former_names]
        return out


class RegisterError(ValueError):
    pass


def read_register(path: Path) -> Register:
    """The register at `path` (a missing file is an empty register)."""
    if not path.exists():
        return Register()
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    register = Register()
    seen: set[str] = set()
    for line_no, r in enumerate(rows, start=2):
        name = (r.get("name") or "").strip()
        if not name:
            continue
        lid = (r.get("landlord_id") or "").strip() or slug(name)
        if lid in seen:
            raise RegisterError(f"{path} line {line_no}: landlord_id {lid!r} appears twice")
        seen.add(lid)

        def listed(column: str, r: dict = r) -> tuple[str, ...]:
            return tuple(x.strip() for x in (r.get(column) or "").split(";") if x.strip())

        def value(column: str, r: dict = r) -> str | None:
            return (r.get(column) or "").strip() or None

        register.landlords.append(Landlord(lid, name, value("landlord_type"), listed("aliases"),
                                           listed("former_names"), value("rsh_registration"),
                                           value("la_code"), value("companies_house")))
    return register


@dataclass(frozen=True)
class Link:
    landlord_id: str | None
    method: str  # register | fuzzy | weak | new | none
    score: float | None
    matched_name: str | None
    note: str | None = None  # what a user should check (weak matches, new ids)


def link(name: str | None, register: Register) -> Link:
    """The landlord a document naming itself `name` belongs to."""
    if not name or not normalise(name):
        return Link(None, "none", None, None)
    names, keys = register.names(), register.keys
    want = normalise(name)
    if want in keys:
        lid, matched, _ = names[keys.index(want)]
        return Link(lid, "register", 1.0, matched)
    found = process.extract(want, keys, scorer=fuzz.token_sort_ratio, limit=SUGGESTIONS) if keys else []
    if found and found[0][1] >= WEAK:
        lid, matched, _ = names[found[0][2]]
        score = round(found[0][1] / 100, 3)
        if found[0][1] >= STRONG:
            return Link(lid, "fuzzy", score, matched)
        return Link(lid, "weak", score, matched,
                    f"landlord {name!r} linked to {matched!r} ({lid}) on a weak match (score {score}); "
                    f"check it, and add the spelling to {REGISTER_NAME} as an alias if it is right")
    closest = "; ".join(f"{names[i][1]} ({names[i][0]}, {s:.0f})" for _, s, i in found) or "none"
    new_id = slug(name)
    return Link(new_id, "new", None, None,
                f"landlord {name!r} is not in {REGISTER_NAME}: given the new id {new_id!r}; closest "
                f"register entries: {closest}. Add it to the register (or as an alias) to keep its id stable")


LINK_STAGE = "link"


def _insert(con, sql: str, rows: list[tuple]) -> None:
    if rows:
        con.executemany(sql, rows)


def apply_register(con, register: Register) -> dict[str, int]:
    """Reload the register into the database and link every document to a landlord, in one
    transaction; the link problems of the previous run are replaced.  Returns counts by method."""
    docs = con.execute("SELECT doc_id, file_name, landlord FROM documents").fetchall()
    links = [(doc_id, file_name, link(name, register)) for doc_id, file_name, name in docs]
    new = {lk.landlord_id: name for (_, _, lk), (_, _, name) in zip(links, docs) if lk.method == "new"}
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM landlord_names")
        con.execute("DELETE FROM landlords")
        _insert(con, "INSERT INTO landlords VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (e.landlord_id, e.name, e.landlord_type, e.rsh_registration, e.la_code, e.companies_house, True)
            for e in register.landlords] + [(lid, name, None, None, None, None, False) for lid, name in new.items()])
        _insert(con, "INSERT INTO landlord_names VALUES (?, ?, ?)", register.names())
        con.execute("DELETE FROM document_landlords")
        _insert(con, "INSERT INTO document_landlords VALUES (?, ?, ?, ?, ?)", [
            (doc_id, lk.landlord_id, lk.method, lk.score, lk.matched_name) for doc_id, _, lk in links
            if lk.landlord_id])
        con.execute("DELETE FROM problems WHERE stage = ?", [LINK_STAGE])
        _insert(
            con, "INSERT INTO problems (doc_id, file_name, stage, severity, message, row_no) VALUES (?, ?, ?, ?, ?, NULL)",
            [(doc_id, file_name, LINK_STAGE, "warning" if lk.method == "weak" else "info", lk.note)
             for doc_id, file_name, lk in links if lk.note])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    counts: dict[str, int] = {}
    for _, _, lk in links:
        counts[lk.method] = counts.get(lk.method, 0) + 1
    return counts
