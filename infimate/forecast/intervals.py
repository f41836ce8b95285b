"""Forecast intervals calibrated on backtest errors (``INTERVAL_RULE``), and their coverage.

Errors are *scaled*: (truth − forecast) ÷ the series' in-sample one-step naive error, so
quantiles pooled across series of different sizes apply to any one series once multiplied
back by its own scale.

Example
-------
>>> import numpy as np
>>> cal = IntervalCalibration.from_errors(np.array([[-1.0, 2.0], [1.0, -2.0]] * 50))
>>> b = cal.bounds(np.array([10.0, 10.0]), 2.0, nonnegative=True)
>>> bool(b["lo95"][1] < 10 < b["hi95"][1])
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

INTERVAL_RULE = (
    "80% and 95% intervals are empirical quantiles of past backtest errors of the combined "
    "forecast, per horizon week, divided by each series' own scale (in-sample one-step "
    "naive error) and pooled across series, then multiplied back by this series' scale; "
    "clipped at 0 for non-negative data."
)
_LEVELS = {"lo80": 0.10, "hi80": 0.90, "lo95": 0.025, "hi95": 0.975}


@dataclass(frozen=True)
class IntervalCalibration:
    """Quantiles of scaled combined-forecast errors per horizon step (``INTERVAL_RULE``)."""

    lo80: tuple[float, ...]
    hi80: tuple[float, ...]
    lo95: tuple[float, ...]
    hi95: tuple[float, ...]
    n_errors: int

    @classmethod
    def from_errors(cls, scaled: np.ndarray, *, pool_steps: int = 0) -> IntervalCalibration:
        """``scaled`` (n, h) signed errors (truth − forecast) ÷ scale.

        ``pool_steps`` > 0 also pools the neighbouring steps ±pool_steps (for one series).
        """
        n, h = scaled.shape
        q: dict[str, list[float]] = {k: [] for k in _LEVELS}
        for k in range(h):
            lo, hi = max(0, k - pool_steps), min(h, k + pool_steps + 1)
            e = scaled[:, lo:hi].ravel()
            e = e[np.isfinite(e)]
            m = max(e.size, 1)
            for name, level in _LEVELS.items():
                # split-conformal style finite-sample widening of the tail levels
                lev = 0.5 + (level - 0.5) * min(1.0 + 1.0 / m, 1.0 / (2 * abs(level - 0.5)))
                q[name].append(float(np.quantile(e, lev)) if e.size else 0.0)
        lo80, hi80, lo95, hi95 = (tuple(q[name]) for name in _LEVELS)
        return cls(lo80, hi80, lo95, hi95, n_errors=int(n))

    def bounds(
        self, point: np.ndarray, scale: np.ndarray | float, *, nonnegative: bool
    ) -> dict[str, np.ndarray]:
        """Interval bounds for (..., h) point forecasts and (...) scales."""
        sc = np.asarray(scale, dtype=float)[..., None]
        out = {}
        for name in _LEVELS:
            b = point + np.asarray(getattr(self, name))[: point.shape[-1]] * sc
            out[name] = np.clip(b, 0.0, None) if nonnegative else b
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form (lists of floats); :meth:`from_dict` reads it back."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> IntervalCalibration:
        """Inverse of :meth:`to_dict`."""
        lo80, hi80, lo95, hi95 = (tuple(float(x) for x in d[name]) for name in _LEVELS)
        return cls(lo80, hi80, lo95, hi95, int(d["n_errors"]))


def coverage(
    scaled: np.ndarray,
    combined: np.ndarray,
    actuals: np.ndarray,
    scale: np.ndarray,
    nonneg: np.ndarray,
    *,
    first: int,
) -> tuple[float, float]:
    """Out-of-sample coverage of the 80% and 95% intervals.

    ``scaled``, ``combined``, ``actuals`` (S, O, h); ``scale`` (S, O); ``nonneg`` (S,).
    At each origin ``o`` ≥ ``first`` the intervals are calibrated on the scaled errors of
    the origins before ``o`` only, then checked against that origin's actuals.
    """
    h = scaled.shape[2]
    cov80, cov95 = [], []
    for o in range(first, scaled.shape[1]):
        cal = IntervalCalibration.from_errors(scaled[:, :o].reshape(-1, h))
        b = cal.bounds(combined[:, o], scale[:, o], nonnegative=False)
        b = {k: np.where(nonneg[:, None], np.clip(v, 0, None), v) for k, v in b.items()}
        y = actuals[:, o]
        cov80.append((y >= b["lo80"]) & (y <= b["hi80"]))
        cov95.append((y >= b["lo95"]) & (y <= b["hi95"]))
    return float(np.mean(cov80)), float(np.mean(cov95))
