"""Issue acceptance: early alerts on the default demo world, scored against the planted truth."""

import json

import polars as pl
import pytest

from infimate.data.datasets import Dataset
from infimate.trends.backtest import backtest_panel
from infimate.trends.curves import market_level
from infimate.trends.early_signal import panels_by_kind
from tests.fixtures import DEMO


@pytest.fixture(scope="module")
def result():
    if not (DEMO / "truth.json").exists():
        pytest.skip("data/demo not generated (make demo)")
    ds = Dataset(DEMO)
    sig = market_level(ds.read("signals")).filter(pl.col("market") != "all")
    panel = panels_by_kind(sig, segments=ds.read("segments"))["posts"]
    truth = json.loads((DEMO / "truth.json").read_text())  # test-only: no feature reads it
    planted = pl.DataFrame(truth["breakouts"]).select(
        "element", "market", pl.col("date").str.to_date()
    )
    return backtest_panel(panel, breakouts=planted).as_dict()


def test_alerts_catch_planted_breakouts_early_and_precisely(result):
    assert result["recall"] >= 0.85
    assert result["precision"] >= 0.75
    assert result["median_lead_days"] >= 21


def test_longer_lead_than_the_naive_baseline_at_no_lower_precision(result):
    base = result["baseline"]
    assert result["median_lead_days"] > base["median_lead_days"]
    assert result["precision"] >= base["precision"]
