"""Forecast models behind one small interface (statsmodels' Model -> fit -> Results shape).

Every model is a frozen dataclass with

* ``fit(y) -> ModelFit`` — ``y`` is a pandas Series with a weekly DatetimeIndex (or any
  1-d array); the result is immutable and has ``forecast(h) -> np.ndarray``;
* ``forecast_batch(X, h) -> np.ndarray`` — the vectorised path used by backtests: ``X`` is
  a ``(series, time)`` float array of equally long training windows, the answer is
  ``(series, h)``. ``fit(y).forecast(h)`` is exactly ``forecast_batch(y[None], h)[0]``.

The models (``MODELS``):

``naive``       last value.
``snaive``      value 52 weeks earlier; only with >= 2 years of history, else ``naive``.
``ets``         additive damped-trend exponential smoothing (Holt damped). Parameters
                (alpha, beta, phi) by in-sample one-step SSE over a fixed grid, evaluated for
                all series at once in numpy. ``DampedETS(engine="statsmodels")`` fits
                statsmodels' ``ETSModel`` instead (one fit per series: too slow for
                backtests over many series; kept as the reference implementation).
``theta``       the Theta method as in statsmodels' ``ThetaModel`` (seasonality test at lag 52,
                classical multiplicative/additive decomposition, OLS drift + SES,
                theta = 2); period 52 only with >= 2 years, else no deseasonalisation.
                ``Theta(engine="statsmodels")`` calls ``ThetaModel`` itself.
``harmonic``    smooth seasonality (3 Fourier pairs of a 52-week year plus a linear trend, by
                least squares) + SES level of the deseasonalised series; needs >= 60 weeks,
                else SES alone. Earns its place: on the real Google Trends file it has a
                lower mean MASE than every other single model (see ``bench_forecast``).
``harmonic_log`` the same on ``log1p(y)`` (non-negative series only), back-transformed.
``harmonic_log2`` / ``harmonic_log5``  the same with 2 / 5 Fourier pairs (a smoother and a
                sharper season). They are not better alone, but the combination leans on
                whichever fits a series' recent weeks.

Example
-------
>>> import numpy as np
>>> Naive().fit(np.array([1.0, 2.0, 3.0])).forecast(2)
array([3., 3.])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
import pandas as pd

PERIOD = 52
HARMONIC_MIN_WEEKS = 60
_ALPHAS = np.array([0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0])
_BETA_FRACTIONS = np.array([0.0, 0.02, 0.05, 0.1, 0.2])
_PHIS = np.array([0.8, 0.9, 0.95, 0.98])
_SES_ALPHAS = np.linspace(0.02, 1.0, 50)


class Model(Protocol):
    """What the backtest needs from a model."""

    @property
    def name(self) -> str: ...

    def fit(self, y: pd.Series | np.ndarray) -> ModelFit: ...

    def forecast_batch(self, X: np.ndarray, h: int) -> np.ndarray: ...

    def fallback(self, weeks: int) -> str: ...


@dataclass(frozen=True)
class ModelFit:
    """An immutable fitted model: ``forecast(h)`` returns the point forecast."""

    model: Model
    y: np.ndarray = field(repr=False)

    def forecast(self, h: int) -> np.ndarray:
        """Point forecast for steps 1..h (clipped at 0 when the history is non-negative)."""
        out: np.ndarray = self.model.forecast_batch(self.y[None, :], h)[0]
        return np.clip(out, 0.0, None) if self.y.min() >= 0 else out


def _as_array(y: pd.Series | np.ndarray) -> np.ndarray:
    arr = np.asarray(y, dtype=float).ravel()
    if arr.size == 0 or not np.isfinite(arr).all():
        raise ValueError("series must be non-empty and finite")
    return arr


class _NumpyModel:
    name = "?"

    def fit(self, y: pd.Series | np.ndarray) -> ModelFit:
        return ModelFit(self, _as_array(y))  # type: ignore[arg-type]

    def fallback(self, weeks: int) -> str:
        """What this model falls back to on a history of ``weeks`` ("" = none), for labels."""
        return ""


# --------------------------------------------------------------------------- simple models
@dataclass(frozen=True)
class Naive(_NumpyModel):
    """Last value carried forward."""

    name: str = "naive"

    def forecast_batch(self, X: np.ndarray, h: int) -> np.ndarray:
        return np.repeat(X[:, -1:], h, axis=1).astype(float)


@dataclass(frozen=True)
class SeasonalNaive(_NumpyModel):
    """Value one period earlier; falls back to ``naive`` with < 2 periods of history."""

    name: str = "snaive"
    period: int = PERIOD

    def fallback(self, weeks: int) -> str:
        return "= naive (< 2 years of history)" if self.period > weeks // 2 else ""

    def forecast_batch(self, X: np.ndarray, h: int) -> np.ndarray:
        T = X.shape[1]
        if self.period > T // 2:
            return Naive().forecast_batch(X, h)
        idx = T - self.period + (np.arange(h) % self.period)
        return X[:, idx].astype(float)


# --------------------------------------------------------------------------- smoothing
def ses_level(X: np.ndarray, alphas: np.ndarray = _SES_ALPHAS) -> tuple[np.ndarray, np.ndarray]:
    """Simple exponential smoothing, initial level ``X[:, 0]``, alpha by one-step SSE.

    Returns the final level and the chosen alpha per row.
    """
    B, T = X.shape
    level = np.repeat(X[:, :1], alphas.size, axis=1).astype(float)
    sse = np.zeros_like(level)
    e, tmp = np.empty_like(level), np.empty_like(level)
    for t in range(1, T):
        np.subtract(X[:, t : t + 1], level, out=e)
        np.multiply(e, e, out=tmp)
        sse += tmp
        e *= alphas
        level += e
    best = sse.argmin(axis=1)
    return level[np.arange(B), best], alphas[best]


def damped_holt(X: np.ndarray, h: int) -> np.ndarray:
    """Additive damped-trend Holt, grid-searched per row (numpy, all rows at once)."""
    a, bf, ph = np.meshgrid(_ALPHAS, _BETA_FRACTIONS, _PHIS, indexing="ij")
    alpha, phi = a.ravel(), ph.ravel()
    beta = alpha * bf.ravel()
    B, T = X.shape
    level = np.repeat(X[:, :1], alpha.size, axis=1).astype(float)
    trend = np.zeros_like(level)
    sse = np.zeros_like(level)
    f, e, tmp = np.empty_like(level), np.empty_like(level), np.empty_like(level)
    for t in range(1, T):  # in place: this loop is most of the backtest's time
        np.multiply(phi, trend, out=f)
        f += level
        np.subtract(X[:, t : t + 1], f, out=e)
        np.multiply(e, e, out=tmp)
        sse += tmp
        np.multiply(alpha, e, out=level)
        level += f
        trend *= phi
        np.multiply(beta, e, out=tmp)
        trend += tmp
    best = sse.argmin(axis=1)
    rows = np.arange(B)
    steps = np.cumsum(phi[best][:, None] ** np.arange(1, h + 1)[None, :], axis=1)
    out: np.ndarray = level[rows, best][:, None] + trend[rows, best][:, None] * steps
    return out


@dataclass(frozen=True)
class DampedETS(_NumpyModel):
    """Damped-trend ETS(A,Ad,N). ``engine="statsmodels"`` uses ``ETSModel`` (slow, reference)."""

    name: str = "ets"
    engine: Literal["numpy", "statsmodels"] = "numpy"

    def forecast_batch(self, X: np.ndarray, h: int) -> np.ndarray:
        if self.engine == "numpy":
            return damped_holt(X.astype(float), h)
        return np.stack([_sm_ets(x, h) for x in X])


def _sm_ets(x: np.ndarray, h: int) -> np.ndarray:
    import warnings

    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = pd.Series(x, index=pd.date_range("2000-01-03", periods=x.size, freq="W-MON"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ETSModel(y, error="add", trend="add", damped_trend=True).fit(disp=False)
    return np.asarray(res.forecast(h), dtype=float)


# --------------------------------------------------------------------------- Theta
def seasonal_indices(X: np.ndarray, period: int = PERIOD) -> tuple[np.ndarray, np.ndarray]:
    """Classical decomposition (as statsmodels ``seasonal_decompose``) for every row.

    Returns ``(S, multiplicative)``: ``S[:, j]`` is the seasonal factor of positions
    ``t % period == j``; rows with a non-positive value or factor use the additive form.
    """
    B, T = X.shape
    half = period // 2
    c = np.cumsum(np.c_[np.zeros(B), X], axis=1)
    t = np.arange(half, T - half)
    trend = np.full((B, T), np.nan)
    trend[:, t] = (
        c[:, t + half] - c[:, t - half + 1] + 0.5 * X[:, t - half] + 0.5 * X[:, t + half]
    ) / period
    pos = np.arange(T) % period
    onehot = (pos[None, :] == np.arange(period)[:, None]).astype(float)  # (period, T)

    def _avg(D: np.ndarray) -> np.ndarray:
        ok = np.isfinite(D)
        counts = np.maximum(ok.astype(float) @ onehot.T, 1)
        avg: np.ndarray = (np.where(ok, D, 0.0) @ onehot.T) / counts
        return avg

    with np.errstate(divide="ignore", invalid="ignore"):
        s_mul = _avg(X / trend)
    s_mul = s_mul / s_mul.mean(axis=1, keepdims=True)
    s_add = _avg(X - trend)
    s_add = s_add - s_add.mean(axis=1, keepdims=True)
    mul = (X.min(axis=1) > 0) & (np.nan_to_num(s_mul, nan=-1.0).min(axis=1) > 0)
    return np.where(mul[:, None], s_mul, s_add), mul


def theta_forecast(X: np.ndarray, h: int, period: int = PERIOD) -> np.ndarray:
    """statsmodels ``ThetaModel(period=52).fit().forecast(h)`` for every row, in numpy."""
    X = X.astype(float)
    T = X.shape[1]
    seasonal = 2 * period <= T
    Y = X
    if seasonal:
        d = X - X.mean(axis=1, keepdims=True)
        den = (d * d).sum(axis=1)
        safe = np.where(den > 0, den, 1.0)
        rho = np.stack([(d[:, : T - k] * d[:, k:]).sum(axis=1) / safe for k in range(period + 1)])
        stat = T * rho[-1] ** 2 / np.maximum((rho[:-1] ** 2).sum(axis=0), 1e-12)
        has = (stat > 2.705543454095404) & (den > 0)
        S, mul = seasonal_indices(X, period)
        s_in = S[:, np.arange(T) % period]
        with np.errstate(divide="ignore", invalid="ignore"):
            Y = np.where(has[:, None], np.where(mul[:, None], X / s_in, X - s_in), X)
    tt = np.arange(T, dtype=float) - (T - 1) / 2
    b0 = ((Y - Y.mean(axis=1, keepdims=True)) * tt).sum(axis=1) / (tt**2).sum()
    level, alpha = ses_level(Y)
    k = np.arange(h, dtype=float)[None, :]
    a = alpha[:, None]
    f: np.ndarray = level[:, None] + 0.5 * b0[:, None] * (k + 1 / a - (1 - a) ** T / a)
    if seasonal:
        s_out = S[:, (T + np.arange(h)) % period]
        f = np.where(has[:, None], np.where(mul[:, None], f * s_out, f + s_out), f)
    return f


@dataclass(frozen=True)
class Theta(_NumpyModel):
    """Theta method (theta = 2). ``engine="statsmodels"`` calls ``ThetaModel`` directly."""

    name: str = "theta"
    engine: Literal["numpy", "statsmodels"] = "numpy"

    def fallback(self, weeks: int) -> str:
        return "no seasonality (< 2 years of history)" if weeks < 2 * PERIOD else ""

    def forecast_batch(self, X: np.ndarray, h: int) -> np.ndarray:
        if self.engine == "numpy":
            return theta_forecast(X, h)
        return np.stack([_sm_theta(x, h) for x in X])


def _sm_theta(x: np.ndarray, h: int) -> np.ndarray:
    from statsmodels.tsa.forecasting.theta import ThetaModel

    y = pd.Series(x, index=pd.date_range("2000-01-03", periods=x.size, freq="W-MON"))
    if x.size >= 2 * PERIOD:
        mod = ThetaModel(y, period=PERIOD)
    else:
        mod = ThetaModel(y, deseasonalize=False)
    return np.asarray(mod.fit().forecast(h), dtype=float)


# --------------------------------------------------------------------------- harmonic
def _fourier(t: np.ndarray, pairs: int, period: int) -> np.ndarray:
    w = 2 * np.pi * t[:, None] * np.arange(1, pairs + 1)[None, :] / period
    return np.concatenate([np.cos(w), np.sin(w)], axis=1)


def harmonic_forecast(
    X: np.ndarray,
    h: int,
    *,
    pairs: int = 3,
    period: int = PERIOD,
    min_weeks: int = HARMONIC_MIN_WEEKS,
) -> np.ndarray:
    """Fourier seasonality (+ linear trend, least squares) and an SES level of the rest."""
    X = X.astype(float)
    T = X.shape[1]
    if min_weeks > T:
        return np.repeat(ses_level(X)[0][:, None], h, axis=1)
    t = np.arange(T + h, dtype=float)
    F = _fourier(t, pairs, period)
    design = np.c_[np.ones(T), t[:T] / T, F[:T]]
    coef = np.linalg.pinv(design) @ X.T  # least squares, one small pseudo-inverse for all rows
    season = F @ coef[2:]  # (T + h, B)
    level, _ = ses_level(X - season[:T].T)
    out: np.ndarray = level[:, None] + season[T:].T
    return out


@dataclass(frozen=True)
class Harmonic(_NumpyModel):
    """Fourier-seasonal + SES level; ``log=True`` works on ``log1p`` (non-negative rows)."""

    name: str = "harmonic"
    log: bool = False
    pairs: int = 3

    def fallback(self, weeks: int) -> str:
        return (
            f"= SES level (< {HARMONIC_MIN_WEEKS} weeks of history)"
            if weeks < HARMONIC_MIN_WEEKS
            else ""
        )

    def forecast_batch(self, X: np.ndarray, h: int) -> np.ndarray:
        if not self.log:
            return harmonic_forecast(X, h, pairs=self.pairs)
        X = X.astype(float)
        pos = X.min(axis=1) >= 0
        out = harmonic_forecast(np.where(pos[:, None], np.log1p(np.abs(X)), X), h, pairs=self.pairs)
        return np.where(pos[:, None], np.expm1(np.minimum(out, 50.0)), out)


MODELS: tuple[Model, ...] = (
    Naive(),
    SeasonalNaive(),
    DampedETS(),
    Theta(),
    Harmonic(),
    Harmonic(name="harmonic_log", log=True),
    Harmonic(name="harmonic_log2", log=True, pairs=2),
    Harmonic(name="harmonic_log5", log=True, pairs=5),
)
MODEL_NAMES: tuple[str, ...] = tuple(m.name for m in MODELS)
