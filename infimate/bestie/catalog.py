"""What the shopper can buy: the shop catalog, coupons, prices and trends in one place.

**Catalog rule**: a product is on sale when it has a price and is *launched* (units known,
or launch date ≤ the as-of date; planned candidates are not for sale). When the dataset
has a ``prices`` table (see :mod:`infimate.demo.shop`) only listed products are on sale,
at their latest price on or before the as-of date, from their store and platform; without
one every launched product is on sale at ``products.price`` from store ``"unknown"``.

The as-of date is the last day of the price history's last week (the demo's "today",
2026-11-29), else today.

Example
-------
>>> import polars as pl
>>> p = pl.DataFrame({"sku": ["A", "B"], "launch_date": [date(2026, 1, 5), date(2027, 1, 4)],
...     "category": ["dress", "top"], "elements": ["a_line;butter_yellow", "bow"],
...     "price": [50.0, 20.0]})
>>> build_catalog(p, None, asof=date(2026, 11, 23))["sku"].to_list()
['A']
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from infimate.bestie.coupons import Coupon, coupons_from_frame
from infimate.data.datasets import Dataset
from infimate.elements.products import elements_with_main_colour
from infimate.errors import InfimateError
from infimate.trends.curves import Segment

CATALOG_COLUMNS = (
    "sku",
    "name",
    "category",
    "elements",
    "price",
    "list_price",
    "market",
    "crowd",
    "scene",
    "store",
    "platform",
    "shipping_fee",
    "free_ship_over",
)


@dataclass(frozen=True)
class Shop:
    """Everything the bestie's tools read. ``trends(segment)`` returns
    :func:`infimate.trends.curves.summaries` for a segment (pages pass a cached function)."""

    catalog: pl.DataFrame
    prices: pl.DataFrame | None
    coupons: tuple[Coupon, ...]
    lexicon: pl.DataFrame
    trends: Callable[[Segment], pl.DataFrame]
    asof: date


def _elements(products: pl.DataFrame) -> pl.Expr:
    if products.schema["elements"] == pl.Utf8:
        return pl.col("elements").str.split(";").list.eval(pl.element().str.strip_chars())
    return pl.col("elements")


def build_catalog(
    products: pl.DataFrame | None, prices: pl.DataFrame | None, *, asof: date
) -> pl.DataFrame:
    """Products on sale (see the catalog rule in the module docstring)."""
    if products is None or products.is_empty():
        raise InfimateError("this dataset has no products: the bestie has nothing to suggest")
    p = products.with_columns(_elements(products).alias("elements"))
    p = p.with_columns(elements_with_main_colour(p))  # its main colour (text, else photo)
    for c in ("name", "market", "crowd", "scene"):
        if c not in p.columns:
            p = p.with_columns(pl.lit(None, pl.Utf8).alias(c))
    launched = pl.col("launch_date").cast(pl.Date) <= asof
    if "units" in p.columns:
        launched = launched | pl.col("units").is_not_null()
    p = p.filter(launched & pl.col("price").is_not_null()).with_columns(
        pl.col("name").fill_null(pl.col("sku"))
    )
    if prices is None or prices.is_empty():
        shop = p.with_columns(
            pl.col("price").alias("list_price"),
            pl.lit("unknown").alias("store"),
            pl.lit("unknown").alias("platform"),
            pl.lit(0.0).alias("shipping_fee"),
            pl.lit(None, pl.Float64).alias("free_ship_over"),
        )
    else:
        latest = (
            prices.filter(pl.col("date") <= asof)
            .sort("date")
            .group_by("sku")
            .last()
            .select(
                "sku",
                pl.col("price").alias("now"),
                "list_price",
                "store",
                "platform",
                "shipping_fee",
                "free_ship_over",
            )
        )
        shop = p.join(latest, on="sku").with_columns(pl.col("now").alias("price")).drop("now")
    return shop.select(CATALOG_COLUMNS).sort("sku")


def default_asof(prices: pl.DataFrame | None) -> date:
    """The last day of the price history's last week, else today."""
    if prices is None or prices.is_empty():
        return date.today()
    last = prices["date"].max()
    assert isinstance(last, date)
    return last + timedelta(days=6)


def shop_from_dataset(dataset: Dataset, *, asof: date | None = None) -> Shop:
    """A :class:`Shop` read from a dataset directory (CLI use; pages build theirs from
    cached tables)."""
    from infimate.elements.lexicon import load_lexicon
    from infimate.trends.curves import summaries

    prices = dataset.read("prices")
    asof = asof or default_asof(prices)
    signals = dataset.read("signals")
    segments = dataset.read("segments")

    @functools.lru_cache(maxsize=16)
    def trends(segment: Segment) -> pl.DataFrame:
        if signals is None:
            return pl.DataFrame()
        return summaries(signals, segment, segments=segments)

    return Shop(
        catalog=build_catalog(dataset.read("products"), prices, asof=asof),
        prices=prices,
        coupons=coupons_from_frame(dataset.read("coupons"), asof=asof),
        lexicon=load_lexicon(dataset),
        trends=trends,
        asof=asof,
    )
