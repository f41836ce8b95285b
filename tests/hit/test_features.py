"""Hit features: labels, known-answer features, segment fallback, no leakage, external names."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.hit.bank import load_aliases, signal_bank
from infimate.hit.features import (
    AGGREGATES,
    EL_FEATURES,
    label_hits,
    normalise_products,
    product_features,
)
from tests.fixtures.hit_world import external_world, post_world

MON = date(2025, 1, 6)  # a Monday


def _series(element: str, mentions: list[float], *, posts: float = 400.0, **seg) -> pl.DataFrame:
    n = len(mentions)
    return pl.DataFrame(
        {
            "date": [MON + timedelta(weeks=i) for i in range(n)],
            "element": [element] * n,
            "value": [m / posts for m in mentions],
            "mentions": mentions,
            "posts": [posts] * n,
            "source": ["posts"] * n,
            "metric": ["share"] * n,
        }
    ).with_columns(**{k: pl.lit(v) for k, v in seg.items()})


def _product(sku: str, launch: date, elements: list[str], **kw) -> dict:
    return {"sku": sku, "launch_date": launch, "category": "dress", "elements": elements} | kw


def test_label_hits_top_decile_per_quarter_and_category():
    rows = []
    for q, d in enumerate((date(2026, 1, 10), date(2026, 4, 10))):
        for cat in ("dress", "bag"):
            for i in range(20):
                rows.append((f"{q}-{cat}-{i:02d}", d, cat, float(i * (q + 1))))
    rows.append(("cand", date(2026, 4, 20), "dress", None))
    df = pl.DataFrame(rows, schema=["sku", "launch_date", "category", "units"], orient="row")
    out = label_hits(df)
    hits = sorted(out.filter(pl.col("hit"))["sku"].to_list())
    # 20 products per group -> 2 hits each: the two largest units
    assert hits == sorted(
        f"{q}-{c}-{i}" for q in (0, 1) for c in ("dress", "bag") for i in (18, 19)
    )
    assert out.filter(pl.col("sku") == "cand")["hit"].to_list() == [None]
    assert label_hits(df.with_columns(hit=pl.lit(True)))["hit"].all()


def test_normalise_products_splits_strings_and_fills_segments():
    df = pl.DataFrame(
        {"sku": ["a"], "launch_date": ["2026-01-01"], "category": ["top"], "elements": [" x ; y;;"]}
    ).with_columns(pl.col("launch_date").str.to_date())
    out = normalise_products(df)
    assert out["elements"].to_list() == [["x", "y"]]
    assert out.select("market", "crowd", "scene").row(0) == ("all", "all", "all")
    assert out.schema["price"] == pl.Float64 and out["units"].to_list() == [None]


def test_known_answer_step_rise_momentum_growth_and_stage():
    # flat 40/400 for 60 weeks, then 160/400 for 6 weeks; launch so the feature week is the last
    sig = pl.concat(
        [
            _series("x", [40.0] * 60 + [160.0] * 6),
            _series("flat", [40.0] * 66),
        ]
    )
    last = MON + timedelta(weeks=65)
    launch = last + timedelta(days=6 + 45)  # last week complete at launch − 45 days
    prods = pl.DataFrame([_product("a", launch, ["x"]), _product("b", launch, ["flat"])])
    f = product_features(prods, sig)
    x = f.elements.filter(pl.col("sku") == "a").row(0, named=True)
    eps = 1 / 1600  # one mention over the last 4 weeks' posts
    assert x["momentum"] == pytest.approx(math.log((0.4 + eps) / (0.1 + eps)))
    assert x["growth_4w"] == pytest.approx(math.log((0.4 + eps) / (0.25 + eps)))
    assert x["growth_8w"] == pytest.approx(math.log((0.4 + eps) / (0.1 + eps)))
    assert x["level"] == 1.0 and x["rising"] == 1.0 and x["segment"] == "all"
    # 4-week rate first exceeds 2 × median at week 61 ((2×160 + 2×40)/1600 = 0.25): 4 weeks ago
    assert x["saturation"] == pytest.approx(math.exp(-4 / 13))
    flat = f.elements.filter(pl.col("sku") == "b").row(0, named=True)
    assert flat["momentum"] == pytest.approx(0.0) and flat["growth_12w"] == pytest.approx(0.0)
    assert flat["rising"] == 0.0 and flat["saturation"] == 0.0
    # one day earlier, week 65 is not complete at launch − 45 days: week 64 is the last used
    early = product_features(prods.with_columns(pl.col("launch_date") - timedelta(days=1)), sig)
    r60 = (160 + 3 * 40) / 1600
    assert early.elements["growth_4w"][0] == pytest.approx(math.log((0.4 + eps) / (r60 + eps)))


def test_unknown_elements_are_zero_with_an_indicator_and_mean_counts_them():
    sig = _series("x", [40.0] * 60 + [160.0] * 6)
    launch = MON + timedelta(weeks=65, days=51)
    prods = pl.DataFrame([_product("a", launch, ["x", "nope"])])
    f = product_features(prods, sig)
    nope = f.elements.filter(pl.col("element") == "nope").row(0, named=True)
    assert nope["unknown"] == 1.0 and nope["segment"] == "none"
    assert all(nope[k] == 0.0 for k in EL_FEATURES if k != "unknown")
    row = f.products.row(0, named=True)
    x_mom = f.elements.filter(pl.col("element") == "x")["momentum"][0]
    assert row["n_unknown_elements"] == 1.0 and row["n_elements"] == 2
    assert row["momentum_mean"] == pytest.approx(x_mom / 2)
    assert row["momentum_max"] == pytest.approx(x_mom)
    assert set(f.products.columns) >= {a[0] for a in AGGREGATES}


def test_no_signal_at_all_and_products_before_the_data_are_unknown():
    sig = _series("x", [40.0] * 30)
    prods = pl.DataFrame(
        [_product("early", MON + timedelta(days=10), ["x"]), _product("z", MON, ["zzz"])]
    )
    f = product_features(prods, sig)
    assert f.products["n_unknown_elements"].to_list() == [1.0, 1.0]
    empty = product_features(prods, sig.head(0))
    assert empty.products["n_unknown_elements"].to_list() == [1.0, 1.0]


def test_segment_fallback_most_specific_with_enough_mentions():
    n = 66
    sig = pl.concat(
        [
            _series("x", [30.0] * n, market="US", crowd="gen_z", scene="all"),  # enough
            _series("x", [30.0] * n, market="US", crowd="all", scene="all"),
            _series("x", [0.0] * (n - 1) + [1.0], market="GB", crowd="moms", scene="all"),  # thin
            _series("x", [30.0] * n, market="GB", crowd="all", scene="all"),
            _series("x", [60.0] * n, market="all", crowd="all", scene="all"),
        ]
    )
    launch = MON + timedelta(weeks=n - 1, days=51)
    prods = pl.DataFrame(
        [
            _product("us", launch, ["x"], market="US", crowd="gen_z", scene="office"),
            _product("gb", launch, ["x"], market="GB", crowd="moms", scene="office"),
            _product("fr", launch, ["x"], market="FR", crowd="moms", scene="office"),
        ]
    )
    seg = dict(product_features(prods, sig).elements.select("sku", "segment").iter_rows())
    assert seg == {"us": "market=US, crowd=gen_z", "gb": "market=GB", "fr": "all"}


def test_crowd_and_scene_fit_have_the_right_sign():
    n = 70
    rise = [20.0] * (n - 8) + [20.0 * 1.4**k for k in range(1, 9)]
    sig = pl.concat(
        [
            _series("x", rise, market="US", crowd="gen_z", scene="all"),
            _series("x", [20.0] * n, market="US", crowd="all", scene="all"),
            _series("x", [20.0] * n, market="all", crowd="all", scene="all"),
            _series("x", [60.0] * n, market="all", crowd="all", scene="party"),
            _series("x", [5.0] * n, market="all", crowd="all", scene="office"),
        ]
    )
    launch = MON + timedelta(weeks=n - 1, days=51)
    prods = pl.DataFrame(
        [
            _product("party", launch, ["x"], market="US", crowd="gen_z", scene="party"),
            _product("office", launch, ["x"], market="US", crowd="moms", scene="office"),
        ]
    )
    el = product_features(prods, sig).elements.sort("sku")
    office, party = el.rows(named=True)
    assert party["crowd_fit"] > 0.5 and office["crowd_fit"] == 0.0
    assert party["scene_fit"] > 0.5 and office["scene_fit"] < -0.5


def test_changing_signals_after_the_feature_date_leaves_features_unchanged():
    signals, products = post_world(seed=5, n_products=120)
    bank_full = signal_bank(signals)
    rng = np.random.default_rng(0)
    for sku in products.sample(6, seed=1)["sku"]:
        prod = products.filter(pl.col("sku") == sku)
        cutoff = prod["launch_date"][0] - timedelta(days=45)
        late = pl.col("date") > cutoff
        noise = pl.Series(rng.uniform(0, 5, signals.height))
        changed = signals.with_columns(
            pl.when(late).then(pl.col("mentions") * noise).otherwise(pl.col("mentions")),
            pl.when(late).then(pl.col("posts") * 2).otherwise(pl.col("posts")),
            pl.when(late).then(pl.col("value") * noise).otherwise(pl.col("value")),
        )
        extra = signals.filter(late).with_columns(pl.lit("el_new").alias("element"))
        before = product_features(prod, bank_full)
        after = product_features(prod, pl.concat([changed, extra]))
        assert_frame_equal(before.products, after.products)
        assert_frame_equal(before.elements, after.elements)
    # units of products never enter features
    a = product_features(products, bank_full).products.drop("units")
    b = product_features(products.with_columns(units=pl.lit(1.0)), bank_full).products.drop("units")
    assert_frame_equal(a, b)


def test_world_features_are_complete_and_finite():
    signals, products = post_world(seed=2, n_products=640)
    f = product_features(products, signals)
    assert f.elements.height == products["elements"].list.len().sum()
    assert f.products.select(pl.all().is_null().sum()).sum_horizontal()[0] == 0
    num = f.elements.select(EL_FEATURES).to_numpy()
    assert np.isfinite(num).all()


def test_real_google_trends_series_give_finite_features(shared_trends):
    sig = pl.read_csv(shared_trends, try_parse_dates=True)
    terms = sig.filter(pl.col("market") == "US")["element"].unique().sort().head(6).to_list()
    prods = pl.DataFrame(
        [
            _product(f"r{i}", date(2019, 3, 1) + timedelta(days=11 * i), [terms[i % 6], "x"])
            | {"market": "US"}
            for i in range(30)
        ]
    )
    f = product_features(prods, sig, aliases=load_aliases())
    assert f.products["n_unknown_elements"].to_list() == [1.0] * 30
    assert np.isfinite(f.elements.select(EL_FEATURES).to_numpy()).all()
    assert set(f.elements.filter(pl.col("unknown") == 0)["segment"]) == {"market=US"}


def test_external_names_match_lexicon_ids_and_free_terms():
    signals, products = external_world()
    from infimate.hit.bank import load_aliases

    f = product_features(products, signals, aliases=load_aliases())
    assert f.products["n_unknown_elements"].sum() == 0
    ids = set(f.elements["element_id"])
    assert {"butter_yellow", "tiffany_blue", "mob_wife", "cloud knit"} <= ids
