"""`chc report DIR --site`: the report as a small static site, for more landlords than one page holds.

    DIR/index.html               every self-assessment, how claims split, the weakest and dropped provisions
    DIR/matrix.html              the compliance matrix (one row per self-assessment)
    DIR/landlords/index.html     every landlord;  DIR/landlords/<landlord>.html  one page per landlord
    DIR/provisions/index.html    every 2024 form provision;  DIR/provisions/<id>.html  its answers
    DIR/report.css, DIR/search.js

Every page links with relative paths, so the folder opens from disk (file://) or from any static web
server, and can be copied or zipped whole.  The search box needs no server: search.js holds the index as
a JavaScript value (a page opened from disk may load a script, but Chromium refuses it fetch() of a
file:// URL) and the few lines that filter it.  Nothing is fetched from elsewhere.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import UsageError
from pipeline.outputs.report.data import ReportData
from pipeline.outputs.report.render import (
    CLAIM_CSS, CLAIM_LABEL, Links, _bar, _claim, _landlord_page, _matrix_section, _overview, assessment_anchor,
    clip, css, e, landlord_slugs, link, site_page,
)

# The site's own furniture: a search box in the navigation bar and the list of hits under it.
SITE_CSS = """
nav form.search{display:inline-block;margin-left:10px}
nav form.search input{font:inherit;padding:2px 6px;width:260px;max-width:60vw}
.hits{background:#fff;border-bottom:1px solid #dde1e6;padding:6px 28px}
.hits ul{margin:4px 0;padding-left:18px}
.hits .kind{color:#68737d;font-size:12px;margin-left:6px}
@media print{nav form.search,.hits{display:none}}
"""

# Loaded by every page after the index it follows; filters the index as the reader types, and runs a
# search given in the address (index.html?q=words), so a search can be linked to.
SEARCH_JS = r"""
(function () {
  var q = document.getElementById("q"), hits = document.getElementById("hits");
  if (!q || !hits || !window.CHC_INDEX) return;
  var root = q.getAttribute("data-root") || "";
  function norm(s) { return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); }
  var items = window.CHC_INDEX.map(function (x) {
    return {title: x[0], kind: x[1], url: x[2], text: norm(x[0] + " " + (x[3] || ""))};
  });
  function run() {
    var words = norm(q.value).split(/\s+/).filter(Boolean);
    hits.textContent = "";
    if (!words.length) { hits.hidden = true; return; }
    var found = items.filter(function (it) {
      return words.every(function (w) { return it.text.indexOf(w) >= 0; });
    });
    var head = document.createElement("p");
    head.className = "small muted";
    head.textContent = found.length + (found.length === 1 ? " match" : " matches") +
      (found.length > 50 ? ", the first 50 shown" : "");
    hits.appendChild(head);
    var ul = document.createElement("ul");
    found.slice(0, 50).forEach(function (it) {
      var li = document.createElement("li"), a = document.createElement("a"), k = document.createElement("span");
      a.href = root + it.url; a.textContent = it.title;
      k.className = "kind"; k.textContent = it.kind;
      li.appendChild(a); li.appendChild(k); ul.appendChild(li);
    });
    hits.appendChild(ul);
    hits.hidden = false;
  }
  q.addEventListener("input", run);
  var m = /[?&]q=([^&]*)/.exec(window.location.search);
  if (m) { q.value = decodeURIComponent(m[1].replace(/\+/g, " ")); run(); }
})();
"""


@dataclass
class SiteSummary:
    out: Path
    files: int
    bytes: int
    landlords: int
    provisions: int


def _check_target(out: Path) -> None:
    """Write into an empty or new folder, or over an earlier site; never into a folder of other files."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file: the site is written into a folder (give a new folder's name)")
    if out.is_dir() and any(out.iterdir()) and not (out / "search.js").exists():
        raise UsageError(f"{out} holds other files: give an empty or new folder for the site")


def write_site(data: ReportData, out: Path | str) -> SiteSummary:
    """Write the site for `data` (collected with site=True) into the folder `out`."""
    out = Path(out)
    _check_target(out)
    written: set[str] = set()
    total = 0
    # each page is written as soon as it is made: at national scale the pages together weigh more
    # than the data they are made from
    for name, text in site_pages(data):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = text.encode("utf-8")
        path.write_bytes(raw)
        total += len(raw)
        written.add(name)
    for stale in [*out.glob("landlords/*.html"), *out.glob("provisions/*.html")]:
        if stale.relative_to(out).as_posix() not in written:
            stale.unlink()  # a landlord or provision gone since the last run
    return SiteSummary(out, len(written), total, len(data.profiles), len(data.overview.provisions))


def site_pages(data: ReportData) -> Iterator[tuple[str, str]]:
    """Every file of the site, by its path relative to the site's folder, one at a time."""
    provisions = data.overview.provisions
    links = Links(landlord_slugs(data.profiles), site=True,
                  provisions=frozenset(p["provision_id"] for p in provisions))
    title = "Complaint Handling Code self-assessments across landlords"
    o = data.overview
    yield "report.css", css() + CLAIM_CSS + SITE_CSS
    yield "search.js", search_index(data, links) + SEARCH_JS
    yield "index.html", site_page(data, title, _overview(o, data.focus_key, links, heatmap=False), links)
    yield "matrix.html", site_page(data, "Compliance matrix", '<section class="page" id="matrix">'
                                   + _matrix_section(o, data.focus_key, links) + "</section>", links)
    sub = links.at(1)
    yield "landlords/index.html", site_page(data, "Landlords", _landlords_index(data, sub), sub)
    for p in data.profiles:
        yield f"landlords/{links.pages[p.key]}.html", site_page(data, p.name, _landlord_page(p, data.labels, sub), sub)
    by_provision: dict[str, list[dict]] = defaultdict(list)
    for c in o.matrix:
        by_provision[c["provision_2024"]].append(c)
    yield "provisions/index.html", site_page(data, "Provisions of the 2024 form",
                                             _provisions_index(provisions, by_provision, sub), sub)
    for p in provisions:
        yield f"provisions/{p['provision_id']}.html", site_page(
            data, f"Provision {p['provision_id']}", _provision_page(data, p, by_provision[p["provision_id"]], sub), sub)


def search_index(data: ReportData, links: Links) -> str:
    """The search index as a JavaScript value: [title, kind, url, more text to match], paths from the root."""
    names = data.site.names if data.site else {}
    entries: list[list[str]] = []
    for p in data.profiles:
        page = links.pages[p.key]
        entries.append([p.name, "landlord", f"landlords/{page}.html", " ".join(names.get(p.key, []))])
    for a in data.overview.docs:
        page = links.pages.get(a["landlord_key"])
        if page:
            entries.append([data.labels[a["assessment_id"]], f"{a['code_version']} self-assessment",
                            f"landlords/{page}.html#{assessment_anchor(a['assessment_id'])}",
                            " ".join([a["assessed_period"] or "", *a["file_names"]])])
    for p in data.overview.provisions:
        entries.append([f"{p['provision_id']} {clip(p['requirement_text'], 70)}", "provision",
                        f"provisions/{p['provision_id']}.html",
                        f"{p['section_title']} {p['requirement_text']}"])
    # "</" never closes anything in a .js file, but the index may be pasted into a page one day
    text = json.dumps(entries, ensure_ascii=True, separators=(",", ":")).replace("</", "<\\/")
    return f"window.CHC_INDEX = {text};\n"


def _landlords_index(data: ReportData, links: Links) -> str:
    out = ['<section class="page" id="landlords"><h2>Landlords</h2><table class="data" id="landlord-list"><tr>'
           '<th>landlord</th><th>landlord_id</th><th class="num">self-assessments</th><th class="num">files</th>'
           '<th class="num">claims to check</th></tr>']
    for p in data.profiles:
        out.append(f'<tr data-landlord="{e(p.key)}"><td>{link(links.landlord(p.key), e(p.name))}</td>'
                   f'<td class="small">{e(p.landlord_id or "")}</td><td class="num">{len(p.assessments)}</td>'
                   f'<td class="num">{len(p.documents)}</td>'
                   f'<td class="num">{sum(a["to_check"] for a in p.assessments)}</td></tr>')
    out.append("</table></section>")
    return "".join(out)


def _counts(cells: list[dict]) -> Counter:
    return Counter(c["comply"] for c in cells if c["cell"] == "answered")


def _provisions_index(provisions: list[dict], by_provision: dict[str, list[dict]], links: Links) -> str:
    out = ['<section class="page" id="provisions"><h2>Provisions of the 2024 form</h2><p>Each provision\'s '
           'answers across every self-assessment, 2022 answers carried across through the crosswalk.</p>'
           '<table class="data" id="provision-list"><tr><th>provision</th><th>requirement</th>'
           '<th class="num">answers</th><th>claims</th><th class="num">not yes</th></tr>']
    for p in provisions:
        counts = _counts(by_provision.get(p["provision_id"], []))
        n = sum(counts.values())
        out.append(f'<tr data-provision="{e(p["provision_id"])}"><td>'
                   f'{link(links.provision(p["provision_id"]), e(p["provision_id"]))}</td>'
                   f'<td class="small">{e(clip(p["requirement_text"], 160))}</td><td class="num">{n}</td>'
                   f'<td>{_bar(counts)}</td><td class="num">{n - counts.get("yes", 0)}</td></tr>')
    out.append("</table></section>")
    return "".join(out)


def _answer_link(data: ReportData, c: dict[str, Any], links: Links) -> str:
    label = data.labels.get(c["assessment_id"], c["landlord_label"])
    return link(links.landlord(c["landlord_key"], assessment_anchor(c["assessment_id"])), e(label))


def _provision_page(data: ReportData, p: dict, cells: list[dict], links: Links) -> str:
    pid = p["provision_id"]
    counts = _counts(cells)
    evidence = data.site.evidence if data.site else {}
    out = [f'<section class="page provision" id="provision-{e(pid)}"><h2>{e(pid)}: section {p["section_number"]}, '
           f'{e(p["section_title"])}</h2><blockquote>{e(p["requirement_text"])}</blockquote>'
           f'<p>{e(p["obligation"] or "")} provision; {sum(counts.values())} answers of {len(cells)} '
           f'self-assessments.</p>{_bar(counts)}']
    other = [c for c in cells if c["cell"] == "answered" and c["comply"] != "yes"]
    out.append(f'<h3>Answers other than a plain yes ({len(other)})</h3>')
    if other:
        out.append('<table class="data" id="not-yes"><tr><th>assessment</th><th>edition</th><th>answered as</th>'
                   '<th>claim</th><th class="num">specificity</th><th>what the landlord wrote</th></tr>')
        for c in other:
            spec = "" if c["specificity"] is None else f'{c["specificity"]:.2f}'
            said = clip(evidence.get((c["assessment_id"], pid)), 300)
            out.append(f'<tr data-assessment="{e(c["assessment_id"])}"><td>{_answer_link(data, c, links)}</td>'
                       f'<td>{e(c["code_version"])}</td><td>{e(c["answered_as"] or "")}'
                       f'{" (" + e(c["relation"]) + ")" if c["code_version"] == "2022" else ""}</td>'
                       f'<td>{_claim(c["comply"])}{" !" if c["claim_conflict"] else ""}</td>'
                       f'<td class="num">{spec}</td><td class="small">{e(said) or "<span class=muted>(nothing)</span>"}'
                       f'</td></tr>')
        out.append("</table>")
    shown = {id(c) for c in other}
    claimed_yes = [c for c in cells if c["cell"] == "answered" and id(c) not in shown]
    for title, ident, chosen in (
            (CLAIM_LABEL["yes"], "yes", claimed_yes),
            ("Not answered", "not-answered", [c for c in cells if c["cell"] == "not_answered"]),
            ("No 2022 form row to carry across", "not-on-form", [c for c in cells if c["cell"] not in
                                                                  ("answered", "not_answered")])):
        if chosen:
            out.append(f'<h3>{e(title)} ({len(chosen)})</h3><p class="small" id="{ident}">'
                       + ", ".join(_answer_link(data, c, links) for c in chosen) + "</p>")
    out.append("</section>")
    return "".join(out)


__all__ = ["SiteSummary", "write_site", "site_pages", "search_index"]
