"""When to buy: the next discount from past events versus the risk the product sells out.

Past discounts
    A product's discount at an event occurrence is ``1 − lowest price in the event's
    weeks ÷ list price``. Event weeks are the rows the price history labels with an
    ``event`` (flash sales ignored); without that column, the week of a calendar event
    (:mod:`infimate.data.calendar`, for the product's market) and the week before.

Next discount
    The first calendar event for the shopper's market within ``HORIZON_DAYS`` (120) days
    after the as-of date. Its expected size, first that exists: the median of this
    product's past discounts at the same event; the median of its category's discounts at
    that event (same market); the product's median over all events; 0 ("no history").

Sell-out risk
    Each lifecycle stage has a documented weekly sell-out hazard ``h`` (an assumption:
    rising elements sell through fastest): rising 8 %, emerging 6 %, peaking 4 %,
    dormant 1 %, declining 0.5 %. The product takes the riskiest stage among its elements
    in the shopper's segment; ``risk = 1 − (1 − h) ^ (days to the event ÷ 7)``.

Decision
    ``value of waiting = expected discount × (1 − risk) − risk × MISS_COST`` where
    ``MISS_COST = 0.5`` (missing a piece you wanted is worth half its price). **Wait**
    when it is ≥ ``MIN_GAIN`` (3 % of the price); **buy now** otherwise, when no event is
    near, or when today's price is already within 2 points of the expected discount.

Example
-------
>>> round(sellout_risk("rising", 14), 3)
0.154
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import polars as pl

from infimate.data.calendar import events_between

HAZARD = {
    "rising": 0.08,
    "emerging": 0.06,
    "seasonal": 0.05,
    "peaking": 0.04,
    "one-off spike": 0.01,
    "dormant": 0.01,
    "declining": 0.005,
}
MISS_COST = 0.5
MIN_GAIN = 0.03
HORIZON_DAYS = 120
Action = Literal["buy now", "wait"]


def event_key(name: str) -> str:
    """``"Double 11 (双11)"`` → ``"Double 11"`` (calendar names vs price-history labels)."""
    return name.split(" (")[0].strip()


def sellout_risk(stage: str, days: int) -> float:
    """Probability of selling out within ``days`` at the stage's weekly hazard."""
    h = HAZARD.get(stage, HAZARD["dormant"])
    risk: float = 1 - (1 - h) ** (max(days, 0) / 7)
    return risk


def event_discounts(prices: pl.DataFrame, *, market_of: pl.DataFrame | None = None) -> pl.DataFrame:
    """Past discounts per product × event occurrence: sku, event, year, discount.

    ``market_of`` (sku, market) is needed only when ``prices`` has no ``event`` column.
    """
    p = prices
    if "event" not in p.columns:
        p = _label_events(p, market_of)
    p = p.filter(pl.col("event").is_not_null() & (pl.col("event") != "flash sale"))
    return (
        p.with_columns(pl.col("event").map_elements(event_key, return_dtype=pl.Utf8))
        .group_by("sku", "event", pl.col("date").dt.year().alias("year"))
        .agg((1 - pl.col("price").min() / pl.col("list_price").max()).round(4).alias("discount"))
        .sort("sku", "year", "event")
    )


def _label_events(prices: pl.DataFrame, market_of: pl.DataFrame | None) -> pl.DataFrame:
    lo, hi = prices["date"].min(), prices["date"].max()
    assert isinstance(lo, date) and isinstance(hi, date)
    markets = (
        market_of.select("sku", pl.col("market").fill_null("all"))
        if market_of is not None
        else prices.select("sku").unique().with_columns(pl.lit("all").alias("market"))
    )
    rows = []
    for m in markets["market"].unique().to_list():
        for e in events_between(lo, hi + timedelta(days=6), market=m):
            wk = e.day - timedelta(days=e.day.weekday())
            rows += [(m, wk, e.name), (m, wk - timedelta(weeks=1), e.name)]
    ev = pl.DataFrame(
        rows, schema={"market": pl.Utf8, "wk": pl.Date, "event": pl.Utf8}, orient="row"
    )
    return (
        prices.join(markets, on="sku", how="left")
        .with_columns(pl.col("date").dt.truncate("1w").alias("wk"))
        .join(ev.unique(["market", "wk"]), on=["market", "wk"], how="left")
        .drop("wk", "market")
    )


@dataclass(frozen=True)
class Timing:
    """The buy-now-or-wait call for one product, with every number used."""

    sku: str
    name: str
    price_now: float
    list_price: float
    current_discount: float
    next_event: str | None
    event_date: date | None
    days_to_event: int | None
    expected_discount: float
    basis: str
    stage: str
    stage_element: str | None
    sellout_risk: float
    wait_value: float
    action: Action
    reasons: tuple[str, ...]

    @property
    def headline(self) -> str:
        if self.action == "wait":
            return (
                f"wait until {self.next_event} (in {self.days_to_event} days, {self.event_date}), "
                f"expect ~{self.expected_discount:.0%} off → about "
                f"{self.list_price * (1 - self.expected_discount):.2f}"
            )
        return f"buy now at {self.price_now:.2f}"

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "reasons": list(self.reasons), "headline": self.headline}


def _median(df: pl.DataFrame) -> float | None:
    if df.is_empty():
        return None
    m = df["discount"].median()
    assert isinstance(m, (int, float))
    return float(m)


def when_to_buy(
    product: Mapping[str, Any],
    *,
    prices: pl.DataFrame | None,
    past: pl.DataFrame | None,
    stages: dict[str, str],
    market: str,
    asof: date,
) -> Timing:
    """Buy now or wait for one catalog row (``product``: sku, name, category, elements,
    price, list_price, market). ``past`` is :func:`event_discounts` of the whole shop
    joined with category and market; ``stages`` maps element → lifecycle stage."""
    sku, price_now, list_price = (
        product["sku"],
        float(product["price"]),
        float(product["list_price"]),
    )
    current = 1 - price_now / list_price if list_price else 0.0
    upcoming = [
        e
        for e in events_between(
            asof + timedelta(days=1), asof + timedelta(days=HORIZON_DAYS), market=market
        )
    ]
    staged = [
        (HAZARD.get(stages.get(e, "dormant"), 0.01), stages.get(e, "dormant"), e)
        for e in product["elements"]
    ]
    _, stage, stage_el = max(staged, default=(0.01, "dormant", None))
    if stage_el is not None and stage == "dormant" and stage_el not in stages:
        stage_el = None
    reasons = []
    if current > 0.005:
        reasons.append(
            f"today's price {price_now:.2f} is already {current:.0%} below the list price {list_price:.2f}"
        )
    if not upcoming:
        return Timing(
            sku, product["name"], price_now, list_price, round(current, 4), None, None, None, 0.0,
            "no retail event in the next 120 days", stage, stage_el, 0.0, 0.0, "buy now",
            (*reasons, f"no retail event for {market} in the next {HORIZON_DAYS} days"),
        )  # fmt: skip
    ev = upcoming[0]
    key, days = event_key(ev.name), (ev.day - asof).days
    expected, basis = 0.0, "no price history for this product or its category"
    if past is not None and not past.is_empty():
        mine = past.filter(pl.col("sku") == sku)
        cat = past.filter(
            (pl.col("category") == product["category"]) & (pl.col("market") == product["market"])
        )
        for frame, label in (
            (
                mine.filter(pl.col("event") == key),
                f"median of this product's {{n}} past {key} discount(s)",
            ),
            (
                cat.filter(pl.col("event") == key),
                f"median of {{n}} past {key} discounts on {product['category']}",
            ),
            (mine, "median of this product's {n} past event discount(s)"),
        ):
            m = _median(frame)
            if m is not None:
                expected, basis = m, label.format(n=frame.height)
                break
    risk = sellout_risk(stage, days)
    value = expected * (1 - risk) - risk * MISS_COST
    reasons.append(
        f"next: {ev.name} on {ev.day} (in {days} days), expected ~{expected:.0%} off ({basis})"
    )
    if stage_el is not None:
        reasons.append(
            f"{stage_el.replace('_', ' ')} is {stage}: sell-out risk before then "
            f"{risk:.0%} (weekly hazard {HAZARD.get(stage, 0.01):.1%})"
        )
    reasons.append(
        f"value of waiting = {expected:.0%} × (1 − {risk:.0%}) − {risk:.0%} × {MISS_COST:.1f} = {value:+.1%}"
    )
    if current >= expected - 0.02 and current > 0.005:
        action: Action = "buy now"
        reasons.append("today's discount is already as good as the expected one")
    else:
        action = "wait" if value >= MIN_GAIN else "buy now"
    return Timing(
        sku, product["name"], price_now, list_price, round(current, 4), ev.name, ev.day, days,
        round(expected, 4), basis, stage, stage_el, round(risk, 4), round(value, 4), action,
        tuple(reasons),
    )  # fmt: skip


def shop_discounts(prices: pl.DataFrame | None, catalog: pl.DataFrame) -> pl.DataFrame | None:
    """:func:`event_discounts` for a whole shop, with each product's category and market."""
    if prices is None or prices.is_empty():
        return None
    info = catalog.select("sku", "category", pl.col("market").fill_null("all"))
    return event_discounts(prices, market_of=info).join(info, on="sku", how="inner")
