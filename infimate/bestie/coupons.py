"""Coupons and the order model: what a cart item, a coupon and an order cost.

The model (all money in cents internally, so totals compare exactly)
--------------------------------------------------------------------
* **Item** — one product from one *store* on one *platform*; the store sets the shipping
  fee and the free-shipping threshold (``free_ship_over``; ``None`` = never free).
* **Order** — one checkout: items from **one store** (cross-store orders are not
  modelled; a platform coupon's min spend is checked per order, not pooled across stores).
  A store's items may be split into several orders, which can pay off when each order
  can take its own threshold coupon — at the price of shipping per order.
  Order shipping = 0 when a shipping coupon is used or the order subtotal ≥
  ``free_ship_over``, else the store's ``shipping_fee``.
* **Coupon** kinds: ``threshold`` (满X减Y: ``amount_off`` when the eligible subtotal ≥
  ``min_spend``; a plain "Y off" has min spend 0), ``percent`` (``percent_off`` % of the
  eligible subtotal, capped at ``max_off``), ``shipping`` (waives the order's shipping).
  Scope: a **store** coupon (``store`` set) is valid in that store's orders, a
  **platform** coupon (``store`` empty) in any order on its platform. ``categories``
  (empty = all) limits which items count toward the eligible subtotal.
* **Stacking rules** (per order):

  1. at most one coupon per slot — *store discount*, *platform discount*, *shipping*
     (so one store coupon + one platform coupon + one shipping coupon combine);
  2. at most one ``percent`` coupon per order;
  3. a coupon with ``stackable=False`` is the only discount coupon of its order
     (a shipping coupon may still be added);
  4. each coupon is used at most once in the whole cart;
  5. a coupon may only be used where it applies: same platform (and store), eligible
     subtotal > 0 and ≥ ``min_spend``, and inside its validity dates.

  Discounts are computed on list prices, independently, and never exceed the order
  subtotal: ``pay = subtotal − min(subtotal, Σ discounts) + shipping``.

The exact cart optimiser over this model is :mod:`infimate.bestie.cart`.

Example
-------
>>> c = Coupon("S100-15", "threshold", "p", store="s1", min_spend=100, amount_off=15)
>>> applies(c, (CartItem("a", 80.0, "dress", "s1", "p"), CartItem("b", 40.0, "bag", "s1", "p")))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import polars as pl

from infimate.errors import InfimateError

CouponKind = Literal["threshold", "percent", "shipping"]


@dataclass(frozen=True)
class CartItem:
    """One product in the cart, with the store that sells it."""

    sku: str
    price: float
    category: str
    store: str
    platform: str
    shipping_fee: float = 0.0
    free_ship_over: float | None = None
    name: str = ""


@dataclass(frozen=True)
class Coupon:
    """A coupon (see the module docstring for kinds, scope and stacking)."""

    code: str
    kind: CouponKind
    platform: str
    store: str | None = None
    min_spend: float = 0.0
    amount_off: float = 0.0
    percent_off: float = 0.0
    max_off: float | None = None
    categories: tuple[str, ...] = ()
    stackable: bool = True
    valid_from: date | None = None
    valid_to: date | None = None

    @property
    def slot(self) -> str:
        """``store``, ``platform`` (discount slots) or ``shipping``."""
        if self.kind == "shipping":
            return "shipping"
        return "store" if self.store else "platform"

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def covers(self, item: CartItem) -> bool:
        """True when the item counts toward this coupon's eligible subtotal."""
        return (
            item.platform == self.platform
            and (self.store is None or item.store == self.store)
            and (not self.categories or item.category in self.categories)
        )

    def discount_cents(self, eligible_cents: int) -> int:
        """Discount on an order whose eligible subtotal is ``eligible_cents``
        (0 for shipping coupons; the caller checks that the coupon applies)."""
        if self.kind == "threshold":
            return cents(self.amount_off)
        if self.kind == "percent":
            off = round(eligible_cents * self.percent_off / 100)
            return min(off, cents(self.max_off)) if self.max_off is not None else off
        return 0


def cents(x: float | None) -> int:
    return round((x or 0.0) * 100)


def coupons_from_frame(df: pl.DataFrame | None, *, asof: date | None = None) -> tuple[Coupon, ...]:
    """Coupons from a ``coupons`` table (see :mod:`infimate.demo.shop` for the columns),
    keeping those valid on ``asof`` (all when ``None``)."""
    if df is None or df.is_empty():
        return ()
    out = []
    for r in df.iter_rows(named=True):  # a coupon table is small (hundreds of rows)
        c = Coupon(
            code=r["code"],
            kind=r["kind"],
            platform=r["platform"],
            store=r.get("store") or None,
            min_spend=float(r.get("min_spend") or 0.0),
            amount_off=float(r.get("amount_off") or 0.0),
            percent_off=float(r.get("percent_off") or 0.0),
            max_off=r.get("max_off"),
            categories=tuple(r.get("categories") or ()),
            stackable=bool(r.get("stackable", True)),
            valid_from=r.get("valid_from"),
            valid_to=r.get("valid_to"),
        )
        if c.kind not in ("threshold", "percent", "shipping"):
            raise InfimateError(f"coupon {c.code}: unknown kind {c.kind!r}")
        if c.valid_on(asof):
            out.append(c)
    return tuple(out)


# ---- one order -----------------------------------------------------------------------
def combo_ok(coupons: tuple[Coupon, ...]) -> bool:
    """Stacking rules 1–3 for the coupons of one order."""
    slots = [c.slot for c in coupons]
    if len(slots) != len(set(slots)):
        return False
    if sum(c.kind == "percent" for c in coupons) > 1:
        return False
    discounts = [c for c in coupons if c.kind != "shipping"]
    return not (len(discounts) > 1 and any(not c.stackable for c in discounts))


def applies(coupon: Coupon, items: tuple[CartItem, ...]) -> bool:
    """Rule 5: the coupon may be used on an order of these items."""
    elig = sum(cents(i.price) for i in items if coupon.covers(i))
    return elig > 0 and elig >= cents(coupon.min_spend)


def order_cents(items: tuple[CartItem, ...], coupons: tuple[Coupon, ...]) -> tuple[int, int, int]:
    """(subtotal, discount, shipping) in cents for one order with these coupons."""
    sub = sum(cents(i.price) for i in items)
    disc = 0
    for c in coupons:
        disc += c.discount_cents(sum(cents(i.price) for i in items if c.covers(i)))
    disc = min(disc, sub)
    head = items[0]
    free = head.free_ship_over is not None and sub >= cents(head.free_ship_over)
    ship = 0 if free or any(c.kind == "shipping" for c in coupons) else cents(head.shipping_fee)
    return sub, disc, ship
