"""A hit probability in a merchandiser's words: what lifts it, what sinks it, how alike styles sold.

:func:`attribute_effects` groups a style's exact contributions (:meth:`HitResults.explain
<infimate.hit.model.HitResults.explain>`) by what a merchandiser decides: each element it
has (its attribute effect plus its share of the trend features), its category, its launch
timing and its price. :func:`reasons` says the three largest in words, with their effect
on the odds; :func:`similar_styles` finds the past launches of the same category sharing the
most of its attributes and says how they sold.

Example
-------
>>> from infimate.data.samples import launches
>>> from infimate.hit.features import product_features
>>> from infimate.hit.model import HitModel
>>> products, signals = launches()  # tweed searches grow; every other tweed style hit
>>> feats = product_features(products, signals)
>>> res = HitModel(n_boot=0).fit(feats)
>>> reasons(res.explain(feats, "s31"))[0]
'tweed lifts the odds ×6.2'
>>> similar_styles(res, "dress", ["tweed"]).sentence()
'16 past dress launches with tweed: 8 were hits (50%).'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from infimate.hit.model import Explanation, HitResults

#: Feature-name prefixes grouped under one decision of the merchandiser.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("launch timing", ("month=", "quarter_position")),
    ("price", ("price_band=", "log_price_rel")),
    ("category", ("category=",)),
)


def attribute_effects(ex: Explanation) -> pl.DataFrame:
    """attribute, contribution (log-odds): the style's elements, then category, launch
    timing and price; what is left (number of elements) is ``other``. Sums to the
    contributions of the explanation."""
    rows = [(str(e), float(c)) for e, c in ex.elements.iter_rows()]
    feats = ex.features
    for name, prefixes in GROUPS:
        hit = pl.any_horizontal([pl.col("feature").str.starts_with(p) for p in prefixes])
        rows.append((name, float(feats.filter(hit)["contribution"].sum())))
    rest = ex.other - sum(c for n, c in rows[len(ex.elements) :])
    rows.append(("other", rest))
    return pl.DataFrame(rows, schema=["attribute", "contribution"], orient="row")


def effects(ex: Explanation, *, top: int = 3, min_effect: float = 0.05) -> list[tuple[str, float]]:
    """The ``top`` attributes that move the style's odds most, as (attribute, odds factor);
    effects under ``min_effect`` log-odds are left out. Attributes are element ids or one of
    the :data:`GROUPS` names."""
    eff = attribute_effects(ex).filter(pl.col("attribute") != "other")
    eff = eff.filter(pl.col("contribution").abs() >= min_effect)
    rows = eff.sort(pl.col("contribution").abs(), descending=True).head(top).rows()
    return [(name, math.exp(c)) for name, c in rows]


def reasons(ex: Explanation, *, top: int = 3, min_effect: float = 0.05) -> list[str]:
    """:func:`effects` in words (``lifts the odds ×1.6`` / ``sinks the odds ×0.7``)."""
    return [
        f"{name} {'lifts' if x > 1 else 'sinks'} the odds ×{x:.1f}"
        for name, x in effects(ex, top=top, min_effect=min_effect)
    ]


@dataclass(frozen=True)
class SimilarStyles:
    """Past launches of a category that share ``shared`` with the style, and how they sold."""

    category: str
    shared: tuple[str, ...]
    n: int
    hits: int
    median_units: float | None

    def sentence(self) -> str:
        """One plain sentence (no numbers the launches do not give)."""
        if not self.n:
            return f"No past {self.category} launch shares these attributes."
        what = " + ".join(self.shared) if self.shared else "any attribute"
        units = f"; median units {self.median_units:,.0f}" if self.median_units is not None else ""
        return (
            f"{self.n} past {self.category} launches with {what}: {self.hits} were hits "
            f"({self.hits / self.n:.0%}){units}."
        )


def similar_styles(results: HitResults, category: str, element_ids: list[str]) -> SimilarStyles:
    """Training launches of ``category`` sharing the most of ``element_ids`` (at least one)."""
    hist = results.history.filter(pl.col("category") == category)
    want = list(dict.fromkeys(element_ids))
    if hist.is_empty() or not want:
        return SimilarStyles(category, (), 0, 0, None)
    shared = hist.with_columns(
        pl.col("element_ids").list.set_intersection(pl.lit(want, pl.List(pl.String))).alias("s")
    ).with_columns(pl.col("s").list.len().alias("k"))
    best = shared["k"].max()
    if not isinstance(best, int) or best == 0:
        return SimilarStyles(category, (), 0, 0, None)
    alike = shared.filter(pl.col("k") == best)
    common = [e for e in want if all(e in s for s in alike["s"].to_list())]
    units = alike["units"].drop_nulls()
    med = units.median() if units.len() else None
    return SimilarStyles(
        category,
        tuple(common),
        alike.height,
        int(alike["hit"].sum()),
        float(med) if isinstance(med, int | float) else None,
    )
