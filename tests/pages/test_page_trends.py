"""Trends page: curves with forecast bands and calendar, model table, deep links.

The imported-series tests run on a Google Trends export from tests/fixtures (always
available); the demo-world tests use the session demo (skip until it can be generated).
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.data.ingest import ingest
from infimate.forecast.backtest import COMBINATION_RULE
from infimate.trends.curves import Segment, summaries
from tests.pages.conftest import open_page, plotly_specs

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "trends_us_4terms.csv"


@pytest.fixture
def trends_dataset(empty_dataset) -> Path:
    ingest(Dataset(empty_dataset), "signals", FIXTURE)
    st.cache_data.clear()
    return empty_dataset


def _names(spec: dict) -> list[str]:
    """Element ids of the line traces (legend names are display names; the id is the group)."""
    return [t.get("legendgroup") or t.get("name") for t in spec["data"]]


def test_imported_series_curves_forecast_bands_and_model_table(trends_dataset):
    at = open_page("pages/trends.py", query={"element": ["linen", "blazer"]})
    assert at.selectbox(key="seg_market").value == "US"  # no aggregated "all" series stored
    assert at.multiselect(key="elements").value == ["linen", "blazer"]
    spec = plotly_specs(at)[0]
    names = [t.get("name") for t in spec["data"]]  # legend names: the lexicon's names
    for el in ("linen", "blazer"):
        assert [n for n in names if n.startswith(el)] == [
            el,
            f"{el} 95%",
            f"{el} 80%",
            f"{el} forecast",
        ]
    assert spec["layout"]["yaxis"]["title"]["text"] == "Google Trends index (0–100)"
    linen = next(t for t in spec["data"] if t["name"] == "linen")
    assert len(linen["y"]) == 130 and max(linen["y"]) <= 100  # a 0–100 index, 130 weeks
    forecast = next(t for t in spec["data"] if t["name"] == "linen forecast")
    assert len(forecast["y"]) == 13  # last observed point + 12 weeks
    # retail calendar overlays for the US (Black Friday every year in range)
    labels = [a["text"] for a in spec["layout"].get("annotations", [])]
    assert "Black Friday" in labels and "618 (年中大促)" not in labels
    table = pl.from_pandas(at.dataframe[1].value)
    assert set(table["element"].to_list()) == {"linen", "blazer"}
    assert {"naive", "combined"} <= set(table["model"].to_list())
    # 130 weeks: every model runs as itself now; the first backtest origins had < 2 years
    fallback = dict(table.filter(pl.col("element") == "linen").select("model", "fallback").rows())
    assert fallback["naive"] == fallback["harmonic (log)"] == fallback["ETS (damped trend)"] == ""
    assert fallback["seasonal naive"] == "in early backtests: = naive (< 2 years of history)"
    naive = table.filter((pl.col("element") == "linen") & (pl.col("model") == "naive"))
    assert naive["vs_naive"].to_list() == [pytest.approx(1.0)]
    w = table.filter(pl.col("element") == "linen")["weight"].drop_nulls()
    assert w.sum() == pytest.approx(1.0, abs=1e-4)
    assert any(COMBINATION_RULE[:40] in c.value for c in at.caption)
    # the chart's caption says what an imported value is: not share of voice of posts
    chart_caption = next(c.value for c in at.caption if "breakout" in c.value)
    assert chart_caption.startswith("Google Trends interest = a 0–100 index")
    assert "posts mentioning" not in chart_caption
    leans = next(c.value for c in at.caption if c.value.startswith("Leans on"))
    top = table.filter((pl.col("element") == "linen") & (pl.col("model") != "combined"))
    assert top.sort("weight", descending=True)["model"][0] in leans
    # the weights come from the recent backtests shown beside them: best recent, most weight
    assert top.sort("weight", descending=True)["model"][0] == top.sort("recent_mase")["model"][0]


def test_changing_elements_updates_the_url(trends_dataset):
    at = open_page("pages/trends.py", query={"element": "linen"})
    at.multiselect(key="elements").set_value(["mob wife"]).run()
    assert not at.exception
    assert at.query_params["element"] in (["mob wife"], "mob wife")
    assert _names(plotly_specs(at)[0])[0] == "mob wife"


def test_demo_trends_show_planted_riser_with_heatmap_kol_lag_and_splits(demo):
    at = open_page("pages/trends.py")
    assert any(c.value.startswith("Share of voice = posts mentioning") for c in at.caption)
    specs = plotly_specs(at)
    picked = at.multiselect(key="elements").value
    ds = Dataset(demo)
    s = summaries(ds.read("signals"), Segment(), segments=ds.read("segments"))
    rising = s.filter(pl.col("stage").is_in(["emerging", "rising"]))["element"].to_list()
    assert picked == rising[:3] and len(picked) == 3  # default: the top rising elements
    # the test (never the app) checks them against the demo's planted truth
    classes = json.loads((demo / "truth.json").read_text())["element_classes"]
    assert all(classes.get(e) in ("riser", "fad") for e in picked), picked
    assert _names(specs[0])[0] == picked[0]
    # the detail tabs build only the open one: crowd × scene heatmap first
    assert [s["data"][0]["type"] for s in specs[1:]] == ["heatmap"]
    assert [t.label for t in at.tabs][1:] == ["KOL vs all mentions", "Platform and market"]
    # the open tab lives in the URL, so a shared link opens the same tab
    at = open_page("pages/trends.py", query={"detail": "KOL vs all mentions"})
    kol = next(s for s in plotly_specs(at) if _names(s) == ["all mentions", "KOL mentions"])
    assert max(kol["data"][0]["y"]) == pytest.approx(1.0)
    assert not [s for s in plotly_specs(at) if s["data"][0]["type"] == "heatmap"]
    at = open_page("pages/trends.py", query={"detail": "Platform and market"})
    bars = [s for s in plotly_specs(at) if s["data"][0]["type"] == "bar"]
    assert len(bars) == 2
