"""Report page: brand name and logo go into both downloads, built from one briefing; a bad
logo gets one clear line (no traceback) and the build buttons wait until it is fixed."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from infimate.report import html as report_html
from infimate.report import pdf as report_pdf
from infimate.ui import report
from tests.pages.conftest import open_page


def _png(size=(120, 40), fmt="PNG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "navy").save(buf, fmt)
    return buf.getvalue()


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


@pytest.fixture
def rendered(monkeypatch):
    """Record what each renderer gets (briefing, brand) instead of rendering it."""
    calls: list[tuple[str, object, object]] = []

    def fake(fmt):
        def render(b, *, brand=None):
            calls.append((fmt, b, brand))
            return f"{fmt} report".encode()

        return render

    monkeypatch.setattr(report_html, "render_html", fake("html"))
    monkeypatch.setattr(report_pdf, "render_pdf", fake("pdf"))
    monkeypatch.setattr("infimate.report.fonts.find_fonts", lambda *a, **k: None)
    return calls


def test_page_offers_brand_name_logo_and_both_formats(demo):
    at = open_page("pages/report.py")
    assert at.title[0].value == "Brand-partner report"
    assert [t.label for t in at.text_input] == ["Brand name (optional)"]
    assert at.text_input[0].max_chars == report.MAX_BRAND_CHARS
    uploader = at.file_uploader[0]
    assert uploader.label == "Brand logo (optional)"
    assert {b.label for b in at.button} >= {"Build HTML report", "Build PDF report"}
    assert not at.error


def test_brand_and_logo_reach_both_downloads_built_from_one_briefing(demo, rendered):
    at = open_page("pages/report.py")
    at.text_input(key="report_brand").input("  Maison Test ").run()
    logo = _png(fmt="JPEG")
    at.file_uploader[0].set_value(("logo.jpg", logo, "image/jpeg")).run()
    assert not at.error and not at.exception
    _button(at, "Build HTML report").click().run()
    _button(at, "Build PDF report").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [fmt for fmt, _, _ in rendered] == ["html", "pdf"]
    (_, b_html, brand_html), (_, b_pdf, brand_pdf) = rendered
    assert b_html.generated == b_pdf.generated  # the same briefing, collected once
    assert b_html.rising.equals(b_pdf.rising) and b_html.alerts == b_pdf.alerts
    for brand in (brand_html, brand_pdf):
        assert brand.name == "Maison Test"
        assert brand.logo_png.startswith(b"\x89PNG")  # the JPEG re-encoded, never as given
    downloads = [b.label for b in at.get("download_button")]
    assert any(x.startswith("Download HTML") for x in downloads), downloads
    assert any(x.startswith("Download PDF") for x in downloads), downloads


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("logo.png", b"<svg onload=alert(1)>", "not a PNG or JPEG image that can be read"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not a PNG or JPEG image"),
        ("big.png", b"\x00" * (report.MAX_LOGO_MB * 1_000_000 + 1), "larger than 5 MB"),
    ],
)
def test_bad_logo_is_one_clear_line_and_blocks_the_build(demo, rendered, name, data, words):
    at = open_page("pages/report.py")
    _button(at, "Build PDF report").click().run()  # a report without a logo first
    assert len(at.get("download_button")) == 1 and len(rendered) == 1
    at.file_uploader[0].set_value((name, data, "image/png")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1
    assert words in at.error[0].value and name in at.error[0].value
    assert "Traceback" not in at.error[0].value
    assert _button(at, "Build PDF report").disabled and _button(at, "Build HTML report").disabled
    assert not at.get("download_button")  # the old report is not offered as if it had the logo
    assert len(rendered) == 1


def test_page_speaks_chinese(demo):
    at = open_page("pages/report.py", query={"lang": "zh"})
    assert at.text_input[0].label == "品牌名称（可选）"
    assert {b.label for b in at.button} >= {"生成 HTML 报告", "生成 PDF 报告"}


def test_logo_problem_accepts_png_and_jpeg():
    assert report.logo_problem(_png()) is None
    assert report.logo_problem(_png(fmt="JPEG")) is None
    assert report.logo_problem(b"GIF89a nonsense") == "not_image"
