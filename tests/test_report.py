"""`chc report`: the HTML is parsed and checked against the database; a real browser renders it."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from pipeline import cli
from pipeline.outputs.report import report, slug
from tests.comparison_fixtures import (  # noqa: F401
    GROUPED_ASSESSMENT, GROUPED_LANDLORD, SPELLINGS, SPELT_ID, dicts, grouped_db, paired_db, rows,
)

AS_OF = dt.date(2025, 1, 1)
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def full_report(seed_db, tmp_path_factory) -> Path:
    return report(seed_db, tmp_path_factory.mktemp("report") / "report.html", as_of=AS_OF)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_report_is_self_contained(full_report):
    page = soup(full_report)
    assert page.find("script") is None and page.find("link") is None and page.find("img") is None
    assert not [t for t in page.find_all(src=True)]
    css = page.find("style").get_text()
    assert "url(" not in css and "@import" not in css
    assert page.find("meta", charset="utf-8") is not None
    assert page.title.get_text() == "Complaint Handling Code self-assessments across landlords"
    # Internal links all land somewhere.
    ids = {t["id"] for t in page.find_all(id=True)}
    for a in page.find_all("a", href=True):
        if a["href"].startswith("#"):
            assert a["href"][1:] in ids, a["href"]


def test_heatmap_is_the_compliance_matrix(full_report, seed_db):
    page = soup(full_report)
    heat = page.find("table", id="heatmap")
    body = heat.find_all("tr", attrs={"data-assessment": True})
    matrix = {(d["assessment_id"], d["provision_2024"]): d for d in dicts(seed_db, "SELECT * FROM assessment_matrix")}
    assert len(body) == 5
    seen = 0
    for tr in body:
        cells = tr.find_all("td")
        assert len(cells) == 72
        for td in cells:
            m = matrix[(tr["data-assessment"], td["data-provision"])]
            assert td["data-claim"] == (m["comply"] or m["cell"])
            assert ("conflict" in td["class"]) == bool(m["claim_conflict"])
            assert (td.get_text() == "!") == bool(m["claim_conflict"])
            if m["comply"] == "yes" and m["specificity"] is not None and m["specificity"] < 0.2:
                assert "c-yes-thin" in td["class"]
            assert m["provision_2024"] in td["title"]
            seen += 1
    assert seen == len(matrix)
    # Section headers span their provisions: 9 sections, 72 columns.
    secs = heat.find_all("th", class_="sec")
    assert len(secs) == 9 and sum(int(th["colspan"]) for th in secs) == 72


def test_overview_tables(full_report, seed_db):
    page = soup(full_report)
    rows_ = page.find("table", id="assessments").find_all("tr", attrs={"data-assessment": True})
    assert len(rows_) == 5
    got = {tr["data-assessment"]: [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in rows_}
    for d in dicts(seed_db, "SELECT a.doc_id, a.landlord_label, a.code_version, a.rows, a.file_name, c.omitted, "
                            "(SELECT count(DISTINCT k.row_no) FROM claims_to_check k WHERE k.doc_id = a.doc_id) AS k, "
                            "(SELECT count(*) FROM claims_to_check k WHERE k.doc_id = a.doc_id "
                            " AND k.reason = 'no_claim') AS blank "
                            "FROM assessments a JOIN coverage c USING (doc_id)"):
        cells = got[d["doc_id"]]
        assert cells[0] == d["landlord_label"] and cells[1] == d["code_version"] and cells[4] == str(d["rows"])
        assert cells[3] == d["file_name"]
        assert cells[6] == str(d["omitted"]) and cells[7] == str(d["blank"]) and cells[8] == str(d["k"])
    shares = page.find("table", id="claim-shares").find_all("tr")[1:]
    want = {(ed, ob): (n, y) for ed, ob, n, y in rows(seed_db, "SELECT code_version, obligation, answers, share_yes "
                                                               "FROM claim_shares")}
    assert len(shares) == len(want)
    for tr in shares:
        ed, ob, n, bar, yes = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        assert int(n) == want[(ed, ob)][0] and yes == f"{want[(ed, ob)][1] * 100:.0f}%"
        # the bar's caption counts every answer: "yes 124, not stated 6, ..."
        assert sum(int(x) for x in re.findall(r"\d+", bar)) == int(n)
    weakest = [tr.find("td").get_text() for tr in page.find("table", id="weakest").find_all("tr")[1:]]
    assert 0 < len(weakest) <= 12 and len(set(weakest)) == len(weakest)


def test_overview_and_landlord_cards_give_the_same_counts(full_report, seed_db):
    """Somerset: 23 rows to check; the overview and its card both say 23 (24 before issue 15's
    commentary rules, under which one more "yes" rests on evidence above low_specificity())."""
    page = soup(full_report)
    for label, in rows(seed_db, "SELECT DISTINCT landlord_label FROM assessments WHERE landlord IS NOT NULL"):
        docs = [r[0] for r in rows(seed_db, "SELECT doc_id FROM assessments WHERE landlord_label = ?", [label])]
        overview = sum(int(page.find("table", id="assessments").find("tr", attrs={"data-assessment": d})
                           .find_all("td")[8].get_text()) for d in docs)
        card = page.find("section", id=slug(label)).find("div", attrs={"data-card": "claims to check"}).b.get_text()
        assert int(card) == overview, label
    somerset = page.find("section", id=slug("Somerset Council"))
    assert somerset.find("div", attrs={"data-card": "claims to check"}).b.get_text() == "23"
    # Somerset's 12 blank claims: listed to check, and the coverage no longer says every provision is answered
    assert len(somerset.find_all("tr", attrs={"data-reason": "no_claim"})) == 12
    assert "but 12 give no claim" in somerset.get_text(" ")


def test_dropped_2022_provisions_are_shown_with_their_relation(full_report, seed_db):
    table = soup(full_report).find("table", id="dropped")
    got = {tr["data-provision"]: [td.get_text(" ", strip=True) for td in tr.find_all("td")]
           for tr in table.find_all("tr", attrs={"data-provision": True})}
    want = dict(rows(seed_db, "SELECT provision_id, count(*) FROM compliance_matrix_own WHERE code_version = '2022' "
                              "AND provision_2024 IS NULL AND cell = 'answered' GROUP BY 1"))
    assert {k: int(v[3]) for k, v in got.items()} == want and sum(want.values()) == 36
    assert all(v[2] == "dropped_in_2024" for v in got.values())
    assert "no 2" in got["4.9"][4]  # two of 4.9's answers are No


def test_a_page_per_landlord_with_its_claims_weak_claims_commitments_and_coverage(full_report, seed_db):
    page = soup(full_report)
    labels = [l for (l,) in rows(seed_db, "SELECT DISTINCT landlord_label FROM assessments ORDER BY 1")]
    sections = page.find_all("section", class_="landlord")
    assert [s["id"] for s in sections] == [slug(l) for l in labels]
    for label, sec in zip(labels, sections):
        assert sec.find("h2").get_text() == label
        cards = {c["data-card"]: int(c.find("b").get_text()) for c in sec.find_all("div", class_="card")}
        n_answers = rows(seed_db, "SELECT count(*) FROM responses JOIN assessments USING (doc_id) "
                                  "WHERE landlord_label = ?", [label])[0][0]
        assert cards["claims"] == n_answers
        answers = sec.find("table", class_="answers").find_all("tr")[1:]
        assert len(answers) == n_answers
        want_check = Counter(rows(seed_db, "SELECT reason, coalesce(provision_id, '') FROM claims_to_check "
                                           "WHERE landlord_label = ?", [label]))
        table = sec.find("table", class_="to-check")
        got_check = Counter()
        for tr in (table.find_all("tr")[1:] if table else []):
            if tr["data-reason"] == "yes_without_evidence":  # one line listing them all
                assert "data-provision" not in tr.attrs
                got_check.update(("yes_without_evidence", pid) for pid in tr["data-provisions"].split())
                assert tr.find_all("td")[1].get_text() == ", ".join(tr["data-provisions"].split())
            else:
                got_check[(tr["data-reason"], tr["data-provision"])] += 1
        assert got_check == want_check
        want_due = Counter(s for (s,) in rows(seed_db, "SELECT due_status FROM commitments_due(?::DATE) "
                                                       "WHERE landlord_label = ?", [AS_OF, label]))
        table = sec.find("table", class_="commitments")
        got_due = Counter(tr["data-status"] for tr in table.find_all("tr")[1:]) if table else Counter()
        assert got_due == want_due
        assert cards["past due"] == want_due["passed"]
        omitted = [tr["data-provision"] for tr in sec.select("table.omitted tr[data-provision]")]
        assert omitted == [p for (p,) in rows(seed_db, "SELECT provision_id FROM omitted_provisions "
                                                       "WHERE landlord_label = ? ORDER BY sort_order", [label])]
        if not omitted:
            assert sec.find("p", class_="omitted-none") is not None


def test_commitment_statuses_read_as_words(full_report):
    page = soup(full_report)
    words = {"passed": "past due", "due_now": "due now", "not_yet_due": "not yet due", "no_date": "no date"}
    seen = set()
    for sec in page.find_all("section", class_="landlord"):
        for tr in sec.select("table.commitments tr[data-status]"):
            assert tr.find("span", class_="badge").get_text() == words[tr["data-status"]]
            seen.add(tr["data-status"])
        assert "judged as of 2025-01-01" in sec.get_text()
    # Wiltshire's "October 2024" proposals are past due by 2025.
    assert "passed" in seen and "no_date" in seen


def test_report_for_one_landlord(seed_db, tmp_path):
    out = tmp_path / "brent.html"
    r = CliRunner().invoke(cli.main, ["report", str(out), "--db", str(seed_db), "--landlord", "brent",
                                      "--as-of", "2024-09-01"], catch_exceptions=False)
    assert r.exit_code == 0 and r.output.strip() == f"wrote {out}"
    page = soup(out)
    sections = page.find_all("section", class_="page")
    assert [s["id"] for s in sections] == ["landlord-brent-council", "overview"]
    assert page.title.get_text() == "Brent Council: Complaint Handling Code self-assessment"
    focus = page.find("table", id="heatmap").find_all("tr", class_="focus")
    assert len(focus) == 1 and "Brent Council" in focus[0].get_text()
    assert "Commitments judged as of 2024-09-01" in page.find("header").get_text()


def test_report_over_time_section(paired_db, tmp_path):
    out = report(paired_db, tmp_path / "t.html", landlord="Testshire Council", as_of=AS_OF)
    sec = soup(out).find("section", id="landlord-testshire-council")
    changes = sec.find("table", class_="changes").find_all("tr")[1:]
    want = rows(paired_db, "SELECT provision_2024, change FROM landlord_changes WHERE change <> 'claim_same' "
                           "ORDER BY sort_order")
    assert [(tr.find("td").get_text(), tr["data-change"]) for tr in changes] == want
    # Two forms answered: every provision number says which edition it is numbered in.
    firsts = [tr.find_all("td")[1].get_text(" ", strip=True) for tr in sec.select("table.to-check tr[data-provision]")]
    assert firsts and all(re.fullmatch(r"\d+\.\d+ (2022|2024)", t) for t in firsts)
    assert sec.find("a", href="https://example.org/testshire-2022.pdf") is not None


def test_report_errors(seed_db, tmp_path):
    r = CliRunner().invoke(cli.main, ["report", str(tmp_path / "x.html"), "--db", str(seed_db), "--landlord", "zzz"])
    assert r.exit_code == 1 and "no landlord matches 'zzz'" in r.output and not (tmp_path / "x.html").exists()
    r = CliRunner().invoke(cli.main, ["report", str(tmp_path / "x.html"), "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 1 and "does not exist" in r.output


@pytest.mark.slow
def test_report_renders_in_a_real_browser(full_report, tmp_path):
    """Headless Chromium takes a screenshot; it must show the page, not a blank one."""
    if not CHROMIUM.exists():
        pytest.skip(f"no browser here: {CHROMIUM} is missing (.ci/run installs Debian's chromium; "
                    "apt-get install -y chromium to run this check)")
    from PIL import Image

    shot = tmp_path / "shot.png"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000", "--hide-scrollbars",
           f"--screenshot={shot}", full_report.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert shot.exists(), proc.stderr[-2000:]
    img = Image.open(shot).convert("RGB")
    assert img.size == (1400, 1000)
    colours = img.getcolors(maxcolors=img.size[0] * img.size[1])  # [(count, (r, g, b)), ...]
    total = img.size[0] * img.size[1]
    background = max(n for n, _ in colours) / total
    assert background < 0.9, "the screenshot is (almost) one colour: the page did not render"
    assert len(colours) > 50

    def near(c, rgb, tol=40):
        return all(abs(a - b) <= tol for a, b in zip(c, rgb))

    header = sum(n for n, c in colours if near(c, (0x12, 0x30, 0x47), 8))
    green = sum(n for n, c in colours if near(c, (0x1a, 0x98, 0x50), 12))
    assert header > 1400 * 40, "the dark title bar is missing"
    assert green > 2000, "no heatmap cells (green 'yes') in the first screen"
    shutil.copy(shot, full_report.with_suffix(".png"))  # kept beside the report for a human look


def _anchors_resolve(path: Path) -> None:
    page = soup(path)
    ids = {t["id"] for t in page.find_all(id=True)}
    links = [a["href"][1:] for a in page.find_all("a", href=True) if a["href"].startswith("#")]
    assert links and [x for x in links if x not in ids] == []


def test_no_broken_links_in_the_full_report_or_with_landlord(full_report, seed_db, tmp_path):
    _anchors_resolve(full_report)
    for name in ("brent", "Somerset"):
        out = report(seed_db, tmp_path / f"{name}.html", landlord=name, as_of=AS_OF)
        _anchors_resolve(out)


def test_each_assessment_has_a_label_of_its_own():
    from pipeline.outputs.report.data import assessment_labels

    def one(key, landlord, period, file):
        return {"assessment_id": key, "landlord_label": landlord, "assessed_period": period, "files": 1,
                "file_names": [file]}

    docs = [one("a", "Brent Council", "2023-24", "x.pdf"), one("b", "Brent Council", "2024-25", "y.pdf"),
            one("c", "Brent Council", "2024-25", "z.pdf"), one("d", "Brent Council", None, "z.pdf"),
            one("e", "Brent Council", None, "z.pdf"), one("f", "Ealing Council", "2024-25", "q.pdf"),
            {"assessment_id": "brent-web-2025", "landlord_label": "Brent Council", "assessed_period": None,
             "files": 9, "file_names": [f"s{i}.html" for i in range(9)]}]
    got = assessment_labels(docs)
    assert len(set(got.values())) == len(docs)
    assert got["a"] == "Brent Council, 2023-24" and got["b"] == "Brent Council, 2024-25, y.pdf"
    assert got["f"] == "Ealing Council" and got["d"] == "Brent Council, z.pdf [d]"
    assert got["brent-web-2025"] == "Brent Council, brent-web-2025 (9 files)"


def test_paired_report_labels_both_assessments_apart(paired_db, tmp_path):
    out = report(paired_db, tmp_path / "p.html", as_of=AS_OF)
    labels = [tr.find("td").get_text(" ", strip=True)
              for tr in soup(out).find("table", id="assessments").find_all("tr", attrs={"data-assessment": True})]
    assert len(labels) == len(set(labels)) == rows(paired_db, "SELECT count(*) FROM assessments")[0][0]


@pytest.mark.slow
def test_printed_report_holds_every_column_and_row(full_report, seed_db, tmp_path):
    """Headless Chromium prints the report to PDF: every provision column of the matrix and every assessment
    row are on the page (nothing cut at the page edge or behind a scrollbar), and the details are expanded."""
    if not CHROMIUM.exists():
        pytest.skip(f"no browser here: {CHROMIUM} is missing (apt-get install -y chromium)")
    import pypdfium2 as pdfium

    pdf = tmp_path / "report.pdf"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--no-first-run", "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
           f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", full_report.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert pdf.exists(), proc.stderr[-2000:]
    doc = pdfium.PdfDocument(str(pdf))
    texts, outside = [], 0
    for page in doc:
        width, height = page.get_size()
        tp = page.get_textpage()
        texts.append(tp.get_text_range())
        for i in range(tp.count_chars()):
            left, bottom, right, top = tp.get_charbox(i)
            if right > width + 0.5 or left < -0.5:
                outside += 1
    text = "\n".join(texts)
    assert outside == 0, f"{outside} characters printed beyond the page edge"
    flat = re.sub(r"\s+", " ", text)
    provisions = [p for (p,) in rows(seed_db, "SELECT provision_id FROM provisions WHERE code_version = '2024' "
                                              "AND in_self_assessment ORDER BY sort_order")]
    # the matrix's column heads, printed whole, one run in Code order: every column is on the page
    assert " ".join(provisions) in flat, "provision columns missing from the printed matrix"
    heat_page = next(t for t in texts if " ".join(provisions) in re.sub(r"\s+", " ", t))
    labels = [r[0] for r in rows(seed_db, "SELECT landlord_label FROM assessments")]
    for label in labels:
        assert label.split(" (")[0] in heat_page, label
    # details expanded: every landlord's "Every claim" table is printed, e.g. Brent's evidence rows
    assert flat.count("Every claim") == len(set(labels))
    n_answers = rows(seed_db, "SELECT count(*) FROM responses")[0][0]
    assert "Show all" not in flat and n_answers > 0


# --------------------------------------------------------------------------- per assessment, per landlord_id

@pytest.fixture(scope="module")
def grouped_report(grouped_db, tmp_path_factory) -> Path:
    return report(grouped_db, tmp_path_factory.mktemp("grouped") / "report.html", as_of=AS_OF)


def test_nine_section_pages_are_one_assessment_in_the_report(grouped_report, grouped_db):
    page = soup(grouped_report)
    listed = page.find("table", id="assessments").find_all("tr", attrs={"data-assessment": True})
    assert [tr["data-assessment"] for tr in listed].count(GROUPED_ASSESSMENT) == 1 and len(listed) == 3
    row = page.find("table", id="assessments").find("tr", attrs={"data-assessment": GROUPED_ASSESSMENT})
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    want = dicts(grouped_db, "SELECT * FROM assessment_counts WHERE assessment_id = ?", [GROUPED_ASSESSMENT])[0]
    assert cells[0] == GROUPED_LANDLORD and cells[3].startswith("9 files")
    assert all(f"kelder-section-{n}.txt" in cells[3] for n in range(1, 10))
    assert (int(cells[4]), int(cells[6]), int(cells[8])) == (want["rows"], want["omitted"], want["to_check"])
    heat = page.find("table", id="heatmap").find_all("tr", attrs={"data-assessment": True})
    assert len(heat) == 3 and sum(tr["data-assessment"] == GROUPED_ASSESSMENT for tr in heat) == 1
    assert "3 self-assessments in 11 files from 2 landlords" in page.find("header").get_text(" ")
    # its landlord page: one assessment, its nine files listed under it, omissions over all of them
    sec = page.find("section", id=slug(GROUPED_LANDLORD))
    card = {c["data-card"]: int(c.b.get_text()) for c in sec.find_all("div", class_="card")}
    assert card["self-assessments"] == 1 and card["provisions omitted"] == want["omitted"]
    docs = sec.find("table", class_="docs")
    assert len(docs.find_all("tr", attrs={"data-assessment": True})) == 1
    files = docs.find_all("tr", class_="file")
    assert sorted(tr["data-doc"] for tr in files) == sorted(want["doc_ids"])
    assert len(sec.select("table.omitted tr[data-provision]")) == want["omitted"]


def test_two_spellings_are_one_landlord_page_with_two_assessments(grouped_report, grouped_db):
    page = soup(grouped_report)
    sections = page.find_all("section", class_="landlord")
    assert sorted(s.find("h2").get_text() for s in sections) == sorted([GROUPED_LANDLORD, SPELLINGS[0]])
    sec = page.find("section", id=slug(SPELLINGS[0]))
    assert sec.find("div", attrs={"data-card": "self-assessments"}).b.get_text() == "2"
    assert SPELT_ID in sec.find("p", class_="landlord-id").get_text()
    docs = sec.find("table", class_="docs").find_all("tr", attrs={"data-assessment": True})
    assert len(docs) == 2 and len({tr.find("td").get_text() for tr in docs}) == 2  # labelled apart
    assert sec.find("table", class_="changes") is not None  # its 2022 and 2024 assessments pair up
    n = rows(grouped_db, "SELECT count(*) FROM responses JOIN assessment_files USING (doc_id) "
                         "WHERE landlord_key = ?", [SPELT_ID])[0][0]
    assert int(sec.find("div", attrs={"data-card": "claims"}).b.get_text()) == n
    # --landlord takes the alias as well as the name or the id
    for name in (SPELLINGS[1], SPELT_ID):
        one = soup(report(grouped_db, grouped_report.with_name(f"{name}.html"), landlord=name, as_of=AS_OF))
        assert [s["id"] for s in one.find_all("section", class_="landlord")] == [slug(SPELLINGS[0])]


# --------------------------------------------------------------------------- the static site (chc report DIR --site)

def site_links(site: Path) -> int:
    """Every href and src of every page of the site lands on a file of the site, and on an element with
    that id when it names an anchor; only http(s) links (a document's source) leave the site.  Returns how
    many links were checked."""
    pages = {p.resolve(): soup(p) for p in site.rglob("*.html")}
    ids = {p: {t["id"] for t in page.find_all(id=True)} for p, page in pages.items()}
    checked = 0
    for path, page in pages.items():
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src")):
            for t in page.find_all(tag, attrs={attr: True}):
                url = t[attr]
                if url.startswith(("http://", "https://")):
                    assert tag == "a", f"{path.name} loads {url} from outside the site"
                    continue
                assert not url.startswith(("/", "file:", "data:", "javascript:")), (path, url)
                target_name, _, anchor = url.partition("#")
                target = (path.parent / target_name).resolve() if target_name else path
                assert target.is_file(), f"{path.relative_to(site.resolve())}: {url} is missing"
                if anchor:
                    assert anchor in ids[target], f"{path.relative_to(site.resolve())}: {url} has no such anchor"
                checked += 1
    return checked


def search_entries(site: Path) -> list[list[str]]:
    import json

    text = (site / "search.js").read_text(encoding="utf-8")
    head = "window.CHC_INDEX = "
    assert text.startswith(head)
    return json.loads(text[len(head):text.index(";\n")])


@pytest.fixture(scope="module")
def seed_site(seed_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    r = CliRunner().invoke(cli.main, ["report", str(out), "--site", "--db", str(seed_db), "--as-of", "2025-01-01"],
                           catch_exceptions=False)
    assert r.exit_code == 0 and r.output.startswith(f"wrote {out}/index.html: "), r.output
    return out


def test_site_has_an_index_a_page_per_landlord_and_per_provision(seed_site, seed_db):
    labels = [label for (label,) in rows(seed_db, "SELECT DISTINCT landlord_label FROM assessment_counts ORDER BY 1")]
    assert sorted(p.name for p in (seed_site / "landlords").glob("*.html")) == sorted(
        ["index.html"] + [f"{slug(label)}.html" for label in labels])
    provisions = [p for (p,) in rows(seed_db, "SELECT provision_id FROM provisions WHERE code_version = '2024' "
                                              "AND in_self_assessment")]
    assert sorted(p.stem for p in (seed_site / "provisions").glob("*.html")) == sorted(provisions + ["index"])
    for label in labels:
        page = soup(seed_site / "landlords" / f"{slug(label)}.html")
        assert page.find("section", class_="landlord").find("h2").get_text() == label
    index = soup(seed_site / "index.html")
    assert len(index.find("table", id="assessments").find_all("tr", attrs={"data-assessment": True})) == 5
    matrix = soup(seed_site / "matrix.html").find("table", id="heatmap")
    assert len(matrix.find_all("tr", attrs={"data-assessment": True})) == 5
    assert all(len(tr.find_all("td")) == 72 for tr in matrix.find_all("tr", attrs={"data-assessment": True}))


def test_every_link_of_the_site_resolves(seed_site):
    assert site_links(seed_site) > 1000  # every page links to the stylesheet, the script and its neighbours


def test_a_provision_page_lists_every_assessment_by_its_claim(seed_site, seed_db):
    for pid in ("1.2", "6.5", "9.1"):
        page = soup(seed_site / "provisions" / f"{pid}.html")
        cells = dicts(seed_db, "SELECT * FROM assessment_matrix WHERE provision_2024 = ?", [pid])
        other = page.find("table", id="not-yes")
        got = [tr["data-assessment"] for tr in other.find_all("tr", attrs={"data-assessment": True})] if other else []
        assert sorted(got) == sorted(c["assessment_id"] for c in cells if c["cell"] == "answered"
                                     and c["comply"] != "yes")
        yes = page.find(id="yes")
        assert len(yes.find_all("a") if yes else []) == sum(c["comply"] == "yes" for c in cells)


def test_the_search_index_finds_landlords_by_alias_assessments_and_provisions(grouped_db, tmp_path):
    out = tmp_path / "site"
    out.mkdir()  # an existing folder: a site without --site
    r = CliRunner().invoke(cli.main, ["report", str(out), "--db", str(grouped_db), "--as-of", "2025-01-01"],
                           catch_exceptions=False)
    assert r.exit_code == 0 and (out / "index.html").exists() and (out / "search.js").exists()
    site_links(out)
    entries = search_entries(out)
    for _, _, url, _ in entries:  # every hit leads to a page and anchor of the site
        target, _, anchor = url.partition("#")
        assert (out / target).is_file() and (not anchor or soup(out / target).find(id=anchor) is not None), url
    landlords = [e_ for e_ in entries if e_[1] == "landlord"]
    assert sorted(e_[0] for e_ in landlords) == sorted([GROUPED_LANDLORD, SPELLINGS[0]])
    marrow = next(e_ for e_ in landlords if e_[0] == SPELLINGS[0])
    assert SPELLINGS[1] in marrow[3] and SPELT_ID in marrow[3]
    assessments = [e_ for e_ in entries if e_[1].endswith("self-assessment")]
    assert len(assessments) == 3 and len({e_[0] for e_ in assessments}) == 3  # labelled apart
    grouped = next(e_ for e_ in assessments if e_[2].endswith(GROUPED_ASSESSMENT))
    assert "kelder-section-9.txt" in grouped[3]
    assert sum(e_[1] == "provision" for e_ in entries) == 72
    # the nine pages are one assessment on the index, its files under it
    index = soup(out / "index.html").find("table", id="assessments")
    assert len(index.find_all("tr", attrs={"data-assessment": True})) == 3


def test_site_for_one_landlord_and_where_it_will_not_write(seed_db, tmp_path):
    out = tmp_path / "brent"
    r = CliRunner().invoke(cli.main, ["report", str(out), "--site", "--db", str(seed_db), "--landlord",
                                      "London Borough of Brent"], catch_exceptions=False)
    assert r.exit_code == 0
    assert sorted(p.name for p in (out / "landlords").glob("*.html")) == ["index.html", "landlord-brent-council.html"]
    site_links(out)  # the other landlords are named, not linked
    # a second run over the whole database replaces the site in place
    r = CliRunner().invoke(cli.main, ["report", str(out), "--site", "--db", str(seed_db)], catch_exceptions=False)
    assert r.exit_code == 0 and len(list((out / "landlords").glob("*.html"))) == 6
    site_links(out)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    r = CliRunner().invoke(cli.main, ["report", str(busy), "--site", "--db", str(seed_db)])
    assert r.exit_code == 2 and "holds other files" in r.output and sorted(busy.iterdir()) == [busy / "notes.txt"]


@pytest.mark.slow
def test_site_renders_and_searches_in_a_real_browser_from_disk(seed_site, tmp_path):
    """Headless Chromium opens the site from file:// (no server): the index renders, and a search given in the
    address runs the page's script over search.js and lists the landlord's page."""
    if not CHROMIUM.exists():
        pytest.skip(f"no browser here: {CHROMIUM} is missing (apt-get install -y chromium)")
    from PIL import Image

    base = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "site.png"
    landlord_page = seed_site / "landlords" / f"{slug('Somerset Council')}.html"
    proc = subprocess.run(base + ["--window-size=1300,900", f"--screenshot={shot}", landlord_page.as_uri()],
                          capture_output=True, text=True, timeout=90)
    assert shot.exists(), proc.stderr[-2000:]
    img = Image.open(shot).convert("RGB")
    colours = img.getcolors(maxcolors=img.size[0] * img.size[1])
    header = sum(n for n, c in colours if all(abs(a - b) <= 8 for a, b in zip(c, (0x12, 0x30, 0x47))))
    assert header > 1300 * 40, "the page rendered without its stylesheet (no dark title bar)"
    proc = subprocess.run(base + ["--dump-dom", (seed_site / "index.html").as_uri() + "?q=london+borough"],
                          capture_output=True, text=True, timeout=90)
    hits = BeautifulSoup(proc.stdout, "html.parser").find(id="hits")
    assert hits is not None and not hits.has_attr("hidden"), proc.stderr[-2000:]
    found = [(a.get_text(), a["href"]) for a in hits.find_all("a")]
    assert ("Brent Council", f"landlords/{slug('Brent Council')}.html") in found  # by its register alias
    assert "1 match" in hits.get_text() or f"{len(found)} matches" in hits.get_text()
