"""The cart optimiser: split a cart into orders, pick coupons, pay the least.

The model (items, coupons, stacking rules, order cost) is :mod:`infimate.bestie.coupons`.

The optimiser (:func:`plan_cart`) is **exact for carts of ≤ 12 items**: it lists every
candidate order — each non-empty subset of one store's items × each coupon combination
allowed by rules 1–3 that applies to it and is not dominated (a combination is dominated
when a subset of its coupons costs no more on that order) — with its cost in integer
cents, and solves the set-partitioning integer programme "every item in exactly one
order, every coupon at most once, minimise the sum" to proven optimality with HiGHS
branch-and-bound (``scipy.optimize.milp``, relative gap 0). Larger carts get one order
per store (coupons still chosen optimally for those orders) and ``exact=False``. The tests
check the optimiser against an exhaustive search over set partitions × coupon
assignments.

Example
-------
>>> items = (CartItem("a", 80.0, "dress", "s1", "p"), CartItem("b", 40.0, "bag", "s1", "p"))
>>> plan = plan_cart(items, (Coupon("S100-15", "threshold", "p", store="s1",
...     min_spend=100, amount_off=15),))
>>> plan.total, plan.orders[0].coupons
(105.0, ('S100-15',))
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from infimate.bestie.coupons import CartItem, Coupon, applies, cents, combo_ok, order_cents

EXACT_LIMIT = 12


@dataclass(frozen=True)
class Order:
    """One checkout: store, skus, coupons used and the money."""

    store: str
    platform: str
    skus: tuple[str, ...]
    coupons: tuple[str, ...]
    subtotal: float
    discount: float
    shipping: float
    total: float


@dataclass(frozen=True)
class CartPlan:
    """The cheapest way found to buy a cart.

    ``baseline_total`` is one order per store with no coupons (what the shopper pays by
    just checking out); ``saving = baseline_total − total``.
    """

    orders: tuple[Order, ...]
    subtotal: float
    discount: float
    shipping: float
    total: float
    baseline_total: float
    exact: bool
    coupons_considered: int

    @property
    def saving(self) -> float:
        return round(self.baseline_total - self.total, 2)

    def to_dict(self) -> dict[str, Any]:
        return {
            "orders": [o.__dict__ for o in self.orders],
            "subtotal": self.subtotal,
            "discount": self.discount,
            "shipping": self.shipping,
            "total": self.total,
            "baseline_total": self.baseline_total,
            "saving": self.saving,
            "exact": self.exact,
            "coupons_considered": self.coupons_considered,
        }


def _order(items: tuple[CartItem, ...], coupons: tuple[Coupon, ...]) -> Order:
    sub, disc, ship = order_cents(items, coupons)
    return Order(
        items[0].store,
        items[0].platform,
        tuple(i.sku for i in items),
        tuple(c.code for c in coupons),
        sub / 100,
        disc / 100,
        ship / 100,
        (sub - disc + ship) / 100,
    )


def _plan(orders: list[Order], baseline: int, exact: bool, n_coupons: int) -> CartPlan:
    sub = sum(cents(o.subtotal) for o in orders)
    disc = sum(cents(o.discount) for o in orders)
    ship = sum(cents(o.shipping) for o in orders)
    return CartPlan(
        tuple(orders),
        sub / 100,
        disc / 100,
        ship / 100,
        (sub - disc + ship) / 100,
        baseline / 100,
        exact,
        n_coupons,
    )


# ---- the search ----------------------------------------------------------------------
def _combos(live: tuple[Coupon, ...], store: str) -> list[tuple[int, ...]]:
    """Every coupon combination (rules 1–3) an order of ``store`` could use, ``()`` first."""
    by_slot = [
        [None, *(j for j, c in enumerate(live) if c.store == store and c.slot == "store")],
        [None, *(j for j, c in enumerate(live) if c.slot == "platform")],
        [None, *(j for j, c in enumerate(live) if c.slot == "shipping")],
    ]
    out = []
    for pick in itertools.product(*by_slot):
        idx = tuple(j for j in pick if j is not None)
        if combo_ok(tuple(live[j] for j in idx)):
            out.append(idx)
    return out


@dataclass(frozen=True)
class _Column:
    cost: int
    mask: int
    idx: tuple[int, ...]
    cmask: int
    partial_ok: bool  # may be an order that leaves other items of its store for later


def _columns(
    items: tuple[CartItem, ...], live: tuple[Coupon, ...], group: list[int], *, whole: bool
) -> list[_Column]:
    """Candidate orders of one store, vectorised over the subsets of its items.

    Every non-empty subset (only the whole set when ``whole``) × every applicable coupon
    combination that is not dominated by a combination of a subset of its coupons.
    ``partial_ok`` marks the orders worth trying while other items of the store remain:
    they carry a discount coupon and are *minimal* — no item can leave them without
    losing a coupon, discount or shipping money (such an item can always join another
    order of the store at no extra cost, so the non-minimal order is never needed).
    """
    k = len(group)
    codes = np.arange(1, 1 << k) if not whole else np.array([(1 << k) - 1])
    member = (codes[:, None] >> np.arange(k)[None, :]) & 1  # subsets × items
    price = np.array([cents(items[g].price) for g in group], dtype=np.int64)
    sub = member @ price
    gmask = member @ (1 << np.array(group, dtype=np.int64))
    cover = np.array([[c.covers(items[g]) for c in live] for g in group], dtype=np.int64)
    cover = cover.reshape(k, len(live))
    elig = member @ (cover * price[:, None])
    ok = (elig > 0) & (elig >= np.array([cents(c.min_spend) for c in live], dtype=np.int64))
    disc = np.zeros_like(elig)
    for j, c in enumerate(live):
        if c.kind == "threshold":
            disc[:, j] = cents(c.amount_off)
        elif c.kind == "percent":
            d = np.round(elig[:, j] * c.percent_off / 100).astype(np.int64)
            disc[:, j] = np.minimum(d, cents(c.max_off)) if c.max_off is not None else d
    head = items[group[0]]
    fee = cents(head.shipping_fee)
    free = sub >= cents(head.free_ship_over) if head.free_ship_over is not None else sub < 0
    big = np.iinfo(np.int64).max // 4
    cost: dict[tuple[int, ...], np.ndarray] = {}
    cols: list[_Column] = []
    for idx in _combos(live, head.store):  # subsets of a combo come before it
        usable = ok[:, list(idx)].all(axis=1) if idx else np.ones(len(codes), bool)
        assert isinstance(usable, np.ndarray)  # all(axis=1) of a 2-d array: one per subset
        d = np.minimum(disc[:, list(idx)].sum(axis=1), sub)
        shipped = any(live[j].kind == "shipping" for j in idx)
        ship = np.zeros_like(sub) if shipped else np.where(free, 0, fee)
        combo_cost = np.where(usable, sub - d + ship, big)
        cost[idx] = combo_cost
        keep = usable.copy()
        for r in range(len(idx)):
            for part in itertools.combinations(idx, r):
                keep &= combo_cost < cost[part]  # a cheaper subset of these coupons dominates
        minimal = np.ones(len(codes), bool)
        if not whole:
            for b in range(k):
                has = member[:, b] == 1
                smaller = np.where(has, codes & ~(1 << b), 0)
                row = np.maximum(smaller - 1, 0)
                removable = has & (smaller > 0) & usable[row] & (d[row] == d) & (ship[row] <= ship)
                minimal &= ~removable
        has_discount = any(live[j].kind != "shipping" for j in idx)
        cmask = sum(1 << j for j in idx)
        rows = np.flatnonzero(keep)
        cols += map(
            _Column,
            combo_cost[rows].tolist(),
            gmask[rows].tolist(),
            itertools.repeat(idx),
            itertools.repeat(cmask),
            (minimal[rows] & has_discount).tolist(),
        )
    return cols


def plan_cart(
    items: tuple[CartItem, ...] | list[CartItem],
    coupons: tuple[Coupon, ...] | list[Coupon],
    *,
    asof: date | None = None,
) -> CartPlan:
    """The cheapest orders + coupons for a cart (exact up to 12 items; see module doc).

    Example
    -------
    >>> i = CartItem("a", 30.0, "top", "s", "p", shipping_fee=5.0, free_ship_over=50.0)
    >>> plan_cart([i], [Coupon("SHIP", "shipping", "p")]).total
    30.0
    """
    items = tuple(items)
    if not items:
        return CartPlan((), 0.0, 0.0, 0.0, 0.0, 0.0, True, 0)
    live = tuple(c for c in coupons if c.valid_on(asof) and any(c.covers(i) for i in items))
    n = len(items)
    exact = n <= EXACT_LIMIT
    stores: dict[str, list[int]] = {}
    for k, it in enumerate(items):
        stores.setdefault(it.store, []).append(k)
    group_of = [0] * n
    baseline = 0
    for g in stores.values():
        s, d, sh = order_cents(tuple(items[k] for k in g), ())
        baseline += s - d + sh
        for k in g:
            group_of[k] = sum(1 << x for x in g)
    # partial orders by their lowest item; "rest of the store" orders by their mask
    by_low: list[list[_Column]] = [[] for _ in range(n)]
    by_mask: dict[int, list[_Column]] = {}
    for g in stores.values():
        for col in _columns(items, live, g, whole=not exact):
            by_mask.setdefault(col.mask, []).append(col)
            if col.partial_ok:
                by_low[(col.mask & -col.mask).bit_length() - 1].append(col)
    for lst in (*by_low, *by_mask.values()):
        lst.sort(key=lambda col: col.cost)
    item_cmask = [sum(1 << j for j, c in enumerate(live) if c.covers(it)) for it in items]
    rel = [0] * (1 << n)  # coupons that cover some item of each item set
    for m in range(1, 1 << n):
        rel[m] = rel[m & (m - 1)] | item_cmask[(m & -m).bit_length() - 1]
    memo: dict[tuple[int, int], tuple[int, int, tuple[int, ...]]] = {}

    def best(rem: int, used: int) -> int:
        if rem == 0:
            return 0
        key = (rem, used & rel[rem])
        if key in memo:
            return memo[key][0]
        low = (rem & -rem).bit_length() - 1
        rest_of_store = group_of[low] & rem
        top: tuple[int, int, tuple[int, ...]] = (1 << 62, 0, ())
        # the store's last order (all its items left), then orders leaving some behind
        for cands, last in ((by_mask.get(rest_of_store, []), True), (by_low[low], False)):
            for col in cands:
                if col.cost >= top[0]:
                    break  # sorted by cost: nothing further can win here
                if col.cmask & used or (not last and col.mask & ~rem):
                    continue
                if not last and col.mask == rest_of_store:
                    continue
                total = col.cost + best(rem & ~col.mask, used | col.cmask)
                if total < top[0]:
                    top = (total, col.mask, col.idx)
        memo[key] = top
        return top[0]

    rem, used = (1 << n) - 1, 0
    best(rem, used)
    orders = []
    while rem:
        _, mask, idx = memo[(rem, used & rel[rem])]
        orders.append(
            _order(tuple(items[k] for k in range(n) if mask >> k & 1), tuple(live[j] for j in idx))
        )
        rem &= ~mask
        used |= sum(1 << j for j in idx)
    orders.sort(key=lambda o: (o.store, o.skus))
    return _plan(orders, baseline, exact, len(live))


def check_plan(
    plan: CartPlan, items: tuple[CartItem, ...] | list[CartItem], coupons: tuple[Coupon, ...]
) -> tuple[str, ...]:
    """Every broken rule in a plan (empty when it is valid and its totals add up)."""
    by_sku = {i.sku: i for i in items}
    by_code = {c.code: c for c in coupons}
    problems = []
    seen = [s for o in plan.orders for s in o.skus]
    if sorted(seen) != sorted(by_sku):
        problems.append("items not bought exactly once")
    codes = [c for o in plan.orders for c in o.coupons]
    if len(codes) != len(set(codes)):
        problems.append("a coupon is used twice")
    total = 0
    for o in plan.orders:
        its = tuple(by_sku[s] for s in o.skus if s in by_sku)
        if len({i.store for i in its}) != 1:
            problems.append(f"order {o.skus} mixes stores")
            continue
        cs = tuple(by_code[c] for c in o.coupons if c in by_code)
        if len(cs) != len(o.coupons):
            problems.append(f"order {o.skus} uses an unknown coupon")
        if not combo_ok(cs):
            problems.append(f"order {o.skus} breaks a stacking rule: {o.coupons}")
        problems += [f"{c.code} does not apply to {o.skus}" for c in cs if not applies(c, its)]
        s, d, sh = order_cents(its, cs)
        if (s - d + sh) != cents(o.total):
            problems.append(f"order {o.skus} total {o.total} != {(s - d + sh) / 100}")
        total += s - d + sh
    if total != cents(plan.total):
        problems.append(f"plan total {plan.total} != {total / 100}")
    return tuple(problems)
