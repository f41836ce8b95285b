"""Catalogue benchmark: product titles → item, colours, details, and agreement with a shop.

``python -m infimate bench catalogue [--posts N] [--json]``:

* **speed** — ``N`` (default 1,000,000) synthetic retail titles built from the lexicon
  (brand-like words, audience, colour, pattern/detail, item, sometimes "with <detail>"),
  tagged by :func:`~infimate.elements.catalogue.tag_catalogue`, best of 3; target ≤ 3 s;
* **agreement** — on ``../shared/data/myntra-product-titles.csv`` when present (apparel,
  footwear and accessories rows): label coverage, items assigned and right, main colour
  family (:func:`~infimate.elements.labels.agreement`) against the shop's own labels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from infimate.benchmarks.runner import best_of
from infimate.elements.catalogue import ITEM_TYPES, tag_catalogue
from infimate.elements.labels import agreement
from infimate.elements.lexicon import builtin_lexicon

DEFAULT_TITLES = 1_000_000
TARGET_SECONDS = 3.0
SHOP = Path(__file__).resolve().parents[3] / "shared" / "data" / "myntra-product-titles.csv"
CATEGORIES = ("Apparel", "Footwear", "Accessories")


def synthetic_titles(n: int, *, seed: int = 5) -> pl.DataFrame:
    """``n`` retail-style titles (id, text) from the lexicon's English names, seeded."""
    lex = builtin_lexicon()
    rng = np.random.default_rng(seed)

    def names(types: tuple[str, ...]) -> np.ndarray:
        return lex.filter(pl.col("type").is_in(types))["name_en"].to_numpy()

    def pick(values: np.ndarray) -> pl.Series:
        return pl.Series(values[rng.integers(0, len(values), n)])

    brands = np.array([f"Brand{k}" for k in range(500)])
    audience = np.array(["Men", "Women", "Girls", "Boys", "Unisex", ""])
    parts = [
        pick(brands),
        pick(audience),
        pick(names(("color",))),
        pick(names(("pattern", "fabric", "detail"))),
        pick(names(ITEM_TYPES)),
    ]
    tail = pl.Series(np.where(rng.random(n) < 0.3, " with ", ""))
    extra = pick(names(("detail",)))
    frame = pl.DataFrame({f"p{i}": p for i, p in enumerate(parts)}).with_columns(
        tail=tail, extra=extra
    )
    text = pl.concat_str([pl.col(f"p{i}") for i in range(len(parts))], separator=" ") + pl.when(
        pl.col("tail") != ""
    ).then(pl.col("tail") + pl.col("extra")).otherwise(pl.lit(""))
    return frame.select(pl.int_range(pl.len()).alias("id"), text.alias("text"))


def bench_catalogue(args: Any) -> dict[str, Any]:
    n = int(getattr(args, "posts", None) or DEFAULT_TITLES)
    lex = builtin_lexicon()
    texts = synthetic_titles(n)
    tags, walls, cpus = best_of(3, lambda: tag_catalogue(texts, lex))
    out: dict[str, Any] = {
        "titles": n,
        "elements": lex.height,
        "seconds": round(min(walls), 3),
        "seconds_runs": [round(w, 3) for w in walls],
        "cpu_seconds": round(min(cpus), 3),
        "with_item": round(tags["item"].is_not_null().sum() / max(tags.height, 1), 4),
        "targets": {"seconds_max": TARGET_SECONDS, "titles": DEFAULT_TITLES},
    }
    if SHOP.exists():
        shop = pl.read_csv(SHOP, infer_schema=False).filter(
            pl.col("master_category").is_in(CATEGORIES)
        )
        shop_tags = tag_catalogue(shop.select("id", pl.col("title").alias("text")), lex)
        agreed = agreement(
            shop_tags, lex, item_labels=shop["article_type"], colour_labels=shop["base_colour"]
        )
        out["shop"] = {"source": SHOP.name, **agreed.as_dict()}
    else:
        out["shop"] = {"skipped": f"{SHOP} not present"}
    return out
