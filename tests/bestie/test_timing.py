"""When to buy: past event discounts, the next event, sell-out risk, the decision."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from infimate.bestie.timing import (
    HAZARD,
    MISS_COST,
    event_discounts,
    event_key,
    sellout_risk,
    shop_discounts,
    when_to_buy,
)
from tests.fixtures import bestie_world as world

ASOF = date(2026, 11, 29)


def _row(sku: str) -> dict:
    return world.shop().catalog.filter(pl.col("sku") == sku).row(0, named=True)


def test_event_key_and_risk():
    assert event_key("Double 11 (双11)") == "Double 11" and event_key("Christmas") == "Christmas"
    assert sellout_risk("rising", 7) == pytest.approx(0.08)
    assert sellout_risk("dormant", 14) == pytest.approx(1 - 0.99**2)
    assert sellout_risk("rising", 28) > sellout_risk("peaking", 28) > sellout_risk("declining", 28)


def test_past_discounts_from_labels_and_from_the_calendar():
    p = world.prices()
    labelled = event_discounts(p)
    assert labelled["event"].unique().to_list() == ["Christmas"]
    assert labelled["discount"].to_list() == [0.2] * len(world.PRODUCTS)
    # without the event column the calendar labels Christmas 2025 (week of Dec 22 + the one before)
    markets = world.products().select("sku", "market")
    derived = event_discounts(p.drop("event"), market_of=markets)
    assert derived.filter(pl.col("event") == "Christmas")["discount"].to_list() == [0.2] * len(
        world.PRODUCTS
    )
    assert derived.filter(pl.col("event") != "Christmas")["discount"].max() == 0.0


def test_dormant_product_waits_for_christmas_with_the_numbers():
    shop = world.shop()
    past = shop_discounts(shop.prices, shop.catalog)
    t = when_to_buy(_row("K1"), prices=shop.prices, past=past, stages={}, market="US", asof=ASOF)
    risk = 1 - (1 - HAZARD["dormant"]) ** (26 / 7)
    assert (t.next_event, t.event_date, t.days_to_event) == ("Christmas", date(2026, 12, 25), 26)
    assert t.expected_discount == 0.2 and "this product's 1 past Christmas" in t.basis
    assert t.sellout_risk == pytest.approx(risk, abs=1e-4)
    assert t.wait_value == pytest.approx(0.2 * (1 - risk) - risk * MISS_COST, abs=1e-4)
    assert t.action == "wait"
    assert (
        t.headline == "wait until Christmas (in 26 days, 2026-12-25), expect ~20% off → about 36.00"
    )


def test_rising_product_is_bought_now_because_it_may_sell_out():
    shop = world.shop()
    past = shop_discounts(shop.prices, shop.catalog)
    stages = {"butter_yellow": "rising"}
    t = when_to_buy(
        _row("S1"), prices=shop.prices, past=past, stages=stages, market="US", asof=ASOF
    )
    risk = 1 - 0.92 ** (26 / 7)
    assert t.stage == "rising" and t.stage_element == "butter_yellow"
    assert t.wait_value == pytest.approx(0.2 * (1 - risk) - risk * 0.5, abs=1e-4)
    assert t.wait_value < 0.03 and t.action == "buy now"
    assert any("sell-out risk before then 27%" in r for r in t.reasons)


def test_already_discounted_today_means_buy_now():
    row = {**_row("K1"), "price": 36.0}  # 20 % off today
    shop = world.shop()
    t = when_to_buy(
        row,
        prices=shop.prices,
        past=shop_discounts(shop.prices, shop.catalog),
        stages={},
        market="US",
        asof=ASOF,
    )
    assert t.current_discount == 0.2 and t.action == "buy now"


def test_category_fallback_and_no_history():
    shop = world.shop()
    past = shop_discounts(shop.prices, shop.catalog).filter(pl.col("sku") != "K1")
    t = when_to_buy(_row("K1"), prices=shop.prices, past=past, stages={}, market="US", asof=ASOF)
    assert t.expected_discount == 0.0 and t.basis.startswith("no price history")  # K1: only trouser
    past2 = past.with_columns(pl.lit("trousers").alias("category"))
    t2 = when_to_buy(_row("K1"), prices=shop.prices, past=past2, stages={}, market="US", asof=ASOF)
    assert t2.expected_discount == 0.2 and "past Christmas discounts on trousers" in t2.basis
    t3 = when_to_buy(_row("K1"), prices=None, past=None, stages={}, market="US", asof=ASOF)
    assert t3.expected_discount == 0.0 and t3.action == "buy now"
