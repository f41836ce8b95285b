"""Trend view, product scores and outfits on a hand-made catalog with a known answer."""

from __future__ import annotations

import polars as pl

from infimate.bestie.outfits import outfits, score_products, trend_view
from infimate.bestie.profile import Profile
from infimate.trends.curves import Segment
from tests.fixtures import bestie_world as world

PEAR = Profile(
    body_shape="pear",
    undertone="warm",
    depth="medium",
    budget_item=100.0,
    budget_total=150.0,
    dislikes=("leopard_print",),
    **world.SEG,
)


def test_trend_view_uses_the_segment_and_falls_back_when_sparse():
    shop = world.shop()
    tv = trend_view(shop.trends, PEAR, min_elements=2)
    assert tv.segment == Segment(**world.SEG) and tv.tried == ()
    row = tv.table.filter(pl.col("element") == "butter_yellow").row(0, named=True)
    assert row["stage"] == "rising" and row["growth_4w"] > 0.25
    assert tv.table.filter(pl.col("element") == "camel")["stage"].item() == "declining"
    # 11 elements with a growth < 50 required: every segment is sparse, "all" is the last resort
    assert trend_view(shop.trends, PEAR).segment == Segment(**world.SEG)
    sparse = trend_view(shop.trends, PEAR, min_elements=50)
    assert sparse.segment == Segment() and sparse.tried[0] == Segment(**world.SEG).label()


def test_scores_exclude_avoid_disliked_and_over_budget_and_favour_rising():
    shop = world.shop()
    tv = trend_view(shop.trends, PEAR, min_elements=2)
    scored = score_products(shop.catalog, PEAR, lexicon=shop.lexicon, trend=tv)
    skus = scored["sku"].to_list()
    assert not {"D3", "D4", "D5", "J1"} & set(
        skus
    )  # bodycon, leopard (disliked), 500 > 100, skinny
    s = dict(zip(skus, scored["score"].to_list(), strict=True))
    assert (
        s["D1"] > s["D2"]
    )  # same silhouette, palette colours; butter yellow rises, camel declines
    d1 = scored.filter(pl.col("sku") == "D1").row(0, named=True)
    assert d1["trend_element"] == "butter_yellow" and d1["trend_stage"] == "rising"
    assert d1["body_hits"] == ["a_line"] and d1["colour"] == "butter_yellow"


def test_three_outfits_within_budget_favouring_the_rising_element():
    shop = world.shop()
    tv = trend_view(shop.trends, PEAR, min_elements=2)
    outs = outfits(shop.catalog, PEAR, lexicon=shop.lexicon, trend=tv)
    assert len(outs) == 3
    used = [i.sku for o in outs for i in o.items]
    assert len(used) == len(set(used))  # no product twice
    for o in outs:
        assert 1 <= len(o.items) <= 3
        assert o.total <= PEAR.budget_total and all(i.price <= PEAR.budget_item for i in o.items)
        assert len({i.category for i in o.items}) == len(o.items)
        banned = {"bodycon", "skinny_jeans", "leopard_print"}
        assert not banned & {e for i in o.items for e in i.elements}
    # top+bottom+shoes T1+K1+S1 (score 5.38+2.75+4.38, price 100) beats the best dress
    # look within 150 (D1+S1+B2 costs 170; D1+S1+B1 scores 5.38+4.38+1.00)
    assert [i.sku for i in outs[0].items] == ["T1", "K1", "S1"]
    where = {i.sku: k for k, o in enumerate(outs) for i in o.items}
    assert where["D1"] < where.get("D2", 99)  # the rising colour comes first
    g = tv.table.filter(pl.col("element") == "butter_yellow")["growth_4w"].item()
    for o in outs[:2]:
        assert f"butter yellow is rising {g:+.0%} in 4 weeks for gen_z office in US" in o.why
    dress = outs[where["D1"]].why
    assert "A-line flatters a pear shape" in dress
    assert "warm undertone → butter yellow ΔE 4.5 to 'warm yellow'" in dress
    assert "total 125.00 (your budget 150.00)" in dress


def test_a_tight_budget_shrinks_outfits_and_nothing_fits_means_none():
    shop = world.shop()
    tight = Profile(**{**PEAR.to_dict(), "budget_total": 60.0})
    tv = trend_view(shop.trends, tight, min_elements=2)
    outs = outfits(shop.catalog, tight, lexicon=shop.lexicon, trend=tv)
    assert outs and all(o.total <= 60.0 for o in outs)
    broke = Profile(**{**PEAR.to_dict(), "budget_total": 5.0})
    assert outfits(shop.catalog, broke, lexicon=shop.lexicon, trend=tv) == ()
