"""The demo shop (synthetic, seeded): where demo products are sold, their weekly prices
around retail events, and the coupons shoppers hold.

Two tables join the demo world (:func:`infimate.demo.build.write_demo` writes them):

**prices** — weekly price history of the *listed* products (a seeded sample of the
launched products; a product not listed is not on sale in the demo shop).

=============== ======= ==========================================================
column          type    notes
=============== ======= ==========================================================
sku             str     products.sku
date            date    week start (Monday)
platform        str     e.g. amazon, shein, taobao, jd, shopee
store           str     ``platform:store-name``; one store sells a product
price           float   what the product costs that week
list_price      float   the regular price (products.price)
event           str     retail event behind a discount (null when none)
shipping_fee    float   the store's fee per order
free_ship_over  float   order subtotal from which shipping is free (null: never)
=============== ======= ==========================================================

Discount events come from :mod:`infimate.data.calendar` for the product's market (618,
Double 11, Black Friday, Christmas, Chinese New Year, back to school): the event's week
and the week before (pre-sale, half the depth). Depth = the event's base depth (table
``EVENT_DEPTH``) × a category factor × a per-product factor (0.75–1.25), rounded to 1 %.
About 3 % of other weeks carry a 10 % "flash sale" (event ``flash sale``).

**coupons** — per platform and per store (columns as :class:`infimate.bestie.coupons.Coupon`:
code, kind, platform, store, min_spend, amount_off, percent_off, max_off, categories,
stackable, valid_from, valid_to). Most are valid from two weeks before the demo's last
week to five weeks after it; each platform also has an expired Double 11 coupon.

Example
-------
>>> import polars as pl
>>> p = pl.DataFrame({"sku": ["A"], "launch_date": [date(2026, 1, 5)], "category": ["dress"],
...     "price": [50.0], "market": ["US"], "units": [10.0]})
>>> prices, coupons = generate_shop(p, seed=1, n_listed=1)
>>> prices["sku"].unique().to_list(), coupons.height > 0
(['A'], True)
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from infimate.data.calendar import events_between

END = date(2026, 11, 23)  # same last week as infimate.demo.world
START = END - timedelta(weeks=111)
PLATFORMS: dict[str, tuple[str, ...]] = {
    "US": ("amazon", "shein"),
    "GB": ("asos", "shein"),
    "FR": ("zalando", "shein"),
    "ID": ("shopee", "tokopedia"),
    "CN": ("taobao", "jd"),
}
STORE_NAMES = ("luna-studio", "maple-and-co", "petal-house")
EVENT_DEPTH = {
    "618": 0.20,
    "Double 11": 0.25,
    "Black Friday": 0.22,
    "Christmas": 0.12,
    "Chinese New Year": 0.10,
    "Back to school": 0.08,
}
CATEGORY_FACTOR = {"outerwear": 1.2, "knitwear": 1.1, "bag": 0.8, "shoes": 0.9}
SHIPPING = ((0.0, None), (3.99, 39.0), (5.99, 59.0))
COUPON_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "code": pl.Utf8,
    "kind": pl.Utf8,
    "platform": pl.Utf8,
    "store": pl.Utf8,
    "min_spend": pl.Float64,
    "amount_off": pl.Float64,
    "percent_off": pl.Float64,
    "max_off": pl.Float64,
    "categories": pl.List(pl.Utf8),
    "stackable": pl.Boolean,
    "valid_from": pl.Date,
    "valid_to": pl.Date,
}


def _event_key(name: str) -> str:
    return next((k for k in EVENT_DEPTH if name.startswith(k)), name)


def _event_weeks(market: str, start: date, end: date) -> pl.DataFrame:
    """Discount weeks of one market: date (Monday), event, depth share (1 or 0.5)."""
    rows = []
    for e in events_between(start, end + timedelta(days=6), market=market):
        key = _event_key(e.name)
        if key not in EVENT_DEPTH:
            continue
        wk = e.day - timedelta(days=e.day.weekday())
        rows += [(wk, key, 1.0), (wk - timedelta(weeks=1), key, 0.5)]
    df = pl.DataFrame(
        rows, schema={"date": pl.Date, "event": pl.Utf8, "share": pl.Float64}, orient="row"
    )
    # two events in one week (pre-sale of one, day of the other): keep the deeper
    return (
        df.sort("share", descending=True)
        .unique("date", keep="first")
        .with_columns(pl.lit(market).alias("market"))
    )


def listings(
    products: pl.DataFrame, *, seed: int, n_listed: int = 400, end: date = END
) -> pl.DataFrame:
    """Which launched products the demo shop sells, and where: sku, platform, store, fees."""
    launched = products.filter(
        pl.col("units").is_not_null()
        & (pl.col("launch_date") <= end)
        & pl.col("price").is_not_null()
    ).sort("sku")
    rng = np.random.default_rng(seed + 101)
    take = np.sort(rng.choice(launched.height, size=min(n_listed, launched.height), replace=False))
    listed = launched[take]
    markets = listed["market"].fill_null("US").to_list()
    plat = [
        PLATFORMS.get(m, PLATFORMS["US"])[i]
        for m, i in zip(markets, rng.integers(0, 2, len(markets)), strict=True)
    ]
    store_i = rng.integers(0, len(STORE_NAMES), len(markets))
    stores = [f"{p}:{STORE_NAMES[i]}" for p, i in zip(plat, store_i, strict=True)]
    fee = [SHIPPING[(hash_store(s)) % len(SHIPPING)] for s in stores]
    return listed.select("sku", "launch_date", "category", "price", "market").with_columns(
        pl.Series("platform", plat),
        pl.Series("store", stores),
        pl.Series("shipping_fee", [f[0] for f in fee], dtype=pl.Float64),
        pl.Series("free_ship_over", [f[1] for f in fee], dtype=pl.Float64),
        pl.Series("factor", rng.uniform(0.75, 1.25, len(markets))),
    )


def hash_store(store: str) -> int:
    """A stable small hash of a store name (Python's ``hash`` is salted per process)."""
    return sum((i + 1) * ord(ch) for i, ch in enumerate(store))


def price_history(
    listed: pl.DataFrame, *, seed: int, start: date = START, end: date = END
) -> pl.DataFrame:
    """Weekly prices of the listed products from launch (or ``start``) to ``end``."""
    events = pl.concat(
        [_event_weeks(m, start, end) for m in sorted(set(listed["market"].to_list()))]
    )
    weeks = (
        listed.with_columns(
            pl.max_horizontal(pl.col("launch_date").dt.truncate("1w"), pl.lit(start)).alias("first")
        )
        .with_columns(pl.date_ranges("first", pl.lit(end), interval="1w").alias("date"))
        .explode("date")
    )
    weeks = weeks.join(events, on=["market", "date"], how="left")
    rng = np.random.default_rng(seed + 202)
    flash = (rng.random(weeks.height) < 0.03) & weeks["event"].is_null().to_numpy()
    cat = pl.col("category").replace_strict(CATEGORY_FACTOR, default=1.0, return_dtype=pl.Float64)
    base = pl.col("event").replace_strict(EVENT_DEPTH, default=0.0, return_dtype=pl.Float64)
    depth = (base * cat * pl.col("factor") * pl.col("share").fill_null(0.0)).round(2)
    out = (
        weeks.with_columns(pl.Series("_flash", flash))
        .with_columns(
            pl.when(pl.col("_flash")).then(pl.lit(0.10)).otherwise(depth).alias("depth"),
            pl.when(pl.col("_flash"))
            .then(pl.lit("flash sale"))
            .otherwise(pl.col("event"))
            .alias("event"),
        )
        .with_columns(
            (pl.col("price") * (1 - pl.col("depth"))).round(2).alias("sale"),
            pl.when(pl.col("depth") > 0).then(pl.col("event")).alias("event"),
        )
    )
    return out.select(
        "sku",
        "date",
        "platform",
        "store",
        pl.col("sale").alias("price"),
        pl.col("price").alias("list_price"),
        "event",
        "shipping_fee",
        "free_ship_over",
    ).sort("sku", "date")


def coupon_table(listed: pl.DataFrame, *, seed: int, end: date = END) -> pl.DataFrame:
    """Platform and store coupons for the listed stores (see the module docstring)."""
    rng = np.random.default_rng(seed + 303)
    now_from, now_to = end - timedelta(weeks=2), end + timedelta(weeks=5)
    d11 = (date(end.year, 11, 1), date(end.year, 11, 12))
    rows: list[tuple[object, ...]] = []  # one coupon per row, in COUPON_SCHEMA order
    for pf in sorted(set(listed["platform"].to_list())):
        rows += [
            (
                f"{pf}-200-30",
                "threshold",
                pf,
                None,
                200.0,
                30.0,
                0.0,
                None,
                [],
                True,
                *(now_from, now_to),
            ),
            (
                f"{pf}-120-15",
                "threshold",
                pf,
                None,
                120.0,
                15.0,
                0.0,
                None,
                [],
                True,
                *(now_from, now_to),
            ),
            (
                f"{pf}-10pct",
                "percent",
                pf,
                None,
                80.0,
                0.0,
                10.0,
                25.0,
                [],
                True,
                *(now_from, now_to),
            ),
            (
                f"{pf}-ship",
                "shipping",
                pf,
                None,
                0.0,
                0.0,
                0.0,
                None,
                [],
                True,
                *(now_from, now_to),
            ),
            (f"{pf}-d11-300-60", "threshold", pf, None, 300.0, 60.0, 0.0, None, [], True, *d11),
        ]
    cats = sorted(set(listed["category"].to_list()))
    for store in sorted(set(listed["store"].to_list())):
        pf = store.split(":")[0]
        two = sorted(rng.choice(cats, size=min(2, len(cats)), replace=False).tolist())
        solo = bool(rng.random() < 0.5)
        rows += [
            (
                f"{store}-100-15",
                "threshold",
                pf,
                store,
                100.0,
                15.0,
                0.0,
                None,
                [],
                True,
                *(now_from, now_to),
            ),
            (
                f"{store}-60-8",
                "threshold",
                pf,
                store,
                60.0,
                8.0,
                0.0,
                None,
                [],
                True,
                *(now_from, now_to),
            ),
            (
                f"{store}-15pct",
                "percent",
                pf,
                store,
                0.0,
                0.0,
                15.0,
                30.0,
                two,
                not solo,
                *(now_from, now_to),
            ),
        ]
    return pl.DataFrame(rows, schema=COUPON_SCHEMA, orient="row")


def generate_shop(
    products: pl.DataFrame, *, seed: int = 7, n_listed: int = 400, end: date = END
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(prices, coupons) for the demo world's products; deterministic for a seed."""
    listed = listings(products, seed=seed, n_listed=n_listed, end=end)
    return price_history(listed, seed=seed, end=end), coupon_table(listed, seed=seed, end=end)
