"""Report collection (report.briefing) on the tiny dataset and the demo: rising, curves, picks."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.hit import evaluate as hit_evaluate
from infimate.report.briefing import collect_briefing
from infimate.report.html import render_html
from tests.fixtures import ROOT
from tests.fixtures.report_world import EVIL


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
            pl.Series("probability", [0.2, 0.6, 0.4]),
            lo=pl.lit(0.1),
            hi=pl.lit(0.7),
            extrapolation=pl.Series([False, True, False]),
            why=pl.Series(["", "new category 'x'", ""]),
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
    assert b.picks["caveat"].to_list() == ["extrapolation: new category 'x'", None]
    page = render_html(b).decode()
    assert "<td>C2</td>" in page and "<td>60%</td>" in page
    assert "extrapolation: new category &#x27;x&#x27;" in page and "<td>None</td>" not in page
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
