"""build_report and the report CLI: HTML from a dataset, formats, files, per-market imports."""

from __future__ import annotations

import numpy as np
import pytest

from infimate.cli.main import main
from infimate.errors import InfimateError
from infimate.report.briefing import collect_briefing
from infimate.report.build import build_report
from tests.fixtures.report_world import EVIL


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
    assert (
        "No element series in segment all. This dataset stores series per market (2: GB, US)"
        in page
    )
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
