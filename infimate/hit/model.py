"""Hit-rate model: pre-launch hit probability with exact explanations and intervals.

**Model** (statsmodels Model → fit → Results): ridge-regularised logistic regression
(``sm.GLM(family=Binomial()).fit_regularized(L1_wt=0)``, intercept unpenalised) on the
standardised features of :mod:`infimate.hit.features` plus one-hot category, quarter of
the year and price band (price ÷ the training median of its category, cut at the
training terciles). **Intervals** are bootstrap percentiles: 20 refits on training rows
resampled with replacement, 10th–90th percentile of each product's probability.
**Explanations** are exact: every feature's contribution is coefficient × standardised
value, and contribution sum + intercept = the logit; element-derived contributions are
split over the product's elements (means evenly, maxima to the arg-max element, counts
to the counted elements).

The time-split evaluation against a baseline and lineup scoring are
:mod:`infimate.hit.evaluate`.

Example
-------
>>> import datetime as dt
>>> from infimate.hit.features import product_features
>>> from infimate.data.samples import launches
>>> products, signals = launches()  # tweed searches grow; every other tweed style hit
>>> feats = product_features(products, signals)
>>> res = HitModel().fit(select(feats, pl.col("launch_date") < dt.date(2025, 7, 1)))
>>> test = select(feats, pl.col("launch_date") >= dt.date(2025, 7, 1))
>>> test.products.select("elements", res.predict(test).round(2)).head(2).rows()
[(['denim'], 0.01), (['tweed'], 0.46)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from infimate.errors import InfimateError
from infimate.hit.features import AGGREGATES, HitFeatures

NUMERIC = (*(a[0] for a in AGGREGATES), "n_elements", "log_price_rel")
BANDS = ("low", "mid", "high")


def select(feats: HitFeatures, keep: pl.Expr | pl.Series) -> HitFeatures:
    """The features of the products matching ``keep`` (an expression on product rows)."""
    prods = feats.products.filter(keep)
    els = feats.elements.join(prods.select("sku"), on="sku", how="semi")
    return HitFeatures(prods, els, feats.lead_days)


@dataclass(frozen=True)
class Encoding:
    """What the design matrix learned from the training products (medians, cut points)."""

    categories: tuple[str, ...]
    medians: tuple[float, ...]
    cuts: tuple[float, float]

    def frame(self, prods: pl.DataFrame) -> pl.DataFrame:
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
        return df.with_columns(
            band.alias("price_band"),
            pl.col("log_price_rel").fill_null(0.0),
            pl.col("launch_date").dt.quarter().alias("quarter"),
        )

    @property
    def names(self) -> tuple[str, ...]:
        return (
            *NUMERIC,
            *(f"category={c}" for c in self.categories),
            *(f"quarter=Q{q}" for q in range(1, 5)),
            *(f"price_band={b}" for b in BANDS),
        )

    def matrix(self, prods: pl.DataFrame) -> np.ndarray:
        df = self.frame(prods)
        cols = [pl.col(c).cast(pl.Float64) for c in NUMERIC]
        cols += [
            (pl.col("category") == c).cast(pl.Float64).alias(f"c{i}")
            for i, c in enumerate(self.categories)
        ]
        cols += [(pl.col("quarter") == q).cast(pl.Float64).alias(f"q{q}") for q in range(1, 5)]
        cols += [(pl.col("price_band") == b).cast(pl.Float64).alias(f"b{b}") for b in BANDS]
        return df.select(cols).to_numpy().astype(float)

    @staticmethod
    def learn(prods: pl.DataFrame) -> Encoding:
        med = prods.group_by("category").agg(pl.col("price").median()).sort("category")
        enc = Encoding(
            tuple(med["category"].to_list()),
            tuple(float(x) if x is not None else math.nan for x in med["price"].to_list()),
            (0.0, 0.0),
        )
        rel = enc.frame(prods).filter(pl.col("price").is_not_null())["log_price_rel"]
        if rel.len() >= 3:
            lo, hi = rel.quantile(1 / 3), rel.quantile(2 / 3)
            assert lo is not None and hi is not None  # log_price_rel is never null
            q = (float(lo), float(hi))
        else:
            q = (-math.inf, math.inf)
        return Encoding(enc.categories, enc.medians, q)


def hit_labels(prods: pl.DataFrame) -> np.ndarray:
    """The ``hit`` column as 0/1 floats (raises when any product lacks a label)."""
    if "hit" not in prods.columns or prods["hit"].null_count():
        raise InfimateError("products need a hit label (or units to label hits from) to fit")
    return prods["hit"].cast(pl.Float64).to_numpy()


def _glm(y: np.ndarray, Z: np.ndarray, alpha: float) -> np.ndarray:
    # imported here, not at the top: statsmodels takes ~1.7 s to import and only fitting
    # needs it (the dashboard's cold first page reads a saved model)
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    X = np.c_[np.ones(len(y)), Z]
    pen = np.r_[0.0, np.full(Z.shape[1], alpha)]
    fit = GLM(y, X, family=families.Binomial()).fit_regularized(alpha=pen, L1_wt=0.0)
    return np.asarray(fit.params, float)


@dataclass(frozen=True)
class Explanation:
    """Why one product got its probability: ``intercept`` + Σ ``features.contribution``
    = ``logit``; ``elements`` splits the element-derived part over the product's elements
    and ``other`` is the rest (category, price, quarter, number of elements)."""

    sku: str
    intercept: float
    logit: float
    probability: float
    features: pl.DataFrame
    elements: pl.DataFrame
    other: float


@dataclass(frozen=True)
class HitResults:
    """A fitted :class:`HitModel` (immutable). Coefficients are per standardised column."""

    encoding: Encoding
    names: tuple[str, ...]
    mean: np.ndarray
    sd: np.ndarray
    params: np.ndarray  # [intercept, coef...]
    boot: np.ndarray  # [n_boot, 1 + p]
    n_train: int
    base_rate: float
    alpha: float
    levels: tuple[float, float]

    def _z(self, feats: HitFeatures | pl.DataFrame) -> np.ndarray:
        prods = feats.products if isinstance(feats, HitFeatures) else feats
        z: np.ndarray = (self.encoding.matrix(prods) - self.mean) / self.sd
        return z

    def logit(self, feats: HitFeatures | pl.DataFrame) -> np.ndarray:
        """Linear predictor of every product row."""
        logit: np.ndarray = self.params[0] + self._z(feats) @ self.params[1:]
        return logit

    def predict(self, feats: HitFeatures | pl.DataFrame) -> pl.Series:
        """Hit probability of every product row (same order)."""
        return pl.Series("probability", 1 / (1 + np.exp(-self.logit(feats))))

    def interval(self, feats: HitFeatures | pl.DataFrame) -> pl.DataFrame:
        """Bootstrap interval (``levels`` percentiles over the refits): columns lo, hi."""
        z = self._z(feats)
        p = 1 / (1 + np.exp(-(self.boot[:, :1] + self.boot[:, 1:] @ z.T)))  # [B, n]
        lo, hi = np.quantile(p, self.levels, axis=0)
        return pl.DataFrame({"lo": lo, "hi": hi})

    def contributions(self, feats: HitFeatures) -> pl.DataFrame:
        """Per-product per-feature contributions to the logit (sku + one column a feature)."""
        c = self._z(feats) * self.params[1:]
        return pl.DataFrame(c, schema=list(self.names)).insert_column(0, feats.products["sku"])

    def element_contributions(self, feats: HitFeatures) -> pl.DataFrame:
        """Contribution of each product × element to the logit (vectorised, exact split)."""
        w = dict(zip(self.names, self.params[1:] / self.sd, strict=True))
        mu = dict(zip(self.names, self.mean, strict=True))
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
        return el.select(
            "sku", "position", "element", pl.sum_horizontal(terms).alias("contribution")
        )

    def explain(self, feats: HitFeatures, sku: str) -> Explanation:
        """Feature and element contributions for one product (see :class:`Explanation`)."""
        one = select(feats, pl.col("sku") == sku)
        if one.products.is_empty():
            raise InfimateError(f"unknown sku {sku!r}")
        z = self._z(one)[0]
        contrib = z * self.params[1:]
        table = pl.DataFrame(
            {"feature": list(self.names), "value": z * self.sd + self.mean, "contribution": contrib}
        )
        els = self.element_contributions(one).select("element", "contribution")
        logit = float(self.params[0] + contrib.sum())
        return Explanation(
            sku,
            float(self.params[0]),
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
                "coef": self.params[1:],
                "mean": self.mean,
                "sd": self.sd,
            }
        )

    def summary(self) -> str:
        """Plain-text summary: training size, base rate, largest coefficients."""
        coefs = self.coefficients().sort(pl.col("coef").abs(), descending=True).head(12)
        lines = [
            f"Hit model: ridge logistic regression (alpha={self.alpha}), "
            f"{self.n_train} training products, base rate {self.base_rate:.3f}, "
            f"intercept {self.params[0]:+.3f}",
            "largest standardised coefficients:",
        ]
        lines += [f"  {r['feature']:<24} {r['coef']:+.3f}" for r in coefs.iter_rows(named=True)]
        return "\n".join(lines)


@dataclass(frozen=True)
class HitModel:
    """Ridge logistic regression on hit features (statsmodels GLM, Binomial family).

    Example
    -------
    >>> from infimate.hit.features import product_features
    >>> from infimate.data.samples import launches
    >>> products, signals = launches()  # tweed searches grow; every other tweed style hit
    >>> feats = product_features(products, signals)
    >>> e = HitModel(alpha=0.02).fit(feats).explain(feats, "s31")
    >>> round(e.probability, 2), e.elements["element"].to_list()
    (0.49, ['tweed'])
    >>> abs(e.intercept + e.features["contribution"].sum() - e.logit) < 1e-9  # exact
    True
    """

    alpha: float = 0.02
    n_boot: int = 20
    levels: tuple[float, float] = (0.1, 0.9)
    seed: int = 0

    def fit(self, train: HitFeatures) -> HitResults:
        """Fit on products with a ``hit`` label; returns immutable :class:`HitResults`."""
        y = hit_labels(train.products)
        if y.sum() == 0 or y.sum() == len(y):
            raise InfimateError("training products need both hits and non-hits")
        enc = Encoding.learn(train.products)
        X = enc.matrix(train.products)
        mean, sd = X.mean(axis=0), X.std(axis=0)
        sd = np.where(sd > 1e-12, sd, 1.0)
        Z = (X - mean) / sd
        params = _glm(y, Z, self.alpha)
        rng = np.random.default_rng(self.seed)
        boot = []
        for _ in range(self.n_boot):
            i = rng.integers(0, len(y), len(y))
            boot.append(_glm(y[i], Z[i], self.alpha) if 0 < y[i].sum() < len(i) else params)
        return HitResults(
            enc,
            enc.names,
            mean,
            sd,
            params,
            np.array(boot) if boot else params[None, :],
            len(y),
            float(y.mean()),
            self.alpha,
            self.levels,
        )


# ---- metrics -----------------------------------------------------------------------


def reliability(p: np.ndarray, y: np.ndarray, *, bins: int = 10) -> pl.DataFrame:
    """Reliability table: quantile bins of ``p`` → mean predicted, observed rate, n."""
    df = pl.DataFrame({"p": p, "y": y})
    k = min(bins, max(df.height, 1))
    b = (pl.col("p").rank("ordinal") - 1) * k // max(df.height, 1)
    return (
        df.with_columns(b.cast(pl.Int64).alias("bin"))
        .group_by("bin")
        .agg(
            pl.col("p").mean().alias("mean_predicted"),
            pl.col("y").mean().alias("observed_rate"),
            pl.len().alias("n"),
        )
        .sort("bin")
    )


def auc(p: np.ndarray, y: np.ndarray) -> float | None:
    """Area under the ROC curve (Mann–Whitney, ties count half); None without both classes."""
    pos = int(y.sum())
    neg = len(y) - pos
    if pos == 0 or neg == 0:
        return None
    r = pl.Series(p).rank("average").to_numpy()
    return float((r[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def picks_hit_rate(p: np.ndarray, y: np.ndarray, *, top: float = 0.1) -> float | None:
    """Hit rate of the top ``top`` share by ``p``; tied scores at the cut count fractionally."""
    n = len(p)
    if n == 0:
        return None
    k = max(1, round(top * n))
    v = np.sort(p)[::-1][k - 1]
    above, at = p > v, p == v
    hits = y[above].sum() + (k - above.sum()) * y[at].mean()
    return float(hits / k)
