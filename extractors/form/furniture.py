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
