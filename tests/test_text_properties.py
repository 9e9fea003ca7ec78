"""Property tests of the text extractor: it never raises, and never loses or duplicates row text."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.model import Source
from extractors.text import extract
from pipeline.align.aligner import align
from pipeline.core import catalogue
from tests.synth import WEB_LAYOUTS, make_rows, render, render_web, web_rows

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises(text):
    ex = extract(Source(Path("any.txt"), text.encode("utf-8", errors="surrogatepass")))
    assert ex.rows or ex.problems


@PROPS
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(data):
    ex = extract(Source(Path("any.txt"), data))
    assert ex.rows or ex.problems


@PROPS
@given(st.text(alphabet=st.sampled_from("\t\n -.12345|#<>/bpYesNo"), max_size=400))
def test_table_like_noise_never_raises(text):
    extract(Source(Path("noise.txt"), text.encode()))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), edition=st.sampled_from(["2022", "2024"]))
def test_every_rendered_row_comes_back_once_with_all_its_text(seed, edition):
    rng = random.Random(seed)
    rows = make_rows(rng, edition)
    text = render(rows, edition, rng, title="Anytown Homes self-assessment")
    got = extract(Source(Path("synth.txt"), text.encode())).rows
    # The dump prints each section's "should" rows after its "must" rows, so compare by number.
    printed = [r.printed_id for r in got]
    assert sorted(printed) == sorted(r.printed_id for r in rows)
    assert len(set(printed)) == len(printed)
    have_by_id = {r.printed_id: r for r in got}
    for want in rows:
        have = have_by_id[want.printed_id]
        # Words and their order must survive; where a fragment opens a list item ("a. the") it may
        # start a line of its own, which is how chc keeps lists readable.
        assert words(have.requirement) == words(want.requirement)
        assert (have.comply_raw or "") == (want.comply_raw or "")  # an empty cell or none: no claim
        assert words(have.evidence) == words(want.evidence)
        assert words(have.commentary) == words(want.commentary)


def words(text: str | None) -> list[str]:
    return (text or "").split()


@pytest.mark.slow  # whole forms through every text reader: ~15 s idle
@settings(max_examples=24, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), edition=st.sampled_from(["2022", "2024"]),
       layout=st.sampled_from(WEB_LAYOUTS))
def test_web_page_layouts_read_every_row_once_in_its_edition(seed, edition, layout):
    """Issue 14's families at scale: wrapped pipe rows, evidence lines after pipe rows,
    titled blocks with bullets, one cell per line with NBSP blanks and stray header
    cells, a section flattened onto one line, citations opening the evidence, and the
    page's title and section titles naming its edition."""
    rng = random.Random(seed)
    rows = web_rows(rng, edition, layout)
    text = render_web(rows, edition, rng, layout)
    extraction = extract(Source(Path("web.txt"), text.encode()))
    got = extraction.rows
    printed = [r.printed_id for r in got]
    assert sorted(printed) == sorted(r.provision_id for r in rows)
    assert align(extraction, "web", catalogue.load()).code_version == edition
    have_by_id = {r.printed_id: r for r in got}
    for want in rows:
        have = have_by_id[want.provision_id]
        # "...if further enquiries": the leading ellipsis of a wording is not kept after a number.
        assert words(have.requirement.lstrip(".")) == words(want.requirement.lstrip("."))
        assert have.comply_raw == want.comply_raw
        # Bulleted evidence keeps its bullets (chc keeps lists readable).
        assert [w for w in words(have.evidence) if w != "•"] == words(want.evidence)
        assert words(have.commentary) == words(want.commentary)
