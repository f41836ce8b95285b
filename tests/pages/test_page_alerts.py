"""Alerts page: feed with evidence (posts as plain text), backtest scorecard vs baseline."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.data.ingest import ingest
from infimate.trends.alerts import current_alerts
from infimate.trends.backtest import backtest_signals
from infimate.ui import alerts
from infimate.ui.words import value
from tests.fixtures.imported_world import write_per_market
from tests.pages.conftest import named, open_page, plotly_specs

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "trends_us_4terms.csv"


@pytest.fixture
def trends_dataset(empty_dataset) -> Path:
    ingest(Dataset(empty_dataset), "signals", FIXTURE)
    st.cache_data.clear()
    return empty_dataset


def _scorecard(at) -> pl.DataFrame:
    for df in at.dataframe:
        t = pl.from_pandas(df.value)
        if "rule" in t.columns:
            return t
    raise AssertionError("no scorecard table")


def test_backtest_scorecard_matches_the_library_and_has_a_lead_histogram(trends_dataset):
    at = open_page("pages/alerts.py")
    bt = backtest_signals(Dataset(trends_dataset).read("signals"))
    card = _scorecard(at)
    assert card["rule"].to_list() == ["early-signal score", "naive baseline"]
    assert card["alerts"].to_list() == [bt.model.alerts, bt.baseline.alerts]
    assert card["breakouts"].to_list() == [bt.model.breakouts, bt.baseline.breakouts]
    hist = next(s for s in plotly_specs(at) if s["data"][0]["type"] == "histogram")
    assert hist["data"][0]["name"] == "early-signal score"
    assert list(hist["data"][0].get("x", [])) == list(bt.model.lead_days)


def test_alert_feed_matches_current_alerts(trends_dataset):
    at = open_page("pages/alerts.py")
    expected = current_alerts(Dataset(trends_dataset))
    if expected.is_empty():
        assert any("No alerts" in i.value for i in at.info)
    else:
        feed = pl.from_pandas(at.dataframe[0].value)
        assert feed["element"].to_list() == named(expected["element"])


def test_demo_alert_feed_confidence_and_segment_filter(demo):
    at = open_page("pages/alerts.py")
    expected = alerts.alerts(str(demo))  # what the library returns (cached once)
    assert expected.height > 0
    feed = pl.from_pandas(at.dataframe[0].value)
    assert feed["element"].to_list() == named(expected["element"])
    assert at.metric[0].label == "Confidence"
    assert at.metric[0].value in ("low", "medium", "high")
    crowd = next(c for c in expected["crowd"].to_list() if c != "all")
    at.selectbox(key="seg_crowd").set_value(crowd).run()
    feed = pl.from_pandas(at.dataframe[0].value)
    assert set(feed["crowd"].to_list()) == {value("crowd", crowd, "en")}  # shown as words
    assert at.query_params["crowd"] in (crowd, [crowd])


def test_demo_alert_evidence_has_top_posts_as_a_table(demo):
    at = open_page("pages/alerts.py")
    posts = [pl.from_pandas(d.value) for d in at.dataframe if "text" in d.value.columns]
    assert posts and posts[0].height >= 1


def test_demo_alert_evidence_carries_the_forecast_with_bands(demo):
    at = open_page("pages/alerts.py")
    names = [t.get("name") or "" for spec in plotly_specs(at) for t in spec["data"]]
    # the alerted curve, its forecast line and the 80/95 % bands
    assert any("forecast" in n for n in names) or any("80" in n for n in names), names
    assert any(t.get("fill") for spec in plotly_specs(at) for t in spec["data"])


def test_imported_alert_evidence_says_there_are_no_posts(empty_dataset):
    write_per_market(Dataset(empty_dataset))  # US coat rising: a current alert
    st.cache_data.clear()
    at = open_page("pages/alerts.py", query={"market": "US"})
    feed = pl.from_pandas(at.dataframe[0].value)
    assert feed["element"].to_list() == ["coat"]
    text = [m.value for m in at.markdown]
    assert any(t.startswith("**Imported series** (Google Trends index)") for t in text)
    assert not any("Top posts" in t for t in text)
    numbers = pl.from_pandas(at.dataframe[1].value)
    assert "mentions" not in numbers["number"].to_list()  # no counts: not shown as NaN
    assert numbers["value"].is_finite().all()
    curve = next(s for s in plotly_specs(at) if s["data"][0].get("name") == "coat")
    assert curve["layout"]["yaxis"]["title"]["text"] == "Google Trends index (0–100)"


def test_alerts_say_their_kind_why_and_the_naive_lead_at_the_same_precision(demo):
    at = open_page("pages/alerts.py")
    feed = pl.from_pandas(at.dataframe[0].value)
    assert set(feed["kind"].to_list()) <= {"seasonal return", "new rise"}
    expected = alerts.alerts(str(demo))
    assert expected.row(0, named=True)["why"] in [i.value for i in at.info]
    text = [m.value for m in at.markdown]
    assert any(t.startswith("At the alert score's precision") for t in text)
    kinds = next(
        pl.from_pandas(d.value)
        for d in at.dataframe
        if "kind" in d.value.columns and "recall" in d.value.columns
    )
    assert kinds["kind"].to_list() == ["seasonal return", "new rise"]
