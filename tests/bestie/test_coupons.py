"""Coupon model: stacking rules, coupons read from a table, bad kinds are user errors."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from infimate.bestie.coupons import Coupon, combo_ok, coupons_from_frame


def test_stacking_rules():
    st_ = Coupon("s", "threshold", "p", store="x", amount_off=5)
    pf = Coupon("pf", "threshold", "p", amount_off=5)
    pc1 = Coupon("pc1", "percent", "p", store="x", percent_off=10)
    pc2 = Coupon("pc2", "percent", "p", percent_off=10)
    solo = Coupon("solo", "threshold", "p", amount_off=9, stackable=False)
    ship = Coupon("sh", "shipping", "p")
    assert combo_ok((st_, pf, ship))
    assert not combo_ok((st_, pc1))  # two store coupons
    assert not combo_ok((pc1, pc2))  # two percent coupons
    assert not combo_ok((st_, solo))  # non-stackable with another discount
    assert combo_ok((solo, ship))  # ... but free shipping is fine


def test_coupons_from_frame_filters_by_date():
    df = pl.DataFrame(
        {
            "code": ["a", "b"],
            "kind": ["threshold", "shipping"],
            "platform": ["p", "p"],
            "store": [None, "s"],
            "min_spend": [100.0, 0.0],
            "amount_off": [15.0, 0.0],
            "percent_off": [0.0, 0.0],
            "max_off": [None, None],
            "categories": [[], ["bag"]],
            "stackable": [True, True],
            "valid_from": [date(2026, 11, 1), date(2026, 11, 1)],
            "valid_to": [date(2026, 11, 12), date(2026, 12, 31)],
        },
        schema_overrides={"max_off": pl.Float64},
    )
    got = coupons_from_frame(df, asof=date(2026, 11, 29))
    assert [c.code for c in got] == ["b"] and got[0].categories == ("bag",)


def test_bad_coupon_kind_is_a_user_error():
    from infimate.errors import InfimateError

    df = pl.DataFrame({"code": ["x"], "kind": ["bogus"], "platform": ["p"]})
    with pytest.raises(InfimateError, match="unknown kind"):
        coupons_from_frame(df)
