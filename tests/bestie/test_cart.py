"""Cart optimiser: exact against an exhaustive search, never breaks a stacking rule."""

from __future__ import annotations

import functools
import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infimate.bestie.cart import check_plan, plan_cart
from infimate.bestie.coupons import CartItem, Coupon


# ---- an independent exhaustive search (written from the rules, not from the optimiser) --
def _cost(order: list[CartItem], coupons: list[Coupon]) -> int | None:
    """Cents paid for one order with these coupons, None when a rule is broken."""
    slots = [
        "shipping" if c.kind == "shipping" else ("store" if c.store else "platform")
        for c in coupons
    ]
    if len(slots) != len(set(slots)) or sum(c.kind == "percent" for c in coupons) > 1:
        return None
    discounts = [c for c in coupons if c.kind != "shipping"]
    if len(discounts) > 1 and not all(c.stackable for c in discounts):
        return None
    sub = sum(round(i.price * 100) for i in order)
    off = 0
    for c in coupons:
        elig = sum(
            round(i.price * 100)
            for i in order
            if i.platform == c.platform
            and (c.store is None or i.store == c.store)
            and (not c.categories or i.category in c.categories)
        )
        if elig == 0 or elig < round(c.min_spend * 100):
            return None
        if c.kind == "threshold":
            off += round(c.amount_off * 100)
        elif c.kind == "percent":
            p = round(elig * c.percent_off / 100)
            off += p if c.max_off is None else min(p, round(c.max_off * 100))
    head = order[0]
    free = head.free_ship_over is not None and sub >= round(head.free_ship_over * 100)
    waived = free or any(c.kind == "shipping" for c in coupons)
    return sub - min(off, sub) + (0 if waived else round(head.shipping_fee * 100))


def _partitions(xs: list):
    if not xs:
        yield []
        return
    first, rest = xs[0], xs[1:]
    for p in _partitions(rest):
        for i in range(len(p)):
            yield [*p[:i], [first, *p[i]], *p[i + 1 :]]
        yield [[first], *p]


def exhaustive(items: list[CartItem], coupons: list[Coupon]) -> int:
    """Minimum cents over every same-store partition × every coupon assignment.

    Platforms share no coupon, so each platform's items are searched on their own.
    """
    platforms = sorted({i.platform for i in items})
    if len(platforms) > 1:
        return sum(
            exhaustive(
                [i for i in items if i.platform == p], [c for c in coupons if c.platform == p]
            )
            for p in platforms
        )
    stores = sorted({i.store for i in items})
    per_store = [list(_partitions([i for i in items if i.store == s])) for s in stores]
    options: dict[tuple[str, ...], list[tuple[frozenset, int]]] = {}

    def combos(order: list[CartItem]) -> list[tuple[frozenset, int]]:
        key = tuple(i.sku for i in order)
        if key not in options:
            options[key] = [
                (frozenset(c.code for c in cs), cost)
                for r in range(4)
                for cs in itertools.combinations(coupons, r)
                if (cost := _cost(order, list(cs))) is not None
            ]
        return options[key]

    best = None
    for combo in itertools.product(*per_store):
        v = _assign([o for part in combo for o in part], combos)
        best = v if best is None else min(best, v)
    return best


def _assign(orders: list[list[CartItem]], combos) -> int:
    """Cheapest coupon assignment for fixed orders (every disjoint choice is tried)."""

    @functools.cache
    def rec(k: int, used: frozenset) -> int:
        if k == len(orders):
            return 0
        return min(
            cost + rec(k + 1, used | codes) for codes, cost in combos(orders[k]) if not codes & used
        )

    return rec(0, frozenset())


# ---- strategies --------------------------------------------------------------------------
STORES = {"s1": "p1", "s2": "p1", "s3": "p2"}
CATS = ("top", "dress", "bag")


@st.composite
def carts(draw, max_items: int = 8):
    n = draw(st.integers(1, max_items))
    shipping = {s: draw(st.sampled_from([(0.0, None), (4.99, 50.0), (6.0, None)])) for s in STORES}
    items = []
    for k in range(n):
        store = draw(st.sampled_from(sorted(STORES)))
        fee, free = shipping[store]
        items.append(
            CartItem(
                f"i{k}",
                draw(st.integers(500, 12000)) / 100,
                draw(st.sampled_from(CATS)),
                store,
                STORES[store],
                fee,
                free,
            )
        )
    return items


@st.composite
def coupon_sets(draw, max_coupons: int = 5):
    out = []
    for k in range(draw(st.integers(0, max_coupons))):
        kind = draw(st.sampled_from(["threshold", "percent", "shipping"]))
        store = draw(st.sampled_from([None, *sorted(STORES)]))
        platform = STORES[store] if store else draw(st.sampled_from(["p1", "p2"]))
        out.append(
            Coupon(
                f"c{k}",
                kind,
                platform,
                store=store,
                min_spend=draw(st.sampled_from([0, 30, 60, 100, 150])),
                amount_off=draw(st.sampled_from([3, 8, 15, 30])),
                percent_off=draw(st.sampled_from([5, 10, 20, 50])),
                max_off=draw(st.sampled_from([None, 10, 25])),
                categories=draw(st.sampled_from([(), ("dress",), ("top", "bag")])),
                stackable=draw(st.booleans()),
            )
        )
    return out


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(carts(), coupon_sets())
def test_optimiser_equals_exhaustive_and_keeps_the_rules(items, coupons):
    plan = plan_cart(items, coupons)
    assert plan.exact
    assert check_plan(plan, items, tuple(coupons)) == ()
    assert round(plan.total * 100) == exhaustive(items, coupons)
    assert plan.total <= plan.baseline_total


def test_twelve_items_exact_against_exhaustive():
    # 12 items over 4 stores / 2 platforms, 11 coupons of every kind
    stores = {"a": "p1", "b": "p1", "c": "p2", "d": "p2"}
    prices = [35.5, 62.0, 18.99, 99.0, 45.0, 27.5, 80.0, 12.0, 55.25, 70.0, 41.0, 23.0]
    cats = ["top", "dress", "bag"]
    items = [
        CartItem(f"i{k}", p, cats[k % 3], s, stores[s], 4.99, 60.0)
        for k, (p, s) in enumerate(zip(prices, itertools.cycle("abcd"), strict=False))
    ]
    coupons = [
        Coupon("a100", "threshold", "p1", store="a", min_spend=100, amount_off=15),
        Coupon("a20pc", "percent", "p1", store="a", percent_off=20, stackable=False),
        Coupon("b60", "threshold", "p1", store="b", min_spend=60, amount_off=8),
        Coupon("c-dress", "percent", "p2", store="c", percent_off=15, categories=("dress",)),
        Coupon("d50", "threshold", "p2", store="d", min_spend=50, amount_off=6),
        Coupon("p1-150", "threshold", "p1", min_spend=150, amount_off=25),
        Coupon("p1-80", "threshold", "p1", min_spend=80, amount_off=10),
        Coupon("p2-10pc", "percent", "p2", percent_off=10, max_off=12),
        Coupon("p2-70", "threshold", "p2", min_spend=70, amount_off=9),
        Coupon("ship1", "shipping", "p1"),
        Coupon("ship2", "shipping", "p2", min_spend=20),
    ]
    plan = plan_cart(items, coupons)
    assert plan.exact and len(items) == 12
    assert check_plan(plan, items, tuple(coupons)) == ()
    assert round(plan.total * 100) == exhaustive(items, coupons)
    assert plan.saving > 0


def test_splitting_one_store_into_two_orders_uses_two_threshold_coupons():
    items = [CartItem(f"i{k}", 100.0, "top", "s", "p", 5.0, 100.0) for k in range(2)]
    coupons = [
        Coupon(f"t{k}", "threshold", "p", store="s", min_spend=100, amount_off=20) for k in range(2)
    ]
    plan = plan_cart(items, coupons)
    assert len(plan.orders) == 2 and plan.total == 160.0 and plan.baseline_total == 200.0


def test_shipping_outweighs_a_second_order():
    # two orders save 5 in coupons but pay 6 more shipping: one order is cheaper
    items = [CartItem(f"i{k}", 30.0, "top", "s", "p", 6.0, None) for k in range(2)]
    coupons = [
        Coupon(f"t{k}", "threshold", "p", store="s", min_spend=30, amount_off=5) for k in range(2)
    ]
    plan = plan_cart(items, coupons)
    assert len(plan.orders) == 1 and plan.total == 61.0


def test_expired_and_foreign_coupons_are_ignored():
    items = [CartItem("a", 120.0, "top", "s", "p")]
    coupons = [
        Coupon("old", "threshold", "p", amount_off=50, valid_to=date(2026, 11, 12)),
        Coupon("other", "threshold", "q", amount_off=50),
        Coupon("now", "threshold", "p", amount_off=10, valid_from=date(2026, 11, 20)),
    ]
    plan = plan_cart(items, coupons, asof=date(2026, 11, 29))
    assert plan.total == 110.0 and plan.orders[0].coupons == ("now",)
