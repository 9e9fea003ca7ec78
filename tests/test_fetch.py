"""`chc fetch` against a local HTTP server on 127.0.0.1 that each test starts and stops."""
from __future__ import annotations

import csv
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import cli
from pipeline.ingest.fetch import STATE_NAME, FetchOptions, Target, fetch, read_targets

FAST = FetchOptions(rate=0.0, timeout=0.5, retries=2, backoff=0.01, max_bytes=64 * 1024)
PDF = b"%PDF-1.4\n% a stand-in for a self-assessment PDF\n%%EOF\n"


class Site:
    """Routes: path -> callable(handler) -> (status, headers, body).  Counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, dict]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                path = self.path.split("?")[0]
                site.hits[path] = site.hits.get(path, 0) + 1
                site.requests.append((path, dict(self.headers)))
                route = site.routes.get(path)
                status, headers, body = route(self) if route else (404, {}, b"not found")
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if "Content-Length" not in headers and "X-No-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def page(self, path: str, body: bytes, ctype: str = "text/html; charset=utf-8", **headers) -> None:
        self.routes[path] = lambda h: (200, {"Content-Type": ctype, **headers}, body)


@pytest.fixture
def site():
    s = Site()
    s.routes["/robots.txt"] = lambda h: (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    s.thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()
    s.thread.join(timeout=5)


def manifest(raw: Path) -> list[dict]:
    with (raw / "manifest.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def one(summary, url):
    return next(o for o in summary.outcomes if o.url == url)


def test_download_records_the_manifest_row_and_redirects(site, tmp_path):
    site.page("/docs/self-assessment-2024.pdf", PDF, "application/pdf")
    site.routes["/old-link"] = lambda h: (301, {"Location": "/docs/self-assessment-2024.pdf"}, b"")
    raw = tmp_path / "raw"
    url = site.base + "/old-link"
    s = fetch([Target(url, landlord="Eastvale Council", landlord_type="council")], raw, FAST)
    o = one(s, url)
    assert o.status == "downloaded" and len(o.files) == 1
    saved = raw / o.files[0]
    assert saved.read_bytes() == PDF and saved.suffix == ".pdf"
    (row,) = manifest(raw)
    assert row["file"] == saved.name and row["source_url"] == url
    assert row["final_url"] == site.base + "/docs/self-assessment-2024.pdf"
    assert row["http_status"] == "200" and row["content_type"] == "application/pdf"
    assert row["size"] == str(len(PDF)) and row["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert row["landlord"] == "Eastvale Council" and row["landlord_type"] == "council"
    assert row["retrieved_at"].endswith("Z")


def test_404_is_a_failed_row_and_500_then_success_is_retried(site, tmp_path):
    calls = {"n": 0}

    def flaky(h):
        calls["n"] += 1
        return (500, {}, b"oops") if calls["n"] == 1 else (200, {"Content-Type": "application/pdf"}, PDF)

    site.routes["/flaky.pdf"] = flaky
    raw = tmp_path / "raw"
    gone, flaky_url = site.base + "/gone.pdf", site.base + "/flaky.pdf"
    s = fetch([Target(gone), Target(flaky_url)], raw, FAST)
    assert one(s, gone).status == "failed" and "HTTP 404" in one(s, gone).reason
    assert one(s, flaky_url).status == "downloaded" and calls["n"] == 2
    rows = {r["source_url"]: r for r in manifest(raw)}
    assert rows[gone]["file"] == "" and "404" in rows[gone]["fetch_error"] and rows[gone]["http_status"] == "404"
    assert rows[flaky_url]["fetch_error"] == ""
    assert not s.ok


def test_a_slow_server_times_out_after_the_retries(site, tmp_path):
    def slow(h):
        time.sleep(1.5)
        return 200, {"Content-Type": "application/pdf"}, PDF

    site.routes["/slow.pdf"] = slow
    url = site.base + "/slow.pdf"
    started = time.monotonic()
    s = fetch([Target(url)], tmp_path / "raw", FetchOptions(rate=0, timeout=0.3, retries=1, backoff=0.01))
    assert one(s, url).status == "failed" and "timed out" in one(s, url).reason
    assert site.hits["/slow.pdf"] == 2 and time.monotonic() - started < 5


def test_robots_txt_is_obeyed(site, tmp_path):
    site.page("/private/self-assessment.pdf", PDF, "application/pdf")
    url = site.base + "/private/self-assessment.pdf"
    s = fetch([Target(url)], tmp_path / "raw", FAST)
    assert one(s, url).status == "failed" and "robots.txt" in one(s, url).reason
    assert "/private/self-assessment.pdf" not in site.hits


def test_unchanged_documents_are_not_downloaded_again_and_changed_ones_keep_the_old(site, tmp_path):
    version = {"body": PDF, "etag": '"v1"'}

    def doc(h):
        if h.headers.get("If-None-Match") == version["etag"]:
            return 304, {"ETag": version["etag"]}, b""
        return 200, {"Content-Type": "application/pdf", "ETag": version["etag"]}, version["body"]

    site.routes["/sa.pdf"] = doc
    raw = tmp_path / "raw"
    url = site.base + "/sa.pdf"
    first = fetch([Target(url, landlord="Northdale Homes")], raw, FAST)
    (name,) = one(first, url).files
    again = fetch([Target(url)], raw, FAST)
    assert one(again, url).status == "unchanged"
    assert site.requests[-1][1].get("If-None-Match") == '"v1"'
    assert manifest(raw)[0]["http_status"] == "304"
    # Next year: new bytes at the same URL.  The old file stays; the new one gets its own name and row.
    version.update(body=PDF.replace(b"stand-in", b"new edition"), etag='"v2"')
    later = fetch([Target(url)], raw, FAST)
    (new_name,) = one(later, url).files
    assert one(later, url).status == "downloaded" and new_name != name
    assert (raw / name).read_bytes() == PDF and (raw / new_name).read_bytes() == version["body"]
    rows = {r["file"]: r for r in manifest(raw)}
    assert set(rows) == {name, new_name} and rows[new_name]["landlord"] == "Northdale Homes"


def test_a_page_that_links_to_the_form_is_followed_one_step(site, tmp_path):
    site.page("/complaints", b"""<html><body><h1>Complaints</h1>
        <a href="/annual-report.pdf">Annual report</a>
        <a href="/files/cx-2024.pdf">Our Complaint Handling Code self-assessment (PDF)</a>
        <a href="https://elsewhere.example/x">Ombudsman</a></body></html>""")
    site.page("/files/cx-2024.pdf", PDF, "application/pdf")
    site.page("/annual-report.pdf", b"%PDF other", "application/pdf")
    raw = tmp_path / "raw"
    url = site.base + "/complaints"
    s = fetch([Target(url, landlord="Southbank Council")], raw, FAST)
    o = one(s, url)
    assert o.status == "downloaded" and len(o.files) == 1 and o.files[0].endswith("cx-2024.pdf")
    assert "/annual-report.pdf" not in site.hits
    (row,) = manifest(raw)
    assert row["source_url"] == site.base + "/files/cx-2024.pdf" and row["found_on"] == url
    assert row["landlord"] == "Southbank Council"


def test_a_form_over_several_section_pages_is_one_assessment(site, tmp_path):
    site.page("/cho", b"<html><body><ul>" + b"".join(
        f'<li><a href="/cho/section-{n}">Section {n}: part {n}</a></li>'.encode() for n in (1, 2, 3))
        + b'<li><a href="/contact">Contact us</a></li></ul></body></html>')
    for n in (1, 2, 3):
        site.page(f"/cho/section-{n}", f"<html><body><h2>Section {n}</h2><table><tr><td>{n}.1</td></tr></table>"
                                        f"</body></html>".encode())
    raw = tmp_path / "raw"
    url = site.base + "/cho"
    s = fetch([Target(url, landlord="Hillcrest Council")], raw, FAST)
    o = one(s, url)
    assert o.status == "downloaded" and len(o.files) == 3 and "/contact" not in site.hits
    rows = manifest(raw)
    assert len(rows) == 3 and len({r["assessment"] for r in rows}) == 1 and rows[0]["assessment"]
    assert all(r["found_on"] == url and r["file"].endswith(".html") for r in rows)


def test_a_response_past_the_size_cap_is_cut_off_and_not_saved(site, tmp_path):
    big = b"%PDF" + b"0" * (200 * 1024)  # the cap is 64 KB in FAST
    site.page("/declared.pdf", big, "application/pdf")
    # No Content-Length (HTTP/1.0, the body ends when the connection closes): the read itself is cut.
    site.page("/streamed.pdf", big, "application/pdf", **{"X-No-Length": "1"})
    raw = tmp_path / "raw"
    urls = [site.base + "/declared.pdf", site.base + "/streamed.pdf"]
    s = fetch([Target(u) for u in urls], raw, FAST)
    assert "size cap" in one(s, urls[0]).reason and "cut off at the size cap" in one(s, urls[1]).reason
    assert all(one(s, u).status == "failed" for u in urls)
    assert not [p for p in raw.iterdir() if p.suffix == ".pdf" or p.name.endswith(".part")]


def test_an_interrupted_run_picks_up_where_it_stopped(site, tmp_path):
    for n in (1, 2, 3):
        site.page(f"/sa{n}.pdf", PDF + str(n).encode(), "application/pdf")
    raw = tmp_path / "raw"
    targets = [Target(f"{site.base}/sa{n}.pdf") for n in (1, 2, 3)]
    seen = []

    def stop_after_two(outcome, done, total):
        seen.append(outcome.url)
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch(targets, raw, FAST, on_progress=stop_after_two)
    state = json.loads((raw / STATE_NAME).read_text())
    assert len(state["run"]["done"]) == 2
    resumed = fetch(targets, raw, FAST)
    assert resumed.resumed == 2 and [o.url for o in resumed.outcomes] == [targets[2].url]
    assert site.hits["/sa1.pdf"] == 1 and "run" not in json.loads((raw / STATE_NAME).read_text())
    assert len(manifest(raw)) == 3


def test_cli_fetch_reads_a_url_list_and_prints_a_summary(site, tmp_path):
    site.page("/a-self-assessment.pdf", PDF, "application/pdf")
    urls = tmp_path / "urls.csv"
    urls.write_text(f"url,landlord\n{site.base}/a-self-assessment.pdf,Riverside Homes\n{site.base}/missing.pdf,X\n")
    assert [t.landlord for t in read_targets(urls)] == ["Riverside Homes", "X"]
    raw = tmp_path / "raw"
    r = CliRunner().invoke(cli.main, ["fetch", str(urls), "--raw", str(raw), "--rate", "0", "--retries", "0"])
    assert r.exit_code == 1  # one URL failed
    assert "2 URLs: 1 downloaded, 0 unchanged, 1 failed" in r.output and "HTTP 404" in r.output


def test_cli_fetch_without_a_list_checks_the_manifests_urls_again(site, tmp_path):
    site.page("/b-self-assessment.pdf", PDF, "application/pdf")  # no ETag: the bytes are compared
    raw = tmp_path / "raw"
    fetch([Target(site.base + "/b-self-assessment.pdf", landlord="Lakeside Council")], raw, FAST)
    r = CliRunner().invoke(cli.main, ["fetch", "--raw", str(raw), "--rate", "0", "-q"])
    assert r.exit_code == 0 and "1 URL: 0 downloaded, 1 unchanged, 0 failed" in r.output
    assert len(list(raw.glob("*.pdf"))) == 1 and manifest(raw)[0]["landlord"] == "Lakeside Council"


def test_fetched_section_pages_load_as_one_assessment(site, tmp_path):
    # URL list -> chc fetch -> chc extract: a 2024 form published as three section pages.
    from html import escape

    from pipeline.core import catalogue
    from pipeline.ingest.batch import extract

    form = [p for p in catalogue.load().provisions["2024"] if p.in_self_assessment]
    groups = {1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9)}
    links = "".join(f'<a href="/csa/section-{n}">Section {s[0]} to {s[-1]}</a> ' for n, s in groups.items())
    site.page("/csa", f"<html><body><p>Our assessment, in parts:</p>{links}</body></html>".encode())
    for n, sections in groups.items():
        rows = "".join(
            f"<tr><td>{p.provision_id}</td><td>{escape(p.requirement_text)}</td><td>Yes</td>"
            f"<td>Set out in our procedure, clause {p.provision_id}.</td></tr>"
            for p in form if p.section_number in sections)
        site.page(f"/csa/section-{n}", (
            f"<html><body><h1>Complaint Handling Code self-assessment 2025</h1><table>"
            "<tr><th>Code provision</th><th>Code requirement</th><th>Comply: Yes/No</th><th>Evidence</th></tr>"
            f"{rows}</table></body></html>").encode())
    raw = tmp_path / "raw"
    s = fetch([Target(site.base + "/csa", landlord="Greywell Council")], raw, FAST)
    assert s.ok and len(s.outcomes[0].files) == 3
    db = tmp_path / "o.duckdb"
    summary = extract([raw], db, workers=1)
    assert summary.count("loaded") == 3 and not any(o.warning for o in summary.outcomes)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    (row,) = con.execute("SELECT landlord_label, files, code_version, answered, sections_missing "
                         "FROM assessment_coverage").fetchall()
    con.close()
    assert row == ("Greywell Council", 3, "2024", len(form), [])


def test_fetch_again_from_the_manifest_goes_through_the_page_a_document_was_found_on(site, tmp_path):
    site.page("/about", b'<a href="/sa/current.pdf">Self-assessment against the Code</a>', ETag='"p1"')
    site.page("/sa/current.pdf", PDF, "application/pdf")
    raw = tmp_path / "raw"
    fetch([Target(site.base + "/about")], raw, FAST)
    r = CliRunner().invoke(cli.main, ["fetch", "--raw", str(raw), "--rate", "0", "-q"])
    assert r.exit_code == 0 and "1 URL: 0 downloaded, 1 unchanged" in r.output
    assert site.hits["/about"] == 2 and site.hits["/sa/current.pdf"] == 2


def test_one_host_is_asked_at_most_once_per_rate_and_last_modified_is_sent_back(site, tmp_path):
    stamp = "Wed, 01 Oct 2025 09:00:00 GMT"
    times = []

    def doc(h):
        times.append(time.monotonic())
        if h.headers.get("If-Modified-Since") == stamp:
            return 304, {}, b""
        return 200, {"Content-Type": "application/pdf", "Last-Modified": stamp}, PDF

    site.routes["/lm.pdf"] = doc
    site.routes["/other.pdf"] = lambda h: (times.append(time.monotonic()), (200, {}, PDF + b"2"))[1]
    raw = tmp_path / "raw"
    opts = FetchOptions(rate=0.4, timeout=10, retries=0, backoff=0.01)  # a loaded machine is slow, never early
    fetch([Target(site.base + "/lm.pdf"), Target(site.base + "/other.pdf")], raw, opts)
    again = fetch([Target(site.base + "/lm.pdf")], raw, opts)
    assert again.outcomes[0].status == "unchanged"
    # lm.pdf then other.pdf in the first run: the second waited for the host's rate.
    assert len(times) == 3 and times[1] - times[0] >= 0.39
    assert site.hits == {"/robots.txt": 2, "/lm.pdf": 2, "/other.pdf": 1}


def test_the_servers_file_name_is_used_when_it_gives_one(site, tmp_path):
    site.page("/download.aspx", PDF, "application/pdf",
              **{"Content-Disposition": 'attachment; filename="CHC Self Assessment 2025.pdf"'})
    s = fetch([Target(site.base + "/download.aspx?id=7")], tmp_path / "raw", FAST)
    assert s.outcomes[0].files[0].endswith("_CHC-Self-Assessment-2025.pdf")
