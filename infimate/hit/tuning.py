"""Choosing the hit model's prior and calibrating it, out of time, inside the training data.

Rolling origins at the last quarter starts that have a year of launches before them
(:func:`origins`): fit on the launches before the origin, predict the next quarter's.
:func:`tune` keeps the strongest prior precision whose mean out-of-time AUC is within one
standard error (over the origins) of the best one's — out-of-time AUCs of neighbouring
priors differ by less than their noise, and the stronger prior is the safer guess — then
fits a Platt scaling (:func:`platt`) of the logit on the pooled out-of-time predictions;
their highest reliability bin bounds the calibrated range.

Example
-------
>>> import datetime as dt
>>> p = pl.DataFrame({"launch_date": [dt.date(2024, 1, 1) + dt.timedelta(days=i)
...     for i in range(500)], "hit": [i % 5 == 0 for i in range(500)]})
>>> [(int(train.sum()), int(val.sum())) for train, val in origins(p, 3)]
[(366, 90)]

(2025-01-01 is the first quarter start with a year of launches before it; the next one,
2025-04-01, has fewer than 50 launches after it.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from scipy.optimize import minimize

from infimate.hit.metrics import auc, reliability
from infimate.hit.ridge import fit_standardised


def origins(prods: pl.DataFrame, n: int) -> list[tuple[pl.Series, pl.Series]]:
    """(train, validation) masks of the last ``n`` usable quarter-start origins."""
    d = prods["launch_date"]
    first = d.min()
    quarters = d.dt.truncate("1q").unique().sort().to_list()
    out = []
    for q in quarters:
        if first is None or (q - first).days < 364:
            continue
        train, val = d < q, (d >= q) & (d < _next_quarter(q))
        y = prods["hit"]
        if val.sum() >= 50 and 0 < y.filter(val).sum() < val.sum() and y.filter(train).any():
            out.append((train, val))
    return out[-n:]


def _next_quarter(q: date) -> date:
    return date(q.year + (q.month > 9), (q.month + 2) % 12 + 1, 1)


@dataclass(frozen=True)
class Tuning:
    """How the model was chosen and calibrated, inside its training launches."""

    precision: float
    inner_auc: tuple[tuple[float, float], ...]
    origins: int
    shift: float
    slope: float
    n_out_of_time: int
    calibrated_max: float

    def sentence(self) -> str:
        """How the prior and the calibration were chosen, in one line."""
        if not self.origins:
            return (
                f"prior precision {self.precision:g} (default: no quarter with a year of "
                "launches before it to tune on); not recalibrated"
            )
        aucs = ", ".join(f"{g:g}: {a:.3f}" for g, a in self.inner_auc)
        return (
            f"prior precision {self.precision:g} chosen on {self.origins} out-of-time origins "
            f"inside the training launches (mean AUC {aucs}); Platt calibration shift "
            f"{self.shift:+.3f}, slope {self.slope:.3f} on {self.n_out_of_time} predictions"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "precision": self.precision,
            "inner_auc": {str(g): round(a, 4) for g, a in self.inner_auc},
            "origins": self.origins,
            "calibration": {"shift": round(self.shift, 4), "slope": round(self.slope, 4)},
            "n_out_of_time": self.n_out_of_time,
            "calibrated_max": round(self.calibrated_max, 4),
        }


def platt(logit: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Shift and slope of the logit that fit ``y`` best (identity when unsound: fewer than
    300 predictions, one class only, or a slope outside (0, 1.5])."""
    if len(y) < 300 or not 0 < y.sum() < len(y):
        return 0.0, 1.0

    def loss(ab: np.ndarray) -> float:
        s = ab[0] + ab[1] * logit
        return float(np.sum(np.logaddexp(0.0, s) - y * s))

    a, b = minimize(loss, np.array([0.0, 1.0]), method="Nelder-Mead").x
    return (float(a), float(b)) if 0.0 < b <= 1.5 else (0.0, 1.0)


def tune(
    prods: pl.DataFrame, y: np.ndarray, grid: tuple[float, ...], *, default: float, folds: int
) -> Tuning:
    """The prior precision from ``grid`` (one-standard-error rule on the mean out-of-time
    AUC over the last ``folds`` origins; ``default`` without any origin) and the
    calibration of its predictions."""
    splits = origins(prods, folds)
    if not splits:  # the calibrated range is then the fit's own (HitModel.fit)
        return Tuning(default, (), 0, 0.0, 1.0, 0, float("nan"))
    parts: dict[float, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    scores, spread = [], {}
    for g in grid:
        offs, devs, ys, aucs = [], [], [], []
        for train, val in splits:
            a, b = prods.filter(train), prods.filter(val)
            f = fit_standardised(a, y[train.to_numpy()], g)
            off, dev, yb = f.encoding.offset(b), f.deviation(b), y[val.to_numpy()]
            offs.append(off)
            devs.append(dev)
            ys.append(yb)
            aucs.append(auc(1 / (1 + np.exp(-(off + dev))), yb) or 0.5)
        parts[g] = (np.concatenate(offs), np.concatenate(devs), np.concatenate(ys))
        scores.append((g, float(np.mean(aucs))))
        spread[g] = float(np.std(aucs) / np.sqrt(len(aucs)))
    top = max(scores, key=lambda s: s[1])
    # one-standard-error rule: the strongest prior within one standard error of the best
    best = max(g for g, a in scores if a >= top[1] - spread[top[0]])
    off, dev, yo = parts[best]
    shift, slope = platt(off + dev, yo)
    p = 1 / (1 + np.exp(-(shift + slope * (off + dev))))
    return Tuning(best, tuple(scores), len(splits), shift, slope, len(yo), top_bin(p, yo))


def top_bin(p: np.ndarray, y: np.ndarray) -> float:
    """Mean prediction of the highest reliability bin: the top of the calibrated range."""
    top = reliability(p, y)["mean_predicted"].max()
    return float(top) if isinstance(top, float) else 1.0
