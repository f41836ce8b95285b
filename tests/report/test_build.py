"""build_report and the report CLI: HTML from a dataset, formats, files, per-market imports."""

from __future__ import annotations

import numpy as np
import pytest
from pypdf import PdfReader

from infimate.cli.main import main
from infimate.errors import InfimateError
from infimate.report.briefing import collect_briefing
from infimate.report.build import build_report
from tests.fixtures.report_world import EVIL
from tests.report.pdfs import needs_cjk_font


def test_build_report_html_from_dataset(tiny):
    page = build_report(tiny, fmt="html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert EVIL not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "SYNTHETIC DEMO DATA" in page
    assert "butter yellow" in page


def test_unknown_format_and_missing_dataset(tmp_path, tiny):
    with pytest.raises(InfimateError, match="unknown report format"):
        build_report(tiny, fmt="docx")  # type: ignore[arg-type]
    with pytest.raises(InfimateError, match="no such dataset"):
        build_report(tmp_path / "nope")


def test_cli_infers_format_and_rejects_unknown_extension(tiny, tmp_path, capsys):
    out = tmp_path / "brief.html"
    assert main(["report", "--dataset", str(tiny.path), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")
    assert not list(tmp_path.glob("*.tmp*"))
    bad = tmp_path / "brief.docx"
    assert main(["report", "--dataset", str(tiny.path), "--out", str(bad)]) == 2
    assert "unknown report extension '.docx'" in capsys.readouterr().err
    assert not bad.exists()


def test_per_market_imports_say_which_markets_and_what_the_level_is(per_market, tmp_path):
    page = build_report(per_market, fmt="html").decode("utf-8")
    # no all-market total: the briefing covers the market with the most series, and says so
    assert "stores series per market only (no all-market total)" in page
    assert "the market with the most series" in page and "No element series" not in page
    out = tmp_path / "us.html"
    args = ["report", "--dataset", str(per_market.path), "--out", str(out), "--market", "US"]
    assert main(args) == 0
    us = out.read_text(encoding="utf-8")
    assert "(market=US)" in us and "coat" in us
    assert "Level = the imported value" in us and "Share of voice (SoV)" not in us
    b = collect_briefing(per_market, market="US")
    assert b.rising.height and not b.rising_note
    assert b.alerts  # US coat
    for a in b.alerts:  # imported series have no counts: missing, never NaN
        assert all(v is None or np.isfinite(v) for _, v in a.numbers)
        assert dict(a.numbers).get("mentions", None) is None
    assert " nan" not in us


def _logo(path):
    from PIL import Image

    Image.new("RGB", (120, 40), "#8B0000").save(path, "PNG")
    return path


@needs_cjk_font
def test_cli_brand_and_logo_go_on_the_cover(tiny, tmp_path, capsys):
    out = tmp_path / "brief.pdf"
    args = ["report", "--dataset", str(tiny.path), "--out", str(out)]
    assert main([*args, "--brand", "Maison Lumière", "--logo", str(_logo(tmp_path / "l.png"))]) == 0
    assert "wrote" in capsys.readouterr().out
    cover = PdfReader(out).pages[0]
    assert cover.extract_text().startswith("Maison Lumière\nTrend briefing")
    assert len(cover.images) == 1
    html = tmp_path / "brief.html"
    assert main(["report", "--dataset", str(tiny.path), "--out", str(html), "--brand", "ML"]) == 0
    assert "ML trend briefing — tiny" in html.read_text(encoding="utf-8")


def test_cli_bad_logo_fails_before_any_work(tiny, tmp_path, capsys, monkeypatch):
    import infimate.report.build

    def collect(*a, **k):
        raise AssertionError("the briefing was collected before the logo was checked")

    monkeypatch.setattr(infimate.report.build, "collect_briefing", collect)
    out = tmp_path / "brief.pdf"
    args = ["report", "--dataset", str(tiny.path), "--out", str(out), "--logo", "nope.png"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "nope.png: no such logo file" in err and err.count("\n") == 1
    assert not out.exists()


def test_cli_pdf_without_a_cjk_font_says_what_to_install(tiny, tmp_path, capsys, monkeypatch):
    from infimate.report import fonts

    monkeypatch.setattr(fonts, "_index", lambda dirs: {})
    monkeypatch.setattr(fonts, "_fc_list_cjk", lambda: None)
    fonts.find_fonts.cache_clear()
    try:
        out = tmp_path / "brief.pdf"
        assert main(["report", "--dataset", str(tiny.path), "--out", str(out)]) == 2
    finally:
        fonts.find_fonts.cache_clear()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "needs a CJK font" in err and "apt-get install fonts-wqy-microhei" in err
    assert not out.exists()
