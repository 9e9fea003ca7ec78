"""Synthetic self-assessments with known truth, built from the Code catalogue.

Each document is rendered as a tab-separated text dump with the kinds of
breakage the seeds show (split and repeated headers, continuation fragments
led by tabs, blank lines and `--` rows inside a row, split and glued numbers,
missing comply cells, odd claim spellings, HTML residue, must rows before
should rows, a last line with no newline) and comes with its truth rows in the
format of tests/truth/*.truth.csv.  `generate_pdfs` draws the same kind of
rows as PDFs in the layouts of tests/pdf_fixtures.py.  Used by the property
tests, the robustness tests and `bench/bench_scale.py`.

    python -m tests.synth OUT_DIR --docs 100 --seed 1 [--pdf | --web]
"""
from __future__ import annotations

import argparse
import csv
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core import catalogue

TRUTH_COLUMNS = ["provision_id", "printed_id", "section", "comply_raw", "comply",
                 "evidence_first_words", "evidence_last_words", "flags", "note"]
CLAIMS = [("Yes", "yes", 60), ("Y", "yes", 3), ("YES", "yes", 3), ("Yes.", "yes", 3), ("No", "no", 6),
          ("No.", "no", 1), ("N/A", "not_applicable", 3), ("Partial", "partial", 4),
          ("Partially", "partial", 1), ("In progress", "in_progress", 3), ("-", "not_stated", 2),
          ("", "not_stated", 5)]
HEADERS_2022 = [
    "Code section\tCode requirement\tComply: Yes/No\tEvidence, commentary and any explanations",
    "C\tode section\tCode requirement\tComply: Yes/No\tEvidence, commentary and any explanations",
    "Code\tCode requirement\tComply:\tEvidence, commentary and any explanations\nsection\t\tYes/No\t",
    "<b>Code section</b>\t<b>Code requirement</b>\t<b>Compliant? Y/N</b>\t<b>Evidence, commentary and any explanations</b>",
]
HEADERS_2024 = [
    "Code provision\tCode requirement\tComply: Yes / No\tEvidence\tCommentary / explanation",
    "Code provision\tCode requirement\tComply:\tEvidence\tCommentary / explanation\n\t\tYes / No\t\t",
]
NOUNS = ["Complaints Policy", "Customer Charter", "Housing Management Policy", "Compensation Policy",
         "Redress Policy", "Tenant Handbook", "Unacceptable Behaviour Policy", "Equality Policy",
         "Annual Complaints Report", "Board report", "Scrutiny Panel minutes", "staff training plan",
         "iCasework system", "Civica CX", "tenant newsletter", "website"]
VERBS = ["sets out", "explains", "confirms", "records", "describes", "covers", "requires", "shows"]
OBJECTS = ["how complaints are logged", "the two stage process", "timescales for each stage",
           "how residents can escalate", "the Ombudsman's contact details", "how remedies are agreed",
           "reasonable adjustments", "the complaint definition", "how learning is reported",
           "the role of the complaints officer", "how service requests differ from complaints"]
TAILS = ["", " This is reviewed every year.", " We will update it by March 2025.",
         " Performance is reported to the Board quarterly.", " 94% of stage 1 responses were on time.",
         " Further training is planned for later this year.", " We do not yet publish this in print."]


@dataclass
class SynthRow:
    provision_id: str
    printed_id: str
    requirement: str
    comply_raw: str | None
    comply: str
    evidence: str
    commentary: str = ""
    flags: list[str] = field(default_factory=list)


def evidence_text(rng: random.Random, serial: int) -> str:
    n = rng.randint(1, 3)
    parts = []
    for i in range(n):
        where = f"section {rng.randint(1, 15)}.{rng.randint(1, 9)}" if rng.random() < 0.5 else f"point {rng.randint(1, 12)}"
        parts.append(f"Our {rng.choice(NOUNS)} ({where}) {rng.choice(VERBS)} {rng.choice(OBJECTS)}.")
    parts.append(rng.choice(TAILS).strip())
    # A serial word makes each text distinct, so a lost or moved fragment is visible.
    return f"Ref{serial} " + " ".join(p for p in parts if p).strip()


def make_rows(rng: random.Random, edition: str) -> list[SynthRow]:
    cat = catalogue.load()
    rows = []
    for p in cat.form(edition):
        if rng.random() < 0.03:
            continue  # a provision the landlord left out
        raw, norm = rng.choices([(c[0], c[1]) for c in CLAIMS], weights=[c[2] for c in CLAIMS])[0]
        req = p.requirement_text
        row = SynthRow(p.provision_id, p.provision_id, req, raw, norm, evidence_text(rng, len(rows) + 1))
        if edition == "2024" and rng.random() < 0.6:
            row.commentary = evidence_text(rng, 1000 + len(rows))
        if rng.random() < 0.08:
            row.evidence, row.commentary = "", ""
        rows.append(row)
    return rows


def _split_words(text: str, rng: random.Random, parts: int) -> list[str]:
    words = text.split(" ")
    if len(words) < parts * 2:
        return [text]
    cuts = sorted(rng.sample(range(1, len(words)), parts - 1))
    return [" ".join(words[a:b]) for a, b in zip([0] + cuts, cuts + [len(words)])]


def render(rows: list[SynthRow], edition: str, rng: random.Random, title: str = "") -> str:
    """The rows as a converter's tab-separated dump, with realistic breakage."""
    cat = catalogue.load()
    out: list[str] = []
    if title:
        out += [title, "", "This self-assessment form should be completed by the complaints officer.", ""]
    headers = HEADERS_2024 if edition == "2024" else HEADERS_2022
    ncols = 5 if edition == "2024" else 4
    by_section: dict[int, list[SynthRow]] = {}
    for r in rows:
        by_section.setdefault(int(r.provision_id.split(".")[0]), []).append(r)
    for section, srows in by_section.items():
        title_text = cat.get(edition, srows[0].provision_id).section_title
        out += [rng.choice([f"Section {section} - {title_text}", f"## **Section {section} – {title_text}**",
                            f"Section {section}: {title_text}"]), ""]
        if edition == "2022":
            groups = [[r for r in srows if cat.get(edition, r.provision_id).form_group != "should"],
                      [r for r in srows if cat.get(edition, r.provision_id).form_group == "should"]]
        else:
            groups = [srows]
        stage = None
        for gi, group in enumerate(groups):
            if not group:
                continue
            if gi == 1:
                out += ["<b>Best practice 'should' requirements</b>\t\t\t", ""]
                stage = None
            out.append(rng.choice(headers))
            for r in group:
                p_stage = cat.get(edition, r.provision_id).stage
                if p_stage and p_stage != stage:
                    out += ["", f"Stage {p_stage}", ""] + [rng.choice(headers)]
                    stage = p_stage
                out += _render_row(r, ncols, rng)
            out.append("")
    text = "\n".join(out).rstrip("\n")
    return text  # the last row's line has no trailing newline


def _render_row(r: SynthRow, ncols: int, rng: random.Random) -> list[str]:
    cells_req = _split_words(r.requirement, rng, rng.choice([1, 1, 1, 2]))
    cells_ev = _split_words(r.evidence, rng, rng.choice([1, 1, 2, 3])) if r.evidence else [""]
    cells_cm = _split_words(r.commentary, rng, rng.choice([1, 1, 2])) if r.commentary else [""]
    if len(cells_req) > 1 or len(cells_ev) > 1 or len(cells_cm) > 1:
        r.flags.append("continuation")
    printed = r.printed_id
    first_id = printed
    roll = rng.random()
    if roll < 0.03:
        first_id = printed.replace(".", ".\t")  # "2.\t2"
        r.printed_id = first_id
    if rng.random() < 0.15 and "<" not in cells_req[0]:
        cells_req[0] = f"<p>{cells_req[0]}</p>"
        r.flags.append("html_markup")
    comply_cells = [] if r.comply_raw is None else [r.comply_raw]
    if r.comply_raw in ("", "-") and r.evidence and rng.random() < 0.3 and ncols == 4 and len(cells_ev) == 1:
        comply_cells = []  # a row with no comply cell at all: evidence sits in its place
        r.comply_raw = None
    first = [first_id, cells_req[0], *comply_cells, cells_ev[0]]
    if ncols == 5:
        first.append(cells_cm[0])
    lines = ["\t".join(first)]
    depth = max(len(cells_req), len(cells_ev), len(cells_cm))
    for k in range(1, depth):
        if rng.random() < 0.3:
            lines.append("")
        if rng.random() < 0.1:
            lines.append("\t".join(["--"] * ncols))
        cont = ["", cells_req[k] if k < len(cells_req) else "", "",
                cells_ev[k] if k < len(cells_ev) else ""]
        if ncols == 5:
            cont.append(cells_cm[k] if k < len(cells_cm) else "")
        lines.append("\t".join(cont).rstrip("\t"))
    return lines


# ---------------------------------------------------------------- web pages saved as text
# The layouts of issue 14: pipe tables whose requirement wraps (the claim opening the
# continuation) or whose evidence follows on a line of its own; labelled blocks with a
# "1.2 - Title" line, padded claim labels and bulleted evidence; one cell per line with
# NBSP-only blank lines and stray header cells; a whole section flattened onto one line.
# Evidence may open with a citation of the landlord's own policy ("Section 4.2 of our ...").
WEB_LAYOUTS = ("pipes", "blocks", "cells", "one_line")
WORD_CLAIMS = [("Yes", "yes"), ("YES", "yes"), ("No", "no"), ("Partial", "partial"), ("N/A", "not_applicable"),
               ("Yes.", "yes"), ("In progress", "in_progress")]
NBSP = "\u00a0"


def web_rows(rng: random.Random, edition: str, layout: str) -> list[SynthRow]:
    """Rows for a web layout: every row with a claim in words; a citation opening some
    evidence; no commentary where the layout has no place for it."""
    rows = make_rows(rng, edition)
    for r in rows:
        r.comply_raw, r.comply = rng.choice(WORD_CLAIMS)
        if not r.evidence:
            r.evidence = evidence_text(rng, 2000 + len(r.flags))
        if rng.random() < 0.3:
            cited = f"{rng.randint(1, 9)}.{rng.randint(1, 9)}" + (f".{rng.randint(1, 5)}" if rng.random() < 0.3 else "")
            r.evidence = f"Section {cited} of our {rng.choice(NOUNS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}. " \
                         + r.evidence
            r.flags.append("citation")
        if layout in ("cells", "one_line") or edition == "2022":
            r.commentary = ""
        r.flags.append(f"web:{layout}")
    return rows


# Invented landlords' names in the forms real ones take (issue 14): joined by "&" or "upon",
# suffixes chc once missed, "One <Place>", a lower-case brand.
PLACES = ["Ashby", "Brindle", "Corran", "Dunmere", "Eskdale", "Fenmoor", "Gallow", "Harrow", "Kelder",
          "Lockridge", "Marrow", "Northgate", "Orrin", "Pellam", "Quillan", "Rowan", "Stennet", "Tamsin"]
NAME_FORMS = ["{a} & {b} City Council", "{a} Housing Group", "One {a}", "{a} Community Housing",
              "{a} upon {b} Borough Council", "{a} and {b} Homes", "{l}9homes", "{a} Vale Council"]


def landlord_for(k: int) -> str:
    a, b = PLACES[k % len(PLACES)], PLACES[(k * 7 + 3) % len(PLACES)]
    return NAME_FORMS[k % len(NAME_FORMS)].format(a=a, b=b, l=a.lower()[:2])


def render_web(rows: list[SynthRow], edition: str, rng: random.Random, layout: str, landlord: str = "Anytown Homes") -> str:
    """The rows as a web page saved as text in one of `WEB_LAYOUTS`, with the page's own
    title and its edition's section titles."""
    cat = catalogue.load()
    year = rng.choice(["2024", "2025"]) if edition == "2024" else rng.choice(["2022", "2023"])
    out = [f"{landlord} - Complaint Handling Code self-assessment {year}", ""]
    five = edition == "2024"
    by_section: dict[int, list[SynthRow]] = {}
    for r in rows:
        by_section.setdefault(int(r.provision_id.split(".")[0]), []).append(r)
    for section, srows in by_section.items():
        title = cat.get(edition, srows[0].provision_id).section_title
        out += [f"## Section {section}: {title}" if layout == "pipes" else f"Section {section}: {title}", ""]
        if layout == "pipes":
            out += _web_pipes(srows, five, rng)
        elif layout == "blocks":
            out += _web_blocks(srows, rng, title)
        elif layout == "cells":
            out += _web_cells(srows, rng)
        else:
            out += ["Code section Code requirement Comply Evidence",
                    " ".join(f"{r.provision_id} {r.requirement} {r.comply_raw} {r.evidence}" for r in srows)]
        out.append("")
    return "\n".join(out)


def _web_pipes(rows: list[SynthRow], five: bool, rng: random.Random) -> list[str]:
    head = ["Code provision", "Code requirement", "Comply", "Evidence"] + (["Commentary"] if five else [])
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        tail = [r.evidence] + ([r.commentary] if five else [])
        words = r.requirement.split(" ")
        if rng.random() < 0.3 and len(words) >= 12:
            cut = rng.randint(4, len(words) - 6)
            out += [f"| {r.provision_id} | {' '.join(words[:cut])} |", " ".join(words[cut:]),
                    f"{r.comply_raw} | " + " | ".join(tail) + " |"]
            r.flags.append("wrapped")
        elif rng.random() < 0.3 and not r.commentary:
            out += [f"| {r.provision_id} | {r.requirement} | {r.comply_raw} | " + " | ".join([""] * len(tail)) + " |",
                    r.evidence]
            r.flags.append("evidence_line")
        else:
            out.append(f"| {r.provision_id} | {r.requirement} | {r.comply_raw} | " + " | ".join(tail) + " |")
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if s]


def _web_blocks(rows: list[SynthRow], rng: random.Random, title: str) -> list[str]:
    out = []
    for r in rows:
        out += [f"{r.provision_id} - {title}", "Code requirement:", r.requirement,
                f"Compliance:{' ' * rng.randint(1, 4)}{r.comply_raw}", "Evidence:"]
        out += [f"  • {s}" for s in _sentences(r.evidence)]
        if r.commentary:
            out += ["Commentary:", r.commentary]
    return out


def _web_cells(rows: list[SynthRow], rng: random.Random) -> list[str]:
    out = []
    for cell in ("Code section", "Code requirement", "Yes/No", "Evidence"):
        out += [cell, NBSP]
    for r in rows:
        out += [r.provision_id, NBSP, r.requirement, NBSP, r.comply_raw, NBSP, r.evidence, NBSP]
        if rng.random() < 0.2:
            out += ["Yes/No", NBSP]  # a stray header cell between rows
    return out


def first_last(text: str) -> tuple[str, str]:
    words = [w for w in text.split() if re.search(r"[A-Za-z0-9]", w)]
    return " ".join(words[:8]), " ".join(words[-6:])


def truth_rows(rows: list[SynthRow]) -> list[dict]:
    out = []
    for r in rows:
        first, last = first_last(f"{r.evidence} {r.commentary}")
        out.append({"provision_id": r.provision_id, "printed_id": r.printed_id,
                    "section": r.provision_id.split(".")[0], "comply_raw": r.comply_raw or "",
                    "comply": r.comply, "evidence_first_words": first, "evidence_last_words": last,
                    "flags": ";".join(r.flags), "note": "synthetic"})
    return out


def truth_dir_for(folder: Path) -> Path:
    return folder.parent / f"{folder.name}-truth"


def generate(folder: Path, n: int, seed: int = 0, web: bool = False) -> list[Path]:
    """Write n documents to folder/ and their truth beside it (truth_dir_for); return the documents.
    `web`: web pages saved as text (`WEB_LAYOUTS`, chosen at random) instead of tab dumps."""
    folder.mkdir(parents=True, exist_ok=True)
    truth = truth_dir_for(folder)
    truth.mkdir(exist_ok=True)
    rng = random.Random(seed)
    paths = []
    edition = "2022"
    for i in range(n):
        # Landlords publish twice, once against each edition (documents 2k and 2k+1), so the
        # same-landlord-over-time view has something to compare.
        edition = rng.choice(["2022", "2024"]) if i % 2 == 0 else {"2022": "2024", "2024": "2022"}[edition]
        if web:
            layout = rng.choice(WEB_LAYOUTS)
            rows = web_rows(rng, edition, layout)
            landlord = landlord_for(i // 2)
            text = render_web(rows, edition, rng, layout, landlord=landlord)
            with (truth / "landlords.csv").open("a", newline="", encoding="utf-8") as f:
                csv.writer(f).writerow([f"synth{i:05d}.txt", landlord])
        else:
            rows = make_rows(rng, edition)
            text = render(rows, edition, rng, title=f"Landlord {i // 2:05d} Housing Association: self-assessment {edition}")
        path = folder / f"synth{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        with (truth / f"synth{i:05d}.truth.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=TRUTH_COLUMNS)
            w.writeheader()
            w.writerows(truth_rows(rows))
        paths.append(path)
    return paths


# Layouts of tests/pdf_fixtures.py a synthetic PDF is drawn in, by number of columns.
PDF_LAYOUTS = {4: ["ruled_portrait", "header_dup", "headings_borderless", "stage_cells", "borderless_narrow"],
               5: ["ruled_landscape", "ruled_open", "borderless", "headings", "horizontal_rules"]}


def fixture_rows(rows: list[SynthRow], edition: str) -> list:
    """SynthRows as tests/pdf_fixtures.FixtureRows, with the section and stage each sits under."""
    from tests.pdf_fixtures import FixtureRow

    cat = catalogue.load()
    out = []
    for r in rows:
        p = cat.get(edition, r.provision_id)
        out.append(FixtureRow(
            printed_id=r.provision_id, requirement=r.requirement, comply=r.comply_raw or "",
            evidence=r.evidence, commentary=r.commentary,
            section=f"Section {p.section_number}: {p.section_title}",
            sub_heading=f"Stage {p.stage}" if p.stage else "", stage=p.stage,
        ))
    return out


def generate_pdfs(folder: Path, n: int, seed: int = 0) -> list[tuple[Path, int]]:
    """Write n PDFs (tests/pdf_fixtures layouts, chosen at random) and their truth beside them;
    return (document, pages) pairs."""
    from tests.pdf_fixtures import render

    folder.mkdir(parents=True, exist_ok=True)
    truth = truth_dir_for(folder)
    truth.mkdir(exist_ok=True)
    rng = random.Random(seed)
    out = []
    for i in range(n):
        edition = rng.choice(["2022", "2024"])
        rows = make_rows(rng, edition)
        layout = rng.choice(PDF_LAYOUTS[5 if edition == "2024" else 4])
        path = folder / f"synth{i:05d}.pdf"
        rendered = render(path, fixture_rows(rows, edition), layout,
                          title=f"Landlord {i:05d} Housing Association: self-assessment {edition}")
        for r in rows:
            r.flags.append(f"pdf:{layout}")
        with (truth / f"synth{i:05d}.truth.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=TRUTH_COLUMNS)
            w.writeheader()
            w.writerows(truth_rows(rows))
        out.append((path, rendered.pages))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pdf", action="store_true", help="PDFs (tests/pdf_fixtures layouts) instead of text dumps")
    ap.add_argument("--web", action="store_true", help="web pages saved as text (issue 14's layouts)")
    args = ap.parse_args()
    if args.pdf:
        generate_pdfs(args.out, args.docs, args.seed)
    else:
        generate(args.out, args.docs, args.seed, web=args.web)


if __name__ == "__main__":
    main()
