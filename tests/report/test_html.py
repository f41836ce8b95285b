"""Report HTML (report.html): formatting helpers, escaping, self-contained page, synthetic label."""

from __future__ import annotations

import re

from infimate.report.html import level, pct, render_html, swatch_hex
from tests.report.briefings import small_briefing as _briefing


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


def test_html_shows_the_brand_name_escaped_and_an_inline_logo():
    import io

    from PIL import Image

    from infimate.report.brand import load_brand

    buf = io.BytesIO()
    Image.new("RGB", (30, 10), "navy").save(buf, "PNG")
    page = render_html(_briefing(), brand=load_brand("Maison <Lumière>", buf.getvalue())).decode()
    assert "Maison &lt;Lumière&gt; trend briefing — demo" in page
    assert page.count('<img alt="logo" src="data:image/png;base64,') == 1
    # no external resource even with a logo: the only src= is the inline PNG
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=(?![\"']data:image/png)", page)
    assert "Data 2026-01-05 to 2026-02-23 (weekly)" in page
    assert "python -m" not in page
