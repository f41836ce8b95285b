"""Rolling-origin backtests, the backtest-chosen combination and calibrated intervals.

Definitions (the combination rule is shown in the UI through ``COMBINATION_RULE``):

* **Origins**: the last ``origins`` forecast origins of a series, ``spacing`` = 13 weeks
  apart, the last one ``horizon`` weeks before the end; each model sees only the data
  before its origin and forecasts ``horizon`` weeks.
* **MASE**: mean absolute error over the horizon ÷ the in-sample one-step naive MAE of the
  training window (the series' own scale; if that is 0, the mean |value|, else 1). A
  series' MASE is the mean over its origins; a model's score is the mean over series.
  Scaling by each origin's own training window (no look-ahead) is stricter than scaling by
  the whole series' one-step error, as some published tables do; ratios between models
  are unaffected.
* **Combination** (``COMBINATION_RULE``): inverse-MASE weights from *recent* inner
  backtests (``INNER_WINDOW`` weeks before the origin, every ``INNER_STEP`` weeks):
  recent, dense evidence tracks which model currently works on a series. Measured figures:
  ``bench/results/forecast.json`` and the README.
* **Intervals**: ``infimate.forecast.intervals.INTERVAL_RULE``.

``forecast_eval`` evaluates honestly: at evaluation origin ``o`` the weights use only
inner backtests whose actuals lie before ``o``, and the interval quantiles only errors from
origins before ``o`` (two extra *warm-up* origins before the first evaluated one give them
something to start from).

Example
-------
>>> bt = backtest([np.arange(100.0)], horizon=4, origins=2)  # a straight line, slope 1
>>> mase = dict(zip(bt.models, bt.mase[0].mean(axis=1).round(2).tolist()))  # mean over origins
>>> mase["naive"], mase["theta"]  # naive is off by 1, 2, 3, 4 slopes: MASE 2.5
(2.5, 1.25)
>>> bt.models[recent_weights(bt.recent)[0, :, -1].argmax()]  # most weight: damped trend
'ets'
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from infimate.forecast.models import MODELS, Model

WEIGHT_POWER = 4
WARMUP_ORIGINS = 2
INNER_WINDOW = 26
INNER_STEP = 3
SPACING = 13
MIN_TRAIN = 16

#: Seasonal models stay in the combination only if one beats CYCLE_MARGIN x naive recently.
CYCLE_MARGIN = 1.05
CYCLE_MARGIN_TEXT = f"{CYCLE_MARGIN:g}×"

COMBINATION_RULE = (
    "Every model is backtested on the series itself at recent origins: every "
    f"{INNER_STEP} weeks over the {INNER_WINDOW} weeks that end 12 weeks before the "
    "forecast starts, forecasting 12 weeks from data before each origin only. Weights are "
    f"proportional to 1 / MASE^{WEIGHT_POWER} of each model's mean MASE on those backtests "
    "(MASE = mean absolute error ÷ the in-sample one-step naive error), so a model twice "
    "as accurate recently gets 16× the weight; with no backtest yet, all models weigh the "
    "same. Where no seasonal model (seasonal naive, the harmonic models) did better than "
    f"{CYCLE_MARGIN_TEXT} naive's error on those backtests, the seasonal models get no "
    "weight: the series shows no yearly cycle to follow. The forecast shown is the "
    "weighted mean of the models' forecasts."
)


# --------------------------------------------------------------------------- backtest core
@dataclass(frozen=True)
class RollingBacktest:
    """Rolling-origin backtest arrays for S equally-originated series, M models, O origins, h steps.

    ``forecasts`` (S, M, O, h), ``actuals`` (S, O, h), ``scale`` (S, O), ``mase`` (S, M, O),
    ``recent`` (S, M, O): each model's mean MASE on the inner backtests before the origin;
    ``now`` (S, M): the same before the end of each series (``backtest(now=True)``).
    """

    models: tuple[str, ...]
    forecasts: np.ndarray
    actuals: np.ndarray
    scale: np.ndarray
    mase: np.ndarray
    recent: np.ndarray
    now: np.ndarray | None = None


def naive_scale(X: np.ndarray) -> np.ndarray:
    """In-sample one-step naive MAE per row (fallback: mean |x|, then 1)."""
    s = np.abs(np.diff(X, axis=1)).mean(axis=1) if X.shape[1] > 1 else np.zeros(X.shape[0])
    alt = np.abs(X).mean(axis=1)
    return np.where(s > 0, s, np.where(alt > 0, alt, 1.0))


def origin_positions(n: int, *, horizon: int, origins: int, spacing: int = SPACING) -> list[int]:
    """Training lengths of the origins that fit (oldest first, each >= ``MIN_TRAIN``)."""
    pos = [n - horizon - spacing * i for i in range(origins)][::-1]
    return [p for p in pos if p >= MIN_TRAIN]


def run_models(X: np.ndarray, h: int, models: Sequence[Model] = MODELS) -> np.ndarray:
    """(B, T) training rows -> (B, M, h) forecasts, clipped at 0 for non-negative rows."""
    out = np.stack([m.forecast_batch(X, h) for m in models], axis=1)
    out = np.where(np.isfinite(out), out, X[:, -1:, None])
    nonneg = X.min(axis=1) >= 0
    return np.where(nonneg[:, None, None], np.clip(out, 0.0, None), out)


def inner_positions(n: int, origin: int, *, horizon: int) -> list[int]:
    """Training lengths of the recent backtests that score the models before ``origin``.

    On the grid ``n - horizon - INNER_STEP * j`` of a series of length ``n`` (so origins of
    the same series share them), within the ``INNER_WINDOW`` weeks that end ``horizon``
    weeks before ``origin`` (every actual is known at the origin), oldest first.

    >>> inner_positions(156, 156, horizon=12)
    [120, 123, 126, 129, 132, 135, 138, 141, 144]
    """
    top = origin - horizon
    top -= (top - (n - horizon)) % INNER_STEP
    first = origin - horizon - INNER_WINDOW
    return [p for p in range(top, first - 1, -INNER_STEP) if p >= MIN_TRAIN][::-1]


def _forecasts_at(
    series: Sequence[np.ndarray],
    wanted: set[tuple[int, int]],
    *,
    horizon: int,
    models: Sequence[Model],
    progress: Callable[[int, int], None] | None = None,
) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray, float]]:
    """(series index, training length t) -> ((M, h) forecasts, (M,) MASE against
    ``y[t:t+h]``, scale), every training length run as one batch. Needs ``t + h <= len(y)``."""
    by_len: dict[int, list[int]] = {}
    for s, t in sorted(wanted):
        by_len.setdefault(t, []).append(s)
    out: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, float]] = {}
    for done, (t, idx) in enumerate(sorted(by_len.items()), start=1):
        X = np.stack([series[s][:t] for s in idx]).astype(float)
        A = np.stack([series[s][t : t + horizon] for s in idx]).astype(float)
        F = run_models(X, horizon, models)
        scale = naive_scale(X)
        mase = np.abs(F - A[:, None]).mean(axis=2) / scale[:, None]
        for k, s in enumerate(idx):
            out[(s, t)] = (F[k], mase[k], float(scale[k]))
        if progress is not None:
            progress(done, len(by_len))
    return out


def _inner_wanted(
    series: Sequence[np.ndarray], ends: Sequence[Sequence[int]], *, horizon: int
) -> set[tuple[int, int]]:
    """Every (series, training length) of the inner backtests before the ``ends``."""
    return {
        (s, p)
        for s, (y, es) in enumerate(zip(series, ends, strict=True))
        for e in es
        for p in inner_positions(len(y), e, horizon=horizon)
    }


def _recent_scores(
    series: Sequence[np.ndarray],
    ends: Sequence[Sequence[int]],
    fc: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, float]],
    *,
    horizon: int,
    n_models: int,
) -> np.ndarray:
    """(S, M, E) mean inner-backtest MASE before each end, from :func:`_forecasts_at`."""
    out = np.full((len(series), n_models, len(ends[0]) if ends else 0), np.nan)
    for s, es in enumerate(ends):
        for j, e in enumerate(es):
            pos = inner_positions(len(series[s]), e, horizon=horizon)
            if pos:
                out[s, :, j] = np.mean([fc[(s, p)][1] for p in pos], axis=0)
    return out


def recent_mase(
    series: Sequence[np.ndarray],
    ends: Sequence[Sequence[int]],
    *,
    horizon: int,
    models: Sequence[Model] = MODELS,
) -> np.ndarray:
    """(S, M, E): each model's mean MASE over the :func:`inner_positions` before each of
    the ``ends[s]`` (training lengths) of series ``s``; NaN where no inner backtest fits.

    ``ends`` must have the same count per series. ``ends=[[len(y)]]`` scores the models
    for a forecast made today.
    """
    fc = _forecasts_at(
        series, _inner_wanted(series, ends, horizon=horizon), horizon=horizon, models=models
    )
    return _recent_scores(series, ends, fc, horizon=horizon, n_models=len(models))


def backtest(
    series: Sequence[np.ndarray],
    *,
    horizon: int,
    origins: int,
    models: Sequence[Model] = MODELS,
    progress: Callable[[int, int], None] | None = None,
    recent: bool = True,
    now: bool = False,
) -> RollingBacktest:
    """Backtest every series at ``origins`` rolling origins (all series must fit them all).

    With ``recent`` (the default) also scores every model on the inner backtests before
    each origin (``RollingBacktest.recent``, what :func:`recent_weights` uses); without it
    ``recent`` is all NaN (cheaper, for model-only comparisons). With ``now`` also before
    the end of each series (``RollingBacktest.now``: the scores a forecast made today uses), in
    the same pass, so inner backtests shared with the last origins run once.
    """
    S, M = len(series), len(models)
    ends = [origin_positions(len(y), horizon=horizon, origins=origins) for y in series]
    if any(len(e) != origins for e in ends):
        raise ValueError("every series must be long enough for all origins")
    scored = [
        [*(es if recent else []), *([len(y)] if now else [])]
        for es, y in zip(ends, series, strict=True)
    ]
    wanted = {(s, t) for s, es in enumerate(ends) for t in es}
    wanted |= _inner_wanted(series, scored, horizon=horizon)
    fc = _forecasts_at(series, wanted, horizon=horizon, models=models, progress=progress)
    F = np.zeros((S, M, origins, horizon))
    A = np.zeros((S, origins, horizon))
    scale = np.ones((S, origins))
    for s, es in enumerate(ends):
        for j, t in enumerate(es):
            F[s, :, j], _, scale[s, j] = fc[(s, t)]
            A[s, j] = series[s][t : t + horizon]
    R = _recent_scores(series, scored, fc, horizon=horizon, n_models=M)
    mase = np.abs(F - A[:, None]).mean(axis=3) / scale[:, None, :]
    names = tuple(m.name for m in models)
    recent_r = R[:, :, :origins] if recent else np.full((S, M, origins), np.nan)
    return RollingBacktest(names, F, A, scale, mase, recent_r, R[:, :, -1] if now else None)


# --------------------------------------------------------------------------- combination
def inverse_mase_weights(mase: np.ndarray, *, power: int = WEIGHT_POWER) -> np.ndarray:
    """Weights ∝ 1/MASE^power over axis -2 (models) from mean MASE over axis -1 (origins).

    ``mase`` (..., M, O) -> (..., M). With no origins, or no finite score, equal weights.
    """
    if mase.shape[-1] == 0:
        return np.full(mase.shape[:-1], 1.0 / mase.shape[-2])
    score = np.maximum(mase.mean(axis=-1), 1e-6)
    inv = np.where(np.isfinite(score), score**-power, 0.0)
    total = inv.sum(axis=-1, keepdims=True)
    return np.where(total > 0, inv / np.where(total > 0, total, 1.0), 1.0 / mase.shape[-2])


#: Models that forecast a yearly cycle: left out where none of them beats naive recently.
SEASONAL_MODELS = frozenset(
    {"snaive", "harmonic", "harmonic_log", "harmonic_log2", "harmonic_log5"}
)


def no_cycle(scores: np.ndarray, models: Sequence[str], *, axis: int = 1) -> np.ndarray:
    """Where no seasonal model's recent MASE beats ``CYCLE_MARGIN`` × naive's (a series
    with no yearly cycle, or an effectively constant one): True, along the other axes of
    ``scores`` (False without scores: no evidence either way).

    >>> no_cycle(np.array([[1.0, 1.2, 0.9], [1.0, 0.8, 0.9]]), ["naive", "snaive", "ets"]).tolist()
    [True, False]
    """
    seasonal = [i for i, m in enumerate(models) if m in SEASONAL_MODELS]
    naive = np.take(scores, list(models).index("naive"), axis=axis)
    with warnings.catch_warnings():  # no inner backtest yet: all NaN, no evidence either way
        warnings.simplefilter("ignore", RuntimeWarning)
        best = np.nanmin(np.take(scores, seasonal, axis=axis), axis=axis) if seasonal else naive
    out: np.ndarray = np.isfinite(best) & np.isfinite(naive) & ~(best < CYCLE_MARGIN * naive)
    return out


def drop_cycle(scores: np.ndarray, models: Sequence[str], *, axis: int = 1) -> np.ndarray:
    """``scores`` with the seasonal models' set to +inf (weight 0) where :func:`no_cycle`."""
    out = scores.copy()
    gone = np.expand_dims(no_cycle(scores, models, axis=axis), axis)
    mask = np.zeros(scores.shape[axis], dtype=bool)
    mask[[i for i, m in enumerate(models) if m in SEASONAL_MODELS]] = True
    shape = [1] * scores.ndim
    shape[axis] = -1
    return np.where(gone & mask.reshape(shape), np.inf, out)


def recent_weights(
    recent: np.ndarray, *, power: int = WEIGHT_POWER, models: Sequence[str] | None = None
) -> np.ndarray:
    """(S, M, O) recent MASE (``RollingBacktest.recent``) -> (S, M, O) combination weights.

    With ``models`` (the model names), seasonal models get no weight where none of them
    beat naive on the recent backtests (:func:`drop_cycle`)."""
    if models is not None:
        recent = drop_cycle(recent, models, axis=1)
    return np.moveaxis(
        inverse_mase_weights(np.moveaxis(recent, 2, 1)[..., None], power=power), 1, 2
    )


def combine(bt: RollingBacktest, weights: np.ndarray) -> np.ndarray:
    """(S, O, h) combined forecasts from (S, M, O) weights."""
    combined: np.ndarray = np.einsum("smo,smoh->soh", weights, bt.forecasts)
    return combined
