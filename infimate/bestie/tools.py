"""The bestie's tools: exact functions over the shop, each with an OpenAI tool schema.

Every tool returns plain facts (JSON-ready dicts) and nothing else; the offline answerer
and the LLM agent call the same functions, so prices, totals, discounts and dates only
ever come from here.

* ``search_outfits`` — outfits for a budget, occasion, date, items wanted or excluded,
  body shape, colouring and segment. The occasion filters products by the occasion table
  (:mod:`infimate.bestie.occasions`); a wanted category must be in every outfit (and
  replaces the other categories of its role: "a skirt" → no trousers); excluded
  categories never appear. When no outfit fits the budget, the cheapest outfit that
  exists is returned with the gap.
* ``coupon_plan`` — the exact cheapest orders + coupons for a basket of SKUs
  (:func:`~infimate.bestie.cart.plan_cart`).
* ``buy_timing`` — buy now or wait, per SKU (:func:`~infimate.bestie.timing.when_to_buy`);
  a sale after the date the shopper needs the piece by does not count.
* ``fit_notes`` — what flatters the body shape and height, and the colours that suit.

Store ids never leave this module: items carry a readable store name.

The OpenAI tool schemas and :func:`~infimate.bestie.tool_schemas.run_tool` are in
:mod:`infimate.bestie.tool_schemas`.

Example
-------
>>> from infimate.bestie.occasions import OCCASION_RULES
>>> OCCASION_RULES["interview"].forbid
('jeans',)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import polars as pl

from infimate.bestie.cart import plan_cart
from infimate.bestie.catalog import Shop
from infimate.bestie.coupons import CartItem, Coupon
from infimate.bestie.occasions import OCCASION_RULES, store_name
from infimate.bestie.outfits import (
    OUTFIT_TEMPLATES,
    ROLES,
    Outfit,
    TrendView,
    outfits,
    score_products,
    trend_view,
)
from infimate.bestie.profile import BODY_SHAPES, DEPTHS, HEIGHTS, UNDERTONES, Profile
from infimate.bestie.slots import CATEGORY_WORDS, OCCASION_SCENE
from infimate.bestie.styling import body_advice, palette
from infimate.bestie.timing import shop_discounts, when_to_buy

CATEGORIES: tuple[str, ...] = tuple(CATEGORY_WORDS)
OCCASIONS: tuple[str, ...] = tuple(OCCASION_SCENE)
SEARCH_DEPTH = 8  # outfits searched before keeping those with every wanted category


@dataclass(frozen=True)
class ToolContext:
    """What every tool reads: the shop, the shopper's saved profile, the answer language."""

    shop: Shop
    profile: Profile
    lang: str = "en"


def _names(ctx: ToolContext) -> dict[str, str]:
    col = "name_zh" if ctx.lang == "zh" and "name_zh" in ctx.shop.lexicon.columns else "name_en"
    lex = ctx.shop.lexicon
    return dict(zip(lex["element_id"].to_list(), lex[col].to_list(), strict=True))


def _profile(ctx: ToolContext, **over: Any) -> Profile:
    valid = {"body_shape": BODY_SHAPES, "undertone": UNDERTONES, "depth": DEPTHS}
    valid |= {"height": HEIGHTS}
    clean = {k: v for k, v in over.items() if v is not None and (k not in valid or v in valid[k])}
    return replace(ctx.profile, **clean)


def _item(row: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        "sku": row["sku"],
        "name": row["name"],
        "category": row["category"],
        "price": round(float(row["price"]), 2),
        "store": store_name(row["store"], lang),
    }


def _outfit_dict(k: int, items: list[dict[str, Any]], budget: float | None) -> dict[str, Any]:
    total = round(sum(i["price"] for i in items), 2)
    out: dict[str, Any] = {"number": k, "items": items, "total": total}
    if budget is not None:
        out["within_budget"] = total <= budget + 1e-9
        out["left_over" if total <= budget + 1e-9 else "over_by"] = round(abs(budget - total), 2)
    return out


def _dropped(items: tuple[str, ...]) -> set[str]:
    """Categories that cannot be in an outfit containing every wanted category."""
    roles = {ROLES[c] for c in items if c in ROLES}
    drop = {c for c, r in ROLES.items() if r in roles and c not in items}
    if "one_piece" in roles:
        drop |= {c for c, r in ROLES.items() if r in ("top", "bottom")}
    if roles & {"top", "bottom"}:
        drop.add("dress")
    return drop


def eligible(
    catalog: pl.DataFrame,
    occasion: str | None,
    items: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> pl.DataFrame:
    """Catalog rows the occasion, the wanted items and the exclusions allow."""
    c = catalog
    rule = OCCASION_RULES.get(occasion or "")
    if rule is not None:
        c = c.filter(pl.col("scene").is_null() | pl.col("scene").is_in(list(rule.scenes)))
        c = c.filter(~pl.col("category").is_in(list(rule.forbid)))
    banned = set(exclude) | _dropped(items)
    return c.filter(~pl.col("category").is_in(sorted(banned)))


def _cheapest(scored: pl.DataFrame, items: tuple[str, ...]) -> list[dict[str, Any]] | None:
    """The cheapest template combination holding every wanted category."""
    if scored.is_empty():
        return None
    rows = scored.sort("price", "sku").to_dicts()
    best: tuple[float, list[dict[str, Any]]] | None = None
    for tpl in OUTFIT_TEMPLATES:
        options = []
        for role in tpl:
            cats = [c for c in items if ROLES.get(c) == role]
            options.append(
                [
                    r
                    for r in rows
                    if ROLES.get(r["category"]) == role and (not cats or r["category"] in cats)
                ][:3]
            )
        for combo in itertools.product(*options):
            if set(items) - {r["category"] for r in combo}:
                continue
            total = sum(r["price"] for r in combo)
            if best is None or total < best[0] - 1e-9:
                best = (total, list(combo))
    return best[1] if best else None


def search_outfits(
    ctx: ToolContext,
    *,
    budget: float | None = None,
    occasion: str | None = None,
    date: str | None = None,
    items: list[str] | tuple[str, ...] = (),
    exclude: list[str] | tuple[str, ...] = (),
    body_shape: str | None = None,
    undertone: str | None = None,
    depth: str | None = None,
    market: str | None = None,
    crowd: str | None = None,
    n: int = 3,
) -> dict[str, Any]:
    """Outfits for the request (see the module docstring)."""
    want = tuple(c for c in dict.fromkeys(items) if c in CATEGORIES)
    skip = tuple(c for c in dict.fromkeys(exclude) if c in CATEGORIES and c not in want)
    occ = occasion if occasion in OCCASION_SCENE else None
    cap = float(budget) if budget is not None and float(budget) > 0 else None
    scene = OCCASION_SCENE[occ] if occ else None
    p = _profile(ctx, body_shape=body_shape, undertone=undertone, depth=depth)
    p = replace(p, budget_total=cap, scene=scene or p.scene, market=market or p.market)
    p = replace(p, crowd=crowd or p.crowd)
    tv = trend_view(ctx.shop.trends, p)
    pool = eligible(ctx.shop.catalog, occ, want, skip)
    found: tuple[Outfit, ...] = outfits(
        pool, p, lexicon=ctx.shop.lexicon, trend=tv, n=max(n, SEARCH_DEPTH) if want else n
    )
    found = tuple(o for o in found if not set(want) - {i.category for i in o.items})[: max(n, 1)]
    rows = {r["sku"]: r for r in pool.to_dicts()}
    looks = [
        _outfit_dict(k, [_item(rows[i.sku], ctx.lang) for i in o.items], cap)
        for k, o in enumerate(found, 1)
    ]
    result: dict[str, Any] = {
        "occasion": occ,
        "scenes": list(OCCASION_RULES[occ].scenes) if occ else [],
        "budget": cap,
        "date": date,
        "items_wanted": list(want),
        "excluded": list(skip),
        "body_shape": p.body_shape,
        "trend_segment": tv.label().replace("_", " "),
        "outfits": looks,
        "notes": [o.why for o in found],
        "cheapest": None,
        "gap": None,
    }
    if not looks:
        free = replace(p, budget_total=None, budget_item=None)
        scored = score_products(pool, free, lexicon=ctx.shop.lexicon, trend=tv)
        cheap = _cheapest(scored, want)
        if cheap is not None:
            result["cheapest"] = _outfit_dict(1, [_item(r, ctx.lang) for r in cheap], cap)
            if cap is not None:
                result["gap"] = round(result["cheapest"]["total"] - cap, 2)
    return result


def _rows(shop: Shop, skus: list[str] | tuple[str, ...]) -> list[dict[str, Any]]:
    by = {r["sku"]: r for r in shop.catalog.filter(pl.col("sku").is_in(list(skus))).to_dicts()}
    return [by[s] for s in dict.fromkeys(skus) if s in by]


def coupon_plan(ctx: ToolContext, *, skus: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The exact cheapest way to buy a basket: orders, coupons, totals, saving."""
    rows = _rows(ctx.shop, skus)
    cart = tuple(
        CartItem(
            r["sku"], r["price"], r["category"], r["store"], r["platform"],
            r["shipping_fee"], r["free_ship_over"], r["name"],
        )
        for r in rows
    )  # fmt: skip
    plan = plan_cart(cart, ctx.shop.coupons, asof=ctx.shop.asof)
    names = {r["sku"]: r["name"] for r in rows}
    by_code = {c.code: c for c in ctx.shop.coupons}
    return {
        "unknown_skus": [s for s in skus if s not in names],
        "orders": [
            {
                "store": store_name(o.store, ctx.lang),
                "items": [names[s] for s in o.skus],
                "skus": list(o.skus),
                "coupons": [coupon_label(by_code[c], ctx.lang) for c in o.coupons],
                "subtotal": o.subtotal,
                "discount": o.discount,
                "shipping": o.shipping,
                "total": o.total,
            }
            for o in plan.orders
        ],
        "total": plan.total,
        "baseline_total": plan.baseline_total,
        "saving": plan.saving,
        "exact": plan.exact,
    }


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def coupon_label(c: Coupon, lang: str = "en") -> str:
    """A coupon as shoppers read it (codes can carry store ids): ``15 off over 100``."""
    zh = lang == "zh"
    scope = ("店铺券" if c.store else "平台券") if zh else ("store" if c.store else "platform")
    if c.kind == "shipping":
        return "免运费券" if zh else "free-shipping coupon"
    if c.kind == "threshold":
        if zh:
            return f"{scope}满{_num(c.min_spend)}减{_num(c.amount_off)}"
        return f"{scope} coupon: {_num(c.amount_off)} off over {_num(c.min_spend)}"
    over = f" over {_num(c.min_spend)}" if c.min_spend else ""
    cap = ""
    if c.max_off is not None:
        cap = f"，最多减{_num(c.max_off)}" if zh else f", up to {_num(c.max_off)}"
    if zh:
        least = f"满{_num(c.min_spend)}" if c.min_spend else ""
        return f"{scope}{least}减{_num(c.percent_off)}%{cap}"
    return f"{scope} coupon: {_num(c.percent_off)}% off{over}{cap}"


def buy_timing(
    ctx: ToolContext, *, skus: list[str] | tuple[str, ...], need_by: str | None = None
) -> dict[str, Any]:
    """Buy now or wait for the next sale, per SKU; ``need_by`` (ISO date) rules out later sales."""
    rows = _rows(ctx.shop, skus)
    by = date.fromisoformat(need_by) if need_by else None
    tv: TrendView = trend_view(ctx.shop.trends, ctx.profile)
    stages = dict(zip(tv.table["element"].to_list(), tv.table["stage"].to_list(), strict=True))
    past = shop_discounts(ctx.shop.prices, ctx.shop.catalog)
    out = []
    for r in rows:
        t = when_to_buy(
            r, prices=ctx.shop.prices, past=past, stages=stages, market=ctx.profile.market,
            asof=ctx.shop.asof,
        )  # fmt: skip
        too_late = by is not None and t.event_date is not None and t.event_date > by
        action = "buy now" if too_late else t.action
        expected_price = round(t.list_price * (1 - t.expected_discount), 2)
        out.append(
            {
                "sku": t.sku,
                "name": t.name,
                "store": store_name(r["store"], ctx.lang),
                "price_now": t.price_now,
                "action": action,
                "next_sale": t.next_event,
                "sale_date": t.event_date.isoformat() if t.event_date else None,
                "days_to_sale": t.days_to_event,
                "expected_discount_pct": round(t.expected_discount * 100),
                "expected_price": expected_price if t.next_event else None,
                "sellout_risk_pct": round(t.sellout_risk * 100),
                "wait_value_pct": round(t.wait_value * 100, 1),
                "sale_after_need_by": too_late,
                "working": list(t.reasons),
            }
        )
    return {
        "need_by": need_by,
        "items": out,
        "unknown_skus": [s for s in skus if s not in {r["sku"] for r in rows}],
    }


def fit_notes(
    ctx: ToolContext, *, body_shape: str | None = None, height: str | None = None
) -> dict[str, Any]:
    """Elements that flatter / to skip for the body shape and height; colours that suit."""
    p = _profile(ctx, body_shape=body_shape, height=height)
    advice = body_advice(p)
    names = _names(ctx)

    def name(e: str) -> str:
        return names.get(e, e.replace("_", " "))

    colours = palette(p, ctx.shop.lexicon).head(5)["element_id"].to_list()
    return {
        "body_shape": p.body_shape,
        "height": p.height,
        "flatter": [name(e) for e in advice.flatter],
        "avoid": [name(e) for e in advice.avoid],
        "colours": [name(e) for e in colours],
    }
