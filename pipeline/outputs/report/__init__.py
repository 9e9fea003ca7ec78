"""`chc report OUT.html`: one self-contained HTML file a person would rather read than SQL;
`chc report DIR --site`: the same as a small static site, for more landlords than one page holds.

A cross-landlord page (a heatmap of the compliance matrix, how claims split,
the provisions landlords least often claim to meet, the 2022 provisions the 2024
Code dropped) and a page per landlord (its self-assessments, claims to look at
first, commitments and whether they are past due, what it omits, what changed
between editions, every claim). No scripts, fonts or images are fetched: styles
are inline (report.css), charts are HTML. `data` asks the database, `render`
writes the HTML, `site` the site's pages and its search index.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.outputs.report.data import collect
from pipeline.outputs.report.render import render, slug
from pipeline.outputs.report.site import SiteSummary, write_site

__all__ = ["report", "site", "slug", "SiteSummary"]


def report(db: Path | str, out: Path | str, landlord: str | None = None,
           as_of: dt.date | None = None) -> Path:
    """Write the HTML report for every landlord (or the one `landlord` names) to `out`."""
    data = collect(db, landlord, as_of or dt.date.today())
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(data), encoding="utf-8")
    return out


def site(db: Path | str, out: Path | str, landlord: str | None = None,
         as_of: dt.date | None = None) -> SiteSummary:
    """Write the report as a static site into the folder `out` (see report/site.py)."""
    data = collect(db, landlord, as_of or dt.date.today(), site=True)
    return write_site(data, out)
