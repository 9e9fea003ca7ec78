"""`chc fetch`: self-assessments downloaded from a list of URLs into the raw folder, and
recorded in its manifest (URL, final URL, retrieval time, HTTP status, content type, size, sha256).

A polite, resumable crawler:
- one request per host every `rate` seconds; robots.txt obeyed (a 5xx robots.txt means
  "disallow everything", as RFC 9309 says; a missing one allows everything);
- timeouts; retries with exponential backoff on timeouts, connection errors, 429 and 5xx;
- a size cap (a response past it is cut off and reported, never saved);
- conditional requests (ETag, Last-Modified) so that an unchanged document is not downloaded again;
- a state file in the raw folder (`.chc-fetch.json`), written after every URL: an interrupted
  run picks up where it stopped.
The raw folder is append-only: a changed document is saved under a new name beside the old
one (the same URL next year is a new document of the same landlord), never over it.

A web page that is not itself the form is followed one step: to the PDF / Word / spreadsheet
link whose text or address says self-assessment, or, when it links to several section pages
("Section 1", "Section 2", ...), to each of them, fetched as one assessment.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, UTC
from html.parser import HTMLParser
from pathlib import Path
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from pipeline import __version__
from pipeline.ingest.manifest import COLUMNS, MANIFEST_NAME

USER_AGENT = f"chc/{__version__} (Complaint Handling Code self-assessment research)"
STATE_NAME = ".chc-fetch.json"
# Columns chc fetch adds to the manifest (after the researcher's own, which it never overwrites).
FETCH_COLUMNS = ("final_url", "found_on", "retrieved_at", "http_status", "content_type", "size", "sha256",
                 "fetch_error")
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".rtf", ".xlsx", ".xls", ".ods", ".csv", ".txt")
CONTENT_SUFFIX = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/rtf": ".rtf",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}
SELF_ASSESSMENT = re.compile(r"self[\s_\-]*assess", re.I)
SECTION_LINK = re.compile(r"\bsection[\s_\-]*\d{1,2}\b", re.I)
FORM_TABLE_ROWS = 10  # a page with a table this long is the form itself, not a page about it
RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class FetchOptions:
    rate: float = 1.0  # seconds between requests to one host
    timeout: float = 30.0  # seconds to connect, and between bytes read
    retries: int = 3  # further attempts after a timeout, connection error, 429 or 5xx
    backoff: float = 2.0  # seconds before the first retry; doubles each time
    max_bytes: int = 100 * 1024 * 1024  # a larger response is cut off and reported


@dataclass(frozen=True)
class Target:
    """One line of the URL list: the URL and what the researcher already knows of it."""

    url: str
    landlord: str = ""
    landlord_type: str = ""
    assessed_period: str = ""
    assessment: str = ""


@dataclass
class FetchOutcome:
    url: str
    status: str  # downloaded | unchanged | failed
    files: list[str] = field(default_factory=list)
    reason: str = ""  # why it failed, or how it was found (followed from a page, ...)
    http_status: int | None = None


@dataclass
class FetchSummary:
    raw: Path
    outcomes: list[FetchOutcome] = field(default_factory=list)
    resumed: int = 0  # URLs done by an interrupted run and not fetched again

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0


class FetchError(Exception):
    """A URL that could not be fetched; the message is the reason recorded."""

    def __init__(self, message: str, http_status: int | None = None) -> None:
        super().__init__(message)
        self.http_status = http_status


# ----------------------------------------------------------------------------- the URL list

def read_targets(path: Path) -> list[Target]:
    """A CSV with a `url` (or `source_url`) column and optional landlord, landlord_type,
    assessed_period, assessment columns; or a plain list, one URL a line."""
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    if "," in first and re.search(r"\b(source_)?url\b", first, re.I):
        rows = csv.DictReader(text.splitlines())
        key = next(k for k in rows.fieldnames or [] if k.strip().lower() in ("url", "source_url"))
        out = []
        for r in rows:
            url = (r.get(key) or "").strip()
            if url:
                out.append(Target(url, *((r.get(c) or "").strip() for c in
                                         ("landlord", "landlord_type", "assessed_period", "assessment"))))
        return out
    return [Target(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def targets_from_manifest(raw: Path) -> list[Target]:
    """The manifest's source_url column: fetch again what was fetched (conditionally) or listed by hand."""
    rows = _read_manifest_rows(raw / MANIFEST_NAME)
    seen, out = set(), []
    for r in rows:
        # A document found on a page is fetched through that page again (the link may have moved).
        url = (r.get("found_on") or "").strip() or (r.get("source_url") or "").strip()
        if url and url not in seen:
            seen.add(url)
            found_on = bool((r.get("found_on") or "").strip())
            out.append(Target(url, r.get("landlord", ""), r.get("landlord_type", ""),
                              r.get("assessed_period", ""), "" if found_on else r.get("assessment", "")))
    return out


# ----------------------------------------------------------------------------- the crawl

def fetch(targets: list[Target], raw: Path, options: FetchOptions = FetchOptions(), *,
          restart: bool = False, transport: httpx.BaseTransport | None = None,
          on_progress: Callable[[FetchOutcome, int, int], None] | None = None) -> FetchSummary:
    raw = Path(raw)
    raw.mkdir(parents=True, exist_ok=True)
    crawler = _Crawler(raw, options, transport)
    summary = FetchSummary(raw)
    state = crawler.state
    run = state.get("run") if not restart else None
    done_before = set(run["done"]) if run else set()
    state["run"] = {"started": _now(), "done": sorted(done_before)}
    todo = [t for t in targets if t.url not in done_before]
    summary.resumed = len(targets) - len(todo)
    try:
        for target in todo:
            outcome = crawler.fetch_target(target)
            summary.outcomes.append(outcome)
            state["run"]["done"].append(target.url)
            crawler.save_state()
            if on_progress:
                on_progress(outcome, len(summary.outcomes), len(todo))
    finally:
        crawler.close()
    state.pop("run", None)  # finished: the next run starts afresh
    crawler.save_state()
    return summary


class _Crawler:
    def __init__(self, raw: Path, options: FetchOptions, transport: httpx.BaseTransport | None) -> None:
        self.raw = raw
        self.options = options
        self.client = httpx.Client(
            headers={"User-Agent": USER_AGENT}, follow_redirects=True, transport=transport,
            timeout=httpx.Timeout(options.timeout),
        )
        self.state_path = raw / STATE_NAME
        self.state = json.loads(self.state_path.read_text(encoding="utf-8")) if self.state_path.exists() else {}
        self.state.setdefault("urls", {})
        self.robots: dict[str, RobotFileParser | None] = {}
        self.last_request: dict[str, float] = {}
        self.manifest = _ManifestRows(raw / MANIFEST_NAME)

    def close(self) -> None:
        self.client.close()

    def save_state(self) -> None:
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        tmp.write_text(json.dumps(self.state, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.state_path)

    # --------------------------------------------------------------- one line of the list
    def fetch_target(self, target: Target) -> FetchOutcome:
        try:
            got = self.get(target.url)
        except FetchError as e:
            self.manifest.failed(target, str(e), e.http_status)
            return FetchOutcome(target.url, "failed", reason=str(e), http_status=e.http_status)
        if got.not_modified:
            known = self.state["urls"].get(target.url, {})
            children = known.get("children")
            if children:  # a page that was followed before: check what it led to
                return self._follow(target, got, children, known.get("assessment", ""))
            self.manifest.checked(known.get("file", ""), got)
            return FetchOutcome(target.url, "unchanged", [known.get("file", "")], http_status=got.status)
        if got.is_html and not _is_form_page(got.body):
            links = _links(got.body, got.final_url)
            documents = _form_documents(links)
            if documents:
                return self._follow(target, got, documents[:1], "")
            sections = _section_pages(links, got.final_url)
            if len(sections) >= 2:
                assessment = target.assessment or _slug(got.final_url)
                return self._follow(target, got, sections, assessment)
        name, status = self.save(target.url, got)
        self.manifest.saved(name, target, got)
        return FetchOutcome(target.url, status, [name], http_status=got.status)

    def _follow(self, target: Target, page: _Response, urls: list[str], assessment: str) -> FetchOutcome:
        """The documents a page links to, fetched one step on; the page itself is not a document."""
        self.state["urls"].setdefault(target.url, {}).update(children=urls, assessment=assessment)
        if page.etag or page.last_modified:
            self.state["urls"][target.url].update(etag=page.etag, last_modified=page.last_modified)
        files, statuses, reasons = [], [], []
        for url in urls:
            child = Target(url, target.landlord, target.landlord_type, target.assessed_period,
                           assessment or target.assessment)
            try:
                got = self.get(url)
            except FetchError as e:
                self.manifest.failed(child, str(e), e.http_status, found_on=target.url)
                statuses.append("failed")
                reasons.append(f"{url}: {e}")
                continue
            if got.not_modified:
                name = self.state["urls"].get(url, {}).get("file", "")
                self.manifest.checked(name, got)
                status = "unchanged"
            else:
                name, status = self.save(url, got)
                self.manifest.saved(name, child, got, found_on=target.url)
            files.append(name)
            statuses.append(status)
        status = "failed" if "failed" in statuses else ("downloaded" if "downloaded" in statuses else "unchanged")
        how = (f"{len(urls)} section pages, one assessment ({assessment})" if assessment
               else f"followed from the page to {urls[0]}")
        reason = "; ".join(reasons) if reasons else how
        return FetchOutcome(target.url, status, files, reason=reason, http_status=page.status)

    # --------------------------------------------------------------- HTTP
    def get(self, url: str) -> _Response:
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError(f"not an http(s) URL: {url!r}")
        if not self.allowed(url):
            raise FetchError(f"robots.txt of {urlsplit(url).netloc} disallows {urlsplit(url).path or '/'} for chc")
        known = self.state["urls"].get(url, {})
        headers = {}
        if known.get("file") and (self.raw / known["file"]).exists() or known.get("children"):
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        wait = self.options.backoff
        for attempt in range(self.options.retries + 1):
            last = attempt == self.options.retries
            try:
                got = self._request(url, headers)
            except httpx.TimeoutException:
                problem = FetchError(f"timed out after {self.options.timeout:g} s "
                                     f"({attempt + 1} attempt{'s' if attempt else ''})")
            except httpx.TransportError as e:
                problem = FetchError(f"could not connect ({type(e).__name__}: {e}; {attempt + 1} attempts)")
            else:
                if got.status in RETRY_STATUSES and not last:
                    wait = max(wait, _retry_after(got.retry_after, self.options.backoff))
                elif got.status == 304 or 200 <= got.status < 300:
                    return got
                else:
                    raise FetchError(f"HTTP {got.status} {got.reason}".strip(), got.status)
                problem = None
            if last:
                raise problem or FetchError("gave up")
            time.sleep(wait)
            wait *= 2
        raise FetchError("gave up")  # not reached

    def _request(self, url: str, headers: dict) -> _Response:
        self._pace(url)
        with self.client.stream("GET", url, headers=headers) as r:
            if r.status_code != 200:
                return _Response(url, str(r.url), r.status_code, r.reason_phrase, r.headers, b"")
            declared = r.headers.get("content-length")
            cap = self.options.max_bytes
            if declared and declared.isdigit() and int(declared) > cap:
                raise FetchError(f"larger than the size cap ({int(declared):,} bytes declared, cap {cap:,}); "
                                 "raise --max-size to fetch it", r.status_code)
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"cut off at the size cap of {cap:,} bytes; raise --max-size to fetch it",
                                     r.status_code)
                chunks.append(chunk)
            return _Response(url, str(r.url), r.status_code, r.reason_phrase, r.headers, b"".join(chunks))

    def _pace(self, url: str) -> None:
        host = urlsplit(url).netloc
        since = time.monotonic() - self.last_request.get(host, -1e9)
        if since < self.options.rate:
            time.sleep(self.options.rate - since)
        self.last_request[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self.robots:
            self.robots[key] = self._robots(key)
        parser = self.robots[key]
        return parser is None or parser.can_fetch(USER_AGENT, url)

    def _robots(self, base: str) -> RobotFileParser | None:
        parser = RobotFileParser(base + "/robots.txt")
        self._pace(base)
        try:
            r = self.client.get(base + "/robots.txt")
        except httpx.HTTPError:
            return None  # unreachable robots.txt: nothing to obey (the page request will say why)
        if r.status_code >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])  # RFC 9309: server error = disallow all
        elif r.status_code >= 400:
            return None  # no robots.txt: everything allowed
        else:
            parser.parse(r.text.splitlines())
        return parser

    # --------------------------------------------------------------- the raw folder
    def save(self, url: str, got: _Response) -> tuple[str, str]:
        """(file name, downloaded | unchanged).  Never overwrites: new bytes get a new name."""
        known = self.state["urls"].setdefault(url, {})
        if known.get("sha256") == got.sha256 and (self.raw / known.get("file", "")).is_file():
            known.update(etag=got.etag, last_modified=got.last_modified)
            return known["file"], "unchanged"
        name = _file_name(got)
        path = self.raw / name
        if path.exists():
            if _sha256(path.read_bytes()) == got.sha256:
                known.update(file=name, sha256=got.sha256, etag=got.etag, last_modified=got.last_modified)
                return name, "unchanged"
            stamp = datetime.now(UTC).strftime("%Y-%m-%d")
            stem, suffix = path.stem, path.suffix
            n = 1
            while path.exists():
                path = self.raw / f"{stem}.{stamp}{'' if n == 1 else f'-{n}'}{suffix}"
                n += 1
            name = path.name
        part = self.raw / f".{name}.part"
        part.write_bytes(got.body)
        os.replace(part, path)
        known.update(file=name, sha256=got.sha256, etag=got.etag, last_modified=got.last_modified,
                     final_url=got.final_url, fetched_at=got.retrieved_at)
        return name, "downloaded"


@dataclass
class _Response:
    url: str
    final_url: str
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes
    retrieved_at: str = field(default_factory=lambda: _now())

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return (self.headers.get("content-type") or "").split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in ("text/html", "application/xhtml+xml")

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def retry_after(self) -> str | None:
        return self.headers.get("retry-after")

    @property
    def sha256(self) -> str:
        return _sha256(self.body)


# ----------------------------------------------------------------------------- pages

class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.table_rows = 0
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []
        elif tag == "tr":
            self.table_rows += 1

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def _parse(body: bytes) -> _LinkParser:
    parser = _LinkParser()
    parser.feed(body.decode("utf-8", "replace"))
    return parser


def _is_form_page(body: bytes) -> bool:
    return _parse(body).table_rows >= FORM_TABLE_ROWS


def _links(body: bytes, base: str) -> list[tuple[str, str]]:
    """(absolute URL, link text) of every http(s) link, in page order, without fragments."""
    out, seen = [], set()
    for href, text in _parse(body).links:
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        url = urljoin(base, href).split("#")[0]
        if url.startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            out.append((url, text))
    return out


def _form_documents(links: list[tuple[str, str]]) -> list[str]:
    """Links to a document file whose text or name says self-assessment."""
    return [url for url, text in links
            if urlsplit(url).path.lower().endswith(DOCUMENT_SUFFIXES)
            and (SELF_ASSESSMENT.search(text) or SELF_ASSESSMENT.search(urlsplit(url).path))]


def _section_pages(links: list[tuple[str, str]], base: str) -> list[str]:
    """Links to pages of the same site named for a section of the Code, in page order."""
    host = urlsplit(base).netloc
    return [url for url, text in links
            if urlsplit(url).netloc == host and url != base
            and not urlsplit(url).path.lower().endswith(DOCUMENT_SUFFIXES)
            and (SECTION_LINK.search(text) or SECTION_LINK.search(urlsplit(url).path))]


# ----------------------------------------------------------------------------- the manifest

class _ManifestRows:
    """data/raw/manifest.csv, rewritten after each change: the researcher's columns first (never
    overwritten when filled in), then chc fetch's own.  A failed URL is a row without a file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = _read_manifest_rows(path)
        extra = [c for r in self.rows for c in r if c not in COLUMNS and c not in FETCH_COLUMNS]
        self.columns = list(COLUMNS) + list(dict.fromkeys(extra)) + list(FETCH_COLUMNS)

    def _row(self, file: str, url: str) -> dict:
        for r in self.rows:
            if file and r.get("file") == file:
                return r
        for r in self.rows:  # a failed URL's row, now fetched
            if not r.get("file") and r.get("source_url") == url:
                return r
        r = {"file": file, "source_url": url}
        self.rows.append(r)
        return r

    def saved(self, name: str, target: Target, got: _Response, found_on: str = "") -> None:
        r = self._row(name, target.url)
        r["file"] = name
        for column, value in (("source_url", target.url), ("landlord", target.landlord),
                              ("landlord_type", target.landlord_type),
                              ("assessed_period", target.assessed_period), ("assessment", target.assessment)):
            if value and not (r.get(column) or "").strip():
                r[column] = value
        r.update(final_url=got.final_url, found_on=found_on, retrieved_at=got.retrieved_at,
                 http_status=str(got.status), content_type=got.content_type, size=str(len(got.body)),
                 sha256=got.sha256, fetch_error="")
        self._carry_over(r, target.url)
        self.write()

    def _carry_over(self, row: dict, url: str) -> None:
        """A new version of a document fetched before: same landlord, type and assessment."""
        for other in self.rows:
            if other is not row and other.get("source_url") == url and other.get("file"):
                for column in ("landlord", "landlord_type"):
                    if not (row.get(column) or "").strip() and (other.get(column) or "").strip():
                        row[column] = other[column]

    def checked(self, name: str, got: _Response) -> None:
        for r in self.rows:
            if name and r.get("file") == name:
                r.update(retrieved_at=got.retrieved_at, http_status=str(got.status), fetch_error="")
                self.write()
                return

    def failed(self, target: Target, reason: str, http_status: int | None, found_on: str = "") -> None:
        existing = [r for r in self.rows if r.get("source_url") == target.url and r.get("file")]
        if existing:  # an earlier download stays; say that this attempt failed
            for r in existing:
                r.update(fetch_error=reason, retrieved_at=_now(), http_status=str(http_status or ""))
        else:
            r = self._row("", target.url)
            for column, value in (("landlord", target.landlord), ("landlord_type", target.landlord_type),
                                  ("assessed_period", target.assessed_period), ("assessment", target.assessment)):
                r.setdefault(column, value)
            r.update(found_on=found_on, retrieved_at=_now(), http_status=str(http_status or ""),
                     fetch_error=reason)
        self.write()

    def write(self) -> None:
        tmp = self.path.with_name(f".{self.path.name}.tmp")  # hidden: chc extract skips it
        with tmp.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=self.columns, extrasaction="ignore")
            w.writeheader()
            for r in self.rows:
                w.writerow({c: r.get(c) or "" for c in self.columns})
        os.replace(tmp, self.path)


def _read_manifest_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8-sig") as f:
        return [dict(r) for r in csv.DictReader(f)]


# ----------------------------------------------------------------------------- helpers

def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _retry_after(value: str | None, default: float) -> float:
    if value and value.strip().isdigit():
        return min(float(value), 60.0)  # a server asking for longer is asked again next run
    return default


def _slug(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = re.sub(r"[^A-Za-z0-9]+", "-", parts.path).strip("-")
    return f"{host}-{path}" if path else host


def _file_name(got: _Response) -> str:
    """host_name.suffix: the name the server gives (Content-Disposition), else the final URL's last
    part (`download.aspx?id=7` serves many files: its header names each); the suffix from the
    content type when the name has none."""
    parts = urlsplit(got.final_url)
    host = re.sub(r"[^A-Za-z0-9.\-]+", "-", parts.netloc.lower().removeprefix("www.")).replace(":", "-")
    given = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', got.headers.get("content-disposition") or "", re.I)
    name = Path(given.group(1).strip()).name if given else Path(parts.path).name
    base = re.sub(r"[^A-Za-z0-9._\-]+", "-", name).strip("-.") or "index"
    suffix = Path(base).suffix.lower()
    wanted = CONTENT_SUFFIX.get(got.content_type)
    if wanted and suffix not in CONTENT_SUFFIX.values():
        base += wanted
    return f"{host}_{base}"
