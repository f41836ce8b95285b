"""Hit-rate model (infimate.hit.model): exact explanations, bootstrap intervals, metric answers."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from infimate.hit.design import with_element_ids
from infimate.hit.features import AGGREGATES, label_hits, product_features
from infimate.hit.model import HitModel, select

ELEMENT_FEATURES = [a[0] for a in AGGREGATES]


def test_explain_contributions_sum_to_the_logit_exactly(world):
    signals, products = world
    feats = product_features(label_hits(products), signals)
    res = HitModel(n_boot=3).fit(feats)
    logits = res.logit(feats)
    contrib = res.contributions(feats)
    per_el = res.element_contributions(feats).group_by("sku").agg(pl.col("contribution").sum())
    for i, sku in enumerate(feats.products["sku"].head(25)):
        ex = res.explain(feats, sku)
        assert ex.intercept + ex.features["contribution"].sum() == pytest.approx(
            ex.logit, abs=1e-12
        )
        assert ex.logit == pytest.approx(logits[i], abs=1e-12)
        assert ex.probability == pytest.approx(res.predict(feats)[i])
        ids = with_element_ids(feats).filter(pl.col("sku") == sku)["element_ids"][0]
        own = [f"element={e}" for e in ids if e in res.encoding.elements]
        from_elements = ex.features.filter(pl.col("feature").is_in([*ELEMENT_FEATURES, *own]))
        split = ex.elements["contribution"].sum()
        assert split == pytest.approx(from_elements["contribution"].sum(), abs=1e-9)
        assert split + ex.other == pytest.approx(ex.features["contribution"].sum(), abs=1e-12)
        assert ex.elements.height == len(products.filter(pl.col("sku") == sku)["elements"][0])
        row = contrib.filter(pl.col("sku") == sku).drop("sku").sum_horizontal()[0]
        assert row + res.base_logit(select(feats, pl.col("sku") == sku))[0] == pytest.approx(
            ex.logit, abs=1e-12
        )
        vec = per_el.filter(pl.col("sku") == sku)["contribution"][0]
        assert vec == pytest.approx(ex.elements["contribution"].sum(), abs=1e-12)


def test_interval_brackets_the_refits_and_is_ordered(world):
    signals, products = world
    feats = product_features(label_hits(products), signals)
    res = HitModel(n_boot=20).fit(select(feats, pl.col("launch_date") < date(2026, 1, 1)))
    test = select(feats, pl.col("launch_date") >= date(2026, 1, 1))
    iv = res.interval(test)
    p = res.predict(test).to_numpy()
    assert iv.height == test.products.height and (iv["lo"] <= iv["hi"]).all()
    inside = ((iv["lo"].to_numpy() <= p + 1e-9) & (p <= iv["hi"].to_numpy() + 1e-9)).mean()
    assert inside > 0.8
    assert "largest standardised coefficients" in res.summary()
    cal = res.calibration(test, bins=5)
    assert cal.height == 5 and cal["n"].sum() == test.products.height


def test_unseen_styles_are_flagged_with_a_wide_interval(world):
    signals, products = world
    feats = product_features(label_hits(products), signals)
    res = HitModel(n_boot=10).fit(feats)
    p = res.predict(feats).to_numpy()
    flags = res.flags(feats)
    above = p > res.tuning.calibrated_max
    assert above.any() and flags["extrapolation"].to_numpy()[above].all()  # never silent
    assert flags.filter(pl.Series(above))["why"].str.contains("highest calibrated").all()
    one = products.head(1).with_columns(units=None)
    odd = pl.concat(
        [
            one.with_columns(sku=pl.lit("new"), category=pl.lit("spacesuit")),
            one.with_columns(sku=pl.lit("dear"), price=pl.col("price") * 1e6),
        ]
    ).with_columns(pl.lit(["moon boots", "red"]).alias("elements"))
    odd = product_features(odd, signals)
    why = res.flags(odd)["why"].to_list()
    assert "new category 'spacesuit'" in why[0] and "moon boots" in why[0]
    assert "price against the category's usual price" in why[1] and "spacesuit" not in why[1]
    iv, q = res.interval(odd), res.predict(odd)[0]
    base = res.encoding.category_rate("spacesuit")
    assert iv["lo"][0] <= min(base, q) and iv["hi"][0] >= max(base, q)
