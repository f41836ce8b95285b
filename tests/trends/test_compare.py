"""One element across markets / crowds, and two segments side by side (trends.compare)."""

from __future__ import annotations

import polars as pl
import pytest

from infimate.data import samples
from infimate.trends.compare import across, side_by_side
from infimate.trends.curves import Segment, summaries


def _markets() -> pl.DataFrame:
    """butter_yellow rises in US, stays flat in FR; an all-market roll-up that must be ignored."""
    up = samples.rising_signals().with_columns(pl.lit("US").alias("market"))
    flat = samples.rising_signals().with_columns(value=pl.lit(5.0), market=pl.lit("FR"))
    roll = samples.rising_signals().with_columns(value=pl.lit(99.0), market=pl.lit("all"))
    return pl.concat([up, flat, roll])


def test_across_markets_one_curve_per_market_fastest_growth_first():
    curves, table = across(_markets(), "butter_yellow", "market")
    assert table["market"].to_list() == ["US", "FR"]  # "all" is not a market
    assert table.filter(pl.col("market") == "US")["stage"].item() == "rising"
    assert table.filter(pl.col("market") == "FR")["growth_4w"].item() == pytest.approx(0.0)
    assert curves.group_by("market").len().sort("market").rows() == [("FR", 30), ("US", 30)]
    assert curves.filter(pl.col("market") == "FR")["value"].unique().to_list() == [5.0]


def test_across_holds_the_other_columns_at_the_segment():
    sig = _markets().with_columns(pl.lit("gen_z").alias("crowd"))
    assert across(sig, "butter_yellow", "market")[0].is_empty()  # crowd "all" not stored
    curves, table = across(sig, "butter_yellow", "market", Segment(crowd="gen_z"))
    assert set(table["market"]) == {"US", "FR"} and curves.height == 60


def test_across_unknown_element_or_column():
    curves, table = across(_markets(), "tweed", "market")
    assert curves.is_empty() and table.is_empty() and "stage" in table.columns
    with pytest.raises(ValueError, match="by must be one of"):
        across(_markets(), "butter_yellow", "colour")


def test_side_by_side_gap_and_missing_elements():
    sig = _markets()
    us, fr = summaries(sig, Segment(market="US")), summaries(sig, Segment(market="FR"))
    t = side_by_side(us, fr)
    row = t.row(0, named=True)
    assert row["stage_a"] == "rising" and row["stage_b"] != "rising"
    assert row["gap"] == pytest.approx(row["growth_a"] - row["growth_b"])
    assert side_by_side(us, fr.head(0))["stage_b"].to_list() == [None]
