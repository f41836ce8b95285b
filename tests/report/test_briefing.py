"""Brand-partner report: collection on a tiny hand-made dataset, HTML escaping, PDF, CLI."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.cli.main import main
from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.hit import evaluate as hit_evaluate
from infimate.report.briefing import AlertView, Briefing, CopySample, CurveView, collect_briefing
from infimate.report.build import build_report
from infimate.report.html import level, pct, render_html, swatch_hex
from infimate.trends.curves import Segment
from tests.fixtures import ROOT
from tests.fixtures.imported_world import write_per_market

EVIL = "<script>alert(1)</script>"


def _has_chromium() -> bool:
    return Path("/usr/bin/chromium").exists() or shutil.which("chromium") is not None


needs_chromium = pytest.mark.skipif(
    not _has_chromium() and not os.environ.get("CI"),
    reason="PDF export needs Debian chromium (make browser); CI installs it",
)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Dataset:
    """Imported weekly series: tiffany_blue flat, butter_yellow and an evil free term ramping."""
    ds = Dataset(tmp_path_factory.mktemp("report") / "tiny")
    ds.path.mkdir()
    weeks = [date(2024, 12, 2) + timedelta(weeks=i) for i in range(104)]
    rng = np.random.default_rng(0)
    series = {
        "tiffany_blue": 20 + rng.normal(0, 1, 104),
        "butter_yellow": np.r_[np.full(96, 10.0), np.linspace(14, 60, 8)],
        EVIL: np.r_[np.full(98, 5.0), np.linspace(8, 30, 6)],
    }
    frame = pl.DataFrame(
        [
            {
                "date": w,
                "element": el,
                "value": float(x),
                "source": "google_trends",
                "metric": "index",
            }
            for el, v in series.items()
            for w, x in zip(weeks, v, strict=True)
        ]
    )
    ds.write("signals", frame, source="test")
    m = ds.manifest()
    m["synthetic"] = True
    ds.save_manifest(m)
    return ds


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


def test_collect_briefing_ranks_the_ramps_and_joins_the_lexicon(tiny):
    b = collect_briefing(tiny)
    assert b.synthetic and b.asof == date(2026, 11, 23)
    got = b.rising.select("element", "label", "name_zh", "hex", "stage").sort("element")
    want = pl.DataFrame(
        {
            "element": [EVIL, "butter_yellow"],
            "label": [EVIL, "butter yellow"],
            "name_zh": ["", "奶油黄"],
            "hex": ["", "#F6E27F"],
            "stage": ["rising", "rising"],
        }
    ).sort("element")
    assert_frame_equal(got, want)
    assert "tiffany_blue" not in b.rising["element"].to_list()
    assert [c.element for c in b.curves] == b.rising["element"].to_list()
    assert all(c.forecast.height == 12 for c in b.curves)
    assert all(c.y_title == "google_trends index" for c in b.curves)


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


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@needs_chromium
def test_pdf_opens_and_has_pages(tiny):
    data = build_report(tiny, fmt="pdf")
    assert data.startswith(b"%PDF")
    assert data.rstrip().endswith(b"%%EOF")
    assert _pdf_pages(data) >= 1


def test_cli_infers_format_and_rejects_unknown_extension(tiny, tmp_path, capsys):
    out = tmp_path / "brief.html"
    assert main(["report", "--dataset", str(tiny.path), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")
    assert not list(tmp_path.glob("*.tmp*"))
    bad = tmp_path / "brief.docx"
    assert main(["report", "--dataset", str(tiny.path), "--out", str(bad)]) == 2
    assert "unknown report extension '.docx'" in capsys.readouterr().err
    assert not bad.exists()


def test_demo_report_is_labelled_synthetic(monkeypatch):
    demo = ROOT / "data" / "demo"
    if not (demo / "signals.parquet").exists():
        pytest.skip("data/demo not generated (make demo)")
    import infimate.report.briefing

    # the hit model fit on the full demo takes a minute; picks are covered above
    monkeypatch.setattr(infimate.report.briefing, "_picks", lambda *a: (None, "picks skipped"))
    b = collect_briefing(Dataset(demo), market="US")
    assert b.synthetic and b.rising.height > 0
    assert {a.segment.split(",")[0] for a in b.alerts} <= {"market=US"}
    assert [c.lang for c in b.copy] == ["en", "zh"]
    page = render_html(b).decode("utf-8")
    assert "SYNTHETIC DEMO DATA" in page
    assert "market=US" in page


def _with_products(tiny: Dataset, tmp_path: Path) -> Dataset:
    ds = Dataset(tmp_path / "withprods")
    shutil.copytree(tiny.path, ds.path)
    products = pl.DataFrame(
        {
            "sku": ["L1", "C1", "C2", "C3"],
            "launch_date": [date(2026, 1, 5), date(2027, 1, 4), date(2027, 1, 4), date(2027, 1, 4)],
            "category": ["dress"] * 4,
            "elements": ["butter_yellow"] * 4,
            "price": [40.0, 50.0, 60.0, 70.0],
            "units": [100.0, None, None, None],
        }
    )
    ds.write("products", products, source="test")
    return ds


def test_picks_rank_candidates_only(tiny, tmp_path, monkeypatch):
    import types

    seen = {}

    def fit_dataset_model(dataset):
        scores = types.SimpleNamespace(picks_hit_rate=0.25, base_rate=0.1)
        return "MODEL", types.SimpleNamespace(model=scores, test_from=date(2026, 6, 1))

    def score_lineup(dataset, lineup, *, results=None):
        seen["skus"], seen["results"] = lineup["sku"].to_list(), results
        return lineup.with_columns(
            pl.Series("probability", [0.2, 0.6, 0.4]), lo=pl.lit(0.1), hi=pl.lit(0.7)
        )

    monkeypatch.setattr(hit_evaluate, "fit_dataset_model", fit_dataset_model)
    monkeypatch.setattr(hit_evaluate, "score_lineup", score_lineup)
    b = collect_briefing(_with_products(tiny, tmp_path), top=2)
    assert seen == {"skus": ["C1", "C2", "C3"], "results": "MODEL"}
    assert b.picks is not None
    assert_frame_equal(
        b.picks.select("sku", "p_hit"), pl.DataFrame({"sku": ["C2", "C3"], "p_hit": [0.6, 0.4]})
    )
    assert "Top 2 of 3 candidate styles" in b.picks_note
    assert "hit 25% vs a base rate of 10%" in b.picks_note
    page = render_html(b).decode()
    assert "<td>C2</td>" in page and "<td>60%</td>" in page
    # an already fitted model (the UI's cached one) is used as is
    ev = types.SimpleNamespace(
        model=types.SimpleNamespace(picks_hit_rate=None, base_rate=0.1), test_from=date(2026, 6, 1)
    )
    b = collect_briefing(_with_products(tiny, tmp_path / "again"), hit_model=("CACHED", ev))
    assert seen["results"] == "CACHED"
    assert "picks hit — vs a base rate of 10%" in b.picks_note


def test_picks_say_why_when_the_model_cannot_fit(tiny, tmp_path, monkeypatch):
    def fit_dataset_model(dataset):
        raise InfimateError("no launched products with units")

    monkeypatch.setattr(hit_evaluate, "fit_dataset_model", fit_dataset_model)
    b = collect_briefing(_with_products(tiny, tmp_path))
    assert b.picks is None
    assert b.picks_note == "No hit-rate picks: no launched products with units"


@pytest.fixture(scope="module")
def per_market(tmp_path_factory) -> Dataset:
    return write_per_market(Dataset(tmp_path_factory.mktemp("report") / "per_market"))


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


@needs_chromium
def test_pdf_of_a_segment_without_series_explains_it(per_market):
    assert build_report(per_market, fmt="pdf").startswith(b"%PDF")
