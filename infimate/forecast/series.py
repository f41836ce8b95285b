"""Forecasts of element curves: a backtest-chosen combination with calibrated intervals.

``forecast_series`` backtests every model in ``infimate.forecast.models.MODELS`` on the
series itself, combines them by ``COMBINATION_RULE`` and attaches 80%/95% intervals by
``INTERVAL_RULE``. ``forecast_eval`` (in ``infimate.forecast.backtest``) measures all of this
on many series; ``python -m infimate forecast-eval`` prints it.

Fallbacks (the ``method`` label says which one was used):

* fewer than 16 + horizon weekly points (no backtest origin fits): ``naive`` with
  random-walk intervals from the in-sample one-step changes;
* a flat series (all values equal, e.g. all zero): ``naive`` (the constant), zero-width
  intervals.

Example
-------
>>> import polars as pl, datetime as dt
>>> y = pl.DataFrame({"date": pl.date_range(dt.date(2024, 1, 1), dt.date(2024, 12, 30),
...     "1w", eager=True)}).with_columns(value=pl.lit(5.0))
>>> f = forecast_series(y, horizon=4)
>>> f.method, f.frame["point"].to_list()
('naive (flat series fallback)', [5.0, 5.0, 5.0, 5.0])
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import polars as pl

from infimate.errors import InfimateError
from infimate.forecast.backtest import (
    MIN_TRAIN,
    backtest,
    combine,
    drop_cycle,
    inverse_mase_weights,
    naive_scale,
    no_cycle,
    origin_positions,
    recent_weights,
    run_models,
)
from infimate.forecast.intervals import IntervalCalibration
from infimate.forecast.models import MODEL_NAMES, MODELS, Model
from infimate.forecast.weekly import weekly_series

#: The forecast horizon the dashboard and the report show (weeks).
HORIZON = 12


@dataclass(frozen=True)
class Forecast:
    """A combined forecast of one weekly series.

    ``frame``: date, point, lo80, hi80, lo95, hi95 (one row per future week);
    ``method``: what produced it (``"combined"`` or a labelled fallback);
    ``weights``: model -> weight in the combination; ``backtest``: model, mase (this
    series' mean MASE per model over the rolling origins, ``combined`` included),
    recent_mase (the recent inner backtests the weights come from; NaN when none fits),
    fallback (what a model falls back to on this short a history, e.g. snaive "= naive",
    or "in backtests: …" / "in early backtests: …" when only the shorter training windows
    of the backtests were too short; empty when it runs as itself); ``naive_mase``: naive's.
    """

    frame: pl.DataFrame
    method: str
    weights: tuple[tuple[str, float], ...]
    backtest: pl.DataFrame
    naive_mase: float | None
    origins: int

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(self.frame["date"].to_list())

    @property
    def point(self) -> tuple[float, ...]:
        return tuple(self.frame["point"].to_list())


def _to_weekly(y: pl.DataFrame | pd.Series) -> tuple[list[date], np.ndarray]:
    if isinstance(y, pd.Series):
        if not isinstance(y.index, pd.DatetimeIndex):
            raise InfimateError("a pandas series needs a weekly DatetimeIndex")
        y = pl.DataFrame(
            {
                "date": pl.Series(y.index.tz_localize(None).values).cast(pl.Date),
                "value": y.to_numpy(dtype=float),
            }
        )
    if not {"date", "value"} <= set(y.columns):
        raise InfimateError("the series needs columns date and value")
    _, values = weekly_series(y.select("date", "value").with_columns(element=pl.lit("_")))
    if not values:
        raise InfimateError("the series has no dated values")
    start = y.select(pl.col("date").cast(pl.Date).dt.truncate("1w").min()).item()
    return [start + timedelta(weeks=i) for i in range(len(values[0]))], values[0]


def _frame(last: date, point: np.ndarray, bounds: dict[str, np.ndarray]) -> pl.DataFrame:
    dates = [last + timedelta(weeks=k + 1) for k in range(point.size)]
    return pl.DataFrame(
        {"date": dates, "point": point, **{k: bounds[k] for k in ("lo80", "hi80", "lo95", "hi95")}},
        schema_overrides={"date": pl.Date},
    )


def _fallback(model: Model, weeks: int, origins: list[int]) -> str:
    """The model's fallback on the whole series, else in the backtests (their training
    windows are shorter: their scores, and so its weight, may describe the fallback)."""
    if label := model.fallback(weeks):
        return label
    if label := model.fallback(max(origins)):
        return f"in backtests: {label}"
    label = model.fallback(min(origins))
    return f"in early backtests: {label}" if label else ""


def forecast_series(
    y: pl.DataFrame | pd.Series,
    *,
    horizon: int = HORIZON,
    origins: int = 5,
    calibration: IntervalCalibration | None = None,
) -> Forecast:
    """Forecast one weekly series ``horizon`` weeks ahead with the backtest-chosen combination.

    Parameters
    ----------
    y
        Polars frame with ``date`` and ``value`` (weekly; days are averaged into Monday
        weeks, gaps interpolated) or a pandas Series with a DatetimeIndex.
    horizon
        Weeks ahead.
    origins
        Rolling backtest origins (13 weeks apart); fewer are used if the series is short.
    calibration
        Pooled interval quantiles (e.g. ``forecast_eval(...).calibration`` of the dataset);
        without it the quantiles come from this series' own backtest errors, pooling
        neighbouring horizon steps (rougher: only ``origins`` × 5 errors per step).

    Example
    -------
    >>> y = pl.DataFrame({"date": [date(2023, 1, 2) + timedelta(weeks=i) for i in range(156)],
    ...                   "value": [10.0 + 2 * i for i in range(156)]})  # a straight line
    >>> f = forecast_series(y, horizon=12)
    >>> f.method, max(f.weights, key=lambda w: w[1])[0], f.frame.columns[:4]
    ('combined', 'ets', ['date', 'point', 'lo80', 'hi80'])
    >>> y["value"][-1] < f.point[0] < f.point[-1]  # the trend goes on
    True
    """
    if horizon < 1:
        raise InfimateError("horizon must be positive")
    dates, v = _to_weekly(y)
    n = v.size
    nonneg = bool(v.min() >= 0)
    pos = origin_positions(n, horizon=horizon, origins=origins)
    empty_bt = pl.DataFrame(schema={"model": pl.String, "mase": pl.Float64})
    if np.ptp(v) == 0:
        pt = np.full(horizon, v[-1])
        frame = _frame(dates[-1], pt, dict.fromkeys(("lo80", "hi80", "lo95", "hi95"), pt))
        return Forecast(frame, "naive (flat series fallback)", (("naive", 1.0),), empty_bt, None, 0)
    if n < MIN_TRAIN or not pos:
        pt = np.full(horizon, v[-1])
        steps = np.diff(v)
        growth = np.sqrt(np.arange(1, horizon + 1))
        bounds = (
            {
                k: pt + np.quantile(steps, q) * growth
                for k, q in (("lo80", 0.1), ("hi80", 0.9), ("lo95", 0.025), ("hi95", 0.975))
            }
            if steps.size
            else dict.fromkeys(("lo80", "hi80", "lo95", "hi95"), pt)
        )
        if nonneg:
            bounds = {k: np.clip(b, 0, None) for k, b in bounds.items()}
        return Forecast(
            _frame(dates[-1], pt, bounds),
            "naive (short series fallback)",
            (("naive", 1.0),),
            empty_bt,
            None,
            0,
        )
    bt = backtest([v], horizon=horizon, origins=len(pos), now=True)
    C = combine(bt, recent_weights(bt.recent, models=bt.models))
    c_mase = np.abs(C - bt.actuals).mean(axis=2) / bt.scale
    scaled = ((bt.actuals - C) / bt.scale[..., None]).reshape(-1, horizon)
    cal = calibration or IntervalCalibration.from_errors(scaled, pool_steps=2)
    assert bt.now is not None  # backtest(now=True)
    now = bt.now[0]
    flat = bool(no_cycle(now, bt.models, axis=0))
    w = inverse_mase_weights(drop_cycle(now, bt.models, axis=0)[:, None])
    point = (w[:, None] * run_models(v[None, :], horizon)[0]).sum(axis=0)
    bounds = cal.bounds(point, naive_scale(v[None, :])[0], nonnegative=nonneg)
    table = pl.DataFrame(
        {
            "model": [*MODEL_NAMES, "combined"],
            "mase": [*bt.mase[0].mean(axis=1).tolist(), float(c_mase.mean())],
            "recent_mase": [*now.tolist(), None],
            "fallback": [*(_fallback(m, n, pos) for m in MODELS), ""],
        }
    )
    return Forecast(
        frame=_frame(dates[-1], point, bounds),
        method=NO_CYCLE_METHOD if flat else "combined",
        weights=tuple(zip(MODEL_NAMES, w.round(6).tolist(), strict=True)),
        backtest=table,
        naive_mase=float(bt.mase[0, MODEL_NAMES.index("naive")].mean()),
        origins=len(pos),
    )


NO_CYCLE_METHOD = (
    "combined without the seasonal models (none beat naive on the recent backtests: "
    "no yearly cycle to follow)"
)

# the model list is part of the public surface for the UI ("which models were combined")
MODEL_LIST: tuple[str, ...] = tuple(m.name for m in MODELS)
