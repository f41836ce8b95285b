"""Chat routing, a scripted conversation on the hand-made shop, and the bestie CLI."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from infimate.bestie.chat import answer, route
from infimate.bestie.profile import Profile
from infimate.cli.main import main
from infimate.data.datasets import Dataset
from tests.fixtures import bestie_world as world
from tests.fixtures.bestie_world import PEAR


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("What should I wear to the office?", "outfit"),
        ("今天穿什么", "outfit"),
        ("Cheapest way to buy outfit 2?", "coupons"),
        ("有什么优惠券可以用", "coupons"),
        ("When should I buy it?", "timing"),
        ("这套什么时候买", "timing"),
        ("Show my colours", "profile"),
        ("hello!", "help"),
    ],
)
def test_routing(text, intent):
    assert route(text) == intent


def test_scripted_conversation_cites_products_prices_and_dates():
    shop = world.shop()
    outfit = answer("What should I wear to the office?", shop=shop, profile=PEAR)
    assert outfit.intent == "outfit" and len(outfit.outfits) == 3
    assert "**Outfit 1** — 100.00" in outfit.text and "T1" in outfit.text
    assert "puff sleeves flatter a pear shape" in outfit.text  # outfit 1 (T1)
    assert "A-line flatters a pear shape" in outfit.text  # outfit 2 (D1)

    # outfit 1 = T1 + K1 + S1, all from shop-a, 100.00: one order with A100-15 (free
    # shipping from 100) pays 85.00; splitting for A60-8 pays 62 + 30 + 5 shipping = 97.
    plan = answer("Cheapest way to buy outfit 1?", shop=shop, profile=PEAR)
    assert plan.plan.total == 85.0 and plan.plan.baseline_total == 100.0
    assert "pay **85.00** instead of 100.00" in plan.text and "you save 15.00" in plan.text
    assert plan.plan.orders[0].coupons == ("A100-15",)

    timing = answer("When should I buy outfit 1?", shop=shop, profile=PEAR)
    by_sku = {t.sku: t for t in timing.timing}
    assert set(by_sku) == {"T1", "K1", "S1"}
    assert by_sku["K1"].action == "wait" and by_sku["S1"].action == "buy now"  # rising colour
    assert "2026-12-25" in timing.text and "expect ~20% off" in timing.text

    every = answer("cheapest way to buy all three outfits", shop=shop, profile=PEAR)
    assert len({s for o in every.plan.orders for s in o.skus}) == sum(
        len(o.items) for o in outfit.outfits
    )
    assert answer("hi", shop=shop, profile=PEAR).intent == "help"
    prof = answer("what about my colours?", shop=shop, profile=PEAR)
    assert "butter yellow (ΔE 4.5 to warm yellow)" in prof.text


def test_no_outfit_within_budget_is_said_plainly():
    broke = Profile(**{**PEAR.to_dict(), "budget_total": 5.0})
    r = answer("cheapest way to buy outfit 1", shop=world.shop(), profile=broke)
    assert r.plan is None and "couldn't build an outfit within 5.00" in r.text


def _coupon_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "code": c.code,
                "kind": c.kind,
                "platform": c.platform,
                "store": c.store,
                "min_spend": c.min_spend,
                "amount_off": c.amount_off,
                "percent_off": c.percent_off,
                "max_off": c.max_off,
                "categories": list(c.categories),
                "stackable": c.stackable,
                "valid_from": date(2026, 11, 1),
                "valid_to": date(2026, 12, 31),
            }
            for c in world.COUPONS
        ],
        schema_overrides={"max_off": pl.Float64, "categories": pl.List(pl.Utf8)},
    )


def test_cli_prints_profile_outfits_plan_and_timing(tmp_path, capsys):
    ds = Dataset(tmp_path / "shop")
    ds.path.mkdir()
    ds.write("products", world.products())
    ds.write("signals", world.signals())
    ds.write("prices", world.prices())
    ds.write("coupons", _coupon_frame())
    prof = tmp_path / "me.json"
    prof.write_text(PEAR.to_json(), encoding="utf-8")
    assert main(["bestie", "--dataset", str(ds.path), "--profile", str(prof), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"profile", "outfits", "cart_plan", "timing"}
    assert out["profile"]["body_shape"] == "pear" and len(out["outfits"]) == 3
    assert out["cart_plan"]["total"] == 85.0
    assert {t["sku"] for t in out["timing"]} == {"T1", "K1", "S1"}
    assert main(["bestie", "--dataset", str(ds.path), "--profile", str(prof)]) == 0
    assert "Outfit 1" in capsys.readouterr().out
    assert main(["bestie", "--dataset", str(ds.path), "--profile", str(tmp_path / "x.json")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_a_shop_without_prices_or_coupons_still_answers():
    shop = world.shop(with_prices=False)
    assert set(shop.catalog["store"].unique().to_list()) == {"unknown"}
    plan = answer("cheapest way to buy outfit 1", shop=shop, profile=PEAR)
    assert plan.plan.total == plan.plan.baseline_total  # no store coupons apply to "unknown"
    timing = answer("when should I buy outfit 1", shop=shop, profile=PEAR)
    assert all(t.action == "buy now" and t.expected_discount == 0.0 for t in timing.timing)
