"""Outfits: products scored for a shopper, assembled into three looks with a why.

Trends: what is rising for the shopper's crowd × scene × market, from
:func:`infimate.trends.curves.summaries`. When a segment is *sparse* (fewer than
``MIN_ELEMENTS`` elements with a 4-week growth and a non-zero share of voice) the next
coarser one is used, in this order: market × crowd × scene, market × crowd,
market × scene, crowd × scene, market, crowd, everything.

Product score (products carrying a disliked or an *avoid* element, over the per-item
budget, or from another market are never suggested)::

    score = 1.0 × (flattering elements)            # styling.body_advice
          + 1.0 × colour                           # +1 palette colour, −1 only off-palette colours
          + 1.5 × trend                            # best element: stage weight + min(growth_4w, 1)
          + 0.5 × (liked elements) + 0.5 × (scene match) + 0.25 × (crowd match)

Stage weights: rising 1.0, emerging 0.8, peaking 0.3, dormant 0, declining −0.5
(growth only counts when positive).

Outfits are 1–3 products of complementary categories (roles: one-piece = dress,
top = top/knitwear, bottom = skirt/trousers/jeans, layer = outerwear, shoes, bag;
templates: one-piece + shoes + bag, top + bottom + shoes, top + bottom + bag,
layer + one-piece + shoes, layer + top + bottom, and the one/two-piece subsets).
Per template the best combination of the top 8 products per role whose total stays within
``budget_total`` is taken; the three best outfits not sharing a product are returned.

Example
-------
>>> OUTFIT_TEMPLATES[1]
('top', 'bottom', 'shoes')
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from infimate.bestie.profile import Profile
from infimate.bestie.styling import HEIGHT_RULES, body_advice, palette
from infimate.trends.curves import Segment

MIN_ELEMENTS = 10
STAGE_WEIGHT = {
    "rising": 1.0,
    "emerging": 0.8,
    "seasonal": 0.5,
    "peaking": 0.3,
    "one-off spike": 0.0,
    "dormant": 0.0,
    "declining": -0.5,
}
W_BODY, W_COLOUR, W_TREND, W_LIKE, W_SCENE, W_CROWD = 1.0, 1.0, 1.5, 0.5, 0.5, 0.25
ROLES = {
    "dress": "one_piece",
    "top": "top",
    "knitwear": "top",
    "skirt": "bottom",
    "trousers": "bottom",
    "jeans": "bottom",
    "outerwear": "layer",
    "shoes": "shoes",
    "bag": "bag",
}
OUTFIT_TEMPLATES: tuple[tuple[str, ...], ...] = (
    ("one_piece", "shoes", "bag"),
    ("top", "bottom", "shoes"),
    ("top", "bottom", "bag"),
    ("layer", "one_piece", "shoes"),
    ("layer", "top", "bottom"),
    ("top", "bottom"),
    ("one_piece", "shoes"),
    ("one_piece",),
)
TOP_PER_ROLE = 8


@dataclass(frozen=True)
class TrendView:
    """Element trends for the segment actually used (``tried``: sparse ones skipped)."""

    segment: Segment
    table: pl.DataFrame  # element, stage, sov, growth_4w, trend_score
    tried: tuple[str, ...]

    def label(self) -> str:
        s = self.segment
        who = " ".join(v for v in (s.crowd, s.scene) if v != "all")
        where = f"in {s.market}" if s.market != "all" else "across markets"
        return f"{who} {where}".strip() if who else f"everyone {where}"


def fallback_segments(profile: Profile) -> tuple[Segment, ...]:
    """Segments to try, finest first (see the module docstring)."""
    m, c, s = profile.market, profile.crowd, profile.scene
    order = [(m, c, s), (m, c, "all"), (m, "all", s), ("all", c, s), (m, "all", "all")]
    order += [("all", c, "all"), ("all", "all", "all")]
    return tuple(Segment(*x) for x in dict.fromkeys(order))


def trend_view(
    trends: Callable[[Segment], pl.DataFrame],
    profile: Profile,
    *,
    min_elements: int = MIN_ELEMENTS,
) -> TrendView:
    """The finest non-sparse segment's element trends, with a ``trend_score`` column."""
    tried = []
    empty = pl.DataFrame(
        schema={
            "element": pl.Utf8,
            "stage": pl.Utf8,
            "sov": pl.Float64,
            "growth_4w": pl.Float64,
            "trend_score": pl.Float64,
        }
    )
    for seg in fallback_segments(profile):
        t = trends(seg)
        if t.is_empty():
            tried.append(seg.label())
            continue
        live = t.filter(pl.col("growth_4w").is_not_null() & (pl.col("sov") > 0)).height
        if live < min_elements and seg != Segment():
            tried.append(seg.label())
            continue
        table = t.select("element", "stage", "sov", "growth_4w").with_columns(
            (
                pl.col("stage").replace_strict(STAGE_WEIGHT, default=0.0, return_dtype=pl.Float64)
                + pl.col("growth_4w").fill_null(0.0).clip(0.0, 1.0)
            ).alias("trend_score")
        )
        return TrendView(seg, table, tuple(tried))
    return TrendView(Segment(), empty, tuple(tried))


def score_products(
    catalog: pl.DataFrame, profile: Profile, *, lexicon: pl.DataFrame, trend: TrendView
) -> pl.DataFrame:
    """Eligible products with their score and the facts behind it (see module docstring).

    Extra columns: body_hits (list), colour, colour_de, colour_family, off_palette,
    trend_element, trend_stage, trend_growth, trend_score, score.
    """
    body = body_advice(profile)
    pal = palette(profile, lexicon)
    colour_ids = lexicon.filter(pl.col("type") == "color")["element_id"].to_list()
    banned = set(body.avoid) | set(profile.dislikes)
    c = catalog
    if profile.market != "all":
        c = c.filter(pl.col("market").is_null() | (pl.col("market") == profile.market))
    for cap in (profile.budget_item, profile.budget_total):
        if cap is not None:
            c = c.filter(pl.col("price") <= cap)
    c = c.filter(~pl.col("elements").list.eval(pl.element().is_in(list(banned))).list.any())
    if c.is_empty():
        return c.with_columns(pl.lit(0.0).alias("score"))
    long = c.select("sku", "elements").explode("elements").rename({"elements": "element"})
    long = (
        long.join(
            pal.select(
                pl.col("element_id").alias("element"),
                pl.col("delta_e").alias("de"),
                pl.col("family").alias("fam"),
            ),
            on="element",
            how="left",
        )
        .join(
            trend.table.select("element", "stage", "growth_4w", "trend_score"),
            on="element",
            how="left",
        )
        .with_columns(
            pl.col("element").is_in(list(body.flatter)).alias("flat"),
            pl.col("element").is_in(colour_ids).alias("is_colour"),
            pl.col("element").is_in(list(profile.likes)).alias("liked"),
        )
    )
    best_trend = pl.col("trend_score").fill_null(-9.0)
    long = long.sort(["sku", "de"], nulls_last=True)  # nearest palette colour first
    agg = long.group_by("sku", maintain_order=True).agg(
        pl.col("element").filter(pl.col("flat")).alias("body_hits"),
        pl.col("element").filter(pl.col("de").is_not_null()).first().alias("colour"),
        pl.col("de").min().alias("colour_de"),
        pl.col("fam").drop_nulls().first().alias("colour_family"),
        (pl.col("is_colour").any() & pl.col("de").is_null().all()).alias("off_palette"),
        pl.col("element").sort_by(best_trend, descending=True).first().alias("trend_element"),
        pl.col("stage").sort_by(best_trend, descending=True).first().alias("trend_stage"),
        pl.col("growth_4w").sort_by(best_trend, descending=True).first().alias("trend_growth"),
        pl.col("trend_score").max().fill_null(0.0).alias("trend_score"),
        pl.col("liked").sum().alias("likes"),
    )
    colour = (
        pl.when(pl.col("colour").is_not_null())
        .then(1.0)
        .when("off_palette")
        .then(-1.0)
        .otherwise(0.0)
    )
    score = (
        W_BODY * pl.col("body_hits").list.len()
        + W_COLOUR * colour
        + W_TREND * pl.col("trend_score")
        + W_LIKE * pl.col("likes")
        + W_SCENE * (pl.col("scene") == profile.scene).fill_null(False).cast(pl.Float64)
        + W_CROWD * (pl.col("crowd") == profile.crowd).fill_null(False).cast(pl.Float64)
    )
    return (
        c.join(agg, on="sku")
        .with_columns(score.round(4).alias("score"))
        .sort(["score", "price", "sku"], descending=[True, False, False])
    )


@dataclass(frozen=True)
class OutfitItem:
    sku: str
    name: str
    category: str
    price: float
    store: str
    platform: str
    elements: tuple[str, ...]


@dataclass(frozen=True)
class Outfit:
    """One look: products, total price, score and the plain-language reasons."""

    items: tuple[OutfitItem, ...]
    total: float
    score: float
    reasons: tuple[str, ...]

    @property
    def why(self) -> str:
        return "; ".join(self.reasons) + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [i.__dict__ | {"elements": list(i.elements)} for i in self.items],
            "total": self.total,
            "score": self.score,
            "why": self.why,
        }


def _pct(x: float) -> str:
    return f"{x:+.0%}"


def _reasons(
    rows: list[dict[str, Any]], profile: Profile, trend: TrendView, names: dict[str, str]
) -> tuple[str, ...]:
    out = []
    name: Callable[[str], str] = lambda e: names.get(e, e.replace("_", " "))  # noqa: E731
    tr = max(rows, key=lambda r: r["trend_score"])
    if tr["trend_stage"] in ("rising", "emerging", "peaking") and tr["trend_element"]:
        g = tr["trend_growth"]
        grow = f" {_pct(g)} in 4 weeks" if g is not None else ""
        out.append(f"{name(tr['trend_element'])} is {tr['trend_stage']}{grow} for {trend.label()}")
    hits = [(r, e) for r in rows for e in r["body_hits"]]
    if hits:
        e = hits[0][1]
        height = next(h for h in HEIGHT_RULES if h.key == profile.height)
        who = (
            f"a {profile.height} frame"
            if e in height.flatter
            else f"a {profile.body_shape.replace('_', ' ')} shape"
        )
        verb = "flatter" if name(e).endswith("s") else "flatters"
        out.append(f"{name(e)} {verb} {who}")
    cols = [r for r in rows if r["colour"] is not None]
    if cols:  # the trending colour when it suits the shopper, else the closest match
        r = min(cols, key=lambda r: (r["colour"] != tr["trend_element"], r["colour_de"]))
        out.append(
            f"{profile.undertone} undertone → {name(r['colour'])} ΔE {r['colour_de']:.1f} "
            f"to '{r['colour_family']}'"
        )
    total = sum(r["price"] for r in rows)
    budget = f" (your budget {profile.budget_total:.2f})" if profile.budget_total else ""
    out.append(f"total {total:.2f}{budget}")
    return tuple(out)


def outfits(
    catalog: pl.DataFrame,
    profile: Profile,
    *,
    lexicon: pl.DataFrame,
    trend: TrendView,
    n: int = 3,
) -> tuple[Outfit, ...]:
    """Up to ``n`` outfits for the profile (see the module docstring).

    Example
    -------
    >>> # see tests/test_bestie_styling.py for a hand-made catalog with a known answer
    """
    scored = score_products(catalog, profile, lexicon=lexicon, trend=trend)
    if scored.is_empty():
        return ()
    scored = scored.with_columns(
        pl.col("category")
        .replace_strict(ROLES, default="other", return_dtype=pl.Utf8)
        .alias("role")
    )
    pool = {
        role: part.head(TOP_PER_ROLE * (n + 1)).to_dicts()
        for (role,), part in scored.group_by(["role"], maintain_order=True)
    }
    cap = profile.budget_total
    names = dict(zip(lexicon["element_id"].to_list(), lexicon["name_en"].to_list(), strict=True))
    chosen: list[Outfit] = []
    used: set[str] = set()
    used_templates: set[tuple[str, ...]] = set()
    for _ in range(n):
        best: tuple[float, float, tuple[str, ...], tuple[dict[str, Any], ...]] | None = None
        for tpl in OUTFIT_TEMPLATES:
            lists = [
                [r for r in pool.get(role, []) if r["sku"] not in used][:TOP_PER_ROLE]
                for role in tpl
            ]
            if any(not lst for lst in lists):
                continue
            for combo in itertools.product(*lists):
                total = sum(r["price"] for r in combo)
                if cap is not None and total > cap + 1e-9:
                    continue
                s = sum(r["score"] for r in combo) * (0.9 if tpl in used_templates else 1.0)
                key = (s, -total)
                if best is None or key > (best[0], best[1]):
                    best = (s, -total, tpl, combo)
        if best is None:
            break
        _, _, tpl, combo = best
        used |= {r["sku"] for r in combo}
        used_templates.add(tpl)
        items = tuple(
            OutfitItem(
                r["sku"],
                r["name"],
                r["category"],
                r["price"],
                r["store"],
                r["platform"],
                tuple(r["elements"]),
            )
            for r in combo
        )
        total = round(sum(r["price"] for r in combo), 2)
        chosen.append(
            Outfit(
                items,
                total,
                round(sum(r["score"] for r in combo), 3),
                _reasons(list(combo), profile, trend, names),
            )
        )
    return tuple(chosen)
