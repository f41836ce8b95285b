"""Report PDF (report.pdf): real text, cover, unit axes, tables that never cut a row.

The PDF is read back with pypdf. Rendering needs a CJK font (``make browser`` installs
fonts-wqy-microhei); without one these tests skip, except under CI where it is installed.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from infimate.data.datasets import Dataset
from infimate.report.axes import value_axis
from infimate.report.brand import load_brand
from infimate.report.briefing import Briefing, collect_briefing
from infimate.report.build import build_report
from infimate.report.pdf import render_pdf
from tests.fixtures import FIXTURES
from tests.fixtures.report_world import EVIL
from tests.report.briefings import KOL_HEADER, long_alerts, long_picks, small_briefing
from tests.report.pdfs import flat, needs_cjk_font, pages

pytestmark = needs_cjk_font

# a reader of the report never sees a command, a source path or a file name
DEVELOPER_TEXT = re.compile(r"python -m|infimate/|\w\.(py|csv|parquet)\b|`")


def element_names(b: Briefing) -> set[str]:
    names = set(b.rising["label"].to_list()) | {n for n in b.rising["name_zh"] if n}
    return names | {c.label for c in b.curves} | {a.label for a in b.alerts}


def assert_ticks_in_text(b: Briefing, text: str) -> None:
    """Each chart's y tick labels are PDF text, in order, and not all the same."""
    for v in b.curves:
        ax = value_axis(
            [*v.history["value"], *(x for c in ("lo95", "hi95") for x in v.forecast[c])],
            v.y_title,
        )
        assert len(set(ax.labels)) == len(ax.labels) >= 3
        assert "\n".join(ax.labels) in text, ax.labels
        assert f"{v.label} — {ax.title}" in flat(text)


def test_tiny_pdf_is_real_text_with_a_cover(tiny):
    data = build_report(tiny, fmt="pdf")
    text = pages(data)
    cover = flat(text[0])
    assert "DATASET tiny" in cover
    assert "Market: all markets · Crowd: all crowds · Scene: all scenes" in cover
    assert "2024-12-02 to 2026-11-23 (weekly, 104 weeks)" in cover
    assert re.search(r"GENERATED \d{4}-\d\d-\d\d \d\d:\d\d UTC", cover)
    assert "SYNTHETIC DEMO DATA" in cover
    body = "\n".join(text[1:])
    b = collect_briefing(tiny)
    for name in element_names(b):
        assert name in flat(body), name
    assert EVIL in body  # untrusted text is printed as text, never run or dropped
    assert_ticks_in_text(b, body)
    assert "Google Trends index (0–100)" in body
    assert not DEVELOPER_TEXT.search("\n".join(text))


def test_google_trends_import_has_index_ticks_and_chinese_names(tmp_path):
    from infimate.data.ingest import ingest

    ds = Dataset(tmp_path / "trends_us").create()
    ingest(ds, "signals", FIXTURES / "trends_us_4terms.csv")
    b = collect_briefing(ds, market="US")
    assert b.curves and all(v.y_title == "google_trends index" for v in b.curves)
    text = "\n".join(pages(render_pdf(b)))
    assert_ticks_in_text(b, text)
    assert "0\n20\n40\n60" in text  # a 0–100 index, round ticks from 0
    assert "亚麻" in text and "西装外套" in text
    for name in element_names(b):
        assert name in flat(text), name
    assert "Market: US" in flat(text)
    assert not DEVELOPER_TEXT.search(text)


def test_long_tables_continue_with_their_header_and_never_cut_a_row():
    n_alerts, n_picks = 40, 30
    b = small_briefing(
        alerts=long_alerts(n_alerts),
        picks=long_picks(n_picks),
        picks_note=f"Top {n_picks} of 90 candidate styles by predicted hit probability.",
    )
    text = [flat(t) for t in pages(render_pdf(b))]
    for starts, ends, n, header in (
        ("EL{:02d} coat", "END{:02d}", n_alerts, KOL_HEADER),
        ("SKU{:02d}", "ENDP{:02d}", n_picks, "hit prob."),
    ):
        on = []
        for i in range(n):
            first = [p for p, t in enumerate(text) if starts.format(i) in t]
            last = [p for p, t in enumerate(text) if ends.format(i) in t]
            assert len(first) == 1 and first == last, (starts.format(i), first, last)
            on.append(first[0])
        assert len(set(on)) >= 2  # the table does continue on another page
        for p in set(on):
            assert header in text[p], f"header missing on page {p + 1}"
    assert "Top 30 of 90" in " ".join(text)


def test_a_huge_post_is_shortened_to_fit_one_page():
    alert = long_alerts(1)[0]
    huge = type(alert)(**{**alert.__dict__, "first_kol": "word " * 3000})
    text = "\n".join(pages(render_pdf(small_briefing(alerts=(huge,)))))
    assert "word word…" in flat(text) and 40 < flat(text).count("word") < 80


def test_data_text_is_never_markup():
    hostile = "**bold** __u__ <b>x</b> {nb} [link](http://x)"
    b = small_briefing(copy_note=hostile, picks_note=hostile)
    text = flat("\n".join(pages(render_pdf(b))))
    assert text.count(hostile) == 2
    assert '<img src=x onerror="alert(2)"> so cute' in text


def test_per_market_pdf_says_which_market_it_covers(per_market):
    text = flat("\n".join(pages(build_report(per_market, fmt="pdf"))))
    assert "stores series per market only" in text and "the market with the most series" in text
    assert "No element series" not in text


@pytest.fixture(scope="module")
def demo_briefing(demo_dir) -> Briefing:
    """The session demo's briefing with its hit-rate picks (fits the hit model once)."""
    return collect_briefing(Dataset(demo_dir))


def test_demo_pdf_shows_every_name_every_pick_and_the_brand(demo_briefing):
    b = demo_briefing
    assert b.picks is not None and b.picks.height == 5
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (300, 100), "#8B0000").save(buf, "PNG")
    data = render_pdf(b, brand=load_brand("Maison Lumière", buf.getvalue()))
    text = pages(data)
    cover = flat(text[0])
    assert cover.startswith("Maison Lumière")
    assert "DATASET demo" in cover and "Market: all markets" in cover
    assert f"{b.data_from} to {b.asof}" in cover
    assert PdfReader(io.BytesIO(data)).pages[0].images  # the logo
    body = "\n".join(text[1:])
    for name in element_names(b):
        assert name in flat(body), name
    assert f"Top {b.picks.height} of" in flat(body)
    for sku in b.picks["sku"]:
        assert sku in flat(body), sku
    assert_ticks_in_text(b, body)
    assert "share of voice (% of posts)" in body
    assert all(c.text.split()[0] in body for c in b.copy)  # EN and 中文 copy
    assert "Maison Lumière trend briefing · demo" in flat(text[-1])  # footer
    assert not DEVELOPER_TEXT.search("\n".join(text))
    html = build_html_text(b)
    assert not DEVELOPER_TEXT.search(html)


def build_html_text(b: Briefing) -> str:
    """The HTML report's visible text (tags, scripts and styles dropped)."""
    from infimate.report.html import render_html

    page = render_html(b).decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)
