"""Compare page: one element across markets (small multiples, world map), crowds and
scenes, two segments side by side — on a Google Trends import and on the demo."""

from __future__ import annotations

import pytest

from tests.pages.conftest import open_page, plotly_specs
from tests.pages.test_page_trends import trends_dataset  # noqa: F401  (fixture)

MULTI = {"US": "United States", "FR": "France", "GB": "United Kingdom"}


@pytest.fixture
def countries_dataset(empty_dataset):
    """Three countries' Google-Trends-like series of one word (US rises, FR flat, GB falls)."""
    import polars as pl

    from infimate.data import samples
    from infimate.data.datasets import Dataset

    base = samples.rising_signals("dress")
    parts = [
        base.with_columns(market=pl.lit("US")),
        base.with_columns(market=pl.lit("FR"), value=pl.lit(40.0)),
        base.with_columns(market=pl.lit("GB"), value=pl.Series([40.0] * 26 + [30, 20, 10, 5])),
    ]
    sig = pl.concat(parts).with_columns(source=pl.lit("google_trends"), metric=pl.lit("index"))
    Dataset(empty_dataset).write("signals", sig)
    return empty_dataset


def _titles(spec: dict) -> list[str]:
    return [a["text"] for a in spec["layout"].get("annotations", [])]


def test_markets_as_small_multiples_by_country_name_fastest_first(countries_dataset):
    at = open_page("pages/compare.py", query={"element": "dress"})
    [spec] = plotly_specs(at)
    assert _titles(spec) == ["United States", "France", "United Kingdom"]
    table = at.dataframe[0].value
    assert table["market"].to_list() == ["United States", "France", "United Kingdom"]
    at.radio(key="cmp_view").set_value("map").run()
    assert not at.exception
    [spec] = plotly_specs(at)
    assert spec["data"][0]["type"] == "choropleth"
    assert spec["data"][0]["locations"] == ["USA", "FRA", "GBR"]
    assert spec["data"][0]["z"][0] > 0 > spec["data"][0]["z"][2]


def test_chinese_names_of_countries(countries_dataset):
    at = open_page("pages/compare.py", query={"element": "dress", "lang": "zh"})
    assert _titles(plotly_specs(at)[0]) == ["美国", "法国", "英国"]


def test_demo_crowds_and_two_segments(demo):
    at = open_page("pages/compare.py", query={"element": "butter_yellow", "cmp_tab": "1"})
    assert not at.exception
    at = open_page("pages/compare.py", query={"element": "butter_yellow"})
    tabs = at.tabs
    assert len(tabs) == 3
    # crowds: the crowd cut of the planted riser, plus the crowd × scene heatmap
    at.query_params["cmp_tab"] = tabs[1].label
    at.run()
    assert not at.exception
    specs = plotly_specs(at)
    kinds = {s["data"][0]["type"] for s in specs}
    assert "heatmap" in kinds
    multiples = next(s for s in specs if s["data"][0]["type"] == "scatter")
    assert "Gen z" in _titles(multiples) or "Women 35+" in _titles(multiples)
    # two segments: the segment B pickers default to another market
    at.query_params["cmp_tab"] = tabs[2].label
    at.run()
    assert not at.exception
    assert at.selectbox(key="cmp_b_market").value != at.selectbox(key="seg_market").value
    ab = at.dataframe[-1].value
    assert {"stage_a", "stage_b", "gap"} <= set(ab.columns)
    gaps = ab["gap"].abs().to_list()
    assert gaps == sorted(gaps, reverse=True)
