"""A hit probability in words (infimate.hit.explain): effects add up, reasons, similar styles."""

from __future__ import annotations

import math

import polars as pl
import pytest

from infimate.hit.design import with_element_ids
from infimate.hit.explain import attribute_effects, reasons, similar_styles
from infimate.hit.features import label_hits, product_features
from infimate.hit.model import HitModel


@pytest.fixture(scope="module")
def fitted(world):
    signals, products = world
    feats = product_features(label_hits(products), signals)
    return feats, HitModel(n_boot=0).fit(feats)


def test_attribute_effects_add_up_to_the_contributions(fitted):
    feats, res = fitted
    for sku in feats.products["sku"].head(20):
        ex = res.explain(feats, sku)
        eff = attribute_effects(ex)
        assert eff["contribution"].sum() == pytest.approx(ex.features["contribution"].sum())
        assert ex.intercept + eff["contribution"].sum() == pytest.approx(ex.logit)
        names = eff["attribute"].to_list()
        assert names[-4:] == ["launch timing", "price", "category", "other"]


def test_reasons_name_the_largest_effects_with_their_odds(fitted):
    feats, res = fitted
    ex = res.explain(feats, feats.products["sku"][0])
    said = reasons(ex, top=3, min_effect=0.0)
    eff = attribute_effects(ex).filter(pl.col("attribute") != "other")
    top = eff.sort(pl.col("contribution").abs(), descending=True).head(3).rows()
    assert len(said) == 3
    for text, (name, c) in zip(said, top, strict=True):
        assert text == f"{name} {'lifts' if c > 0 else 'sinks'} the odds ×{math.exp(c):.1f}"


def test_similar_styles_are_the_past_launches_sharing_the_most_attributes(fitted):
    feats, res = fitted
    hist = res.history
    row = with_element_ids(feats).row(0, named=True)
    got = similar_styles(res, row["category"], row["element_ids"])
    same = hist.filter(pl.col("category") == row["category"])
    k = same["element_ids"].list.set_intersection(row["element_ids"]).list.len()
    alike = same.filter(k == k.max())
    assert (got.n, got.hits) == (alike.height, int(alike["hit"].sum()))
    assert got.median_units == pytest.approx(alike["units"].median())
    assert f"{got.n} past {row['category']} launches" in got.sentence()
    assert similar_styles(res, "no such category", ["x"]).n == 0
