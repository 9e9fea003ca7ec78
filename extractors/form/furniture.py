"""What is printed around the form and is never content: separator rows, page
numbers, and a web page's menus, banners and footers."""
from __future__ import annotations

import re

from extractors.form.markup import one_line

_NOISE = re.compile(r"^[\s\-–—_=|:+.*\]\[]*$")
_PAGE_NO = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)


def is_noise(text: str) -> bool:
    """Separator rows, stray brackets and page numbers: never content."""
    t = one_line(text)
    return bool(_NOISE.match(t) or _PAGE_NO.match(t))


# Site furniture printed around a web form: menus, banners, footers.
_CHROME = re.compile(
    r"^(?:last (?:modified|updated|reviewed)|page last|share (?:this|on|by)|back to top|"
    r"was this (?:page|information) (?:helpful|useful)|(?:accept|reject|manage) (?:all )?cookies|"
    r"cookies? (?:policy|settings|notice)|this (?:site|website) uses cookies|privacy (?:policy|notice)|"
    r"accessibility statement|follow us|copyright|©|print (?:this )?page|report a problem|"
    r"related (?:links|pages|content|information)|skip to|toggle (?:menu|navigation)|"
    r"(?:main )?menu$|search$|sign in$|log in$|home\s*[>›/|»]|you are here|breadcrumb|"
    r"tell us what you think|rate this page|is there anything wrong with this page|"
    r"contact us$|site map$|sitemap$|in this section$|on this page$|"
    # a pager's links to the page before and after ("Next: Section 6 - Complaint stages")
    r"(?:next|previous|prev)(?: page| section)?\s*[:›»>|\-–]\s*(?:section|part|page)\s*\d)",
    re.I,
)


def is_site_chrome(text: str) -> bool:
    """Menus, banners and footers of a web page saved as text (never form content)."""
    return bool(_CHROME.match(one_line(text).lstrip("#*•>- ")))


# Running heads and feet of a paged document saved as text: "Example Homes | Page 2 of 11"
# (a page number inside the line), or a protective marking ("OFFICIAL", "OFFICIAL-SENSITIVE")
# printed on every page.
_PAGE_OF = re.compile(r"\bpage\s+\d{1,4}\s*(?:of|/)\s*\d{1,4}\b", re.I)
_MARKING = re.compile(r"^[A-Z][A-Z\- ]{3,30}$")
RUNNING_MIN = 3  # times a marking must recur to be a running head
_PAGE_HINT = re.compile(r"page", re.I)


def running_furniture(lines: list[str]) -> set[int]:
    """Indexes of the lines that are a page's running head or foot."""
    from extractors.form.columns import is_header
    from extractors.form.labels import field_label
    from pipeline.core.claims import is_comply_value

    # one_line is the cost here: only lines that could be a marking or name a page are cleaned
    candidates = {i: one_line(ln).strip() for i, ln in enumerate(lines)
                  if ln and (_PAGE_HINT.search(ln) or _MARKING.match(ln.strip()))}
    counts: dict[str, int] = {}
    for t in candidates.values():
        if _MARKING.match(t):
            counts[t] = counts.get(t, 0) + 1
    for t in list(counts):  # a claim, a label or a header in capitals is the form's own
        if counts[t] < RUNNING_MIN or is_comply_value(t) or field_label(t) is not None or is_header([t]):
            del counts[t]
    out = set()
    for i, t in candidates.items():
        if _PAGE_OF.search(t) and len(t) <= 120 or t in counts:
            out.add(i)
    return out
