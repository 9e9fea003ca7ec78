"""`chc report OUT.html`: one self-contained HTML file a person would rather read than SQL.

A cross-landlord page (a heatmap of the compliance matrix, how claims split,
the provisions landlords least often claim to meet) and a page per landlord
(its self-assessments, claims to look at first, commitments and whether they
are past due, what it omits, what changed between editions, every claim).
No scripts, fonts or images are fetched: styles are inline, charts are HTML.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

import duckdb

from pipeline import __version__
from pipeline.outputs.landlord import CLAIMS, LandlordProfile, build_profile, landlords, resolve
from pipeline.outputs.query import open_db, records

CLAIM_LABEL = {"yes": "yes", "partial": "partial", "in_progress": "in progress", "no": "no",
               "not_applicable": "not applicable", "not_stated": "not stated"}
COLOURS = {"yes": "#1a9850", "yes-thin": "#a6d96a", "partial": "#fee08b", "in_progress": "#fdae61",
           "no": "#d73027", "not_applicable": "#74add1", "not_stated": "#9e9ac8"}
REASON_LABEL = {"yes_without_evidence": "yes, no evidence", "claim_conflict": "claim contradicted by its text",
                "yes_low_specificity": "yes, unspecific evidence", "number_corrected": "number repaired"}
DUE_LABEL = {"passed": "past due", "due_now": "due now", "not_yet_due": "not yet due", "no_date": "no date"}

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d2327;margin:0;background:#f6f7f9}
header.top{background:#123047;color:#fff;padding:18px 28px}
header.top h1{margin:0 0 4px;font-size:24px}
header.top p{margin:0;color:#cfe0ee}
nav{background:#fff;border-bottom:1px solid #dde1e6;padding:8px 28px;position:sticky;top:0;z-index:2}
nav a{margin-right:14px;color:#0b5cad;text-decoration:none;white-space:nowrap}
main{padding:8px 28px 40px;max-width:1500px}
section.page{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:6px 22px 22px;margin:20px 0}
h2{font-size:21px;border-bottom:2px solid #123047;padding-bottom:4px}
h3{font-size:17px;margin-top:26px}
table{border-collapse:collapse;margin:8px 0}
table.data th,table.data td{border-bottom:1px solid #e3e6ea;padding:4px 8px;text-align:left;vertical-align:top}
table.data th{background:#eef1f4;font-weight:600}
td.num,th.num{text-align:right}
.muted{color:#68737d}
.small{font-size:13px}
.heatmap{border-spacing:1px;border-collapse:separate}
.heatmap th{font-size:9px;font-weight:500;color:#444;padding:0}
.heatmap th.sec{border-bottom:2px solid #123047;text-align:left;font-size:11px;padding-left:1px}
.heatmap th.row{text-align:right;padding-right:8px;font-size:13px;white-space:nowrap}
.heatmap td{width:12px;min-width:12px;max-width:12px;height:22px;padding:0;text-align:center;font-size:10px;font-weight:700;color:#fff}
.heatmap tr.focus th.row{font-weight:800;color:#000}
.heatmap tr.focus td{outline:1px solid #000}
.c-yes{background:#1a9850}.c-yes-thin{background:#a6d96a}.c-partial{background:#fee08b}.c-in_progress{background:#fdae61}
.c-no{background:#d73027}.c-not_applicable{background:#74add1}.c-not_stated{background:#9e9ac8}
.c-not_answered{background:#eceff1}
.c-new_in_2024,.c-not_on_2022_form{background:repeating-linear-gradient(45deg,#eceff1,#eceff1 3px,#fff 3px,#fff 6px)}
.heatmap td.conflict{color:#000;box-shadow:inset 0 0 0 2px #000}
.legend span.sw{display:inline-block;width:14px;height:14px;vertical-align:-2px;margin:0 4px 0 12px;border:1px solid #ccc}
.bar{display:flex;height:16px;min-width:260px;border:1px solid #ccc;border-radius:2px;overflow:hidden}
.bar span{display:block;height:100%}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.b-passed{background:#fde0dd;color:#a50f15}.b-due_now{background:#fff3bf;color:#7a5b00}
.b-not_yet_due{background:#e5f5e0;color:#1b5e20}.b-no_date{background:#eceff1;color:#444}
.claim{display:inline-block;padding:1px 7px;border-radius:3px;font-size:12px;font-weight:600;color:#000}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:10px 0}
.card{border:1px solid #dde1e6;border-radius:6px;padding:10px 14px;min-width:150px;background:#fbfcfd}
.card b{display:block;font-size:24px;color:#123047}
details summary{cursor:pointer;color:#0b5cad}
blockquote{margin:4px 0;padding:2px 10px;border-left:3px solid #c5ccd3;color:#333;white-space:pre-wrap}
"""


def e(v: Any) -> str:
    return html.escape("" if v is None else str(v))


def slug(label: str) -> str:
    return "landlord-" + (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "unnamed")


def clip(text: str | None, n: int = 220) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"


def report(db: Path | str, out: Path | str, landlord: str | None = None,
           as_of: dt.date | None = None) -> Path:
    """Write the HTML report for every landlord (or the one `landlord` names) to `out`."""
    as_of = as_of or dt.date.today()
    out = Path(out)
    con = open_db(db)
    try:
        focus = resolve(con, landlord) if landlord else None
        labels = [focus] if focus else landlords(con)
        profiles = [build_profile(con, label, as_of) for label in labels]
        low = con.execute("SELECT low_specificity()").fetchall()[0][0]
        overview = _overview(con, focus, as_of, low)
        meta = records(con, "SELECT count(*) AS documents, count(DISTINCT landlord_label) AS landlords, "
                            "sum(rows) AS rows FROM assessments")[0]
    finally:
        con.close()
    title = f"{focus}: Complaint Handling Code self-assessment" if focus else \
        "Complaint Handling Code self-assessments across landlords"
    nav = [("overview", "All landlords")] + [(slug(p.name), p.name) for p in profiles]
    pages = [_landlord_page(p) for p in profiles]
    body = ([pages[0], overview] if focus else [overview] + pages)
    doc = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="chc {e(__version__)}">
<title>{e(title)}</title>
<style>{CSS}</style></head>
<body>
<header class="top"><h1>{e(title)}</h1>
<p>{meta['documents']} self-assessments from {meta['landlords']} landlords, {meta['rows'] or 0} provision rows.
Commitments judged as of {as_of.isoformat()}. Generated by chc {e(__version__)} from {e(Path(db).name)}.</p></header>
<nav>{''.join(f'<a href="#{e(i)}">{e(t)}</a>' for i, t in nav)}</nav>
<main>
{''.join(body)}
</main></body></html>
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(doc, encoding="utf-8")
    return out


# --------------------------------------------------------------------------- cross-landlord page

def _overview(con: duckdb.DuckDBPyConnection, focus: str | None, as_of: dt.date, low: float) -> str:
    matrix = records(con, "SELECT * FROM compliance_matrix ORDER BY code_version DESC, landlord_label, doc_id, sort_order")
    provisions = records(con, "SELECT provision_id, section_number, section_title, obligation, requirement_text "
                              "FROM provisions WHERE code_version = '2024' AND in_self_assessment ORDER BY sort_order")
    docs = records(con, "SELECT a.*, c.answered, c.omitted, c.unaligned, "
                        "(SELECT count(*) FROM claims_to_check k WHERE k.doc_id = a.doc_id) AS to_check, "
                        "(SELECT count(*) FROM commitments m WHERE m.doc_id = a.doc_id) AS commitments, "
                        "(SELECT count(*) FROM commitments_due(?::DATE) m WHERE m.doc_id = a.doc_id "
                        "AND m.due_status = 'passed') AS past_due "
                        "FROM assessments a JOIN coverage c USING (doc_id) "
                        "ORDER BY a.code_version DESC, a.landlord_label, a.doc_id", [as_of])
    claims = records(con, "SELECT doc_id, comply, count(*) AS n FROM responses GROUP BY ALL")
    shares = records(con, "SELECT * FROM claim_shares ORDER BY code_version DESC, answers DESC")
    # The bars need counts, not rounded shares: the same grouping as claim_shares, counted.
    split = defaultdict(Counter)
    for r in records(con, "SELECT r.code_version, coalesce(p.form_group, p.obligation) AS obligation, r.comply, "
                          "count(*) AS n FROM responses r JOIN provisions p USING (code_version, provision_id) "
                          "GROUP BY ALL"):
        split[(r["code_version"], r["obligation"])][r["comply"]] = r["n"]
    by_doc: dict[str, Counter] = defaultdict(Counter)
    for c in claims:
        by_doc[c["doc_id"]][c["comply"]] = c["n"]

    parts = ['<section class="page" id="overview"><h2>All landlords</h2>']
    parts.append('<p>Each self-assessment answers the Code provision by provision. Below, every answer is placed '
                 'in 2024 numbering: a landlord that used the 2022 form has its answers carried across through '
                 'the crosswalk (relation shown when you hover a cell).</p>')
    # summary table
    parts.append('<h3>The self-assessments</h3><table class="data" id="assessments"><tr><th>landlord</th>'
                 '<th>edition</th><th>period</th><th class="num">rows</th><th>claims</th>'
                 '<th class="num">omitted</th><th class="num">to check</th><th class="num">commitments</th>'
                 '<th class="num">past due</th></tr>')
    for d in docs:
        parts.append(f'<tr data-doc="{e(d["doc_id"])}"><td><a href="#{e(slug(d["landlord_label"]))}">'
                     f'{e(d["landlord_label"])}</a></td><td>{e(d["code_version"])}</td>'
                     f'<td>{e(d["assessed_period"] or "")}</td><td class="num">{d["rows"]}</td>'
                     f'<td>{_bar(by_doc[d["doc_id"]])}</td><td class="num">{d["omitted"]}</td>'
                     f'<td class="num">{d["to_check"]}</td><td class="num">{d["commitments"]}</td>'
                     f'<td class="num">{d["past_due"]}</td></tr>')
    parts.append("</table>")
    # heatmap
    parts.append('<h3>Compliance matrix</h3><p>One row per self-assessment, one column per provision of the 2024 '
                 'form, grouped by section. Colour is the claim; a black frame and "!" mark a claim its own '
                 'text contradicts; a pale green "yes" rests on unspecific evidence (specificity below '
                 f'{low}, the threshold of claims_to_check).</p>')
    parts.append(_legend())
    parts.append(_heatmap(matrix, provisions, focus, low))
    # claim shares
    parts.append('<h3>How the claims split</h3><p>All answers, by edition answered and by whether the provision '
                 'is a must or a should.</p><table class="data" id="claim-shares"><tr><th>edition</th>'
                 '<th>obligation</th><th class="num">answers</th><th>claims</th><th class="num">yes</th></tr>')
    for s in shares:
        counts = split[(s["code_version"], s["obligation"])]
        assert sum(counts.values()) == s["answers"]
        parts.append(f'<tr><td>{e(s["code_version"])}</td><td>{e(s["obligation"])}</td>'
                     f'<td class="num">{s["answers"]}</td><td>{_bar(counts)}</td>'
                     f'<td class="num">{(s["share_yes"] or 0) * 100:.0f}%</td></tr>')
    parts.append("</table>")
    # weakest provisions
    weak = _weakest(matrix, provisions)
    parts.append('<h3>Provisions least often claimed in full</h3><p>2024 provisions ranked by the share of '
                 'answers that are not a plain yes (answers to 2022 provisions carried across).</p>'
                 '<table class="data" id="weakest"><tr><th>provision</th><th>requirement</th>'
                 '<th class="num">answers</th><th>claims</th><th class="num">not yes</th></tr>')
    for w in weak:
        parts.append(f'<tr><td>{e(w["provision_id"])}</td><td class="small">{e(clip(w["requirement_text"], 160))}</td>'
                     f'<td class="num">{w["answers"]}</td><td>{_bar(w["counts"])}</td>'
                     f'<td class="num">{w["not_yes"]}</td></tr>')
    if not weak:
        parts.append('<tr><td colspan="5" class="muted">Every answer is a plain yes.</td></tr>')
    parts.append("</table></section>")
    return "".join(parts)


def _legend() -> str:
    items = [("c-yes", "yes"), ("c-yes-thin", "yes, unspecific evidence"), ("c-partial", "partial"),
             ("c-in_progress", "in progress"), ("c-no", "no"), ("c-not_stated", "not stated"),
             ("c-not_applicable", "not applicable"), ("c-not_answered", "not answered"),
             ("c-new_in_2024", "no 2022 form row to carry across (new in 2024)")]
    return '<p class="legend small">' + "".join(
        f'<span class="sw {c}"></span>{e(t)}' for c, t in items) + "</p>"


def _cell_class(c: dict[str, Any], low: float) -> str:
    if c["cell"] != "answered":
        return "c-" + c["cell"]
    if c["comply"] == "yes" and c["specificity"] is not None and c["specificity"] < low:
        return "c-yes-thin"
    return "c-" + c["comply"]


def _heatmap(matrix: list[dict], provisions: list[dict], focus: str | None, low: float) -> str:
    sections: list[tuple[int, int, str]] = []
    for p in provisions:
        if sections and sections[-1][0] == p["section_number"]:
            n, k, t = sections[-1]
            sections[-1] = (n, k + 1, t)
        else:
            sections.append((p["section_number"], 1, p["section_title"]))
    rows: dict[str, list[dict]] = {}
    for c in matrix:
        rows.setdefault(c["doc_id"], []).append(c)
    out = ['<div style="overflow-x:auto"><table class="heatmap" id="heatmap"><tr><th></th>']
    out += [f'<th class="sec" colspan="{k}" title="{e(t)}">{n}</th>' for n, k, t in sections]
    out.append("</tr><tr><th></th>")
    out += [f'<th title="{e(p["provision_id"])}">{e(p["provision_id"].split(".", 1)[1])}</th>' for p in provisions]
    out.append("</tr>")
    for doc_id, cells in rows.items():
        label = cells[0]["landlord_label"]
        cls = ' class="focus"' if focus and label == focus else ""
        out.append(f'<tr{cls} data-doc="{e(doc_id)}"><th class="row"><a href="#{e(slug(label))}">{e(label)}</a> '
                   f'<span class="muted">{e(cells[0]["code_version"])}</span></th>')
        for c in cells:
            tip = [f'{label} ({c["code_version"]} edition), provision {c["provision_2024"]}']
            if c["cell"] == "answered":
                tip.append(f'claim: {CLAIM_LABEL[c["comply"]]}')
                if c["code_version"] == "2022":
                    tip.append(f'from 2022 {c["answered_as"]} ({c["relation"]})')
                if c["specificity"] is not None:
                    tip.append(f'specificity {c["specificity"]:.2f}')
                if c["claim_conflict"]:
                    tip.append("its own text contradicts the claim")
            else:
                tip.append(c["cell"].replace("_", " "))
            conflict = bool(c["claim_conflict"])
            out.append(f'<td class="{_cell_class(c, low)}{" conflict" if conflict else ""}" '
                       f'data-provision="{e(c["provision_2024"])}" data-claim="{e(c["comply"] or c["cell"])}" '
                       f'title="{e("; ".join(tip))}">{"!" if conflict else ""}</td>')
        out.append("</tr>")
    out.append("</table></div>")
    return "".join(out)


def _bar(counts: dict[str, int] | Counter) -> str:
    total = sum(counts.get(k, 0) for k in CLAIMS)
    if not total:
        return '<span class="muted">-</span>'
    spans = "".join(
        f'<span style="width:{100 * counts.get(k, 0) / total:.2f}%;background:{COLOURS[k]}" '
        f'title="{e(CLAIM_LABEL[k])}: {counts.get(k, 0)}"></span>'
        for k in CLAIMS if counts.get(k, 0))
    text = ", ".join(f"{CLAIM_LABEL[k]} {counts[k]}" for k in CLAIMS if counts.get(k, 0))
    return f'<div class="bar" role="img" aria-label="{e(text)}">{spans}</div><span class="small muted">{e(text)}</span>'


def _weakest(matrix: list[dict], provisions: list[dict], n: int = 12) -> list[dict]:
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


# --------------------------------------------------------------------------- landlord page

def _landlord_page(p: LandlordProfile) -> str:
    sid = slug(p.name)
    edition = {d["doc_id"]: d["code_version"] for d in p.documents}

    def pid(row: dict) -> str:
        """The provision number; with its edition when the landlord answered more than one form."""
        text = e(row["provision_id"] or "-")
        if len(p.documents) > 1:
            text += f' <span class="muted small">{e(edition[row["doc_id"]])}</span>'
        return text

    parts = [f'<section class="page landlord" id="{e(sid)}"><h2>{e(p.name)}</h2>']
    past = sum(1 for c in p.commitments if c["due_status"] == "passed")
    cards = [("self-assessments", len(p.documents)), ("claims", len(p.answers)),
             ("claims to check", len({(c["doc_id"], c["row_no"]) for c in p.to_check})),
             ("commitments", len(p.commitments)), ("past due", past), ("provisions omitted", len(p.omitted))]
    parts.append('<div class="cards">' + "".join(
        f'<div class="card" data-card="{e(t)}"><b>{v}</b>{e(t)}</div>' for t, v in cards) + "</div>")
    # documents
    parts.append('<h3>Self-assessments</h3><table class="data docs"><tr><th>document</th><th>edition</th>'
                 '<th>period</th><th class="num">rows</th><th class="num">answered</th><th class="num">omitted</th>'
                 '<th class="num">not aligned</th><th>claims</th></tr>')
    for d in p.documents:
        src = f' <a class="small" href="{e(d["source_url"])}">source</a>' if web_link(d.get("source_url")) else ""
        parts.append(f'<tr data-doc="{e(d["doc_id"])}"><td>{e(d["file_name"])}{src}</td><td>{e(d["code_version"])}</td>'
                     f'<td>{e(d["assessed_period"] or "")}</td><td class="num">{d["rows"]}</td>'
                     f'<td class="num">{d["answered"]} of {d["form_rows"]}</td><td class="num">{d["omitted"]}</td>'
                     f'<td class="num">{d["unaligned"]}</td><td>{_bar(p.claim_counts(d["doc_id"]))}</td></tr>')
    parts.append("</table>")
    # weak claims
    parts.append(f'<h3>Claims to look at first</h3>')
    if p.to_check:
        parts.append('<table class="data to-check"><tr><th>why</th><th>provision</th><th>claim</th>'
                     '<th class="num">specificity</th><th>detail</th><th>what the landlord wrote</th></tr>')
        empty = [c for c in p.to_check if c["reason"] == "yes_without_evidence"]
        if empty:
            # One line for all of them: the same finding, nothing to quote.
            ids = [c["provision_id"] or "-" for c in empty]
            parts.append(f'<tr data-reason="yes_without_evidence" data-provisions="{e(" ".join(ids))}">'
                         f'<td>{e(REASON_LABEL["yes_without_evidence"])}</td><td>{e(", ".join(ids))}</td>'
                         f'<td>{_claim("yes")}</td><td class="num"></td>'
                         f'<td class="small">{len(empty)} provision{"s" if len(empty) != 1 else ""} claimed with '
                         f'no evidence or commentary at all</td><td class="small"><span class=muted>(nothing)</span>'
                         f'</td></tr>')
        for c in p.to_check:
            if c["reason"] == "yes_without_evidence":
                continue
            said = clip(" | ".join(x for x in (c["evidence"], c["commentary"]) if x and x.strip()), 240)
            spec = "" if c["specificity"] is None else f'{c["specificity"]:.2f}'
            parts.append(f'<tr data-reason="{e(c["reason"])}" data-provision="{e(c["provision_id"] or "")}">'
                         f'<td>{e(REASON_LABEL.get(c["reason"], c["reason"]))}</td><td>{pid(c)}</td>'
                         f'<td>{_claim(c["comply"])}</td><td class="num">{spec}</td>'
                         f'<td class="small">{e(clip(c["detail"], 260))}</td>'
                         f'<td class="small">{e(said) or "<span class=muted>(nothing)</span>"}</td></tr>')
        parts.append("</table>")
    else:
        parts.append('<p class="muted">Nothing flagged: every yes has evidence, no claim is contradicted by its '
                     'own text, and every printed number matched.</p>')
    # commitments
    due = Counter(c["due_status"] for c in p.commitments)
    parts.append(f'<h3>Commitments</h3><p>What the landlord says it will do or is doing, judged as of '
                 f'{p.as_of.isoformat()}: ' + (", ".join(f"{DUE_LABEL[k]} {due[k]}" for k in DUE_LABEL if due[k])
                                                 or "none found") + ".</p>")
    if p.commitments:
        parts.append('<table class="data commitments"><tr><th>status</th><th>provision</th><th>due</th>'
                     '<th>commitment</th></tr>')
        for c in p.commitments:
            when = "" if c["due_by"] is None else (
                c["due_by"].isoformat() if c["due_from"] == c["due_by"] or c["due_from"] is None
                else f'{c["due_from"].isoformat()} to {c["due_by"].isoformat()}')
            parts.append(f'<tr data-status="{e(c["due_status"])}"><td><span class="badge b-{e(c["due_status"])}">'
                         f'{e(DUE_LABEL[c["due_status"]])}</span></td><td>{pid(c)}</td>'
                         f'<td class="small">{e(when)}</td><td class="small">{e(clip(c["commitment"], 300))}</td></tr>')
        parts.append("</table>")
    # coverage
    parts.append('<h3>Coverage</h3>')
    if p.omitted:
        parts.append(f'<p>{len(p.omitted)} provision{"s" if len(p.omitted) != 1 else ""} of the form '
                     f'{"are" if len(p.omitted) != 1 else "is"} not answered:</p><table class="data omitted">'
                     '<tr><th>document</th><th>edition</th><th>provision</th><th>obligation</th><th>requirement</th></tr>')
        for o in p.omitted:
            parts.append(f'<tr data-provision="{e(o["provision_id"])}"><td>{e(o["file_name"])}</td>'
                         f'<td>{e(o["code_version"])}</td><td>{e(o["provision_id"])}</td><td>{e(o["obligation"] or "")}</td>'
                         f'<td class="small">{e(clip(o["requirement_text"], 200))}</td></tr>')
        parts.append("</table>")
    else:
        parts.append('<p class="omitted-none">Every provision of the form is answered.</p>')
    if p.unaligned:
        parts.append(f'<p>{len(p.unaligned)} row(s) could not be matched to a provision:</p>'
                     '<table class="data unaligned"><tr><th>document</th><th>row</th><th>printed</th>'
                     '<th>requirement as printed</th><th>source lines/pages</th></tr>')
        for u in p.unaligned:
            parts.append(f'<tr><td>{e(u["file_name"])}</td><td>{u["row_no"]}</td><td>{e(u["printed_id"])}</td>'
                         f'<td class="small">{e(clip(u["requirement_text"], 200))}</td>'
                         f'<td>{e(u["source_start"])}-{e(u["source_end"])}</td></tr>')
        parts.append("</table>")
    # over time
    if p.changes:
        moved = Counter(c["change"] for c in p.changes)
        parts.append('<h3>2022 edition to 2024 edition</h3><p>' + ", ".join(
            f'{e(k.replace("_", " "))}: {v}' for k, v in sorted(moved.items())) + '.</p>'
            '<table class="data changes"><tr><th>provision</th><th>2022 as</th><th>2022 claim</th>'
            '<th>2024 claim</th><th>change</th></tr>')
        for c in p.changes:
            if c["change"] == "claim_same":
                continue
            parts.append(f'<tr data-change="{e(c["change"])}"><td>{e(c["provision_2024"])}</td>'
                         f'<td>{e(c["provisions_2022"] or "-")}</td><td>{_claim(c["claim_2022"])}</td>'
                         f'<td>{_claim(c["claim_2024"])}</td><td>{e(c["change"].replace("_", " "))}</td></tr>')
        parts.append("</table>")
    # every claim
    parts.append(f'<h3>Every claim</h3><details><summary>Show all {len(p.answers)} answers</summary>'
                 '<table class="data answers"><tr><th>provision</th><th>requirement</th><th>claim</th>'
                 '<th class="num">specificity</th><th>evidence and commentary</th></tr>')
    for a in p.answers:
        spec = "" if a["specificity"] is None else f'{a["specificity"]:.2f}'
        said = "".join(f"<blockquote>{e(x.strip())}</blockquote>" for x in (a["evidence"], a["commentary"])
                       if x and x.strip())
        flag = ' <b title="its own text contradicts the claim">!</b>' if a["claim_conflict"] else ""
        parts.append(f'<tr data-provision="{e(a["provision_id"] or "")}"><td>{pid(a)}</td>'
                     f'<td class="small">{e(clip(a["provision_text"], 140))}</td><td>{_claim(a["comply"])}{flag}</td>'
                     f'<td class="num">{spec}</td><td class="small">{said or "<span class=muted>(nothing)</span>"}</td></tr>')
    parts.append("</table></details></section>")
    return "".join(parts)


def _claim(claim: str | None) -> str:
    if claim is None:
        return '<span class="muted">-</span>'
    return f'<span class="claim" style="background:{COLOURS[claim]}">{e(CLAIM_LABEL[claim])}</span>'


def web_link(url: str | None) -> bool:
    """Only http(s) addresses become links: a manifest's javascript: or data: URL would run when clicked."""
    from urllib.parse import urlsplit

    return bool(url) and urlsplit(url.strip()).scheme.lower() in ("http", "https") and "//" in url
