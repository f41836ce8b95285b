"""The bestie's chat: route a message to a tool, call it, answer in the bestie voice.

Intents (first match wins, English and Chinese keywords):

* ``timing`` — "when should I buy…", "wait", "sale", 什么时候, 降价 → :func:`when_to_buy`
  for each product of the outfit;
* ``coupons`` — "cheapest way", "coupon", "save", 优惠, 满减, 凑单 → :func:`plan_cart` on the
  outfit's cart;
* ``outfit`` — "what should I wear", "outfit", "look", 穿, 搭 → :func:`outfits`;
* ``profile`` — "my profile", "my colours" → body and colour advice;
* ``help`` — anything else.

"outfit 2" / "look 2" picks an outfit (default 1); "all" / "everything" takes all three.
Answers are composed offline from templates (deterministic: the opener is chosen by a
CRC of the message) and cite the numbers the tools returned. Nothing is stored here:
the page keeps the messages, and outfits are recomputed (deterministically) per message.

Example
-------
>>> route("What should I wear to the office?"), route("cheapest way to buy outfit 2?")
('outfit', 'coupons')
>>> route("When should I buy it?"), route("这套什么时候买最划算")
('timing', 'timing')
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from infimate.bestie.cart import CartPlan, plan_cart
from infimate.bestie.catalog import Shop
from infimate.bestie.coupons import CartItem
from infimate.bestie.outfits import Outfit, TrendView, outfits, trend_view
from infimate.bestie.profile import Profile
from infimate.bestie.styling import body_advice, palette
from infimate.bestie.timing import Timing, shop_discounts, when_to_buy

Intent = Literal["timing", "coupons", "outfit", "profile", "help"]
_RULES: tuple[tuple[Intent, re.Pattern[str]], ...] = (
    ("timing", re.compile(r"\bwhen\b|\bwait\b|\bsales?\b|什么时候|何时|降价|等等", re.I)),
    (
        "coupons",
        re.compile(
            r"cheap|coupon|voucher|\bsav(e|ing)|pay less|checkout|优惠|便宜|满减|凑单|省钱", re.I
        ),
    ),
    ("outfit", re.compile(r"wear|outfit|\bstyle|\blooks?\b|dress me|recommend|穿|搭", re.I)),
    ("profile", re.compile(r"profile|my (body|shape|colou?rs?|palette)|about me", re.I)),
)
OPENERS: dict[str, tuple[str, ...]] = {
    "outfit": (
        "Okay love, I pulled some looks just for you.",
        "Ooh, styling time! Here's what I'd put you in.",
        "Right, babe, outfits picked for you and only you:",
    ),
    "coupons": (
        "Let's make your money go further.",
        "Checkout hack incoming!",
        "I did the coupon maths so you don't have to.",
    ),
    "timing": (
        "Let's talk timing, because nobody likes overpaying.",
        "Real talk on when to buy:",
        "Patience or pounce? Here's my honest take.",
    ),
    "profile": ("Here's what I know about you, gorgeous:", "Your style cheat sheet:"),
    "help": (
        "Hey you! I can pick outfits, find the cheapest way to check out, and tell you "
        "when to buy.",
    ),
}


@dataclass(frozen=True)
class Reply:
    """One bestie answer: the text and what the tools returned."""

    intent: Intent
    text: str
    outfits: tuple[Outfit, ...] = ()
    plan: CartPlan | None = None
    timing: tuple[Timing, ...] = ()


def route(text: str) -> Intent:
    """The intent of a message (see the module docstring)."""
    return next((intent for intent, rx in _RULES if rx.search(text)), "help")


def _md(text: str) -> str:
    """Escape markdown in data-derived text (product names come from uploads)."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~$])", r"\\\1", str(text))


def _opener(intent: str, text: str) -> str:
    bank = OPENERS[intent]
    return bank[zlib.crc32(text.encode("utf-8")) % len(bank)]


def _which(text: str, n: int) -> tuple[int, ...]:
    if re.search(r"\ball\b|everything|all three|全部", text, re.I):
        return tuple(range(n))
    m = re.search(r"(?:outfit|look|#)\s*(\d)", text, re.I)
    k = int(m.group(1)) - 1 if m else 0
    return (k,) if 0 <= k < n else (0,)


def looks(shop: Shop, profile: Profile) -> tuple[TrendView, tuple[Outfit, ...]]:
    """Trend view + outfits for a profile."""
    tv = trend_view(shop.trends, profile)
    return tv, outfits(shop.catalog, profile, lexicon=shop.lexicon, trend=tv)


def cart(shop: Shop, chosen: tuple[Outfit, ...]) -> tuple[CartItem, ...]:
    """Cart items (with stores and shipping terms) for the products of some outfits."""
    skus = [i.sku for o in chosen for i in o.items]
    rows = {r["sku"]: r for r in shop.catalog.filter(pl.col("sku").is_in(skus)).to_dicts()}
    return tuple(
        CartItem(
            s,
            rows[s]["price"],
            rows[s]["category"],
            rows[s]["store"],
            rows[s]["platform"],
            rows[s]["shipping_fee"],
            rows[s]["free_ship_over"],
            rows[s]["name"],
        )
        for s in dict.fromkeys(skus)
    )


def timings(
    shop: Shop, profile: Profile, trend: TrendView, chosen: tuple[Outfit, ...]
) -> tuple[Timing, ...]:
    """Buy-now-or-wait for every product of some outfits."""
    skus = list(dict.fromkeys(i.sku for o in chosen for i in o.items))
    if not skus:
        return ()
    past = shop_discounts(shop.prices, shop.catalog)
    stages = dict(
        zip(trend.table["element"].to_list(), trend.table["stage"].to_list(), strict=True)
    )
    market = profile.market if profile.market != "all" else "all"
    rows = {r["sku"]: r for r in shop.catalog.filter(pl.col("sku").is_in(skus)).to_dicts()}
    return tuple(
        when_to_buy(
            rows[s], prices=shop.prices, past=past, stages=stages, market=market, asof=shop.asof
        )
        for s in skus
    )


# ---- composing answers -------------------------------------------------------------------
def _outfit_text(opener: str, tv: TrendView, outs: tuple[Outfit, ...], profile: Profile) -> str:
    if not outs:
        budget = f" within {profile.budget_total:.2f}" if profile.budget_total else ""
        return f"{opener}\n\nHmm, I couldn't build an outfit{budget} from what's on sale. Try a bigger budget or fewer dislikes?"
    lines = [opener, ""]
    if tv.tried:
        lines += [f"(Not enough trend signal for {tv.tried[0]}, so I used {tv.label()}.)", ""]
    for k, o in enumerate(outs, 1):
        lines.append(f"**Outfit {k}** — {o.total:.2f}")
        lines += [
            f"- {_md(i.name)} ({i.category}, {i.sku}) — {i.price:.2f} at {_md(i.store)}"
            for i in o.items
        ]
        lines += [f"  *Why:* {_md(o.why)}", ""]
    lines.append('Ask me "cheapest way to buy outfit 1" or "when should I buy outfit 1?"')
    return "\n".join(lines)


def _plan_text(opener: str, which: tuple[int, ...], plan: CartPlan) -> str:
    label = "all three outfits" if len(which) > 1 else f"outfit {which[0] + 1}"
    lines = [
        opener,
        "",
        f"For {label}: pay **{plan.total:.2f}** instead of {plan.baseline_total:.2f} "
        f"(one checkout per store, no coupons) — you save {plan.saving:.2f}.",
    ]
    for k, o in enumerate(plan.orders, 1):
        coupons = " + ".join(o.coupons) or "no coupon"
        off = f" (−{o.discount:.2f})" if o.discount else ""
        lines.append(
            f"- Order {k} at {_md(o.store)}: {', '.join(o.skus)} — subtotal {o.subtotal:.2f}, "
            f"{_md(coupons)}{off}, shipping {o.shipping:.2f} → **{o.total:.2f}**"
        )
    how = "exact: every way to split the cart and stack coupons was considered"
    lines.append(
        f"\n({how if plan.exact else 'one order per store (cart too big for the exact search)'}; {plan.coupons_considered} coupons in play.)"
    )
    return "\n".join(lines)


def _timing_text(opener: str, ts: tuple[Timing, ...]) -> str:
    lines = [opener, ""]
    for t in ts:
        lines.append(f"- **{_md(t.name)}** ({t.sku}): {t.headline}. {_md('; '.join(t.reasons))}.")
    return "\n".join(lines)


def _profile_text(opener: str, shop: Shop, profile: Profile) -> str:
    advice = body_advice(profile)
    pal = palette(profile, shop.lexicon).head(6)
    colours = ", ".join(
        f"{r['name_en']} (ΔE {r['delta_e']:.1f} to {r['family']})" for r in pal.to_dicts()
    )
    return (
        f"{opener}\n\n{profile.describe()}.\n\n"
        f"- Flattering: {', '.join(e.replace('_', ' ') for e in advice.flatter) or '—'}\n"
        f"- I'd skip: {', '.join(e.replace('_', ' ') for e in advice.avoid) or '—'}\n"
        f"- Your colours: {colours or '—'}"
    )


def answer(text: str, *, shop: Shop, profile: Profile) -> Reply:
    """Route ``text``, call the tool, compose the bestie's answer (offline, deterministic).

    Example
    -------
    >>> # see tests/test_bestie_chat.py (a hand-made shop and a scripted conversation)
    """
    intent = route(text)
    opener = _opener(intent, text)
    if intent == "help":
        return Reply(
            intent,
            f"{opener}\n\nTry: *what should I wear to the office?*, *cheapest way to buy "
            f"outfit 1*, *when should I buy outfit 1?* Set your profile in the sidebar first.",
        )
    if intent == "profile":
        return Reply(intent, _profile_text(opener, shop, profile))
    tv, outs = looks(shop, profile)
    if intent == "outfit":
        return Reply(intent, _outfit_text(opener, tv, outs, profile), outfits=outs)
    if not outs:
        return Reply(intent, _outfit_text(opener, tv, outs, profile))
    which = _which(text, len(outs))
    chosen = tuple(outs[k] for k in which)
    if intent == "coupons":
        plan = plan_cart(cart(shop, chosen), shop.coupons, asof=shop.asof)
        return Reply(intent, _plan_text(opener, which, plan), outfits=outs, plan=plan)
    ts = timings(shop, profile, tv, chosen)
    return Reply(intent, _timing_text(opener, ts), outfits=outs, timing=ts)


@dataclass(frozen=True)
class Advice:
    """Everything the CLI prints: outfits, the top outfit's cart plan and timing."""

    profile: Profile
    trend: TrendView
    outfits: tuple[Outfit, ...]
    plan: CartPlan | None
    timing: tuple[Timing, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile.to_dict(),
            "trend_segment": self.trend.label(),
            "outfits": [o.to_dict() for o in self.outfits],
            "cart_plan": self.plan.to_dict() if self.plan else None,
            "timing": [t.to_dict() for t in self.timing],
        }


def advise(shop: Shop, profile: Profile) -> Advice:
    """Outfits for the profile, the cheapest way to buy outfit 1 and when to buy it."""
    tv, outs = looks(shop, profile)
    top = outs[:1]
    plan = plan_cart(cart(shop, top), shop.coupons, asof=shop.asof) if top else None
    return Advice(profile, tv, outs, plan, timings(shop, profile, tv, top))
