"""Overview page: top rising elements (sparklines, stage badges, swatches), alerts, freshness."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
import streamlit as st

from infimate.datasets import Dataset, ingest_frame
from infimate.trends import Segment, summaries
from tests.pages.conftest import open_page, plotly_specs


def _rising(sig, seg, segments=None) -> pl.DataFrame:
    s = summaries(sig, seg, segments=segments)
    return s.filter(pl.col("stage").is_in(["emerging", "rising"])).head(8)


def test_empty_dataset_says_what_to_do(empty_dataset):
    at = open_page("pages/overview.py")
    assert at.title[0].value == "Overview"
    assert any("no signals yet" in w.value for w in at.warning)
    assert not at.info  # a user dataset is not labelled synthetic


def test_imported_series_rising_list_matches_trend_summaries(empty_dataset):
    # tweed: flat then a clear rise (stage "rising"); linen: flat (dormant)
    n = 70
    weeks = pl.date_range(
        date(2025, 1, 6), date(2025, 1, 6) + timedelta(weeks=n - 1), "1w", eager=True
    )
    tweed = [10.0] * 60 + [10.0 + 6 * i for i in range(1, 11)]
    wide = pl.DataFrame({"date": weeks, "tweed": tweed, "linen": [20.0] * n})
    ingest_frame(Dataset(empty_dataset), "signals", wide, source="wide.csv")
    st.cache_data.clear()
    at = open_page("pages/overview.py")
    expected = _rising(Dataset(empty_dataset).read("signals"), Segment())
    assert expected["element"].to_list() == ["tweed"]
    sparks = [s for s in plotly_specs(at) if s["data"][0]["name"] == "weekly"]
    assert len(sparks) == 1
    assert sparks[0]["data"][0]["y"] == pytest.approx(tweed[-26:])
    assert "Top rising elements · all" in [s.value for s in at.subheader]
    assert "tweed" in " ".join(m.value for m in at.markdown).lower()
    assert at.get("badge") or any("rising" in m.value for m in at.markdown)


def test_demo_overview_is_labelled_synthetic_with_badges_and_swatches(demo):
    at = open_page("pages/overview.py")
    assert any("Synthetic demo data" in i.value for i in at.info)
    ds = Dataset(demo)
    expected = _rising(ds.read("signals"), Segment(), ds.read("segments"))
    assert expected.height > 0
    sparks = [s for s in plotly_specs(at) if s["data"][0]["name"] == "weekly"]
    assert len(sparks) == expected.height
    badges = [b for b in at.get("badge")] if at.get("badge") else []
    text = " ".join(m.value for m in at.markdown)
    for el in expected["element"].to_list():
        assert el.replace("_", " ").split()[0].lower() in text.lower()
    assert badges or "rising" in text or "emerging" in text
    assert [m.label for m in at.metric][:4] == ["Posts", "Signals", "Products", "Mentions"]
    assert any("Data freshness" in c.value for c in at.caption)


def test_demo_overview_hit_scorecard_and_newest_alerts(demo):
    from infimate.ui import cached

    at = open_page("pages/overview.py")
    ev = cached.hit_model(str(demo))[1]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Picks hit rate (top 10%)"] == f"{ev.model.picks_hit_rate:.0%}"
    alerts = pl.from_pandas(next(d.value for d in at.dataframe if "confidence" in d.value.columns))
    expected = cached.alerts(str(demo))  # what the library returns (cached once)
    assert set(alerts["element"].to_list()) <= set(expected["element"].to_list())
    assert alerts.height == min(8, expected.height)
