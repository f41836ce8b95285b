"""Products of the synthetic demo world: launched styles with units, and candidates.

Units are driven by the planted trends *at launch*: for each of a product's elements,
the log-ratio of its expected share of voice in the product's market × crowd at launch
to that element's median over the previous year (momentum), plus the element's affinity
to the product's scene, plus category/price effects and log-normal noise. The ``hit``
column is left out on purpose: the contract rule (top decile of units within launch
quarter × category) defines it, so the base rate is 10 %.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np
import polars as pl

from infimate.demo.world import (
    CAT_PRICE,
    CATEGORIES,
    CROWD_W,
    CROWDS,
    END,
    MARKET_W,
    MARKETS,
    SCENE_W,
    SCENES,
    START,
    WEEKS,
    World,
    _expected_sov,
    _pick,
    _pick_rows,
)
from infimate.elements.lexicon import builtin_lexicon

# item elements a product of each category may carry (others: any non-item element)
CATEGORY_ITEMS = {
    "dress": ("slip_dress",),
    "skirt": ("maxi_skirt", "bubble_hem"),
    "trousers": ("wide_leg_trousers", "cargo_pants"),
    "jeans": ("barrel_jeans",),
    "outerwear": ("trench_coat", "blazer"),
    "knitwear": ("cardigan",),
    "shoes": ("ballet_flats", "mary_janes"),
    "top": ("corset",),
    "bag": (),
}
ITEM_TYPES = ("item", "accessory")
FIRST_LAUNCH_WEEK = 30  # ~7 months of history before the first launch
TREND_EFFECT = 0.9
SCENE_EFFECT = 0.35
NOISE = 0.55


def generate_products(world: World, n_products: int, n_candidates: int, seed: int) -> pl.DataFrame:
    """Launched products (with units) and not-yet-launched candidate styles (no units)."""
    rng = np.random.default_rng(seed + 2)
    names = dict(_names())
    E = len(world.elements)
    # momentum[w, m, c, e] = log(expected SoV at w / trailing 52-week median)
    sov = np.stack(
        [
            np.stack(
                [
                    np.stack(
                        [_expected_sov(world.prob, world.scene_mult, e, m, c) for e in range(E)], -1
                    )
                    for c in range(len(CROWDS))
                ],
                1,
            )
            for m in range(len(MARKETS))
        ],
        1,
    )  # [W, M, C, E]
    trailing = np.stack([np.median(sov[max(0, w - 52) : max(1, w)], axis=0) for w in range(WEEKS)])
    momentum = np.log((sov + 1e-3) / (trailing + 1e-3))

    rows = []
    total = n_products + n_candidates
    launch_w = np.r_[
        rng.integers(FIRST_LAUNCH_WEEK, WEEKS - 2, n_products),
        rng.integers(WEEKS + 2, WEEKS + 10, n_candidates),
    ]
    market = _pick(rng, MARKET_W, total)
    crowd = _pick(rng, CROWD_W, total)
    scene = _pick_rows(rng, SCENE_W, crowd)
    cat = rng.integers(0, len(CATEGORIES), total)
    n_el = rng.integers(2, 5, total)
    types = dict(_types())
    generic = np.array([types[e] not in ITEM_TYPES for e in world.elements], dtype=float)
    for i in range(total):
        allowed = generic.copy()
        for el in CATEGORY_ITEMS[CATEGORIES[cat[i]]]:
            allowed[world.elements.index(el)] = 3.0  # the category's own items are common
        els = rng.choice(E, size=n_el[i], replace=False, p=allowed / allowed.sum())
        w = min(launch_w[i], WEEKS - 1)
        mom = momentum[w, market[i], crowd[i], els]
        aff = np.log(world.scene_mult[els, scene[i]])
        price = round(CAT_PRICE[CATEGORIES[cat[i]]] * float(rng.lognormal(0, 0.35)), 0) - 0.01
        rel = np.log(price / CAT_PRICE[CATEGORIES[cat[i]]])
        log_units = (
            6.5
            - 0.8 * rel
            + TREND_EFFECT * float(np.mean(np.clip(mom, -1, 3)))
            + SCENE_EFFECT * float(np.mean(aff))
            + rng.normal(0, NOISE)
        )
        launched = i < n_products
        d = START + timedelta(weeks=int(launch_w[i]), days=int(rng.integers(0, 7)))
        el_ids = [world.elements[e] for e in els]
        rows.append(
            {
                "sku": f"{'SKU' if launched else 'CAND'}-{i:05d}",
                "launch_date": d,
                "category": CATEGORIES[cat[i]],
                "elements": el_ids,
                "price": price,
                "market": MARKETS[market[i]],
                "crowd": CROWDS[crowd[i]],
                "scene": SCENES[scene[i]],
                "units": float(round(np.exp(log_units))) if launched else None,
                "name": _name(el_ids, names, types, CATEGORIES[cat[i]]),
            }
        )
    df = pl.DataFrame(rows, schema_overrides={"units": pl.Float64, "elements": pl.List(pl.Utf8)})
    first_candidate = df.filter(pl.col("units").is_null())["launch_date"].min()
    assert isinstance(first_candidate, date) and first_candidate > END
    return df


def _name(el_ids: list[str], names: dict[str, str], types: dict[str, str], category: str) -> str:
    """A product name: its first non-item element + its item element or category."""
    adj = next((names[e] for e in el_ids if types[e] not in ITEM_TYPES), None)
    noun = next((names[e] for e in el_ids if types[e] in ITEM_TYPES), category)
    return " ".join(x for x in (adj, noun) if x).capitalize()


def _types() -> Iterator[tuple[str, str]]:
    lex = builtin_lexicon()
    return zip(lex["element_id"].to_list(), lex["type"].to_list(), strict=True)


def _names() -> Iterator[tuple[str, str]]:
    from infimate.demo.posts import surface_forms

    f = surface_forms().filter((pl.col("lang") == "en") & (pl.col("k") == 0))
    return zip(f["element"].to_list(), f["form"].to_list(), strict=True)
