"""The hit model's inputs: what a style is, what it has, when it launches, how its trends move.

:class:`Encoding` is learned from the training launches and turns products into the design
matrix of :class:`~infimate.hit.model.HitModel`:

* **trend features** — the per-product aggregates of :mod:`infimate.hit.features` (each
  element's pre-launch momentum, growth, level, … as of launch − lead days);
* **launch timing** — the position of the launch within its quarter (0 = first day, 1 =
  last; hits are ranked within a launch quarter, so early and late launches differ) and
  its month (seasonal demand);
* **attributes** — one indicator per element (colour, fabric, detail, …) seen on at least
  :data:`MIN_ELEMENT_PRODUCTS` training styles, one per category; ridge shrinkage keeps
  rare ones small;
* **price** — price ÷ the training median of its category (log), and its tercile band.

**Offsets.** A hit is the top decile of units *within* a launch quarter × category, so a
style's chance starts from its group's hit share (``max(1, round(n / 10)) / n`` for ``n``
launches). In training the offset is the logit of the share of the style's own group; for
a new style it is its category's share over the training launches (:meth:`Encoding.offset`),
shrunk toward the base rate by :data:`SHARE_PRIOR` launches, so the coefficients learn how
a style beats its own group. Attribute, category and month indicators stay 0/1 (their
prior acts on the natural log-odds effect, so a rare attribute is shrunk more); trend and
price columns are standardised.

Example
-------
>>> import datetime as dt
>>> p = pl.DataFrame({"sku": ["a", "b", "c"], "category": ["dress", "dress", "top"],
...     "launch_date": [dt.date(2025, 1, 6), dt.date(2025, 3, 24), dt.date(2025, 2, 3)],
...     "element_ids": [["tweed"], ["tweed", "red"], ["red"]], "price": [50.0, 70.0, 20.0],
...     "hit": [True, False, True]})
>>> enc = Encoding.learn(p, min_elements=1)
>>> enc.categories, enc.elements, enc.rates
(('dress', 'top'), ('red', 'tweed'), (0.6, 0.75))
>>> enc.frame(p)["quarter_position"].round(2).to_list()
[0.05, 0.9, 0.36]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from infimate.hit.features import AGGREGATES, HitFeatures

#: Attributes seen on fewer training styles than this get no indicator of their own.
MIN_ELEMENT_PRODUCTS = 3
#: Group hit shares are kept inside these bounds before taking the logit.
RATE_BOUNDS = (0.02, 0.9)
#: A category's expected hit share is shrunk toward the base rate by this many launches.
SHARE_PRIOR = 3.0
NUMERIC = (
    *(a[0] for a in AGGREGATES),
    "n_elements",
    "log_price_rel",
    "quarter_position",
    "quarter_position_sq",
)
BANDS = ("low", "mid", "high")
#: The numeric features in a merchandiser's words (the UI has them in 中文 as ``v_feature_*``).
FEATURE_NAMES: dict[str, str] = {
    "momentum_mean": "trend momentum (mean of the elements)",
    "momentum_max": "trend momentum (strongest element)",
    "momentum_launch_mean": "momentum forecast at launch (mean of the elements)",
    "momentum_launch_max": "momentum forecast at launch (strongest element)",
    "growth_4w_mean": "4-week growth (mean of the elements)",
    "growth_4w_max": "4-week growth (fastest element)",
    "growth_8w_mean": "8-week growth (mean of the elements)",
    "growth_12w_mean": "12-week growth (mean of the elements)",
    "acceleration_mean": "acceleration (mean of the elements)",
    "level_mean": "trend level (mean of the elements)",
    "saturation_mean": "saturation (mean of the elements)",
    "crowd_fit_mean": "fit with the crowd (mean of the elements)",
    "scene_fit_mean": "fit with the scene (mean of the elements)",
    "scene_fit_max": "fit with the scene (best element)",
    "n_rising": "number of rising elements",
    "n_unknown_elements": "number of elements not in the lexicon",
    "n_elements": "number of elements",
    "log_price_rel": "price against the category's usual price",
    "quarter_position": "launch week within the quarter",
    "quarter_position_sq": "launch week within the quarter (squared)",
}


def logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, *RATE_BOUNDS)
    out: np.ndarray = np.log(q / (1 - q))
    return out


def with_element_ids(feats: HitFeatures) -> pl.DataFrame:
    """The products of ``feats`` with ``element_ids``: their canonical element ids, in order."""
    ids = (
        feats.elements.sort("sku", "position")
        .group_by("sku", maintain_order=True)
        .agg(pl.col("element_id").unique(maintain_order=True).alias("element_ids"))
    )
    out = feats.products.join(ids, on="sku", how="left")
    return out.with_columns(pl.col("element_ids").fill_null(pl.lit([], pl.List(pl.String))))


def group_offset(prods: pl.DataFrame) -> np.ndarray:
    """Logit of the hit share of each style's launch quarter × category (training offset)."""
    q = pl.col("launch_date").dt.truncate("1q")
    share = prods.select(pl.col("hit").cast(pl.Float64).mean().over(q, "category"))
    return logit(share.to_series().to_numpy())


@dataclass(frozen=True)
class Encoding:
    """What the design matrix learned from the training launches."""

    categories: tuple[str, ...]
    elements: tuple[str, ...]
    medians: tuple[float, ...]
    cuts: tuple[float, float]
    rates: tuple[float, ...]
    base_rate: float

    def frame(self, prods: pl.DataFrame) -> pl.DataFrame:
        """``prods`` with the derived columns (price ratio and band, quarter position)."""
        med = dict(zip(self.categories, self.medians, strict=True))
        rel = (pl.col("price") / pl.col("category").replace_strict(med, default=None)).log()
        df = prods.with_columns(rel.fill_nan(None).alias("log_price_rel"))
        band = (
            pl.when(pl.col("log_price_rel") <= self.cuts[0])
            .then(pl.lit("low"))
            .when(pl.col("log_price_rel") <= self.cuts[1])
            .then(pl.lit("mid"))
            .when(pl.col("log_price_rel").is_not_null())
            .then(pl.lit("high"))
            .otherwise(pl.lit("unknown"))
        )
        d = pl.col("launch_date")
        pos = (d - d.dt.truncate("1q")).dt.total_days() / 91.0
        return df.with_columns(
            band.alias("price_band"),
            pl.col("log_price_rel").fill_null(0.0),
            pos.alias("quarter_position"),
            (pos * pos).alias("quarter_position_sq"),
            d.dt.month().alias("month"),
        )

    @property
    def names(self) -> tuple[str, ...]:
        """Column names of :meth:`matrix`."""
        return (
            *NUMERIC,
            *(f"month={m}" for m in range(1, 13)),
            *(f"category={c}" for c in self.categories),
            *(f"element={e}" for e in self.elements),
            *(f"price_band={b}" for b in BANDS),
        )

    def matrix(self, prods: pl.DataFrame) -> np.ndarray:
        """The design matrix of products that carry ``element_ids`` (columns: :attr:`names`)."""
        df = self.frame(prods)
        has = pl.col("element_ids")
        cols = [pl.col(c).cast(pl.Float64) for c in NUMERIC]
        cols += [(pl.col("month") == m).cast(pl.Float64).alias(f"m{m}") for m in range(1, 13)]
        cols += [
            (pl.col("category") == c).cast(pl.Float64).alias(f"c{i}")
            for i, c in enumerate(self.categories)
        ]
        cols += [
            has.list.contains(pl.lit(e)).cast(pl.Float64).alias(f"e{i}")
            for i, e in enumerate(self.elements)
        ]
        cols += [(pl.col("price_band") == b).cast(pl.Float64).alias(f"b{b}") for b in BANDS]
        return df.select(cols).to_numpy().astype(float)

    def category_rate(self, category: str) -> float:
        """The training hit share of a category (the overall base rate for a new one)."""
        rates = dict(zip(self.categories, self.rates, strict=True))
        return rates.get(category, self.base_rate)

    def offset(self, prods: pl.DataFrame) -> np.ndarray:
        """Logit of each style's category hit share over the training launches."""
        return logit(np.array([self.category_rate(c) for c in prods["category"].to_list()]))

    @staticmethod
    def learn(prods: pl.DataFrame, *, min_elements: int = MIN_ELEMENT_PRODUCTS) -> Encoding:
        """Learn categories, attribute vocabulary, price medians and cuts, category rates."""
        base = prods["hit"].cast(pl.Float64).mean()
        base = float(base) if isinstance(base, float) else 0.1
        hits = pl.col("hit").cast(pl.Float64).sum()
        by_cat = (
            prods.group_by("category")
            .agg(
                pl.col("price").median(),
                ((hits + SHARE_PRIOR * base) / (pl.len() + SHARE_PRIOR)).alias("rate"),
            )
            .sort("category")
        )
        counts = prods.select(pl.col("element_ids").list.unique().explode().value_counts())
        counts = counts.unnest(counts.columns[0]).drop_nulls()
        elements = tuple(sorted(counts.filter(pl.col("count") >= min_elements)["element_ids"]))
        enc = Encoding(
            tuple(by_cat["category"].to_list()),
            elements,
            tuple(float(x) if x is not None else math.nan for x in by_cat["price"].to_list()),
            (0.0, 0.0),
            tuple(float(np.clip(r, *RATE_BOUNDS)) for r in by_cat["rate"].to_list()),
            base,
        )
        rel = enc.frame(prods).filter(pl.col("price").is_not_null())["log_price_rel"]
        if rel.len() >= 3:
            lo, hi = rel.quantile(1 / 3), rel.quantile(2 / 3)
            assert lo is not None and hi is not None  # log_price_rel is never null
            q = (float(lo), float(hi))
        else:
            q = (-math.inf, math.inf)
        return Encoding(enc.categories, elements, enc.medians, q, enc.rates, enc.base_rate)
