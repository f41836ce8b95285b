"""Hit-rate predictor: pre-launch hit probability, honest evaluation, lineup scoring.

**Model** (statsmodels Model → fit → Results): ridge-regularised logistic regression
(``sm.GLM(family=Binomial()).fit_regularized(L1_wt=0)``, intercept unpenalised) on the
standardised features of :mod:`infimate.hit_features` plus one-hot category, quarter of
the year and price band (price ÷ the training median of its category, cut at the
training terciles). **Intervals** are bootstrap percentiles: 20 refits on training rows
resampled with replacement, 10th–90th percentile of each product's probability.
**Explanations** are exact: every feature's contribution is coefficient × standardised
value, and contribution sum + intercept = the logit; element-derived contributions are
split over the product's elements (means evenly, maxima to the arg-max element, counts
to the counted elements).

**Evaluation** is a time split: train on launches before ``test_from`` (default: the
start of the second-to-last launch quarter, so the last two quarters are held out),
labels computed within each side only (a held-out unit never reaches training). Reported
for the model and for a **baseline** (training hit rate per category × price band,
smoothed toward the base rate) in the same run: base rate, **picks hit rate** (realised
hit rate of the top 10 % of held-out styles by probability; ties share the last places
fractionally), lift (picks ÷ base rate), AUC and Brier score.

Example
-------
>>> feats = product_features(products, signals)                  # doctest: +SKIP
>>> res = HitModel().fit(select(feats, train_skus))              # doctest: +SKIP
>>> res.predict(select(feats, test_skus)).head(3)                # doctest: +SKIP
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import statsmodels.api as sm

from infimate.datasets import Dataset, atomic_write_bytes, read_signals, read_table
from infimate.errors import DataFileError, InfimateError
from infimate.hit_features import (
    AGGREGATES,
    LEAD_DAYS,
    HitFeatures,
    SignalBank,
    label_hits,
    load_aliases,
    normalise_products,
    product_features,
    signal_bank,
)

__all__ = [
    "HitEvaluation",
    "HitModel",
    "HitResults",
    "Scores",
    "evaluate",
    "evaluate_dataset",
    "fit_dataset_model",
    "label_hits",
    "score_lineup",
]

NUMERIC = (*(a[0] for a in AGGREGATES), "n_elements", "log_price_rel")
BANDS = ("low", "mid", "high")


def select(feats: HitFeatures, keep: pl.Expr | pl.Series) -> HitFeatures:
    """The features of the products matching ``keep`` (an expression on product rows)."""
    prods = feats.products.filter(keep)
    els = feats.elements.join(prods.select("sku"), on="sku", how="semi")
    return HitFeatures(prods, els, feats.lead_days)


@dataclass(frozen=True)
class _Encoding:
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
    def learn(prods: pl.DataFrame) -> _Encoding:
        med = prods.group_by("category").agg(pl.col("price").median()).sort("category")
        enc = _Encoding(
            tuple(med["category"].to_list()),
            tuple(float(x) if x is not None else math.nan for x in med["price"].to_list()),
            (0.0, 0.0),
        )
        rel = enc.frame(prods).filter(pl.col("price").is_not_null())["log_price_rel"]
        if rel.len() >= 3:
            q = (float(rel.quantile(1 / 3)), float(rel.quantile(2 / 3)))
        else:
            q = (-math.inf, math.inf)
        return _Encoding(enc.categories, enc.medians, q)


def _labels(prods: pl.DataFrame) -> np.ndarray:
    if "hit" not in prods.columns or prods["hit"].null_count():
        raise InfimateError("products need a hit label (or units to label hits from) to fit")
    return prods["hit"].cast(pl.Float64).to_numpy()


def _glm(y: np.ndarray, Z: np.ndarray, alpha: float) -> np.ndarray:
    X = np.c_[np.ones(len(y)), Z]
    pen = np.r_[0.0, np.full(Z.shape[1], alpha)]
    fit = sm.GLM(y, X, family=sm.families.Binomial()).fit_regularized(alpha=pen, L1_wt=0.0)
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

    encoding: _Encoding
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
        return (self.encoding.matrix(prods) - self.mean) / self.sd

    def logit(self, feats: HitFeatures | pl.DataFrame) -> np.ndarray:
        """Linear predictor of every product row."""
        return self.params[0] + self._z(feats) @ self.params[1:]

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
        return reliability(self.predict(feats).to_numpy(), _labels(feats.products), bins=bins)

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
    >>> res = HitModel(alpha=0.02).fit(train_features)   # doctest: +SKIP
    >>> res.predict(test_features)                       # doctest: +SKIP
    """

    alpha: float = 0.02
    n_boot: int = 20
    levels: tuple[float, float] = (0.1, 0.9)
    seed: int = 0

    def fit(self, train: HitFeatures) -> HitResults:
        """Fit on products with a ``hit`` label; returns immutable :class:`HitResults`."""
        y = _labels(train.products)
        if y.sum() == 0 or y.sum() == len(y):
            raise InfimateError("training products need both hits and non-hits")
        enc = _Encoding.learn(train.products)
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


# ---- metrics --------------------------------------------------------------------


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


@dataclass(frozen=True)
class Scores:
    """Time-split scores of one model (keys of the ``hit-eval --json`` contract)."""

    n_train: int
    n_test: int
    base_rate: float
    picks_hit_rate: float | None
    lift: float | None
    auc: float | None
    brier: float

    @staticmethod
    def of(p: np.ndarray, y: np.ndarray, n_train: int) -> Scores:
        base = float(y.mean()) if len(y) else math.nan
        picks = picks_hit_rate(p, y)
        a = auc(p, y)
        return Scores(
            n_train,
            len(y),
            round(base, 4),
            None if picks is None else round(picks, 4),
            None if picks is None or not base else round(picks / base, 3),
            None if a is None else round(a, 4),
            round(float(np.mean((p - y) ** 2)), 4) if len(y) else math.nan,
        )

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class HitEvaluation:
    """Model and baseline scored on the same held-out products."""

    model: Scores
    baseline: Scores
    test_from: date
    lead_days: int
    reliability: pl.DataFrame
    baseline_reliability: pl.DataFrame
    predictions: pl.DataFrame = field(repr=False)

    def as_json(self) -> dict[str, Any]:
        """The ``hit-eval --json`` object (contract keys first, then extras)."""
        return {
            **self.model.as_dict(),
            "baseline": self.baseline.as_dict(),
            "test_from": str(self.test_from),
            "lead_days": self.lead_days,
            "reliability": self.reliability.to_dicts(),
        }


def baseline_probabilities(
    train: pl.DataFrame, test: pl.DataFrame, encoding: _Encoding, *, strength: float = 10.0
) -> np.ndarray:
    """Training hit rate per category × price band, shrunk toward the base rate by
    ``strength`` pseudo-products."""
    base = train["hit"].cast(pl.Float64).mean()
    prior = (
        encoding.frame(train)
        .group_by("category", "price_band")
        .agg(
            (
                (pl.col("hit").cast(pl.Float64).sum() + strength * base) / (pl.len() + strength)
            ).alias("prior")
        )
    )
    out = encoding.frame(test).join(prior, on=["category", "price_band"], how="left")
    return out["prior"].fill_null(base).to_numpy()


def default_test_from(products: pl.DataFrame) -> date:
    """Start of the second-to-last launch quarter among launched products."""
    q = products.select(pl.col("launch_date").dt.truncate("1q").unique().sort())["launch_date"]
    if q.len() < 3:
        raise InfimateError(
            f"need launched products in at least 3 quarters for a time split (found {q.len()})"
        )
    return q[-2]


def _launched(products: pl.DataFrame) -> pl.DataFrame:
    prods = normalise_products(products)
    has_hit = "hit" in prods.columns
    return prods.filter(pl.col("hit").is_not_null() if has_hit else pl.col("units").is_not_null())


def evaluate(
    products: pl.DataFrame,
    signals: pl.DataFrame | SignalBank,
    *,
    test_from: date | None = None,
    lead_days: int = LEAD_DAYS,
    segments: pl.DataFrame | None = None,
    aliases: pl.DataFrame | None = None,
    model: HitModel | None = None,
) -> HitEvaluation:
    """Time-split evaluation of :class:`HitModel` against the category × price-band prior.

    Hits are labelled separately among training and held-out launches, so held-out
    units never touch training; features only see signals up to launch − ``lead_days``.

    Example
    -------
    >>> ev = evaluate(products, signals)                 # doctest: +SKIP
    >>> ev.model.picks_hit_rate, ev.baseline.picks_hit_rate   # doctest: +SKIP
    """
    prods = _launched(products)
    if prods.is_empty():
        raise InfimateError("no launched products (with units or hit labels) to evaluate")
    cut = test_from or default_test_from(prods)
    train = label_hits(prods.filter(pl.col("launch_date") < cut))
    test = label_hits(prods.filter(pl.col("launch_date") >= cut))
    if train.is_empty() or test.is_empty():
        raise InfimateError(f"test_from {cut} leaves no training or no held-out products")
    feats = product_features(
        pl.concat([train, test], how="diagonal_relaxed"),
        signals,
        lead_days=lead_days,
        segments=segments,
        aliases=aliases,
    )
    ftrain = select(feats, pl.col("launch_date") < cut)
    ftest = select(feats, pl.col("launch_date") >= cut)
    res = (model or HitModel(n_boot=0)).fit(ftrain)  # point predictions only
    y = _labels(ftest.products)
    p = res.predict(ftest).to_numpy()
    pb = baseline_probabilities(ftrain.products, ftest.products, res.encoding)
    preds = ftest.products.select("sku", "launch_date", "category", "hit").with_columns(
        pl.Series("probability", p), pl.Series("baseline", pb)
    )
    return HitEvaluation(
        Scores.of(p, y, res.n_train),
        Scores.of(pb, y, res.n_train),
        cut,
        lead_days,
        reliability(p, y),
        reliability(pb, y),
        preds,
    )


# ---- datasets, scoring, CLI ---------------------------------------------------------


@dataclass(frozen=True)
class _Inputs:
    products: pl.DataFrame
    signals: pl.DataFrame
    segments: pl.DataFrame | None
    aliases: pl.DataFrame


def _dataset_inputs(dataset: str | Path | Dataset) -> _Inputs:
    ds = dataset if isinstance(dataset, Dataset) else Dataset(dataset)
    if not ds.path.is_dir():
        raise DataFileError(ds.path, "dataset directory not found")
    products, signals = ds.read("products"), ds.read("signals")
    if products is None:
        raise DataFileError(ds.table_path("products"), "no products table; ingest products first")
    if signals is None:
        raise DataFileError(ds.table_path("signals"), "no signals table; ingest or tag first")
    return _Inputs(products, signals, ds.read("segments"), load_aliases(ds.lexicon_path))


def _file_inputs(products: str, signals: str) -> _Inputs:
    from infimate.contract import validate

    prods = validate("products", read_table(products), file=products).good
    sig_in = read_signals(signals)
    sig = validate("signals", sig_in.frame, file=signals, row_numbers=sig_in.row_numbers).good
    if prods.is_empty():
        raise DataFileError(products, "no valid product rows")
    if sig.is_empty():
        raise DataFileError(signals, "no valid signal rows")
    return _Inputs(prods, sig, None, load_aliases())


def _bank(inp: _Inputs) -> SignalBank:
    return signal_bank(inp.signals, segments=inp.segments, aliases=inp.aliases)


def _fit_all(inp: _Inputs, bank: SignalBank, *, lead_days: int) -> HitResults:
    prods = label_hits(_launched(inp.products))
    return HitModel().fit(product_features(prods, bank, lead_days=lead_days))


def fit_dataset_model(
    dataset: str | Path | Dataset, *, lead_days: int = LEAD_DAYS
) -> tuple[HitResults, HitEvaluation]:
    """The model trained on all launched products of a dataset, and its time-split
    evaluation (a pure function of the dataset directory — cache it by path).

    Example
    -------
    >>> results, ev = fit_dataset_model("data/demo")     # doctest: +SKIP
    >>> ev.model.picks_hit_rate                           # doctest: +SKIP
    """
    inp = _dataset_inputs(dataset)
    bank = _bank(inp)
    ev = evaluate(inp.products, bank, lead_days=lead_days)
    return _fit_all(inp, bank, lead_days=lead_days), ev


def evaluate_dataset(
    dataset: str | Path | Dataset, *, test_from: date | None = None, lead_days: int = LEAD_DAYS
) -> HitEvaluation:
    """:func:`evaluate` on a dataset directory (its products, signals, segments, lexicon).

    Example
    -------
    >>> evaluate_dataset("data/demo").as_json()["picks_hit_rate"]   # doctest: +SKIP
    """
    inp = _dataset_inputs(dataset)
    return evaluate(inp.products, _bank(inp), test_from=test_from, lead_days=lead_days)


def score_lineup(
    dataset: str | Path | Dataset,
    lineup: pl.DataFrame,
    *,
    results: HitResults | None = None,
    lead_days: int = LEAD_DAYS,
) -> pl.DataFrame:
    """Score candidate styles: probability, bootstrap interval, top-3 elements, rank.

    ``lineup`` follows the products contract (sku, launch_date, category, elements —
    list or ``;``-separated — price, market, crowd, scene); ``units`` are ignored. The
    model is trained on every launched product of ``dataset`` unless ``results`` is given.

    Example
    -------
    >>> score_lineup("data/demo", lineup).select("sku", "probability", "rank")  # doctest: +SKIP
    """
    inp = _dataset_inputs(dataset)
    bank = _bank(inp)
    res = results or _fit_all(inp, bank, lead_days=lead_days)
    cands = normalise_products(lineup).drop("units", "hit", strict=False)
    feats = product_features(cands, bank, lead_days=lead_days)
    top = (
        res.element_contributions(feats)
        .sort("contribution", descending=True)
        .group_by("sku", maintain_order=True)
        .agg(pl.col("element").head(3).str.join("; ").alias("top_elements"))
    )
    p = feats.products.select(
        "sku",
        *(c for c in ("name",) if c in feats.products.columns),
        "launch_date",
        "category",
        "price",
        "market",
        "crowd",
        "scene",
        pl.col("elements").list.join("; "),
        "n_unknown_elements",
    ).with_columns(res.predict(feats).round(4), res.interval(feats).to_struct("i"))
    p = p.unnest("i").with_columns(pl.col("lo", "hi").round(4))
    out = p.join(top, on="sku", how="left").with_columns(
        pl.col("probability").rank("ordinal", descending=True).cast(pl.Int64).alias("rank")
    )
    return out.sort("rank")


def _parse_date(s: str | None) -> date | None:
    if s is None:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError as exc:
        raise InfimateError(f"--test-from: not a date (YYYY-MM-DD): {s!r}") from exc


def run_hit_eval(args: Any) -> int:
    """CLI: ``hit-eval (--dataset DIR | --products F --signals F) [--test-from D] [--json]``."""
    from infimate.cli import print_json

    if args.dataset:
        inp = _dataset_inputs(args.dataset)
    elif args.products and args.signals:
        inp = _file_inputs(args.products, args.signals)
    else:
        raise InfimateError("hit-eval needs --dataset DIR, or both --products F and --signals F")
    cut = _parse_date(args.test_from)
    ev = evaluate(inp.products, _bank(inp), test_from=cut, lead_days=args.lead_days)
    if args.json:
        print_json(ev.as_json())
        return 0
    print(
        f"hit-rate evaluation: train on launches before {ev.test_from}, "
        f"{ev.model.n_train} train / {ev.model.n_test} held out, lead {ev.lead_days} days"
    )
    print(f"{'':<30}{'model':>10}{'baseline':>10}")
    for k in ("base_rate", "picks_hit_rate", "lift", "auc", "brier"):
        m, b = getattr(ev.model, k), getattr(ev.baseline, k)
        print(f"{k:<30}{m if m is not None else '-':>10}{b if b is not None else '-':>10}")
    print("baseline = training hit rate per category × price band (smoothed)")
    return 0


def run_score(args: Any) -> int:
    """CLI: ``score --dataset DIR --lineup F [--out F] [--json]``."""
    from infimate.cli import print_json
    from infimate.contract import validate

    v = validate("products", read_table(args.lineup), file=args.lineup)
    if v.good.is_empty():
        raise DataFileError(args.lineup, f"no valid candidate rows ({v.bad.height} rejected)")
    scored = score_lineup(args.dataset, v.good)
    if args.out:
        atomic_write_bytes(Path(args.out), scored.write_csv().encode("utf-8"))
    if args.json:
        print_json(
            {
                "scored": scored.height,
                "rejected": v.bad.height,
                "out": args.out,
                "styles": scored.with_columns(pl.col("launch_date").cast(pl.Utf8)).to_dicts(),
            }
        )
        return 0
    cols = ["rank", "sku", "probability", "lo", "hi", "top_elements"]
    with pl.Config(tbl_rows=50, tbl_width_chars=140, fmt_str_lengths=60):
        print(scored.select(cols))
    if v.bad.height:
        print(f"{v.bad.height} lineup rows rejected (invalid); first reason: {v.bad['reason'][0]}")
    if args.out:
        print(f"wrote {scored.height} scored styles to {args.out}")
    return 0
