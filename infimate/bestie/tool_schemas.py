"""The bestie's tools in OpenAI tool format, and :func:`run_tool` to call one by name.

The functions and what they return are in :mod:`infimate.bestie.tools`; the schemas here
describe their arguments for an LLM (see :mod:`infimate.bestie.llm`).

Example
-------
>>> [t["function"]["name"] for t in TOOL_SCHEMAS]
['search_outfits', 'coupon_plan', 'buy_timing', 'fit_notes']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from infimate.bestie.profile import BODY_SHAPES, DEPTHS, HEIGHTS, UNDERTONES
from infimate.bestie.tools import (
    CATEGORIES,
    OCCASIONS,
    ToolContext,
    buy_timing,
    coupon_plan,
    fit_notes,
    search_outfits,
)


def _fn(
    name: str, doc: str, props: dict[str, Any], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": doc,
            "parameters": {
                "type": "object",
                "properties": props,
                "required": list(required),
                "additionalProperties": False,
            },
        },
    }


_SKUS = {"type": "array", "items": {"type": "string"}, "description": "product SKUs"}
_CATS = {"type": "array", "items": {"type": "string", "enum": list(CATEGORIES)}}
TOOL_SCHEMAS: tuple[dict[str, Any], ...] = (
    _fn(
        "search_outfits",
        "Outfits on sale for the shopper. Returns outfits (items with name, category, price, "
        "store; total) or, when none fits the budget, the cheapest outfit and the gap.",
        {
            "budget": {"type": "number", "description": "most for one outfit, in shop prices"},
            "occasion": {"type": "string", "enum": list(OCCASIONS)},
            "date": {"type": "string", "description": "ISO date the outfit is needed"},
            "items": _CATS | {"description": "categories every outfit must include"},
            "exclude": _CATS | {"description": "categories never to include"},
            "body_shape": {"type": "string", "enum": list(BODY_SHAPES)},
            "undertone": {"type": "string", "enum": list(UNDERTONES)},
            "depth": {"type": "string", "enum": list(DEPTHS)},
            "market": {"type": "string", "description": "ISO country code or 'all'"},
            "crowd": {"type": "string"},
        },
    ),
    _fn(
        "coupon_plan",
        "The exact cheapest way to buy these SKUs: orders per store, coupons, totals, saving.",
        {"skus": _SKUS},
        ("skus",),
    ),
    _fn(
        "buy_timing",
        "Buy now or wait for the next sale, per SKU, with expected discount and sale date.",
        {"skus": _SKUS, "need_by": {"type": "string", "description": "ISO date needed by"}},
        ("skus",),
    ),
    _fn(
        "fit_notes",
        "What flatters a body shape and height, and the colours that suit the shopper.",
        {
            "body_shape": {"type": "string", "enum": list(BODY_SHAPES)},
            "height": {"type": "string", "enum": list(HEIGHTS)},
        },
    ),
)
TOOLS: dict[str, Callable[..., dict[str, Any]]] = {
    "search_outfits": search_outfits,
    "coupon_plan": coupon_plan,
    "buy_timing": buy_timing,
    "fit_notes": fit_notes,
}


def run_tool(ctx: ToolContext, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Call a tool by name with JSON arguments; a bad call returns ``{"error": ...}``."""
    fn = TOOLS.get(name)
    if fn is None:
        return {"error": f"unknown tool {name!r}"}
    schema = next(t for t in TOOL_SCHEMAS if t["function"]["name"] == name)
    allowed = set(schema["function"]["parameters"]["properties"])
    args = {k: v for k, v in arguments.items() if k in allowed}
    try:
        result: dict[str, Any] = fn(ctx, **args)
    except (TypeError, ValueError) as exc:
        return {"error": f"bad arguments for {name}: {type(exc).__name__}"}
    return result
