"""A tiny hand-made shop with a known answer, shared by the bestie tests."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from infimate.bestie.catalog import Shop, build_catalog
from infimate.bestie.coupons import Coupon
from infimate.lexicon import builtin_lexicon
from infimate.trends import Segment, summaries

END = date(2026, 11, 23)
WEEKS = [END - timedelta(weeks=59 - i) for i in range(60)]
SEG = {"market": "US", "crowd": "gen_z", "scene": "office"}


def curves() -> dict[str, np.ndarray]:
    flat = np.full(60, 1.0)
    return {
        "butter_yellow": np.r_[np.full(50, 1.0), np.linspace(1, 6, 10)],  # rising
        "camel": np.r_[np.full(50, 5.0), np.linspace(5, 1, 10)],  # declining
        "a_line": flat,
        "puff_sleeve": flat,
        "wide_leg_trousers": flat,
        # flat background elements, so the segment is not sparse (>= 10 with a growth)
        **{e: flat for e in ("v_neck", "bow", "ruffles", "pleats", "denim", "linen")},
    }


def signals(seg: dict[str, str] = SEG) -> pl.DataFrame:
    rows = [
        {"date": d, "element": e, "value": float(v), **seg}
        for e, ys in curves().items()
        for d, v in zip(WEEKS, ys, strict=True)
    ]
    return pl.DataFrame(rows)


PRODUCTS = [
    # sku, category, elements, price
    ("D1", "dress", "a_line;butter_yellow", 60.0),  # flatters + palette + rising
    ("D2", "dress", "a_line;camel", 60.0),  # same but declining colour
    ("D3", "dress", "bodycon;butter_yellow", 40.0),  # pear: avoid bodycon
    ("D4", "dress", "a_line;butter_yellow;leopard_print", 50.0),  # disliked print
    ("D5", "dress", "a_line;butter_yellow", 500.0),  # over the per-item budget
    ("S1", "shoes", "butter_yellow", 30.0),
    ("S2", "shoes", "camel", 25.0),
    ("B1", "bag", "camel", 40.0),
    ("B2", "bag", "butter_yellow", 80.0),
    ("T1", "top", "puff_sleeve;butter_yellow", 25.0),
    ("K1", "trousers", "wide_leg_trousers;camel", 45.0),
    ("J1", "jeans", "skinny_jeans", 20.0),  # pear: avoid skinny jeans
]


def products() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "sku": [p[0] for p in PRODUCTS],
            "launch_date": [date(2026, 1, 5)] * len(PRODUCTS),
            "category": [p[1] for p in PRODUCTS],
            "elements": [p[2] for p in PRODUCTS],
            "price": [p[3] for p in PRODUCTS],
            "market": ["US"] * len(PRODUCTS),
            "crowd": ["gen_z"] * len(PRODUCTS),
            "scene": ["office"] * len(PRODUCTS),
            "units": [100.0] * len(PRODUCTS),
            "name": [f"{p[1]} {p[0]}" for p in PRODUCTS],
        }
    )


def prices() -> pl.DataFrame:
    """Weekly prices since 2025-10-06; 20 % off in Christmas 2025 weeks (flat otherwise)."""
    weeks = [date(2025, 10, 6) + timedelta(weeks=i) for i in range(60)]
    xmas = {date(2025, 12, 22), date(2025, 12, 15)}
    rows = []
    for sku, _, _, price in PRODUCTS:
        store = "shop-a" if sku in ("D1", "S1", "B1", "T1", "K1") else "shop-b"
        for w in weeks:
            off = 0.20 if w in xmas else 0.0
            rows.append(
                {
                    "sku": sku,
                    "date": w,
                    "platform": "p",
                    "store": store,
                    "price": round(price * (1 - off), 2),
                    "list_price": price,
                    "event": "Christmas" if off else None,
                    "shipping_fee": 5.0,
                    "free_ship_over": 100.0,
                }
            )
    return pl.DataFrame(rows)


COUPONS = (
    Coupon("A100-15", "threshold", "p", store="shop-a", min_spend=100, amount_off=15),
    Coupon("A60-8", "threshold", "p", store="shop-a", min_spend=60, amount_off=8),
    Coupon("P120-12", "threshold", "p", min_spend=120, amount_off=12),
    Coupon("SHIP", "shipping", "p"),
)


def shop(*, with_prices: bool = True) -> Shop:
    sig = signals()
    asof = date(2026, 11, 29)
    return Shop(
        catalog=build_catalog(products(), prices() if with_prices else None, asof=asof),
        prices=prices() if with_prices else None,
        coupons=COUPONS,
        lexicon=builtin_lexicon(),
        trends=lambda seg: summaries(sig, seg) if seg == Segment(**SEG) else pl.DataFrame(),
        asof=asof,
    )
