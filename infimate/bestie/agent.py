"""The offline bestie: read the question (:mod:`~infimate.bestie.slots`), call the exact
tools (:mod:`~infimate.bestie.tools`), answer in the question's language.

* **Outfits** for the occasion, budget, date, items wanted or excluded, body shape; when
  nothing fits the budget, the cheapest look and the gap, said plainly.
* **Follow-ups**: "outfit 2", 第二套 refer to the previous turn's outfits, passed in as a
  :class:`Conversation` (the caller keeps it; nothing is stored here). Budget, occasion,
  date, body shape and exclusions carry over until the shopper says otherwise.
* **Buy timing** ("when should I buy", 什么时候买) and the **cheapest checkout** (coupon,
  凑单) for the outfit asked about (outfit 1 by default); **fit notes** (size, 显瘦).
* A named currency is not converted: prices are the shop's own and the answer says so.

Each :class:`AgentReply` carries the answer text (store names, no ids, no formulas), one
plain sentence of reasoning, and the numbers behind it (sums and formulas) for an expander.
The LLM agent (:mod:`~infimate.bestie.llm`) falls back to this answer.

Example
-------
>>> # see tests/bestie/test_agent.py: 30+ scripted questions on a demo world
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from infimate.bestie.catalog import Shop
from infimate.bestie.profile import Profile
from infimate.bestie.slots import Slots, read
from infimate.bestie.timing import MIN_GAIN, MISS_COST
from infimate.bestie.tools import ToolContext, buy_timing, coupon_plan, fit_notes, search_outfits
from infimate.bestie.wording import bank, cats, join, md, money, outfit_lines, outfit_sum

_TIMING = re.compile(
    r"\bwhen (should|do|to|can|is)\b|\bwait\b|\bsales?\b|best time|什么时候|何时|降价|划算|打折",
    re.I,
)
_COUPONS = re.compile(
    r"cheap(est)? way|coupon|voucher|\bsav(e|ing)\b|pay less|check ?out|优惠|满减|凑单|省钱|怎么买",
    re.I,
)
_FIT = re.compile(r"\bsizes?\b|\bfit\b|flatter|suits? me|尺码|显瘦|修身|适合我", re.I)


@dataclass(frozen=True)
class Conversation:
    """What a follow-up may refer to: the last outfits shown and the slots in force."""

    outfits: tuple[dict[str, Any], ...] = ()
    slots: Slots | None = None
    search: dict[str, Any] | None = None  # the search_outfits result they came from


@dataclass(frozen=True)
class AgentReply:
    """One answer: the text shown, the reasoning sentence, the numbers, what was understood."""

    language: str
    text: str
    reasoning: str
    numbers: tuple[str, ...]
    slots: Slots
    outfits: tuple[dict[str, Any], ...]
    state: Conversation
    tools: dict[str, Any] = field(default_factory=dict)
    provider: str = "offline"
    notice: str = ""

    def to_dict(self) -> dict[str, Any]:
        s = self.slots
        return {
            "language": self.language,
            "answer": self.text,
            "reasoning": self.reasoning,
            "numbers": list(self.numbers),
            "slots": {
                "budget": s.budget,
                "currency": s.currency,
                "occasion": s.occasion,
                "date": s.when.isoformat() if s.when else None,
                "date_text": s.when_text,
                "items": list(s.items),
                "exclusions": list(s.exclude),
                "body_shape": s.body_shape,
                "outfit": s.outfit,
            },
            "outfits": [dict(o) for o in self.outfits],
            "provider": self.provider,
            "notice": self.notice,
        }


def merge(now: Slots, before: Slots | None) -> Slots:
    """``now`` with budget, occasion, date, body shape and exclusions carried from ``before``."""
    if before is None:
        return now
    keep: dict[str, Any] = {}
    for f in ("budget", "currency", "occasion", "scene", "when", "when_text", "body_shape"):
        if getattr(now, f) is None:
            keep[f] = getattr(before, f)
    if now.budget is not None:
        keep["currency"] = now.currency
    if now.when is not None:
        keep.pop("when_text", None)
    if now.occasion is None:  # a new occasion starts afresh on items
        keep["exclude"] = tuple(dict.fromkeys((*now.exclude, *before.exclude)))
        keep["exclude"] = tuple(c for c in keep["exclude"] if c not in now.items)
        if not now.items:
            keep["items"] = tuple(c for c in before.items if c not in now.exclude)
    return replace(now, **keep)


def reasoning(s: Slots, found: dict[str, Any], lang: str) -> str:
    """One plain sentence: what was kept to and why these pieces."""
    b = bank(lang)
    p = b.phrases
    occ = b.occasion.get(found.get("occasion") or "", "")
    budget = ""
    if found.get("budget") is not None:
        key = "reason_over" if not found["outfits"] else "reason_budget"
        budget = p[key].format(budget=money(found["budget"]))
    return p["reason"].format(
        scope=p["reason_scope_occ"].format(occ=occ) if occ else p["reason_scope"],
        budget=budget,
        without=p["reason_without"].format(items=cats(found["excluded"], lang))
        if found.get("excluded")
        else "",
        with_items=p["reason_with"].format(items=cats(found["items_wanted"], lang))
        if found.get("items_wanted")
        else "",
        why=p["reason_why"].format(
            shape=b.shape.get(found.get("body_shape") or "", ""),
            segment=found.get("trend_segment", ""),
        ),
    )


def _intro(s: Slots, found: dict[str, Any], lang: str) -> str:
    b = bank(lang)
    p = b.phrases
    n = len(found["outfits"])
    occ = b.occasion.get(found.get("occasion") or "")
    return p["intro"].format(
        are=p["are" if n > 1 else "is"],
        n=n,
        looks=p["looks" if n > 1 else "look"],
        occ=p["occ"].format(occ=occ) if occ else "",
        when=p["when"].format(date=s.when.isoformat(), when_text=s.when_text or "")
        if s.when
        else "",
        budget=p["budget"].format(budget=money(found["budget"]))
        if found.get("budget") is not None
        else "",
    )


def _search_text(s: Slots, found: dict[str, Any], lang: str) -> list[str]:
    b = bank(lang)
    p = b.phrases
    occ = b.occasion.get(found.get("occasion") or "")
    lines: list[str] = []
    if found["outfits"]:
        lines.append(_intro(s, found, lang))
        for o in found["outfits"]:
            lines += ["", *outfit_lines(o, o["number"], lang)]
    elif found.get("cheapest") is not None and found.get("gap") is not None:
        cheap = found["cheapest"]
        lines.append(
            p["over_budget"].format(
                occ=p["occ"].format(occ=occ) if occ else "",
                budget=money(found["budget"]),
                total=money(cheap["total"]),
                gap=money(found["gap"]),
            )
        )
        lines += ["", *outfit_lines(cheap, 1, lang)]
    else:
        without = cats(found.get("excluded", []), lang)
        lines.append(
            p["nothing"].format(
                occ=p["occ"].format(occ=occ) if occ else "",
                without=p["without"].format(items=without) if without else "",
            )
        )
    return lines


def _timing_text(t: dict[str, Any], k: int, lang: str) -> tuple[list[str], list[str]]:
    b = bank(lang)
    p = b.phrases
    lines, numbers = [p["timing_head"].format(k=k)], []
    for it in t["items"]:
        sale = b.sale.get(it["next_sale"], it["next_sale"]) if it["next_sale"] else ""
        if it["action"] == "wait":
            key = "wait"
        else:
            key = "too_late" if it["sale_after_need_by"] else "buy_now"
        lines.append(
            p[key].format(
                name=md(it["name"]),
                price=money(it["price_now"]),
                sale=sale,
                date=it["sale_date"],
                expected=money(it["expected_price"] or it["price_now"]),
                pct=it["expected_discount_pct"],
            )
        )
        if it["next_sale"]:
            numbers.append(
                p["timing_sum"].format(
                    name=md(it["name"]),
                    d=it["expected_discount_pct"],
                    r=it["sellout_risk_pct"],
                    miss=MISS_COST,
                    v=it["wait_value_pct"],
                    min=round(MIN_GAIN * 100),
                )
            )
    return lines, numbers


def _plan_text(plan: dict[str, Any], k: int, lang: str) -> tuple[list[str], list[str]]:
    p = bank(lang).phrases
    lines = [
        p["plan_head"].format(
            k=k,
            total=money(plan["total"]),
            baseline=money(plan["baseline_total"]),
            saving=money(plan["saving"]),
        )
    ]
    numbers = []
    for o in plan["orders"]:
        lines.append(
            p["order"].format(
                store=md(o["store"]),
                items=join(o["items"], lang),
                coupons=" + ".join(o["coupons"]) or p["no_coupon"],
                total=money(o["total"]),
            )
        )
        numbers.append(
            p["plan_sum"].format(
                store=md(o["store"]),
                sub=money(o["subtotal"]),
                disc=money(o["discount"]),
                ship=money(o["shipping"]),
                total=money(o["total"]),
            )
        )
    return lines, numbers


def _fit_text(notes: dict[str, Any], lang: str) -> str:
    b = bank(lang)
    return str(
        b.phrases["fit"].format(
            shape=b.shape.get(notes["body_shape"], notes["body_shape"]),
            flatter=join(notes["flatter"][:4], lang),
            avoid=join(notes["avoid"][:3], lang),
            colours=join(notes["colours"][:4], lang),
        )
    )


def search_args(s: Slots) -> dict[str, Any]:
    """The ``search_outfits`` arguments the slots ask for."""
    return {
        "budget": s.budget,
        "occasion": s.occasion,
        "date": s.when.isoformat() if s.when else None,
        "items": list(s.items),
        "exclude": list(s.exclude),
        "body_shape": s.body_shape,
    }


def answer(
    text: str,
    *,
    shop: Shop,
    profile: Profile,
    state: Conversation | None = None,
    today: date | None = None,
) -> AgentReply:
    """The offline answer to one question (see the module docstring)."""
    state = state or Conversation()
    now = read(text, today=today or shop.asof)
    s = merge(now, state.slots)
    lang = now.language
    p = bank(lang).phrases
    ctx = ToolContext(shop, profile, lang)
    shaping = now.budget is not None or now.occasion is not None or bool(now.items)
    follow_up = now.outfit is not None and bool(state.outfits) and not shaping
    tools: dict[str, Any] = {}
    lines: list[str] = []
    numbers: list[str] = []
    found: dict[str, Any] = {}
    if follow_up:
        shown = state.outfits
        k = now.outfit or 1
        if k > len(shown):
            lines.append(p["no_such"].format(k=k, n=len(shown)))
            k = 1
        chosen: dict[str, Any] | None = shown[k - 1]
        assert chosen is not None
        if not (_TIMING.search(text) or _COUPONS.search(text)):
            lines += [p["pick"].format(k=k, total=money(chosen["total"]))]
            lines += outfit_lines(chosen, k, lang)[1:]
        numbers.append(outfit_sum(chosen, k, s.budget, lang))
        found = state.search or {"outfits": list(shown), "budget": s.budget}
    else:
        shown = ()
        found = search_outfits(ctx, **search_args(s))
        tools["search_outfits"] = found
        shown = tuple(found["outfits"])
        if now.currency and found["budget"] is not None:
            lines += [
                p["currency"].format(budget=money(found["budget"]), currency=now.currency),
                "",
            ]
        lines += _search_text(s, found, lang)
        k = min(now.outfit or 1, max(len(shown), 1))
        chosen = shown[k - 1] if shown else found.get("cheapest")
        if not shown and chosen is not None:
            shown = (chosen,)  # shown as the cheapest look; follow-ups may refer to it
        for j, o in enumerate(shown, 1):
            numbers.append(outfit_sum(o, j, found["budget"], lang))
        if lang == "en":
            numbers += found["notes"]
    if chosen is not None:
        skus = [i["sku"] for i in chosen["items"]]
        if _TIMING.search(text):
            t = buy_timing(ctx, skus=skus, need_by=s.when.isoformat() if s.when else None)
            tools["buy_timing"] = t
            tl, tn = _timing_text(t, k, lang)
            lines += ["", *tl]
            numbers += tn
        if _COUPONS.search(text):
            plan = coupon_plan(ctx, skus=skus)
            tools["coupon_plan"] = plan
            pl_lines, pn = _plan_text(plan, k, lang)
            lines += ["", *pl_lines]
            numbers += pn
    if _FIT.search(text) or (now.body_shape is not None and not follow_up):
        notes = fit_notes(ctx, body_shape=s.body_shape)
        tools["fit_notes"] = notes
        lines += ["", _fit_text(notes, lang)]
    if shown and not follow_up:
        lines += ["", p["hint"]]
    return AgentReply(
        language=lang,
        text="\n".join(lines).strip(),
        reasoning=reasoning(s, found, lang),
        numbers=tuple(numbers),
        slots=s,
        outfits=tuple(shown),
        state=Conversation(tuple(shown), s, found or None),
        tools=tools,
    )
