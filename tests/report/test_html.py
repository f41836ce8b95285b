"""Report HTML (report.html): formatting helpers, escaping, self-contained page, synthetic label."""

from __future__ import annotations

import re
from datetime import date, timedelta

import polars as pl

from infimate.report.briefing import AlertView, Briefing, CopySample, CurveView
from infimate.report.html import level, pct, render_html, swatch_hex
from infimate.trends.curves import Segment
from tests.fixtures.report_world import EVIL


def _briefing(**over) -> Briefing:
    rising = pl.DataFrame(
        {
            "element": ["butter_yellow", "evil"],
            "label": ["butter yellow", EVIL],
            "name_zh": ["奶油黄", ""],
            "type": ["color", "color"],
            "hex": ["#F6E27F", "red;background:url(x)"],
            "stage": ["rising", "emerging"],
            "metric": ["share", "share"],
            "sov": [0.0123, 0.002],
            "growth_4w": [0.5, None],
            "growth_12w": [1.0, 0.1],
            "kol_share": [0.25, None],
        }
    )
    weeks = [date(2026, 1, 5) + timedelta(weeks=i) for i in range(8)]
    hist = pl.DataFrame({"date": weeks, "value": [0.01 * i for i in range(8)]})
    fc = pl.DataFrame(
        {
            "date": [weeks[-1] + timedelta(weeks=1)],
            "point": [0.08],
            "lo80": [0.07],
            "hi80": [0.09],
            "lo95": [0.06],
            "hi95": [0.1],
        }
    )
    alert = AlertView(
        element="evil",
        label=EVIL,
        segment="market=US",
        date=weeks[-1],
        score=7.25,
        confidence="high",
        numbers=(("score", 7.25), ("mentions", 12.0), ("expected", None)),
        spread=(("authors", 9),),
        first_kol='<img src=x onerror="alert(2)"> so cute',
        top_post=None,
        events=("Double 11 (2026-11-11)",),
    )
    b = Briefing(
        dataset="demo",
        synthetic=True,
        asof=weeks[-1],
        segment=Segment(market="US"),
        rising=rising,
        curves=(CurveView("butter_yellow", "butter yellow", hist, fc, "combined"),) * 2,
        alerts=(alert,),
        picks=None,
        picks_note="Hit-rate model not available <b>here</b>.",
        copy=(CopySample("en", "Butter <yellow> & you", 0, "offline"),),
        copy_note="offline",
        generated="2026-11-29 00:00 UTC",
    )
    return b if not over else Briefing(**{**b.__dict__, **over})


def test_formatting_helpers():
    assert swatch_hex("#0ABAB5") == "#0ABAB5"
    assert swatch_hex("red;background:url(x)") is None
    assert swatch_hex(None) is None
    assert pct(0.0123) == "1.2%"
    assert pct(0.5, signed=True) == "+50%"
    assert pct(None) == "—"
    assert level(0.0123, "share") == "1.2%"
    assert level(42.04, "index") == "42.0 (index)"


def test_html_escapes_all_data_text_and_labels_synthetic():
    page = render_html(_briefing()).decode("utf-8")
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt; so cute" in page
    assert "Butter &lt;yellow&gt; &amp; you" in page
    assert "&lt;b&gt;here&lt;/b&gt;" in page
    assert "SYNTHETIC DEMO DATA" in page
    # colour swatch only for a valid hex; the injected CSS value is dropped
    assert 'style="background:#F6E27F"' in page
    assert "url(x)" not in page
    assert "1.2%" in page and "+50%" in page and "奶油黄" in page
    assert "Double 11 (2026-11-11)" in page


def test_html_is_self_contained_with_plotly_inlined_once():
    page = render_html(_briefing()).decode("utf-8")
    assert page.count("Plotly.newPlot") == 2
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    # the inlined bundle is several MB; twice would double it
    assert 3_000_000 < len(page) < 8_000_000


def test_real_data_is_not_labelled_synthetic():
    page = render_html(_briefing(synthetic=False, alerts=())).decode("utf-8")
    assert "SYNTHETIC" not in page
    assert "No alerts in the 4 weeks" in page
