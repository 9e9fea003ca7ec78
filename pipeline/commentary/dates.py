"""Normalise the dates quoted in commentary to date ranges.

The spans come from the `DATE_*` Matcher patterns in
`schemas/patterns/commentary_dates.json`; this module turns a matched span's
text into a range `(start, end)` of `datetime.date`s, relative to the document's
date where the expression needs one ("later this year", "in July", "Q3").

Conventions (UK social housing reporting):
- A financial year runs 1 April to 31 March: "2023/24", "2023-24", "2023/2024"
  and "FY 2023/24" all mean 2023-04-01/2024-03-31.
- A financial year may be written short ("25/26", "FY25/26", "FY 2025-26"): the
  two-figure form only with "FY" or beside a quarter, where it cannot be a fraction.
- A quarter tied to a financial year ("Q1 2024/25", "Q3 in 2025/26", "Q3 25/26",
  "quarter three of 2025-26") or given bare ("Q3", "next quarter") is a financial
  quarter (Q1 = April-June); a quarter tied to a single calendar year ("Q1 2024",
  "first quarter of 2024") is a calendar quarter.
- A month with a two-figure year ("Mar-26", "Oct 25", "Sept'25") is that month of
  20YY; all-figure dates are day first ("31/03/2026", "31/03/26"), "03/2026" is a
  month.
- "end of" names the period it ends: "by the end of March 2026" is March 2026, "by
  the end of 2025/26" is the financial year 2025/26.  Only "the year" said without
  a year ("by the end of the year", "before the end of the year", "by year end")
  is narrowed, to the part still to come (below).
- "early", "mid" and "late" take a third of a year: "early 2026" is January-April,
  "mid-2026" May-August, "late 2026" September-December.
- A month without a year ("in July") is the first such month on or after the
  document's month; a day and month without a year ("by 31 July") is the first
  such day on or after the document's date.  A season without a year likewise.  "early/late March" is March.  Spring = March-May,
  summer = June-August, autumn = September-November, winter = December-February.
- "later this year" runs from the day after the document date to 31 December;
  "earlier this year" from 1 January to the day before the document date;
  "by the end of the year" from the document date to 31 December.
- Vague expressions ("shortly", "in the coming months") and anything that needs a
  document date when none is known are left unnormalised (None).
- A due date is never in the past: of the dates a commitment's sentence gives, one
  that ended before the document date ("Policy revised in May 2024") is not its due
  date (commitments.due_date), and a sentence whose only dates are past promises
  nothing by its date alone.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for name, i in list(MONTHS.items())})
MONTHS.update({abbr.lower(): i for i, abbr in enumerate(calendar.month_abbr) if abbr})
MONTHS["sept"] = 9
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4,
            "one": 1, "two": 2, "three": 3, "four": 4}
# early / mid / late in a year: thirds of it (first month, last month)
PARTS_OF_YEAR = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8), "middle": (5, 8),
                 "late": (9, 12)}

Range = tuple[dt.date, dt.date]

_FY = re.compile(r"(?<![\d/])((?:19|20)\d\d)\s*[/\-–]\s*((?:19|20)?\d\d)(?![\d/])")
# "25/26", "FY25/26": the short form, read only where a financial year is meant (see the docstring)
_FY_SHORT = re.compile(r"(?<![\d/])((?:19|20)?\d\d)\s*[/\-–]\s*((?:19|20)?\d\d)(?![\d/])")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
# a two-figure year after a month: "Mar-26", "Oct 25", "Sept'25"
_SHORT_YEAR = re.compile(r"(?<=[a-z])\s*[-'’/ ]?\s*([23]\d)$", re.I)
_QUARTER = re.compile(r"\b(?:q([1-4])|quarter\s+([1-4]|one|two|three|four)|"
                      r"(first|second|third|fourth|final|last|next|this)\s+quarter)\b", re.I)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = re.compile(r"\b(" + _MONTH_NAMES + r")\b", re.I)
_DATED = re.compile(r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(" + _MONTH_NAMES + r")\s+((?:19|20)\d\d)\b", re.I)
_DAY = re.compile(r"\b([1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b")


def month_range(year: int, month: int) -> Range:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def financial_year(start_year: int) -> Range:
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def financial_year_of(day: dt.date) -> int:
    """The start year of the financial year containing `day`."""
    return day.year if day.month >= 4 else day.year - 1


def financial_quarter(fy_start: int, q: int) -> Range:
    first_month = 4 + 3 * (q - 1)
    year = fy_start + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    start = dt.date(year, month, 1)
    end_month = month + 2
    return start, dt.date(year, end_month, calendar.monthrange(year, end_month)[1])


def calendar_quarter(year: int, q: int) -> Range:
    start = dt.date(year, 3 * (q - 1) + 1, 1)
    end_month = 3 * q
    return start, dt.date(year, end_month, calendar.monthrange(year, end_month)[1])


def _fy_from_match(m: re.Match[str]) -> int | None:
    first = int(m.group(1))
    first = first if first >= 100 else 2000 + first
    second = m.group(2)
    second_full = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    return first if second_full == first + 1 else None


def format_range(r: Range | None) -> str | None:
    return None if r is None else f"{r[0].isoformat()}/{r[1].isoformat()}"


def normalise(text: str, label: str, document_date: dt.date | None = None) -> Range | None:
    """Date range of a matched date expression, or None when it cannot be fixed."""
    t = " ".join(text.split())
    low = t.lower()
    if label == "DATE_FINANCIAL_YEAR":
        m = _FY.search(t) or _FY_SHORT.search(t)
        fy = _fy_from_match(m) if m else None
        return financial_year(fy) if fy is not None else None
    if label == "DATE_DAY_MONTH_YEAR":
        day, month, year = _DAY.search(t), _MONTH.search(t), _YEAR.search(t)
        short = _SHORT_YEAR.search(t.rstrip(" .)"))
        y = int(year.group(1)) if year else 2000 + int(short.group(1)) if short else None
        if day and month and y:
            try:
                d = dt.date(y, MONTHS[month.group(1).lower()], int(day.group(1)))
            except ValueError:
                return None
            return d, d
        return None
    if label == "DATE_MONTH_YEAR":
        return _month_year(t)
    if label == "DATE_SHORT":
        return _short(t)
    if label == "DATE_PART_OF_YEAR":
        return _part_of_year(low)
    if label == "DATE_MONTH":
        month = _MONTH.search(t)
        if not month or document_date is None:
            return None
        m = MONTHS[month.group(1).lower()]
        year = document_date.year if m >= document_date.month else document_date.year + 1
        return month_range(year, m)
    if label == "DATE_DAY_MONTH":
        return _day_month(t, document_date)
    if label == "DATE_YEAR":
        year = _YEAR.search(t)
        return (dt.date(int(year.group(1)), 1, 1), dt.date(int(year.group(1)), 12, 31)) if year else None
    if label == "DATE_QUARTER":
        return _quarter(low, document_date)
    if label == "DATE_SEASON":
        return _season(low, document_date)
    if label == "DATE_RELATIVE":
        return _relative(low, document_date)
    return None


# Dates in figures as UK action plans print them: 31/03/2026, 31/03/26 (a day, month and two-figure
# year), 03/2026 (a month); 31.03.26 is not read (ambiguous with section numbers), nor 03/26 (a
# fraction as much as a month).  Day first, as in the UK.
_NUMERIC = re.compile(r"(?<![\d/.])(?:([0-3]?\d)/)?([01]?\d)/((?:19|20)\d\d)(?![\d/])"
                      r"|(?<![\d/.])([0-3]?\d)/([01]?\d)/(\d\d)(?![\d/])")


def numeric_dates(text: str) -> list[tuple[int, int, Range]]:
    """(start, end, range) of every all-figure date in `text` ("31/03/2026", "03/2026")."""
    out = []
    for m in _NUMERIC.finditer(text):
        day, month, year = (int(g) if g else None for g in (m.groups()[:3] if m.group(3) else m.groups()[3:]))
        year = year if year >= 100 else 2000 + year
        try:
            r = month_range(year, month) if day is None else (dt.date(year, month, day),) * 2
        except ValueError:
            continue  # 13/2026, 31/02/2026: not a date
        out.append((m.start(), m.end(), r))
    return out


# Dates written as one token: 31/03/2026, 03/2026, 31/03/26, Mar-26, Sept'25, mid-2026, FY25/26.  Found
# by one search over a text (short_dates) rather than a Matcher pattern, which would test a regex
# on every token of every text.
_SHORT_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|" + "|".join(m.lower() for m in calendar.month_name[1:])
_SHORT = re.compile(r"(?<![\w/.'’-])(?:(?:[0-3]?\d/)?[01]?\d/(?:19|20)\d\d|[0-3]?\d/[01]?\d/\d\d"
                    r"|(?:" + _SHORT_MONTHS + r")[-'’/][23]\d|(?:early|mid|late)-(?:19|20)\d\d|fy(?:19|20)?\d\d[/-]\d\d)"
                    r"(?![\w/'’-])", re.I)


def short_dates(doc, text: str | None = None) -> list:
    """DATE_SHORT spans of a doc (whose text may be given: Doc.text rebuilds it on every call): the
    one-token dates _SHORT finds, on token boundaries."""
    out = []
    for m in _SHORT.finditer(doc.text if text is None else text):
        span = doc.char_span(m.start(), m.end(), label="DATE_SHORT")
        if span is not None:
            out.append(span)
    return out


def _short(t: str) -> Range | None:
    """A date written as one token: "31/03/2026", "03/2026", "31/03/26", "Mar-26", "mid-2026", "FY25/26"
    (one Matcher pattern, DATE_SHORT, so one regex test a token)."""
    found = numeric_dates(t)
    if found:
        return found[0][2]
    low = t.lower()
    if low.startswith("fy"):
        m = _FY_SHORT.search(low)
        fy = _fy_from_match(m) if m else None
        return financial_year(fy) if fy is not None else None
    return _part_of_year(low) if "-" in low and _YEAR.search(low) else _month_year(t)


def _month_year(t: str) -> Range | None:
    """ "March 2026", "Mar-26", "Oct 25" (a two-figure year is 20YY)."""
    month, year = _MONTH.search(t), _YEAR.search(t)
    if month and year:
        return month_range(int(year.group(1)), MONTHS[month.group(1).lower()])
    short = _SHORT_YEAR.search(t.rstrip(" .)"))
    if month and short:
        return month_range(2000 + int(short.group(1)), MONTHS[month.group(1).lower()])
    return None


def _day_month(t: str, document_date: dt.date | None) -> Range | None:
    """ "by 31 July": that day, on or after the document's date."""
    day, month = _DAY.search(t), _MONTH.search(t)
    if not day or not month or document_date is None:
        return None
    for year in (document_date.year, document_date.year + 1):
        try:
            d = dt.date(year, MONTHS[month.group(1).lower()], int(day.group(1)))
        except ValueError:
            return None
        if d >= document_date:
            return d, d
    return None


def _part_of_year(low: str) -> Range | None:
    """ "early 2026", "mid-2026", "late 2025": a third of the year (PARTS_OF_YEAR)."""
    year = _YEAR.search(low)
    part = next((p for p in PARTS_OF_YEAR if re.search(rf"\b{p}\b", low)), None)
    if not year or part is None:
        return None
    first, last = PARTS_OF_YEAR[part]
    y = int(year.group(1))
    return dt.date(y, first, 1), month_range(y, last)[1]


def _quarter(low: str, document_date: dt.date | None) -> Range | None:
    m = _QUARTER.search(low)
    if not m:
        return None
    word = m.group(3)
    fy = _FY.search(low) or _FY_SHORT.search(low[m.end():])
    year = _YEAR.search(low)
    if word in ("next", "this"):
        if document_date is None:
            return None
        fy_start = financial_year_of(document_date)
        q = (document_date.month - 4) % 12 // 3 + 1
        if word == "next":
            q += 1
            if q == 5:
                q, fy_start = 1, fy_start + 1
        return financial_quarter(fy_start, q)
    given = m.group(1) or m.group(2)
    q = ORDINALS[given] if given in ORDINALS else int(given or ORDINALS[word])
    if fy and _fy_from_match(fy) is not None:
        return financial_quarter(_fy_from_match(fy), q)  # type: ignore[arg-type]
    if year:
        return calendar_quarter(int(year.group(1)), q)
    if document_date is None:
        return None
    fy_start = financial_year_of(document_date)
    r = financial_quarter(fy_start, q)
    if r[1] < document_date:  # that quarter of this financial year is over: the next one
        r = financial_quarter(fy_start + 1, q)
    return r


def _season(low: str, document_date: dt.date | None) -> Range | None:
    for name, (a, b) in SEASONS.items():
        if name in low:
            year_m = _YEAR.search(low)
            if year_m:
                year = int(year_m.group(1))
            elif document_date is not None:
                year = document_date.year
                if "next" in low or (a != 12 and document_date.month > b):
                    year += 1
            else:
                return None
            end_year = year + 1 if a > b else year
            return dt.date(year, a, 1), dt.date(end_year, b, calendar.monthrange(end_year, b)[1])
    return None


def _relative(low: str, document_date: dt.date | None) -> Range | None:
    if document_date is None:
        return None
    d = document_date
    if "financial year" in low:
        fy = financial_year_of(d) + (1 if "next" in low else 0)
        return financial_year(fy)
    if "year" in low:
        if "earlier" in low:  # "earlier this year": up to the day before the document's
            return dt.date(d.year, 1, 1), max(dt.date(d.year, 1, 1), d - dt.timedelta(days=1))
        if "next" in low:
            return dt.date(d.year + 1, 1, 1), dt.date(d.year + 1, 12, 31)
        if "later" in low:
            start = d + dt.timedelta(days=1)
            end = dt.date(d.year, 12, 31)
            return (start, end) if start <= end else (end, end)
        if "end" in low or low.startswith("by"):
            return d, dt.date(d.year, 12, 31)
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    if "quarter" in low:
        return _quarter(("next" if "next" in low else "this") + " quarter", d)
    if "month" in low and "months" not in low:
        if "next" in low:
            y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
            return month_range(y, m)
        return month_range(d.year, d.month)
    if any(s in low for s in SEASONS):
        return _season(low, d)
    return None  # shortly, soon, in the coming months: vague on purpose


_TITLE_CHARS = 400


def document_date(period: str | None = None, text: str | None = None) -> dt.date | None:
    """The date a document speaks from, for relative expressions ("later this year").

    From the assessed period when it names a day or a month ("November 2023" -> 2023-11-01),
    else from a month and year in the document's opening (its title), else None.  A bare year
    or a financial year is not a date to count from, so it gives None.
    """
    for source in (period or "", (text or "")[:_TITLE_CHARS]):
        m = _DATED.search(source)
        if m and (m.group(2).lower() != "may" or m.group(2)[0].isupper()):  # "may 2024" is a verb
            month = MONTHS[m.group(2).lower()]
            day = int(m.group(1)) if m.group(1) else 1
            try:
                return dt.date(int(m.group(3)), month, day)
            except ValueError:
                return dt.date(int(m.group(3)), month, 1)
    return None
