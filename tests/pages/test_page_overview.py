"""Overview page: top rising elements (one table: swatches, stage, growth, sparklines),
newest alerts, hit-rate scorecard (never blocking the page), freshness."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import unquote

import polars as pl
import pytest
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.data.ingest import ingest_frame
from infimate.trends.curves import Segment, summaries
from infimate.ui.components import NO_SWATCH
from infimate.ui.rising import STAGE_ICON
from tests.pages.conftest import named, open_page


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
    table = _rising_table(at)
    assert table["element"].to_list() == ["tweed"]
    assert table["spark"][0].to_list() == pytest.approx(tweed[-26:])
    assert table["stage"].to_list() == ["🚀 rising"]
    assert table["growth_4w_pct"][0] == pytest.approx(expected["growth_4w"][0] * 100)
    assert table["level"][0] == f"{expected['sov'][0]:.1f} (value)"  # an index, not a share
    assert table["swatch"].to_list() == [NO_SWATCH]  # tweed is a fabric: no colour swatch
    assert "Top rising elements · all" in [s.value for s in at.subheader]


def _rising_table(at) -> pl.DataFrame:
    df = next(d.value for d in at.dataframe if "spark" in d.value.columns)
    return pl.from_pandas(df)


def test_demo_overview_is_labelled_synthetic_with_badges_and_swatches(demo):
    at = open_page("pages/overview.py")
    assert any("Synthetic demo data" in i.value for i in at.info)
    ds = Dataset(demo)
    expected = _rising(ds.read("signals"), Segment(), ds.read("segments"))
    assert expected.height > 0
    table = _rising_table(at)
    assert table["element"].to_list() == expected["element"].to_list()
    assert table["growth_4w_pct"].to_list() == pytest.approx(
        (expected["growth_4w"] * 100).to_list()
    )
    assert table["level"].to_list() == [f"{v:.2%}" for v in expected["sov"]]
    for got, want in zip(table["spark"], expected["spark"], strict=True):
        assert got.to_list() == pytest.approx(want.to_list())
    names = components_names(demo)
    assert table["name"].to_list() == [names[e] for e in expected["element"]]
    stages = {f"{STAGE_ICON[s]} {s}" for s in ("emerging", "rising")}
    assert set(table["stage"].to_list()) <= stages
    # colour elements (butter yellow, …) carry a swatch of their lexicon hex; others none
    hexes = dict(zip(*ds_lexicon_hex(demo), strict=True))
    for el, sw in zip(table["element"], table["swatch"], strict=True):
        assert (sw != NO_SWATCH) == (el in hexes), el
        if sw != NO_SWATCH:
            assert f"fill='{hexes[el]}'" in unquote(sw)
    assert any(sw != NO_SWATCH for sw in table["swatch"])  # the demo's risers include colours
    assert [m.label for m in at.metric][:4] == ["Posts", "Signals", "Products", "Mentions"]
    assert any(
        c.value.startswith("Data from ") and "dataset updated" in c.value for c in at.caption
    )


def test_demo_overview_hit_scorecard_and_newest_alerts(demo):
    from infimate.ui import alerts, hit

    ev = hit.hit_model(str(demo))[1]  # fitted (waits for the background fit)
    at = open_page("pages/overview.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Picks hit rate (top 10%)"] == f"{ev.model.picks_hit_rate:.0%}"
    shown = pl.from_pandas(next(d.value for d in at.dataframe if "confidence" in d.value.columns))
    expected = alerts.alerts(str(demo))  # what the library returns (cached once)
    assert set(shown["element"].to_list()) <= set(named(expected["element"]))
    assert shown.height == min(8, expected.height)


def test_overview_does_not_wait_for_the_hit_model(demo, monkeypatch):
    from infimate.ui import hit

    def never(path):  # the model must not be asked for while it is being fitted
        raise AssertionError("Overview waited for the hit model")

    monkeypatch.setattr(hit, "hit_ready", lambda path: False)
    monkeypatch.setattr(hit, "hit_model", never)
    at = open_page("pages/overview.py")
    assert "Hit-rate scorecard" in [s.value for s in at.subheader]
    assert any("Fitting the hit model" in c.value for c in at.caption)
    assert "Picks hit rate (top 10%)" not in [m.label for m in at.metric]
    assert _rising_table(at).height > 0  # the rest of the page is drawn


def components_names(demo) -> dict[str, str]:
    from infimate.elements.lexicon import load_lexicon

    lex = load_lexicon(Dataset(demo))
    return {
        r["element_id"]: " · ".join(x for x in (r["name_en"], r["name_zh"]) if x)
        for r in lex.iter_rows(named=True)
    }


def ds_lexicon_hex(demo) -> tuple[list[str], list[str]]:
    from infimate.elements.lexicon import load_lexicon

    lex = load_lexicon(Dataset(demo)).filter(pl.col("hex").is_not_null() & (pl.col("hex") != ""))
    return lex["element_id"].to_list(), lex["hex"].to_list()
