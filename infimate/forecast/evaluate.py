"""Forecast evaluation over many series: MASE per model and combined, coverage of intervals.

:func:`forecast_eval` runs the rolling-origin backtest (:mod:`infimate.forecast.backtest`)
on every series of a signals table, combines the models by ``COMBINATION_RULE``,
calibrates intervals on the warm-up origins (:mod:`infimate.forecast.intervals`) and
reports mean MASE per model, the share of series where each model beats naive, and the
empirical coverage of the 80 % and 95 % intervals (the ``forecast-eval --json`` keys).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from infimate.errors import InfimateError
from infimate.forecast.backtest import (
    MIN_TRAIN,
    SPACING,
    WARMUP_ORIGINS,
    backtest,
    combine,
    recent_weights,
)
from infimate.forecast.intervals import IntervalCalibration, coverage
from infimate.forecast.weekly import weekly_series


# --------------------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class ForecastEval:
    """Result of :func:`forecast_eval`.

    ``scores``: one row per series × model (series key columns, model, mase) over the
    evaluated origins (``combined`` included); ``summary``: model, mase (mean over series),
    beats_naive_share; coverage of the calibrated intervals on the evaluated origins;
    ``calibration``: interval quantiles from all origins, for :func:`forecast_series`.
    """

    series: int
    skipped: int
    horizon: int
    origins: int
    scores: pl.DataFrame
    summary: pl.DataFrame
    coverage_80: float
    coverage_95: float
    seconds: float
    calibration: IntervalCalibration

    def to_json(self) -> dict[str, Any]:
        """The ``forecast-eval --json`` object (keys fixed by DESIGN.md)."""
        rows = self.summary.to_dicts()
        return {
            "series": self.series,
            "horizon": self.horizon,
            "origins": self.origins,
            "mase": {r["model"]: round(r["mase"], 4) for r in rows},
            "beats_naive_share": {r["model"]: round(r["beats_naive_share"], 4) for r in rows},
            "coverage_80": round(self.coverage_80, 4),
            "coverage_95": round(self.coverage_95, 4),
            "seconds": round(self.seconds, 2),
        }


def forecast_eval(
    signals: pl.DataFrame,
    *,
    horizon: int = 12,
    origins: int = 5,
    progress: Callable[[int, int], None] | None = None,
) -> ForecastEval:
    """Rolling-origin evaluation of every model and the combination on every series.

    Series too short for ``origins`` + 2 warm-up origins are skipped and counted.

    Example
    -------
    >>> import datetime as dt
    >>> weeks = [dt.date(2023, 1, 2) + dt.timedelta(weeks=i) for i in range(156)]
    >>> signals = pl.DataFrame({"date": weeks + weeks[:40], "element": ["tweed"] * 156 + ["new"] * 40,
    ...                         "value": [10.0 + 2 * i for i in range(156)] + [1.0] * 40})
    >>> ev = forecast_eval(signals, horizon=12, origins=5)  # "new" is too short: skipped
    >>> ev.series, ev.skipped, ev.to_json()["mase"]["naive"]  # a line: naive is off by 1…12 slopes
    (1, 1, 6.5)
    """
    if horizon < 1 or origins < 1:
        raise InfimateError("horizon and origins must be positive")
    t0 = time.perf_counter()
    keys, values = weekly_series(signals)
    total = origins + WARMUP_ORIGINS
    need = MIN_TRAIN + horizon + SPACING * (total - 1)
    ok = np.array([len(v) >= need and np.isfinite(v).all() for v in values], dtype=bool)
    kept = [v for v, k in zip(values, ok, strict=True) if k]
    if not kept:
        raise InfimateError(
            f"no series long enough: need {need} weeks for {origins} origins "
            f"(+{WARMUP_ORIGINS} warm-up) at horizon {horizon}; {len(values)} series found"
        )
    bt = backtest(kept, horizon=horizon, origins=total, progress=progress)
    W = recent_weights(bt.recent, models=bt.models)
    C = combine(bt, W)
    c_mase = np.abs(C - bt.actuals).mean(axis=2) / bt.scale
    scaled = (bt.actuals - C) / bt.scale[..., None]  # (S, O, h)
    nonneg = np.array([v.min() >= 0 for v in kept])
    cov80, cov95 = coverage(scaled, C, bt.actuals, bt.scale, nonneg, first=WARMUP_ORIGINS)
    ev = slice(WARMUP_ORIGINS, total)
    per_model = np.concatenate([bt.mase[:, :, ev].mean(axis=2), c_mase[:, ev].mean(1)[:, None]], 1)
    names = [*bt.models, "combined"]
    naive = per_model[:, names.index("naive")]
    summary = pl.DataFrame(
        {
            "model": names,
            "mase": per_model.mean(axis=0),
            "beats_naive_share": (per_model < naive[:, None]).mean(axis=0),
        }
    )
    kept_keys = keys.filter(pl.Series(ok))
    scores = kept_keys.with_columns(
        pl.Series("model", [names] * len(kept)), pl.Series("mase", per_model.tolist())
    ).explode("model", "mase")
    return ForecastEval(
        series=len(kept),
        skipped=int((~ok).sum()),
        horizon=horizon,
        origins=origins,
        scores=scores,
        summary=summary,
        coverage_80=cov80,
        coverage_95=cov95,
        seconds=time.perf_counter() - t0,
        calibration=IntervalCalibration.from_errors(scaled.reshape(-1, horizon)),
    )
