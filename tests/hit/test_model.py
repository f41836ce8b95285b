"""Hit-rate model (infimate.hit.model): exact explanations, bootstrap intervals, metric answers."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from infimate.hit.features import AGGREGATES, label_hits, product_features
from infimate.hit.model import HitModel, auc, picks_hit_rate, reliability, select

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
        from_elements = ex.features.filter(pl.col("feature").is_in(ELEMENT_FEATURES))
        split = ex.elements["contribution"].sum()
        assert split == pytest.approx(from_elements["contribution"].sum(), abs=1e-9)
        assert split + ex.other == pytest.approx(ex.features["contribution"].sum(), abs=1e-12)
        assert ex.elements.height == len(products.filter(pl.col("sku") == sku)["elements"][0])
        row = contrib.filter(pl.col("sku") == sku).drop("sku").sum_horizontal()[0]
        assert row + res.params[0] == pytest.approx(ex.logit, abs=1e-12)
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


def test_metrics_known_answers():
    y = np.array([1, 0, 1, 0, 0, 0, 0, 0, 0, 0], float)
    p = np.array([0.9, 0.8, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
    assert auc(p, y) == pytest.approx(1.0 - 1 / 16)  # one of 16 pairs misordered
    assert picks_hit_rate(p, y) == 1.0  # top 1 of 10
    assert picks_hit_rate(np.full(10, 0.5), y) == pytest.approx(0.2)  # all tied: the mean
    assert auc(p, np.zeros(10)) is None
    rel = reliability(p, y, bins=2)
    assert rel["n"].to_list() == [5, 5] and rel["observed_rate"].to_list() == [0.0, 0.4]
