"""Self-assessments as landlords publish them, made by the tools landlords use.

Each fixture is written by a real generator and printed to PDF by a real
renderer: python-docx documents converted by LibreOffice Writer, openpyxl
sheets printed by LibreOffice Calc, and HTML pages printed by headless
Chromium.  Nothing is committed: files are generated into a session directory
(tests/conftest's tmp dir) and cached there, once per session.

Every fixture knows its truth (`Truth`): the provision rows it printed, their
claims, the first and last words of their evidence+commentary, and the pages
each row was printed on (found with poppler's pdftotext, an independent reader).

Each family comes in two variants: "a" (the tuning half) and "b" (held out:
other widths, fonts, margins, orientation and wording; never looked at while
tuning).  The evidence wording is written here, never taken from the seeds.
"""
from __future__ import annotations

import csv
import hashlib
import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "schemas" / "reference"

TOKEN = re.compile(r"[a-z0-9]+")

# ------------------------------------------------------------------ wording

_OPENERS = [
    "Our complaints procedure, refreshed after consultation with tenants, sets out",
    "The customer feedback team keeps a log showing",
    "Board papers from the autumn meeting record",
    "Front-line officers were briefed on",
    "A quarterly audit by the governance team checks",
    "Letters sent to residents now explain",
    "The resident panel tested our web form and confirmed",
    "Our case management system prompts staff about",
]
_MIDDLES = [
    "how each stage works and the timescales that apply to it",
    "the route to the Housing Ombudsman at every stage",
    "that repairs disputes are handled as complaints, not service requests",
    "the reasons for any extension and the new date agreed",
    "when a request is refused and why that decision was reached",
    "the named contact who will keep the resident informed",
    "learning from upheld cases and the changes it led to",
    "the remedies offered, including apologies and payments",
]
_CLOSERS = [
    "and this is checked at monthly one-to-ones",
    "with results reported to the scrutiny committee",
    "and the wording was simplified in plain English",
    "so nobody is turned away for using the wrong channel",
    "as shown by the sample of twenty closed cases",
    "and the guidance sits on the staff intranet",
]
_COMMENTS = [
    "We will keep this under review.",
    "Training for new starters begins in the spring.",
    "No gaps were found by the internal auditor.",
    "The next policy refresh is due in January.",
    "",
]


def _sentence(i: int, variant: str) -> str:
    shift = 3 if variant == "b" else 0
    return (f"{_OPENERS[(i + shift) % len(_OPENERS)]} {_MIDDLES[(i * 3 + shift) % len(_MIDDLES)]} "
            f"{_CLOSERS[(i * 5 + shift) % len(_CLOSERS)]}.")


def evidence_for(k: int, variant: str, fixture: str, long: bool = False) -> str:
    """Evidence with a unique reference at each end, so its pages can be found."""
    code = int(hashlib.sha1(f"{fixture}{variant}{k}".encode()).hexdigest()[:6], 16) % 9000 + 1000
    parts = [f"Ref {fixture[:2].upper()}{code}.", _sentence(k, variant)]
    if long:
        parts += [_sentence(k + j, variant) for j in range(1, 14)]
    parts.append(f"Filed as record {code}{variant}.")
    return " ".join(parts)


# ------------------------------------------------------------------ truth


@dataclass
class TruthRow:
    provision_id: str
    comply: str  # the normalised value chc must give
    evidence: str  # evidence (+ commentary) as printed
    pages: tuple[int, int] = (0, 0)  # first and last page its evidence cell is printed on
    cells: list[str] = field(default_factory=list)  # requirement, evidence, commentary as printed

    @property
    def evidence_only(self) -> str:
        return self.cells[1] if len(self.cells) > 1 else self.evidence

    @property
    def evidence_runs_longest(self) -> bool:
        """Does the evidence cell run at least as far down as the row's other cells?
        (Then the row's last page is the evidence's, exactly.)"""
        return len(self.cells) < 2 or all(len(c) * 2 < len(self.cells[1]) for c in self.cells if c is not self.cells[1])

    @property
    def first_words(self) -> list[str]:
        return TOKEN.findall(self.evidence.lower())[:4]

    @property
    def last_words(self) -> list[str]:
        return TOKEN.findall(self.evidence.lower())[-4:]


@dataclass
class Fixture:
    name: str  # family
    variant: str  # a: tuning, b: held out
    path: Path
    rows: list[TruthRow]
    notes: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.name}_{self.variant}"


def provisions(edition: str = "2024") -> list[dict]:
    with (REFERENCE / f"provisions_{edition}.csv").open(newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["in_self_assessment"].strip().lower() == "true"]


def stages(edition: str) -> dict[str, int]:
    with (REFERENCE / "stages.csv").open(newline="", encoding="utf-8") as f:
        return {r["provision_id"]: int(r["stage"]) for r in csv.DictReader(f) if r["code_version"] == edition}


def find_pages(pdf: Path, rows: list[TruthRow], header: list[str] | None = None) -> None:
    """Set each row's pages from where its cells' first and last words are printed.

    Read with pdftotext (not chc's reader), inside the page margins (a browser's
    date/title/URL lines sit in them), with the repeated column header taken out
    so that a cell's words run on across a page break."""
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    w, h = (float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", size).groups())
    out = subprocess.run(["pdftotext", "-raw", "-x", "0", "-y", "26", "-W", str(int(w) + 10),
                          "-H", str(int(h - 52)), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = [TOKEN.findall(p.lower()) for p in out.split("\f")]
    run = TOKEN.findall(" ".join(header or []).lower())
    if run:
        for k, toks in enumerate(pages):
            n = len(run)
            i = 0
            kept = []
            while i < len(toks):
                if toks[i:i + n] == run:
                    i += n
                    continue
                kept.append(toks[i])
                i += 1
            pages[k] = kept

    flat = [t for toks in pages for t in toks]
    page_of = [k + 1 for k, toks in enumerate(pages) for _ in toks]
    offset = [sum(len(t) for t in pages[:k]) for k in range(len(pages))]

    def where(needle: list[str], start: int = 0) -> int:
        """Page of the last token of `needle`'s first run after page `start` (a run may
        cross a page break)."""
        n = len(needle)
        for i in range(offset[start] if start < len(pages) else len(flat), len(flat) - n + 1):
            if flat[i:i + n] == needle:
                return page_of[i + n - 1]
        return 0

    for r in rows:
        # The evidence opens with a unique reference and ends with a unique record
        # number: the pages the evidence cell runs over.
        toks = TOKEN.findall(r.evidence_only.lower())
        first = where(toks[:3])
        r.pages = (first, where(toks[-1:], max(first - 1, 0)))


# ------------------------------------------------------------------ renderers


def _profile_dir(work: Path) -> Path:
    d = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=work))
    return d


def soffice_to_pdf(src: Path, work: Path) -> Path:
    """LibreOffice (Writer for .docx, Calc for .xlsx) prints `src` to PDF beside it."""
    profile = _profile_dir(work)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(src.parent), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    shutil.rmtree(profile, ignore_errors=True)
    return src.with_suffix(".pdf")


def chromium_to_pdf(src: Path, work: Path, header_footer: bool = True) -> Path:
    """Headless Chromium "Save as PDF" of an HTML file (with its date/title/URL/page header and footer)."""
    profile = Path(tempfile.mkdtemp(prefix="chromium-", dir=work))
    out = src.with_suffix(".pdf")
    args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
            f"--print-to-pdf={out}"]
    if not header_footer:
        args.append("--no-pdf-header-footer")
    subprocess.run(args + [src.as_uri()], check=True, capture_output=True, timeout=180)
    shutil.rmtree(profile, ignore_errors=True)
    return out


def have_renderers() -> bool:
    return all(shutil.which(t) for t in ("soffice", "chromium", "pdftotext"))


# ------------------------------------------------------------------ Word documents (python-docx)


def _docx():
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    return docx, WD_ORIENT, WD_CELL_VERTICAL_ALIGNMENT, OxmlElement, qn, Cm, Pt


def _new_document(font: str, size: float, landscape: bool = False, margin_cm: float = 2.0):
    docx, WD_ORIENT, _, _, _, Cm, Pt = _docx()
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(size)
    sec = d.sections[0]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(margin_cm))
    return d


def _shade(cell, fill: str) -> None:
    _, _, _, OxmlElement, qn, _, _ = _docx()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row) -> None:
    _, _, _, OxmlElement, qn, _, _ = _docx()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _widths(table, widths_cm: list[float]) -> None:
    _, _, _, _, _, Cm, _ = _docx()
    table.autofit = False
    for col, w in zip(table.columns, widths_cm):
        col.width = Cm(w)  # the table grid, which LibreOffice lays out by
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def _set_cell(cell, text: str, font: str | None = None, bold: bool = False) -> None:
    """Cell text; lines become paragraphs; `font` sets the run font (symbol fonts for ticks)."""
    _, _, _, _, qn, _, _ = _docx()
    cell.text = ""
    for k, line in enumerate(text.split("\n")):
        p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        run = p.add_run(line)
        run.bold = bold
        if font:
            run.font.name = font
            rpr = run._element.get_or_add_rPr()
            rfonts = rpr.find(qn("w:rFonts"))
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                rfonts.set(qn(attr), font)


def _form_table(d, headers: list[str] | None, body: list[list[str]], widths: list[float],
                style: str = "Table Grid", repeat: bool = True, fonts: dict | None = None,
                merged_first: tuple[str, str] | None = None):
    """A form table: optional merged shaded first row, optional header, body rows."""
    n = len(widths)
    table = d.add_table(rows=0, cols=n)
    table.style = style
    if merged_first:
        row = table.add_row()
        cell = row.cells[0].merge(row.cells[-1])
        _set_cell(cell, merged_first[0], bold=True)
        _shade(cell, merged_first[1])
    if headers:
        row = table.add_row()
        for c, h in zip(row.cells, headers):
            _set_cell(c, h, bold=True)
            _shade(c, "D9E2F3")
        if repeat:
            _repeat_header(row)
    for k, cells in enumerate(body):
        row = table.add_row()
        for j, (c, t) in enumerate(zip(row.cells, cells)):
            _set_cell(c, t, font=(fonts or {}).get((k, j)))
    _widths(table, widths)
    return table


COMPLY_WORDS = ["Yes", "Yes", "No", "Partially", "Yes", "N/A", "Yes", "In progress"]
NORMALISED = {"Yes": "yes", "No": "no", "Partially": "partial", "N/A": "not_applicable",
              "In progress": "in_progress", "": "not_stated"}


def _form_rows(fixture: str, variant: str, edition: str = "2024", sections: set[str] | None = None,
               long_at: tuple[int, ...] = (), commentary: bool = True):
    """(provision, comply word, evidence, commentary) of every form row, with truth."""
    out = []
    for k, p in enumerate(provisions(edition)):
        if sections and p["section_number"] not in sections:
            continue
        word = COMPLY_WORDS[(k + (1 if variant == "b" else 0)) % len(COMPLY_WORDS)]
        ev = evidence_for(k, variant, fixture, long=k in long_at)
        com = _COMMENTS[k % len(_COMMENTS)] if commentary else ""
        out.append((p, word, ev, com))
    return out


def _truth(rows, comply_of=None) -> list[TruthRow]:
    out = []
    for p, word, ev, com in rows:
        comply = comply_of(word) if comply_of else NORMALISED[word]
        out.append(TruthRow(p["provision_id"], comply, f"{ev} {com}".strip(), cells=[p["requirement_text"], ev, com]))
    return out


# ------------------------------------------------------------------ families


def _narrative(d, paragraphs: int, variant: str) -> None:
    for k in range(paragraphs):
        d.add_paragraph(" ".join(_sentence(k * 7 + j, variant) for j in range(6)))


def annual_report(work: Path, variant: str) -> Fixture:
    """Family 1: an annual complaints report, KPI tables and a numbered action plan,
    then "Appendix A: Self-assessment" holding the 5-column form."""
    name = "annual_report"
    b = variant == "b"
    d = _new_document("Arial" if b else "Calibri", 10 if b else 11, margin_cm=1.8 if b else 2.5)
    d.add_heading("Annual complaints performance and service improvement report 2024/25", 0)
    d.add_heading("1. Introduction", 1)
    _narrative(d, 4, variant)
    d.add_heading("2. Complaints we received", 1)
    kpi = [["Stage 1", "412", "455", "38%"], ["Stage 2", "61", "74", "41%"],
           ["Ombudsman determinations", "9", "12", "58%"]]
    _form_table(d, ["Measure", "2023/24", "2024/25", "% upheld"], kpi, [6, 3, 3, 3], repeat=False)
    d.add_paragraph("")
    cats = [["Repairs and maintenance", "201", "44%"], ["Damp and mould", "96", "61%"],
            ["Anti-social behaviour", "58", "22%"], ["Staff conduct", "31", "35%"]]
    _form_table(d, ["Category", "Number", "% upheld"], cats, [7, 3, 3], repeat=False)
    _narrative(d, 3, variant)
    d.add_heading("3. What we will improve", 1)
    plan = [["2.1", "Faster stage 2 responses through a dedicated reviewer", "Head of Customer Experience", "June 2025"],
            ["5.3", "Publish complaint outcomes on the website each quarter", "Insight Manager", "September 2025"],
            ["6.2", "Train repairs supervisors in remedies and apologies", "Learning Lead", "March 2026"],
            ["9.4", "Report learning themes to the Board twice a year", "Director of Housing", "December 2025"]]
    _form_table(d, ["No.", "Action", "Owner", "Target date"], plan, [1.5, 8, 4, 3], repeat=False)
    _narrative(d, 2, variant)
    d.add_page_break()
    d.add_heading("Appendix A: Self-assessment", 1)
    rows = _form_rows(name, variant, long_at=(30,))
    headers = (["Code section", "Requirement", "Compliant?", "Evidence", "Explanation"] if b else
               ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation"])
    body = [[p["provision_id"], p["requirement_text"], w, ev, com] for p, w, ev, com in rows]
    _form_table(d, headers, body, [1.6, 5.0, 1.8, 5.2, 3.2] if not b else [1.8, 5.4, 2.0, 5.0, 3.4])
    return _finish(work, name, variant, d, rows, header=headers)


def wrapped_header(work: Path, variant: str) -> Fixture:
    """Family 2: a narrow number column wraps the first header cell ("Code provisio" / "n")."""
    name = "wrapped_header"
    b = variant == "b"
    d = _new_document("Times New Roman" if b else "Verdana", 11 if b else 10, landscape=b, margin_cm=2.0)
    d.add_heading("Complaint Handling Code self-assessment", 1)
    rows = _form_rows(name, variant, sections={"1", "2", "3", "4", "5"})
    headers = ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation"]
    body = [[p["provision_id"], p["requirement_text"], w, ev, com] for p, w, ev, com in rows]
    _form_table(d, headers, body, [1.25, 5.5, 1.9, 5.2, 3.0] if not b else [1.4, 8.0, 2.2, 8.0, 4.5])
    return _finish(work, name, variant, d, rows, header=headers)


# Claims printed as tick boxes or symbols, each with what chc must read: (cell text, font, claim).
# Private-use code points are what Word writes for its symbol fonts (Wingdings 0xFE ticked box,
# 0xA8 empty box, 0xFC tick, 0xFB cross).
TICKS = [
    ("\u2612 Yes \u2610 No", "MS Gothic", "yes"),
    ("\u2610 Yes \u2612 No", "MS Gothic", "no"),
    ("Yes \u2612 No \u2610", "MS Gothic", "yes"),
    ("Yes \u2610 No \u2612", "MS Gothic", "no"),
    ("\u2612 Yes\n\u2610 No", "MS Gothic", "yes"),
    ("\u2610 Yes\n\u2612 No", "Segoe UI Symbol", "no"),
    ("\uf0fe Yes \uf0a8 No", "Wingdings", "yes"),
    ("\uf0a8 Yes \uf0fe No", "Wingdings", "no"),
    ("\u2714 Compliant", "Segoe UI Symbol", "yes"),
    ("\u2714", "Segoe UI Symbol", "yes"),
    ("\uf0fc", "Wingdings", "yes"),
    ("\u2610 Yes \u2610 No\nPartially", "MS Gothic", "partial"),
    ("Fully compliant", None, "yes"),
    ("Partially compliant", None, "partial"),
    ("Not compliant", None, "no"),
    ("Non-compliant", None, "no"),
    ("Working towards", None, "in_progress"),
    ("Compliant", None, "yes"),
]


def tick_boxes(work: Path, variant: str) -> Fixture:
    """Family 4: claims as tick boxes, symbols and the words landlords use."""
    name = "tick_boxes"
    b = variant == "b"
    d = _new_document("Arial" if b else "Calibri", 10, landscape=not b, margin_cm=1.5 if b else 2.0)
    d.add_heading("How we meet the Complaint Handling Code", 1)
    rows = _form_rows(name, variant, sections={"1", "2", "3", "4"})
    body, fonts, truth_rows = [], {}, []
    for k, (p, _, ev, com) in enumerate(rows):
        text, font, claim = TICKS[(k + (5 if b else 0)) % len(TICKS)]
        body.append([p["provision_id"], p["requirement_text"], text, ev, com])
        if font:
            fonts[(k, 2)] = font
        truth_rows.append(TruthRow(p["provision_id"], claim, f"{ev} {com}".strip(),
                                   cells=[p["requirement_text"], ev, com]))
    headers = ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation"]
    _form_table(d, headers, body, [1.6, 7.0, 2.6, 8.0, 4.0] if not b else [1.6, 5.0, 2.4, 5.5, 2.5], fonts=fonts)
    return _finish(work, name, variant, d, rows, truth_rows, header=headers)


def section_tables(work: Path, variant: str) -> Fixture:
    """Family 5: one table per Code section, each opened by a shaded merged
    "Section N: title" row; the column header only on the first table."""
    name = "section_tables"
    b = variant == "b"
    d = _new_document("Georgia" if b else "Calibri", 10, landscape=b, margin_cm=2.2)
    d.add_heading("Self-assessment against the Complaint Handling Code", 1)
    rows = _form_rows(name, variant)
    headers = ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation"]
    widths = [1.6, 5.0, 1.9, 5.2, 3.2] if not b else [1.8, 8.0, 2.2, 8.0, 4.8]
    first = True
    for number in dict.fromkeys(p["section_number"] for p, *_ in rows):
        part = [r for r in rows if r[0]["section_number"] == number]
        title = f"Section {number}: {part[0][0]['section_title']}"
        body = [[p["provision_id"], p["requirement_text"], w, ev, com] for p, w, ev, com in part]
        _form_table(d, headers if first else None, body, widths, merged_first=(title, "BDD7EE" if b else "E2EFD9"))
        d.add_paragraph("")
        first = False
    return _finish(work, name, variant, d, rows, header=headers)


def no_numbers(work: Path, variant: str) -> Fixture:
    """Family 8: a form with no printed provision numbers, only the requirement text."""
    name = "no_numbers"
    b = variant == "b"
    d = _new_document("Calibri" if not b else "Tahoma", 10, landscape=b)
    d.add_heading("Complaint Handling Code: our self-assessment", 1)
    rows = _form_rows(name, variant, sections={"1", "2", "3", "4", "5"})
    headers = ["Code requirement", "Do we comply?", "Evidence", "Commentary"]
    body = [[p["requirement_text"], w, ev, com] for p, w, ev, com in rows]
    _form_table(d, headers, body, [6.0, 2.0, 5.5, 3.5] if not b else [9.0, 2.5, 8.0, 5.0])
    return _finish(work, name, variant, d, rows, header=headers)


def split_claims(work: Path, variant: str) -> Fixture:
    """Family 7: long rows split over pages, their number and claim printed at the
    foot of the cell (vertical alignment bottom), so they sit on the second part."""
    name = "split_claims"
    b = variant == "b"
    _, _, WD_CELL_VERTICAL_ALIGNMENT, _, _, _, _ = _docx()
    d = _new_document("Calibri" if not b else "Arial", 10, landscape=b, margin_cm=2.0)
    d.add_heading("Complaint Handling Code self-assessment", 1)
    long_at = (1, 4, 8, 13) if not b else (2, 6, 11)
    rows = _form_rows(name, variant, sections={"1", "2", "3", "4"}, long_at=long_at)
    headers = ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation"]
    body = [[p["provision_id"], p["requirement_text"], w, ev, com] for p, w, ev, com in rows]
    table = _form_table(d, headers, body, [1.8, 5.0, 2.0, 5.5, 2.8] if not b else [2.0, 8.0, 2.4, 8.0, 4.0])
    for k in long_at:
        row = table.rows[k + 1]
        cells = [row.cells[0], row.cells[2]] if not b else [row.cells[2]]
        for c in cells:
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    return _finish(work, name, variant, d, rows, header=headers)


def _finish(work: Path, name: str, variant: str, d, rows, truth_rows=None, header=None) -> Fixture:
    src = work / f"{name}_{variant}.docx"
    d.save(src)
    pdf = soffice_to_pdf(src, work)
    truth = truth_rows or _truth(rows)
    find_pages(pdf, truth, header)
    return Fixture(name, variant, pdf, truth)


# ------------------------------------------------------------------ web pages (headless Chromium)

_PAGE_CSS = """
body {{ font-family: {font}; font-size: {size}pt; margin: {margin}; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #666; padding: 4px; vertical-align: top; text-align: left; }}
th {{ background: #dfe8f2; }}
tr.section td {{ background: #c9d9ec; font-weight: bold; }}
.cookie {{ background: #222; color: #fff; padding: 10px; }}
.crumbs, .toc {{ font-size: 9pt; }}
a {{ color: #0645ad; text-decoration: underline; }}
mark {{ background: #fff2a8; }}
@page {{ size: {page}; }}
"""


def _link(text: str, k: int) -> str:
    """Evidence with underlined links (and a highlight), as a web page prints them."""
    words = html.escape(text).split(" ")
    if len(words) > 8:
        words[3] = f'<a href="https://example-homes.org.uk/policy/{k}">{words[3]} {words[4]}</a>'
        del words[4]
        words[7] = f"<mark>{words[7]}</mark>"
    return " ".join(words)


def browser_print(work: Path, variant: str) -> Fixture:
    """Family 3: a web page printed by Chromium: date/title/URL/"1/18" header and
    footer, a cookie banner, a search box, a breadcrumb, "On this page", links
    underlined in evidence cells, per-section tables with shaded merged rows."""
    name = "browser_print"
    b = variant == "b"
    rows = _form_rows(name, variant, long_at=(12,))
    css = _PAGE_CSS.format(font="Georgia, serif" if b else "Arial, sans-serif", size=9 if b else 10,
                           margin="0 8mm" if b else "0 4mm", page="A4 landscape" if b else "A4")
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Complaint handling self-assessment "
             f"| Example Homes</title><style>{css}</style></head><body>",
             "<div class='cookie'>We use cookies to make this website work. <button>Accept all cookies</button> "
             "<button>Reject cookies</button> <a href='#'>Cookie settings</a></div>",
             "<header><a href='#'>Skip to main content</a> | <b>Example Homes</b> | "
             "<input placeholder='Search'> <button>Search</button> | <a href='#'>Sign in</a></header>",
             "<nav class='crumbs'>Home &gt; About us &gt; Complaints &gt; Self-assessment</nav>",
             "<h1>Complaint Handling Code self-assessment</h1>",
             "<div class='toc'><h2>On this page</h2><ul>"
             + "".join(f"<li><a href='#s{n}'>Section {n}</a></li>" for n in range(1, 10)) + "</ul></div>",
             "<p>This page sets out how we meet the Housing Ombudsman's Complaint Handling Code.</p>",
             "<table><thead><tr><th>Code provision</th><th>Code requirement</th><th>Comply: Yes / No</th>"
             "<th>Evidence</th><th>Commentary / explanation</th></tr></thead><tbody>"]
    section = None
    for k, (p, w, ev, com) in enumerate(rows):
        if p["section_number"] != section:
            section = p["section_number"]
            parts.append(f"<tr class='section'><td colspan='5' id='s{section}'>Section {section}: "
                         f"{html.escape(p['section_title'])}</td></tr>")
        parts.append(f"<tr><td>{p['provision_id']}</td><td>{html.escape(p['requirement_text'])}</td>"
                     f"<td>{w}</td><td>{_link(ev, k)}</td><td>{html.escape(com)}</td></tr>")
    parts.append("</tbody></table><footer><p>Was this page helpful? Yes No</p>"
                 "<p>Privacy policy | Accessibility statement | Contact us</p>"
                 "<p>Copyright Example Homes 2025</p></footer></body></html>")
    src = work / f"{name}_{variant}.html"
    src.write_text("\n".join(parts), encoding="utf-8")
    pdf = chromium_to_pdf(src, work)
    truth = _truth(rows)
    find_pages(pdf, truth, ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence",
                            "Commentary / explanation"])
    return Fixture(name, variant, pdf, truth)


# ------------------------------------------------------------------ spreadsheets (LibreOffice Calc)


def _sheet(rows: list[list[str]], widths: list[float], landscape: bool, header_rows: int = 1,
           fills: dict[int, str] | None = None, merges: list[int] | None = None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "Self-assessment"
    thin = Side(style="thin", color="555555")
    for r, values in enumerate(rows, start=1):
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if r <= header_rows:
                cell.font = Font(bold=True)
            if fills and r in fills:
                cell.fill = PatternFill("solid", fgColor=fills[r])
    for r, values in enumerate(rows, start=1):
        # Calc does not grow rows for wrapped text on its own: size them to the longest cell.
        lines = max(sum(len(part) // max(int(w * 1.05), 1) + 1 for part in str(v).split("\n"))
                    for v, w in zip(values, widths))
        ws.row_dimensions[r].height = 13.5 * lines + 4
    for r in merges or []:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(widths))
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + c)].width = w
    ws.print_title_rows = f"1:{header_rows}"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb


def extra_columns(work: Path, variant: str) -> Fixture:
    """Family 6: columns beyond the form's ("Action / owner / target date", "RAG", "Lead officer")."""
    name = "extra_columns"
    b = variant == "b"
    rows = _form_rows(name, variant, sections={"1", "2", "3", "5"})
    extra_heads = ["Action / owner / target date", "RAG"] if not b else ["Lead officer", "Action / owner / target date"]
    header = ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation"] + extra_heads
    table = [header]
    extras = []
    for k, (p, w, ev, com) in enumerate(rows):
        action = (f"Review wording with the resident panel; owner: Complaints Manager; target date: "
                  f"{(k % 12) + 1:02d}/2026")
        lead = ["Head of Service", "Customer Experience Lead", "Director of Housing"][k % 3]
        rag = ["Green", "Amber", "Red"][k % 3]
        vals = [action, rag] if not b else [lead, action]
        extras.append(dict(zip(extra_heads, vals)))
        table.append([p["provision_id"], p["requirement_text"], w, ev, com] + vals)
    widths = [9, 40, 12, 40, 25, 28, 8] if not b else [10, 45, 12, 42, 24, 16, 30]
    wb = _sheet(table, widths, landscape=True)
    src = work / f"{name}_{variant}.xlsx"
    wb.save(src)
    pdf = soffice_to_pdf(src, work)
    truth = _truth(rows)
    find_pages(pdf, truth, header)
    return Fixture(name, variant, pdf, truth, notes={"extras": extras})


def form_2022(work: Path, variant: str) -> Fixture:
    """Family 9: the 2022 form with "Mandatory 'must'" / "Voluntary 'should'" and Stage sub-heading rows."""
    name = "form_2022"
    b = variant == "b"
    st = stages("2022")
    rows = _form_rows(name, variant, edition="2022", commentary=False)
    # The form lists a section's "must" requirements, then its "should" ones.
    rows.sort(key=lambda r: (int(r[0]["section_number"]), r[0]["form_group"] != "must"))
    table = [["Code section", "Code requirement", "Comply: Yes / No", "Evidence, commentary and any explanations"]]
    merges, fills = [], {}
    obligation = stage = None
    section = None
    for p, w, ev, _ in rows:
        if p["section_number"] != section:
            section = p["section_number"]
            table.append([f"Section {section}: {p['section_title']}", "", "", ""])
            merges.append(len(table))
            fills[len(table)] = "BDD7EE"
            obligation = stage = None
        ob = p["form_group"]
        if ob and ob != obligation:
            obligation = ob
            table.append(["Mandatory 'must' requirements" if ob == "must" else "Voluntary 'should' requirements",
                          "", "", ""])
            merges.append(len(table))
            fills[len(table)] = "EDEDED"
        s = st.get(p["provision_id"])
        if s and s != stage:
            stage = s
            table.append([f"Stage {s}", "", "", ""])
            merges.append(len(table))
        table.append([p["provision_id"], p["requirement_text"], w, ev])
    widths = [10, 50, 14, 55] if not b else [12, 45, 12, 60]
    wb = _sheet(table, widths, landscape=not b, fills=fills, merges=merges)
    src = work / f"{name}_{variant}.xlsx"
    wb.save(src)
    pdf = soffice_to_pdf(src, work)
    truth = _truth(rows)
    find_pages(pdf, truth, table[0])
    return Fixture(name, variant, pdf, truth)


# ------------------------------------------------------------------ reports whose action plans look like the form

# Improvement actions numbered like provisions, under a header that names the form's columns:
# (number, action, status, progress).  Their wording is the landlord's own, never the Code's.
_PLAN_A = [
    ("2.1", "Faster stage 2 responses through a dedicated reviewer", "In progress", "Reviewer post advertised"),
    ("3.4", "Translate the complaints leaflet into the five most spoken community languages", "Partially",
     "Two translations printed"),
    ("5.7", "Give every caseworker a caseload dashboard refreshed overnight", "In progress", "Pilot with one team"),
    ("6.3", "Ring residents before closing a stage 1 case to check they agree", "Yes", "Done since October"),
    ("8.2", "Add a learning log to the quarterly performance pack", "Partially", "Template agreed"),
]
_PLAN_B = [
    ("1.3", "Simplify the online form so a complaint takes three minutes to send", "In progress",
     "Design sprint booked"),
    ("4.2", "Recruit two more complaint investigators for the repairs service", "Yes", "Both started in July"),
    ("6.9", "Cut the backlog of overdue stage 1 cases to under twenty", "Partially", "Forty-one cases left"),
    ("7.1", "Agree a compensation matrix with the finance team", "In progress", "Draft with finance"),
    ("9.5", "Invite tenants to mystery shop the complaints line twice a year", "No", "Budget bid refused"),
]
# Dated commitments in an extra column of the form: (action, lead, due), written here, never the seeds'.
_NEXT_A = [("Send the revised letter templates to the tenant readers' group", "Customer Insight Officer",
            "31 March 2026"),
           ("Publish the stage timescales on the housing app", "Digital Services Lead", "June 2026"),
           ("Run refresher sessions for the out-of-hours call handlers", "Training Coordinator", "2026/27")]
_NEXT_B = [("Move the complaint acknowledgement text into the new CRM", "Systems Manager", "September 2026"),
           ("Brief the repairs contractor's supervisors on the remedies policy", "Contracts Manager",
            "31 December 2026"),
           ("Add the Ombudsman's contact details to every closure email", "Head of Resident Services", "2026/27")]


def report_plans(work: Path, variant: str) -> Fixture:
    """Family 1 again, as Word and LibreOffice print it, with the hard case: the action
    plan's header names the form's columns ("Code provision | Requirement and action |
    Status | Evidence and comments"), its items are numbered like provisions and its status
    column holds claims.  The form in the appendix has a "Next steps / lead / by when"
    column whose dated commitments the commentary analysis reads."""
    name = "report_plans"
    b = variant == "b"
    d = _new_document("Cambria" if b else "Candara", 10 if b else 10.5, landscape=b, margin_cm=2.4 if b else 1.9)
    d.add_heading("Complaints annual report and self-assessment" + (" 2025" if b else ""), 0)
    _narrative(d, 3, variant)
    d.add_heading("Our complaint numbers", 1)
    _form_table(d, ["Quarter", "Stage 1 received", "Stage 2 received", "Answered on time"],
                [["Q1", "118", "17", "91%"], ["Q2", "126", "22", "88%"], ["Q3", "109", "15", "93%"],
                 ["Q4", "131", "20", "90%"]], [4, 3.5, 3.5, 3.5], repeat=False)
    _narrative(d, 2, variant)
    d.add_heading("Improvement plan", 1)
    plan = _PLAN_B if b else _PLAN_A
    head = (["Provision", "Requirement / action", "Compliance status", "Evidence"] if b else
            ["Code provision", "Requirement and action", "Status", "Evidence and comments"])
    _form_table(d, head, [list(r) for r in plan], [2.0, 8.0, 3.0, 4.5] if b else [1.8, 7.0, 2.6, 4.4],
                repeat=False)
    _narrative(d, 2, variant)
    d.add_page_break()
    d.add_heading("Appendix: our self-assessment against the Code", 1)
    rows = _form_rows(name, variant, sections={"1", "3", "5", "6"} if not b else {"2", "4", "6", "7"})
    nexts = _NEXT_B if b else _NEXT_A
    headers = ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary",
               "Next steps / lead / by when" if not b else "Action, lead officer and by when"]
    body, notes = [], []
    for k, (p, w, ev, com) in enumerate(rows):
        action, lead, due = nexts[k % len(nexts)] if k % 4 == 1 else ("", "", "")
        cell = f"{action}. Lead: {lead}. By {due}." if action else ""
        body.append([p["provision_id"], p["requirement_text"], w, ev, com, cell])
        if action:
            notes.append({"provision_id": p["provision_id"], "action": action, "lead": lead, "due": due,
                          "header": headers[-1]})
    widths = [1.6, 4.6, 1.8, 4.2, 2.6, 3.2] if not b else [1.8, 6.4, 2.2, 6.2, 3.4, 4.6]
    _form_table(d, headers, body, widths)
    fx = _finish(work, name, variant, d, rows, header=headers)
    fx.notes = {"commitments": notes, "plan": [r[0] for r in plan]}
    return fx


_WEB_CSS = """
body {{ font-family: {font}; font-size: {size}pt; margin: 0 {margin}; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 10pt; }}
table.plain td, table.plain th {{ border: none; padding: 2px 6px; text-align: left; vertical-align: top; }}
table.form td, table.form th {{ border: 1px solid #444; padding: 4px; text-align: left; vertical-align: top; }}
.form-start {{ break-before: page; }}
@page {{ size: {page}; }}
"""


def report_web(work: Path, variant: str) -> Fixture:
    """Family 1 as a web page printed by Chromium: the report's KPI tables and its numbered
    action plan are laid out with no rules at all (borderless), the form that follows is ruled."""
    name = "report_web"
    b = variant == "b"
    css = _WEB_CSS.format(font="Verdana, sans-serif" if b else "'Times New Roman', serif", size=9 if b else 10.5,
                          margin="12mm" if b else "6mm", page="A4 landscape" if b else "A4")

    def plain(head: list[str], body: list[list[str]]) -> str:
        return ("<table class='plain'><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>"
                + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in body)
                + "</table>")

    prose = " ".join(_sentence(k, variant) for k in range(5))
    plan = _PLAN_B if b else _PLAN_A
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Annual complaints report</title>"
             f"<style>{css}</style></head><body>",
             "<h1>Annual complaints performance and service improvement report</h1>",
             f"<p>{html.escape(prose)}</p>", "<h2>Complaints by stage</h2>",
             plain(["Stage", "2023/24", "2024/25", "Upheld"],
                   [["Stage 1", "388", "402", "47%"], ["Stage 2", "54", "63", "39%"],
                    ["Escalated to the Ombudsman", "11", "8", "62%"]]),
             "<h2>Complaints by service</h2>",
             plain(["Service", "Number", "Share upheld"],
                   [["Responsive repairs", "233", "51%"], ["Estate services", "64", "28%"],
                    ["Lettings", "37", "19%"], ["Rents and service charges", "29", "33%"]]),
             f"<p>{html.escape(prose)}</p>", "<h2>What we will do next</h2>",
             plain(["Code provision", "Requirement and action", "Status", "Evidence and comments"],
                   [list(r) for r in plan]),
             f"<p>{html.escape(prose)}</p>",
             "<h2 class='form-start'>Self-assessment</h2>",
             "<table class='form'><thead><tr><th>Code provision</th><th>Code requirement</th><th>Comply</th>"
             "<th>Evidence</th><th>Commentary</th></tr></thead><tbody>"]
    rows = _form_rows(name, variant, sections={"1", "2", "4", "8"} if not b else {"3", "5", "9"})
    for p, w, ev, com in rows:
        parts.append(f"<tr><td>{p['provision_id']}</td><td>{html.escape(p['requirement_text'])}</td>"
                     f"<td>{w}</td><td>{html.escape(ev)}</td><td>{html.escape(com)}</td></tr>")
    parts.append("</tbody></table></body></html>")
    src = work / f"{name}_{variant}.html"
    src.write_text("\n".join(parts), encoding="utf-8")
    pdf = chromium_to_pdf(src, work, header_footer=False)
    truth = _truth(rows)
    find_pages(pdf, truth, ["Code provision", "Code requirement", "Comply", "Evidence", "Commentary"])
    return Fixture(name, variant, pdf, truth, notes={"plan": [r[0] for r in plan]})


FAMILIES = {
    "annual_report": annual_report,
    "wrapped_header": wrapped_header,
    "browser_print": browser_print,
    "tick_boxes": tick_boxes,
    "section_tables": section_tables,
    "extra_columns": extra_columns,
    "no_numbers": no_numbers,
    "form_2022": form_2022,
    "split_claims": split_claims,
    "report_plans": report_plans,
    "report_web": report_web,
}
TUNING, HELD_OUT = "a", "b"


def build(family: str, variant: str, cache: Path) -> Fixture:
    """Build a fixture once per cache directory (its PDF is reused when present)."""
    import pickle

    cache.mkdir(parents=True, exist_ok=True)
    saved = cache / f"{family}_{variant}.fixture"
    if saved.exists():
        return pickle.loads(saved.read_bytes())
    fx = FAMILIES[family](cache, variant)
    saved.write_bytes(pickle.dumps(fx))
    return fx


# ------------------------------------------------------------------ scoring (as ../shared/tools/score.py)


def score(fx: Fixture, responses: list[dict]) -> dict[str, float]:
    """rows_p, rows_r, comply, text and pages of chc's responses against the fixture's truth."""
    cands: dict[str, list[dict]] = {}
    for r in responses:
        r = dict(r, tokens=TOKEN.findall(f"{r.get('evidence') or ''} {r.get('commentary') or ''}".lower()))
        cands.setdefault(r.get("provision_id") or "", []).append(r)
    matched = comply_ok = text_ok = pages_ok = 0

    def has(toks, needle):
        n = len(needle)
        return any(toks[i:i + n] == needle for i in range(len(toks) - n + 1))

    for t in fx.rows:
        pool = cands.get(t.provision_id, [])
        if not pool:
            continue
        best = next((c for c in pool if has(c["tokens"], t.first_words)), pool[0])
        pool.remove(best)
        matched += 1
        comply_ok += best["comply"] == t.comply
        text_ok += has(best["tokens"], t.first_words) and has(best["tokens"], t.last_words)
        start, end = best["source_start"], best["source_end"]
        pages_ok += start == t.pages[0] and (end == t.pages[1] if t.evidence_runs_longest else end >= t.pages[1])
    n = len(responses)
    return {"rows_p": matched / n if n else 1.0, "rows_r": matched / len(fx.rows),
            "comply": comply_ok / matched if matched else 1.0, "text": text_ok / matched if matched else 1.0,
            "pages": pages_ok / matched if matched else 1.0, "n_pred": n, "n_truth": len(fx.rows)}
