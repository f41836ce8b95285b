"""Hit-rate evaluation: an honest time split, lineup scoring and the CLI commands.

**Evaluation** is a time split: train on launches before ``test_from`` (default: the
start of the second-to-last launch quarter, so the last two quarters are held out),
labels computed within each side only (a held-out unit never reaches training). Reported
for the model (:class:`~infimate.hit.model.HitModel`) and for a **baseline** (training
hit rate per category × price band, smoothed toward the base rate) in the same run: base
rate, **picks hit rate** (realised hit rate of the top 10 % of held-out styles by
probability; ties share the last places fractionally), lift (picks ÷ base rate), AUC and
Brier score.

**Scoring a lineup**: candidate styles get a probability, a bootstrap interval and their
top-3 contributing elements from the model trained on every launched product of a
dataset (``python -m infimate score``).

Example
-------
>>> from infimate.data.samples import launches
>>> products, signals = launches()  # tweed searches grow; every other tweed style hit
>>> j = evaluate(products, signals).as_json()  # held out: the last two launch quarters
>>> j["n_train"], j["n_test"], j["lift"], j["baseline"]["lift"]
(16, 16, 2.0, 1.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from infimate.data.datasets import Dataset
from infimate.data.ingest import read_signals_typed, read_table
from infimate.errors import DataFileError, InfimateError
from infimate.hit.bank import SignalBank, load_aliases, signal_bank
from infimate.hit.design import Encoding
from infimate.hit.features import LEAD_DAYS, label_hits, normalise_products, product_features
from infimate.hit.metrics import auc, brier, picks_hit_rate, reliability
from infimate.hit.model import HitModel, HitResults, hit_labels, select
from infimate.hit.tuning import Tuning


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
            round(brier(p, y), 4) if len(y) else math.nan,
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
    calibration: pl.DataFrame
    baseline_calibration: pl.DataFrame
    predictions: pl.DataFrame = field(repr=False)
    tuning: Tuning | None = None

    def as_json(self) -> dict[str, Any]:
        """The ``hit-eval --json`` object (contract keys first, then extras): the model's
        scores, the baseline's beside them, each with its calibration table."""
        return {
            **self.model.as_dict(),
            "baseline": self.baseline.as_dict()
            | {"calibration": self.baseline_calibration.to_dicts()},
            "calibration": self.calibration.to_dicts(),
            "test_from": str(self.test_from),
            "lead_days": self.lead_days,
            "tuning": self.tuning.as_dict() if self.tuning else None,
        }


def baseline_probabilities(
    train: pl.DataFrame, test: pl.DataFrame, encoding: Encoding, *, strength: float = 10.0
) -> np.ndarray:
    """Training hit rate per category × price band, shrunk toward the base rate by
    ``strength`` pseudo-products."""
    base = train["hit"].cast(pl.Float64).mean()
    assert isinstance(base, float)  # mean of a non-empty Float64 column (callers check)
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
    start = q[-2]
    assert isinstance(start, date)  # a Date (or Datetime) column
    return start


def _launched(products: pl.DataFrame) -> pl.DataFrame:
    prods = normalise_products(products)
    has_hit = "hit" in prods.columns
    out = prods.filter(pl.col("hit").is_not_null() if has_hit else pl.col("units").is_not_null())
    if out.is_empty():
        raise InfimateError(
            f"the hit model learns from launched styles: it needs products with `units` "
            f"(sales of their first weeks) or a `hit` column, and none of the "
            f"{prods.height} products has either"
        )
    return out


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
    >>> from infimate.data.samples import launches
    >>> products, signals = launches()  # tweed searches grow; every other tweed style hit
    >>> ev = evaluate(products, signals)
    >>> ev.test_from, ev.model.picks_hit_rate, ev.baseline.picks_hit_rate
    (datetime.date(2025, 7, 1), 0.5, 0.25)
    """
    prods = _launched(products)
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
    y = hit_labels(ftest.products)
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
        res.tuning,
    )


# ---- datasets, scoring, CLI ---------------------------------------------------------


NEEDS_SIGNALS = (
    "no signals: the hit model reads how each style's elements (colours, fabrics, …) and "
    "category trended before launch — import their search trends (e.g. a Google Trends "
    "export) or tag posts first"
)


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
    if signals is None or signals.is_empty():
        raise DataFileError(ds.table_path("signals"), NEEDS_SIGNALS)
    return _Inputs(products, signals, ds.read("segments"), load_aliases(ds.lexicon_path))


def _file_inputs(products: str, signals: str) -> _Inputs:
    from infimate.data.contract import validate

    prods = validate("products", read_table(products), file=products).good
    if prods.is_empty():
        raise DataFileError(products, "no valid product rows")
    try:
        sig = read_signals_typed(signals)
    except DataFileError as exc:
        raise DataFileError(signals, f"{exc.problem} — {NEEDS_SIGNALS}") from exc
    if sig.is_empty():
        raise DataFileError(signals, NEEDS_SIGNALS)
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
    >>> from infimate.data import samples
    >>> import tempfile
    >>> products, signals = samples.launches()  # tweed searches grow; every other tweed hit
    >>> tmp = tempfile.TemporaryDirectory()
    >>> ds = samples.dataset(tmp.name, signals=signals, products=products)
    >>> results, ev = fit_dataset_model(tmp.name)
    >>> results.n_train, ev.model.picks_hit_rate  # trained on all 32; scored on the split
    (32, 0.5)
    >>> tmp.cleanup()
    """
    inp = _dataset_inputs(dataset)
    bank = _bank(inp)
    ev = evaluate(inp.products, bank, lead_days=lead_days)
    return _fit_all(inp, bank, lead_days=lead_days), ev


def evaluate_files(
    products: str, signals: str, *, test_from: date | None = None, lead_days: int = LEAD_DAYS
) -> HitEvaluation:
    """:func:`evaluate` on a products file and a signals file (any accepted layouts)."""
    inp = _file_inputs(products, signals)
    return evaluate(inp.products, _bank(inp), test_from=test_from, lead_days=lead_days)


def evaluate_dataset(
    dataset: str | Path | Dataset, *, test_from: date | None = None, lead_days: int = LEAD_DAYS
) -> HitEvaluation:
    """:func:`evaluate` on a dataset directory (its products, signals, segments, lexicon).

    Example
    -------
    >>> import datetime as dt
    >>> from infimate.data import samples
    >>> import tempfile
    >>> products, signals = samples.launches()  # tweed searches grow; every other tweed hit
    >>> tmp = tempfile.TemporaryDirectory()
    >>> ds = samples.dataset(tmp.name, signals=signals, products=products)
    >>> j = evaluate_dataset(tmp.name, test_from=dt.date(2025, 10, 1)).as_json()
    >>> j["n_test"], j["picks_hit_rate"]
    (8, 1.0)
    >>> tmp.cleanup()
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
    """Score candidate styles: probability, interval, top-3 elements, rank, extrapolation.

    ``lineup`` follows the products contract (sku, launch_date, category, elements —
    list or ``;``-separated — price, market, crowd, scene); ``units`` are ignored. The
    model is trained on every launched product of ``dataset`` unless ``results`` is given.

    Example
    -------
    >>> import datetime as dt
    >>> from infimate.data import samples
    >>> import tempfile
    >>> products, signals = samples.launches()  # tweed searches grow; every other tweed hit
    >>> tmp = tempfile.TemporaryDirectory()
    >>> ds = samples.dataset(tmp.name, signals=signals, products=products)
    >>> lineup = pl.DataFrame({"sku": ["new1", "new2"], "launch_date": [dt.date(2026, 3, 2)] * 2,
    ...                        "category": "dress", "elements": ["denim", "tweed"]})
    >>> score_lineup(tmp.name, lineup).select("sku", "elements", "rank").rows()
    [('new2', 'tweed', 1), ('new1', 'denim', 2)]
    >>> tmp.cleanup()
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
    ).with_columns(
        res.predict(feats).round(4),
        res.interval(feats).to_struct("i"),
        res.flags(feats).to_struct("f"),
    )
    p = p.unnest("i", "f").with_columns(pl.col("lo", "hi").round(4))
    out = p.join(top, on="sku", how="left").with_columns(
        pl.col("probability").rank("ordinal", descending=True).cast(pl.Int64).alias("rank")
    )
    return out.sort("rank")
