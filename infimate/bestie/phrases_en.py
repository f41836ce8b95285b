"""English phrase bank of the bestie's answers (keys shared with :mod:`.phrases_zh`).

Templates take ``str.format`` fields; numbers arrive already formatted (two decimals), so
an answer quotes exactly what the tools returned.

Example
-------
>>> PHRASES["outfit_head"].format(k=2, total="80.00")
'**Outfit 2** — 80.00'
"""

from __future__ import annotations

PHRASES: dict[str, str] = {
    "intro": "Here {are} {n} {looks}{occ}{when}{budget}:",
    "are": "are",
    "is": "is",
    "look": "look",
    "looks": "looks",
    "occ": " for your {occ}",
    "when": " ({when_text}, from {date})",
    "budget": " within your {budget} budget",
    "outfit_head": "**Outfit {k}** — {total}",
    "item": "- {name} ({category}) — {price} at {store}",
    "over_budget": (
        "Nothing{occ} comes in within {budget}: the cheapest look is {total}, "
        "{gap} over your budget. Here it is, in case you can stretch:"
    ),
    "nothing": "I couldn't put together a look{occ} from what's on sale right now{without}.",
    "without": " without {items}",
    "currency": (
        "Prices here are the shop's own; I read your budget as {budget} in those prices "
        "(I don't convert {currency})."
    ),
    "pick": "Outfit {k} from before — {total}:",
    "no_such": "There is no outfit {k} — I showed {n}. Here is outfit 1:",
    "timing_head": "When to buy outfit {k}:",
    "buy_now": "- {name}: buy now at {price}.",
    "wait": "- {name}: wait for {sale} on {date} — about {expected} ({pct}% off expected).",
    "too_late": "- {name}: buy now at {price}: the next sale ({sale}, {date}) is after you need it.",
    "plan_head": (
        "Cheapest checkout for outfit {k}: pay **{total}** instead of {baseline} "
        "(you save {saving})."
    ),
    "order": "- {store}: {items} — {coupons} → {total}",
    "no_coupon": "no coupon",
    "fit": "For a {shape} shape: go for {flatter}; skip {avoid}. Colours that suit you: {colours}.",
    "hint": 'Ask me "when should I buy outfit 2?" or "cheapest way to buy outfit 1".',
    "notice_fail": "AI answer unavailable ({why}) — offline answer shown.",
    "notice_number": (
        "The AI answer quoted a number not in the shop data ({num}) — offline answer shown."
    ),
    "reason": "I kept to {scope}{budget}{without}{with_items}, then picked what {why}.",
    "reason_scope_occ": "{occ} pieces",
    "reason_scope": "pieces on sale",
    "reason_budget": " within {budget}",
    "reason_over": " (nothing fits {budget}, so the cheapest look)",
    "reason_without": ", without {items}",
    "reason_with": ", with {items} in every look",
    "reason_why": "flatters a {shape} shape and is trending for {segment}",
    "timing_sum": "{name}: value of waiting = {d}% × (1 − {r}%) − {r}% × {miss} = {v}% (wait when ≥ {min}%)",
    "plan_sum": "{store}: {sub} − {disc} + shipping {ship} = {total}",
    "sum": "Outfit {k}: {parts} = {total}",
    "sum_budget": " (budget {budget}: {delta})",
    "left": "{x} left",
    "over": "{x} over",
    "and": " and ",
    "sep": ", ",
}
CATEGORY: dict[str, str] = {
    "dress": "dress",
    "skirt": "skirt",
    "top": "top",
    "trousers": "trousers",
    "jeans": "jeans",
    "shoes": "shoes",
    "bag": "bag",
    "outerwear": "outerwear",
    "knitwear": "knitwear",
}
OCCASION: dict[str, str] = {
    "interview": "interview",
    "wedding": "wedding",
    "date": "date",
    "office": "office days",
    "party": "party",
    "vacation": "holiday",
    "workout": "workouts",
    "home": "days at home",
}
OCCASION_ADJ: dict[str, str] = {
    "interview": "interview-ready",
    "wedding": "wedding-guest",
    "date": "date-night",
    "office": "office",
    "party": "party",
    "vacation": "holiday",
    "workout": "workout",
    "home": "at-home",
}
SHAPE: dict[str, str] = {
    "pear": "pear",
    "apple": "apple",
    "hourglass": "hourglass",
    "rectangle": "rectangle",
    "inverted_triangle": "inverted triangle",
}
SALE: dict[str, str] = {}
