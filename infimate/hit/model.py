"""Hit-rate model: pre-launch hit probability, tuned and calibrated out of time, explained.

**Model** (statsmodels' Model → fit → Results shape): logistic regression on the standardised
design of :mod:`infimate.hit.design` with a Gaussian prior (ridge) of precision ``g`` on
every coefficient, fitted by L-BFGS, with the style's group hit share as an offset: the
coefficients say how a style beats its launch quarter × category group.

**Tuning, inside the training launches only.** Rolling origins at the last ``folds``
quarter starts that have a year of launches before them (every month seen): fit on the
launches before the origin, predict the next quarter's. ``g`` is the value of ``grid``
with the best mean out-of-time AUC (``default_precision`` when no origin qualifies).

**Calibration.** The pooled out-of-time predictions of the chosen ``g`` fit a Platt scaling
of the logit (``shift`` + ``slope`` × logit), used when there are enough of them and the
slope is sane (:func:`infimate.hit.tuning.platt`); the mean prediction
of their highest reliability bin is :attr:`Tuning.calibrated_max`: above it a probability
is an extrapolation (:meth:`HitResults.flags`), as are unseen categories, attributes or
trend values outside the training range.

**Intervals** are bootstrap percentiles of refits on resampled training launches.
**Explanations** are exact: contributions (calibrated) + the style's base log-odds =
the logit; :mod:`infimate.hit.explain` puts them in words.

Example
-------
>>> import datetime as dt
>>> from infimate.hit.features import product_features
>>> from infimate.data.samples import launches
>>> products, signals = launches()  # tweed searches grow; every other tweed style hit
>>> feats = product_features(products, signals)
>>> res = HitModel(n_boot=0).fit(select(feats, pl.col("launch_date") < dt.date(2025, 7, 1)))
>>> test = select(feats, pl.col("launch_date") >= dt.date(2025, 7, 1))
>>> test.products.select("elements", res.predict(test).round(2)).head(2).rows()
[(['denim'], 0.03), (['tweed'], 0.42)]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import polars as pl

from infimate.errors import InfimateError
from infimate.hit.design import FEATURE_NAMES, NUMERIC, Encoding, group_offset, with_element_ids
from infimate.hit.features import AGGREGATES, HitFeatures
from infimate.hit.metrics import reliability
from infimate.hit.ridge import StandardFit, fit_ridge, fit_standardised
from infimate.hit.tuning import Tuning, top_bin, tune

Frame = HitFeatures | pl.DataFrame


def select(feats: HitFeatures, keep: pl.Expr | pl.Series) -> HitFeatures:
    """The features of the products matching ``keep`` (an expression on product rows)."""
    prods = feats.products.filter(keep)
    els = feats.elements.join(prods.select("sku"), on="sku", how="semi")
    return HitFeatures(prods, els, feats.lead_days)


def hit_labels(prods: pl.DataFrame) -> np.ndarray:
    """The ``hit`` column as 0/1 floats (raises when any product lacks a label)."""
    if "hit" not in prods.columns or prods["hit"].null_count():
        raise InfimateError("products need a hit label (or units to label hits from) to fit")
    return prods["hit"].cast(pl.Float64).to_numpy()


def _prods(feats: Frame) -> pl.DataFrame:
    return with_element_ids(feats) if isinstance(feats, HitFeatures) else feats


@dataclass(frozen=True)
class Caveat:
    """Why a style's number is an extrapolation; all empty when it is not."""

    new_category: str | None = None
    unseen: tuple[str, ...] = ()  # attributes never launched before
    outside: tuple[str, ...] = ()  # numeric features outside the training launches' range
    above: float | None = None  # the highest calibrated level, when the number is above it

    def sentence(self) -> str:
        """The reasons in English, ``; ``-separated ("" when there are none).

        >>> Caveat("bag", ("tweed",), ("n_elements",), 0.4).sentence()
        "new category 'bag'; attributes never launched before: tweed; values outside the \
training launches' range: number of elements; above the highest calibrated level (40%)"
        """
        out = []
        if self.new_category is not None:
            out.append(f"new category {self.new_category!r}")
        if self.unseen:
            out.append("attributes never launched before: " + ", ".join(self.unseen))
        if self.outside:
            names = (FEATURE_NAMES.get(c, c) for c in self.outside)
            out.append("values outside the training launches' range: " + ", ".join(names))
        if self.above is not None:
            out.append(f"above the highest calibrated level ({self.above:.0%})")
        return "; ".join(out)


@dataclass(frozen=True)
class Explanation:
    """Why one style got its probability: ``intercept`` (the style's base log-odds: its
    category's hit share, recalibrated) + Σ ``features.contribution`` = ``logit``;
    ``elements`` splits the attribute and trend part over the style's elements and
    ``other`` is the rest (launch timing, price, number of elements, category)."""

    sku: str
    intercept: float
    logit: float
    probability: float
    features: pl.DataFrame
    elements: pl.DataFrame
    other: float


@dataclass(frozen=True)
class HitResults:
    """A fitted :class:`HitModel` (immutable); coefficients are per standardised column."""

    fit: StandardFit
    boot: np.ndarray  # [n_boot, 1 + p]
    tuning: Tuning
    n_train: int
    base_rate: float
    levels: tuple[float, float]
    zrange: np.ndarray  # [2, p]: min and max standardised value seen in training
    history: pl.DataFrame  # the training launches: category, element_ids, hit, units

    @property
    def encoding(self) -> Encoding:
        return self.fit.encoding

    @property
    def names(self) -> tuple[str, ...]:
        return self.fit.encoding.names

    @property
    def params(self) -> np.ndarray:
        return self.fit.params

    def _logit(self, prods: pl.DataFrame, params: np.ndarray) -> np.ndarray:
        raw = self.encoding.offset(prods) + params[0] + self.fit.z(prods) @ params[1:]
        out: np.ndarray = self.tuning.shift + self.tuning.slope * raw
        return out

    def logit(self, feats: Frame) -> np.ndarray:
        """Calibrated log-odds of a hit for every product row."""
        return self._logit(_prods(feats), self.fit.params)

    def predict(self, feats: Frame) -> pl.Series:
        """Hit probability of every product row (same order)."""
        return pl.Series("probability", 1 / (1 + np.exp(-self.logit(feats))))

    def interval(self, feats: Frame) -> pl.DataFrame:
        """Bootstrap interval (``levels`` percentiles over the refits): columns lo, hi.

        An extrapolated style (:meth:`flags`) gets the wider of that and the range from
        its category's base rate to the model's number."""
        prods = _prods(feats)
        p = 1 / (1 + np.exp(-np.stack([self._logit(prods, b) for b in self.boot])))
        lo, hi = np.quantile(p, self.levels, axis=0)
        point = self.predict(prods).to_numpy()
        base = np.array([self.encoding.category_rate(c) for c in prods["category"].to_list()])
        wide = self.flags(prods)["extrapolation"].to_numpy()
        lo = np.where(wide, np.minimum(lo, np.minimum(base, point)), lo)
        hi = np.where(wide, np.maximum(hi, np.maximum(base, point)), hi)
        return pl.DataFrame({"lo": lo, "hi": hi})

    def caveats(self, feats: Frame) -> list[Caveat]:
        """Per style, why its number is an extrapolation (empty :class:`Caveat` when not)."""
        prods = _prods(feats)
        z = self.fit.z(prods)[:, : len(NUMERIC)]
        lo, hi = self.zrange[:, : len(NUMERIC)]
        outside = (z < lo - 0.5) | (z > hi + 0.5)
        p = self.predict(prods).to_numpy()
        known = set(self.encoding.elements)
        cats = set(self.encoding.categories)
        top = self.tuning.calibrated_max
        return [
            Caveat(
                new_category=None if cat in cats else cat,
                unseen=tuple(e for e in elements if e not in known),
                outside=tuple(NUMERIC[j] for j in np.flatnonzero(outside[i])),
                above=top if p[i] > top else None,
            )
            for i, (cat, elements) in enumerate(prods.select("category", "element_ids").iter_rows())
        ]

    def flags(self, feats: Frame) -> pl.DataFrame:
        """Per style: ``extrapolation`` and ``why`` (unseen category or attributes, trend
        values outside the training range, a probability above the calibrated range)."""
        why = [c.sentence() for c in self.caveats(feats)]
        return pl.DataFrame({"extrapolation": [bool(w) for w in why], "why": why})

    def contributions(self, feats: HitFeatures) -> pl.DataFrame:
        """Per-product per-feature contributions to the logit (sku + one column a feature)."""
        c = self.tuning.slope * self.fit.z(_prods(feats)) * self.fit.params[1:]
        return pl.DataFrame(c, schema=list(self.names)).insert_column(0, feats.products["sku"])

    def base_logit(self, feats: Frame) -> np.ndarray:
        """The part of the logit no feature explains: the category's share, recalibrated."""
        prods = _prods(feats)
        base: np.ndarray = self.tuning.shift + self.tuning.slope * (
            self.encoding.offset(prods) + self.fit.params[0]
        )
        return base

    def element_contributions(self, feats: HitFeatures) -> pl.DataFrame:
        """Contribution of each product × element to the logit (vectorised, exact split):
        its attribute indicator plus its share of the trend aggregates."""
        w = dict(
            zip(self.names, self.tuning.slope * self.fit.params[1:] / self.fit.sd, strict=True)
        )
        mu = dict(zip(self.names, self.fit.mean, strict=True))
        el = feats.elements.with_columns(pl.len().over("sku").alias("_n"))
        terms = []
        for name, e, how in AGGREGATES:
            x = pl.col(e)
            if how == "mean":
                terms.append(w[name] * (x - mu[name]) / pl.col("_n"))
            elif how == "sum":
                terms.append(w[name] * (x - mu[name] / pl.col("_n")))
            else:
                is_max = x == x.max().over("sku")
                first = pl.col("position") == pl.col("position").filter(is_max).min().over("sku")
                terms.append(pl.when(is_max & first).then(w[name] * (x - mu[name])).otherwise(0.0))
        first_use = pl.col("position") == pl.col("position").min().over("sku", "element_id")
        indicator = {e: (w[f"element={e}"], mu[f"element={e}"]) for e in self.encoding.elements}
        ind = pl.col("element_id").replace_strict(
            {e: wi * (1 - m) for e, (wi, m) in indicator.items()}, default=0.0
        )
        terms.append(pl.when(first_use).then(ind).otherwise(0.0))
        return el.select(
            "sku", "position", "element", pl.sum_horizontal(terms).alias("contribution")
        )

    def explain(self, feats: HitFeatures, sku: str) -> Explanation:
        """Feature and element contributions for one product (see :class:`Explanation`)."""
        one = select(feats, pl.col("sku") == sku)
        if one.products.is_empty():
            raise InfimateError(f"unknown sku {sku!r}")
        prods = _prods(one)
        z = self.fit.z(prods)[0]
        contrib = self.tuning.slope * z * self.fit.params[1:]
        table = pl.DataFrame(
            {
                "feature": list(self.names),
                "value": z * self.fit.sd + self.fit.mean,
                "contribution": contrib,
            }
        )
        els = self.element_contributions(one).select("element", "contribution")
        base = float(self.base_logit(prods)[0])
        logit = base + float(contrib.sum())
        return Explanation(
            sku,
            base,
            logit,
            float(1 / (1 + np.exp(-logit))),
            table.sort(pl.col("contribution").abs(), descending=True),
            els,
            float(contrib.sum() - els["contribution"].sum()),
        )

    def calibration(self, feats: HitFeatures, *, bins: int = 10) -> pl.DataFrame:
        """Reliability table over quantile bins of the predicted probability."""
        return reliability(self.predict(feats).to_numpy(), hit_labels(feats.products), bins=bins)

    def coefficients(self) -> pl.DataFrame:
        """Standardised coefficients with the training mean and sd of each column."""
        return pl.DataFrame(
            {
                "feature": list(self.names),
                "coef": self.fit.params[1:],
                "mean": self.fit.mean,
                "sd": self.fit.sd,
            }
        )

    def summary(self) -> str:
        """Plain-text summary: training size, base rate, tuning, largest coefficients."""
        t = self.tuning
        coefs = self.coefficients().sort(pl.col("coef").abs(), descending=True).head(12)
        lines = [
            f"Hit model: logistic regression with a group-share offset, prior precision "
            f"{t.precision:g} (chosen on {t.origins} out-of-time origins), calibration "
            f"shift {t.shift:+.3f} slope {t.slope:.3f}; {self.n_train} training products, "
            f"base rate {self.base_rate:.3f}",
            "largest standardised coefficients:",
        ]
        lines += [f"  {r['feature']:<28} {r['coef']:+.3f}" for r in coefs.iter_rows(named=True)]
        return "\n".join(lines)


@dataclass(frozen=True)
class HitModel:
    """Hit model: ridge logistic regression with a group offset, tuned and calibrated out
    of time inside the training launches (module docstring).

    Example
    -------
    >>> from infimate.hit.features import product_features
    >>> from infimate.data.samples import launches
    >>> products, signals = launches()  # tweed searches grow; every other tweed style hit
    >>> feats = product_features(products, signals)
    >>> e = HitModel(n_boot=0).fit(feats).explain(feats, "s31")
    >>> round(e.probability, 2), e.elements["element"].to_list()
    (0.32, ['tweed'])
    >>> abs(e.intercept + e.features["contribution"].sum() - e.logit) < 1e-9  # exact
    True
    """

    grid: tuple[float, ...] = (0.3, 1.0, 3.0)
    default_precision: float = 3.0
    folds: int = 3
    n_boot: int = 20
    levels: tuple[float, float] = (0.1, 0.9)
    seed: int = 0

    def fit(self, train: HitFeatures) -> HitResults:
        """Tune, calibrate and fit on products with a ``hit`` label; immutable results."""
        prods = with_element_ids(train)
        y = hit_labels(prods)
        if y.sum() == 0 or y.sum() == len(y):
            raise InfimateError("training products need both hits and non-hits")
        tuning = tune(prods, y, self.grid, default=self.default_precision, folds=self.folds)
        f = fit_standardised(prods, y, tuning.precision)
        Z, off = f.z(prods), group_offset(prods)
        if not tuning.n_out_of_time:  # no out-of-time predictions: the fit's own top bin
            fitted = 1 / (1 + np.exp(-(f.encoding.offset(prods) + f.params[0] + Z @ f.params[1:])))
            tuning = replace(tuning, calibrated_max=top_bin(fitted, y))
        rng = np.random.default_rng(self.seed)
        boot = []
        for _ in range(self.n_boot):
            i = rng.integers(0, len(y), len(y))
            ok = 0 < y[i].sum() < len(i)
            boot.append(fit_ridge(Z[i], y[i], off[i], tuning.precision) if ok else f.params)
        history = prods.select(
            "category", "element_ids", pl.col("hit").cast(pl.Boolean), "units", "launch_date"
        )
        return HitResults(
            f,
            np.array(boot) if boot else f.params[None, :],
            tuning,
            len(y),
            float(y.mean()),
            self.levels,
            np.stack([Z.min(axis=0), Z.max(axis=0)]),
            history,
        )
