"""Web pages (`.html`, `.htm`) as saved from a browser.

A page's `<table>`s are read as grids (`extractors.grid`): `<th>`/`<td>` cells,
`rowspan`/`colspan` expanded, nested `<p>`/`<ul>`/`<br>` kept as readable lines,
one table per section or one for the whole form, the headings and paragraphs
between tables setting the section / stage context.  Site furniture (`<nav>`,
`<header>`, `<footer>`, `<aside>`, scripts, hidden elements) is dropped first.

A page whose form is not a table (labelled blocks, a list of paragraphs) is read
as text by the text readers (`extractors.text.read_text`) on the page's text,
tables in it written as tab-separated lines; whichever reading finds more of the
form wins.  `source_start`/`source_end` are the HTML source lines of the row's
first and last `<tr>` (for the text reading: lines of the page's text).
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from pipeline.core.model import Source
from extractors.grid.reader import GridReader, GridRow, expand_spans, settle
from extractors.form.markup import to_text
from extractors.text.sniff import text_index
from pipeline.core.decode import decode_text
from pipeline.core.model import Extraction, Problem

NAME = "html"
# Real pages nest elements a few dozen deep; the parser and the table search cost grows with the
# square of the depth (200,000 nested <div>s: minutes), so deeper pages are refused unparsed.
MAX_DEPTH = 1000
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
# Elements that never hold others, or whose end tag may be left out (they close themselves).
_NO_NESTING = {b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
               b"param", b"source", b"track", b"wbr", b"p", b"li", b"dt", b"dd", b"tr", b"td", b"th",
               b"option", b"optgroup", b"thead", b"tbody", b"tfoot", b"colgroup", b"caption", b"rt", b"rp",
               b"html", b"head", b"body"}
ALT_TEXT = 40  # an image's alt text this short is kept as text (a tick icon's "Yes")
_DROP = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
         "button", "select", "iframe", "head")
_DROP_ROLES = ("navigation", "banner", "contentinfo", "search", "dialog")
_LINE_BLOCKS = ("dt", "dd", "dl", "section", "article", "blockquote", "figcaption", "caption", "summary",
                "details", "address", "main", "label", "legend", "fieldset", "li", "p", "div", "h1", "h2",
                "h3", "h4", "h5", "h6")
_BLOCKS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4",
           "h5", "h6", "blockquote", "dl", "dt", "dd", "br", "tr", "body", "html", "details",
           "summary", "figure", "figcaption", "caption", "pre", "address", "hr"}


def extract(source: Source) -> Extraction:
    out = Extraction(extractor=NAME)
    if not source.data.strip():
        out.problems.append(Problem("read", "error", "the file is empty: nothing to extract"))
        return out
    if (depth := _nesting(source.data)) > MAX_DEPTH:
        out.problems.append(Problem(
            "read", "error", f"the page nests elements more than {MAX_DEPTH:,} deep (at least {depth:,}); a web "
                             "page is a few dozen deep, so it was not read: the file is damaged or not a real page"))
        return out
    markup, decoding = _decoded(source.data)
    out.problems.extend(decoding)
    soup = BeautifulSoup(markup, "html.parser")
    out.metadata = page_metadata(soup)
    _drop_furniture(soup)
    root = soup.body or soup
    index = text_index()
    reader = GridReader(index)
    page_lines: list[str] = []
    tables = 0
    for kind, item, _line in _blocks(root):
        if kind == "table":
            tables += 1
            if (caption := item.find("caption")) is not None and caption.find_parent("table") is item:
                reader.heading(to_text(caption.decode_contents()))
            grid = _grid(item)
            reader.table(grid)
            page_lines.extend(row.as_line() for row in grid)
        else:
            for text in item.split("\n"):
                if text.strip():
                    reader.heading(text)
                    page_lines.append(text)
    what = (f"{tables} table(s) on the page, none with Code provision rows"
            if tables else "the page has no table and no text in a layout chc reads")
    return settle(out, reader, page_lines, what)


def page_metadata(soup: BeautifulSoup) -> dict[str, str]:
    """The page's `<title>` and its site's name (`og:site_name`, `application-name`),
    read before `<head>` is dropped with the furniture."""
    found: dict[str, str] = {}
    if soup.title is not None and (title := " ".join(soup.title.get_text(" ").split())):
        found["title"] = title
    for key, attr, value in (("site_name", "property", "og:site_name"), ("site_name", "name", "application-name"),
                             ("author", "name", "author")):
        tag = soup.find("meta", attrs={attr: value})
        content = " ".join(str(tag.get("content") or "").split()) if tag is not None else ""
        if content and key not in found:
            found[key] = content
    return found
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)


def _decoded(data: bytes) -> tuple[str | bytes, list[Problem]]:
    """The page as text when it says (or leaves it to be assumed) that it is UTF-8; a page that
    names another encoding is left to the parser, which honours it.  A page declaring UTF-8
    whose bytes are not (cp1252 saved by an old editor) is decoded like a text dump and reported:
    otherwise "\u00a3250" would silently become another character."""
    declared = _CHARSET.search(data[:4096])
    name = declared.group(1).decode("ascii").lower().replace("_", "-") if declared else None
    if name not in (None, "utf-8", "utf8"):
        return data, []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text, problems = decode_text(data)
    if text is None:
        return data, []
    said = "declares UTF-8" if name else "does not say its encoding"
    return text, [Problem(p.stage, "warning" if p.severity == "info" else p.severity,
                          f"the page {said}, but {p.message[0].lower() + p.message[1:]}") for p in problems]


def _nesting(data: bytes) -> int:
    """How deep the page's elements nest, from its tags alone (stops counting past MAX_DEPTH)."""
    depth = 0
    for m in _TAG.finditer(data):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _NO_NESTING or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > MAX_DEPTH:
            return depth
    return depth


def _drop_furniture(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROP):
        tag.decompose()
    # A line break in the HTML source is a space; block elements the plain-text
    # conversion does not know end a line.
    for text in soup.find_all(string=True):
        if "\n" in text and type(text) is NavigableString and text.parent.name not in ("pre", "textarea"):
            text.replace_with(text.replace("\r", " ").replace("\n", " "))
    for tag in soup.find_all(_LINE_BLOCKS):
        tag.insert_before("\n")
        tag.append("\n")
    for img in soup.find_all("img"):
        # A tick or cross drawn as an image says its claim in its alt text ("Yes", "Compliant").
        alt = " ".join(str(img.get("alt") or "").split())
        if alt and len(alt) <= ALT_TEXT:
            img.replace_with(f" {alt} ")
        else:
            img.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        attrs = tag.attrs or {}
        hidden = "hidden" in attrs or attrs.get("aria-hidden") == "true" or "display:none" in (
            attrs.get("style") or "").replace(" ", "")
        if hidden or attrs.get("role") in _DROP_ROLES:
            tag.decompose()


def _blocks(node: Tag):
    """("table", tag, line) and ("text", text, line) items in document order."""
    inline: list[str] = []
    line = getattr(node, "sourceline", 0) or 0
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment or doctype
                inline.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "table" and child.find("table") is None:
            yield from _flush(inline, line)
            yield "table", child, child.sourceline or 0
        elif child.find("table") is not None:  # a layout table or container: its tables are the form
            yield from _flush(inline, line)
            yield from _blocks(child)
        elif child.name in _BLOCKS:
            yield from _flush(inline, line)
            yield "text", to_text(child.decode()), child.sourceline or 0
        else:
            inline.append(child.decode())
    yield from _flush(inline, line)


def _flush(inline: list[str], line: int):
    if inline:
        text = to_text("".join(inline))
        inline.clear()
        if text:
            yield "text", text, line


def _grid(table: Tag) -> list[GridRow]:
    rows, positions = [], []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a row of a table nested in a cell: part of that cell's text
        cells = []
        for td in tr.find_all(["td", "th"], recursive=False):
            cells.append((to_text(td.decode_contents()), _span(td, "rowspan"), _span(td, "colspan")))
        rows.append(cells)
        positions.append(tr.sourceline or 0)
    return [GridRow(cells, pos) for cells, pos in zip(expand_spans(rows), positions)]


def _span(td: Tag, name: str) -> int:
    try:
        return max(1, min(int(str(td.get(name, 1)).strip() or 1), 200))
    except ValueError:
        return 1
