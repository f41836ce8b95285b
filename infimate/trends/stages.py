"""Lifecycle stages of a curve, in plain words: one rule used by every page and the report.

From the trailing ``smooth``-week mean ``s`` of the curve, its growth over ``smooth``
weeks ``g = s[t] / s[t - smooth] - 1`` and the element's own history (median ``med`` of
the previous ``history`` weeks, max ``top`` of the last ``top_weeks``), by
:class:`StageRule` (its :meth:`~StageRule.describe` is the text the UI shows), first match
wins:

- *one-off spike*: within the last ``spike_weeks`` the raw curve jumped to ≥ ``spike_k``
  × ``med`` straight from its usual level, stayed up ≤ ``spike_len`` weeks and is falling
  back (a news jump, not a trend);
- *seasonal*: the curve is moving (``|g| ≥ rise``, or elevated ≥ ``peak_k`` × ``med``) the
  way it moved at the same weeks a year earlier, and its last year correlates with the
  year before (≥ ``seasonal_corr``, over ≥ 12 weeks): it returns every year
  (:func:`seasonal_years` says which years);
- *emerging*: ``g ≥ rise`` while ``s < breakout_k × med`` (rising, not broken out yet);
- *rising*: ``g ≥ rise`` and ``s ≥ breakout_k × med``;
- *declining*: ``g ≤ fall`` and ``s < off_top × top``;
- *peaking*: otherwise, when ``s ≥ peak_k × med`` and ``s ≥ near_top × top`` (elevated, flat);
- *dormant*: otherwise — flat at its usual level, or quiet.

Growth needs evidence: a post-derived curve needs ≥ ``min_mentions`` mentions in the last
``smooth`` weeks.

Example
-------
>>> import numpy as np
>>> stage_of(np.r_[np.full(60, 1.0), np.linspace(1, 6, 10)])
'rising'
>>> stage_of(np.r_[np.full(60, 1.0), 5.0, 5.0, 1.0, 1.0])
'one-off spike'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

STAGES = ("emerging", "rising", "peaking", "seasonal", "one-off spike", "declining", "dormant")
Stage = Literal[
    "emerging", "rising", "peaking", "seasonal", "one-off spike", "declining", "dormant"
]
YEAR = 52


@dataclass(frozen=True)
class StageRule:
    """Thresholds of the lifecycle stages (module docstring)."""

    smooth: int = 4
    history: int = 52
    top_weeks: int = 26
    rise: float = 0.25
    fall: float = -0.2
    breakout_k: float = 2.0
    peak_k: float = 1.5
    near_top: float = 0.7
    off_top: float = 0.8
    min_mentions: int = 5
    spike_weeks: int = 6
    spike_k: float = 2.0
    spike_len: int = 3
    seasonal_corr: float = 0.4

    def describe(self) -> str:
        """The stages in plain words, with this rule's numbers.

        >>> STAGE_RULE.describe()[:46]
        'Stages from the smoothed (4-week) curve — shar'
        """
        w = self.smooth
        return (
            f"Stages from the smoothed ({w}-week) curve — share of voice, or the imported "
            f"value — against the element's own history: one-off spike = jumped to "
            f"{self.spike_k:g}x its usual level within a week, up at most {self.spike_len} "
            f"weeks and falling back (news, not a trend); seasonal = moving the way it did "
            f"the same weeks last year (returns every year); emerging = {self.rise:+.0%} in "
            f"{w} weeks, below {self.breakout_k:g}x its usual level; rising = "
            f"{self.rise:+.0%} and at least {self.breakout_k:g}x; peaking = elevated and flat; "
            f"declining = {self.fall:+.0%} and below {self.off_top:.0%} of its recent top; "
            "dormant = otherwise."
        )


STAGE_RULE = StageRule()


def trailing_mean(a: np.ndarray, w: int = 4) -> np.ndarray:
    """Mean of the last ``w`` weeks at every week (shorter at the start), along the last axis."""
    c = np.cumsum(np.concatenate([np.zeros((*a.shape[:-1], 1)), a], axis=-1), axis=-1)
    t = np.arange(a.shape[-1])
    lo = np.maximum(t + 1 - w, 0)
    mean: np.ndarray = (c[..., t + 1] - c[..., lo]) / (t + 1 - lo)
    return mean


def _growth(s: np.ndarray, end: int, w: int) -> np.ndarray:
    """``s[:, end] / s[:, end - w] - 1`` (inf when it grew from zero)."""
    cur, prev = s[:, end], s[:, max(end - w, 0)]
    g: np.ndarray = np.divide(cur, prev, out=np.where(cur > 0, np.inf, 0.0), where=prev > 0) - 1
    return g


def _yearly_corr(s: np.ndarray, end: int) -> np.ndarray:
    """Correlation of the (up to) year ending at ``end`` with the same weeks a year before
    (NaN with fewer than 12 weeks to compare)."""
    n_overlap = min(YEAR, end + 1 - YEAR)
    out = np.full(len(s), np.nan)
    if n_overlap < 12:
        return out
    a = s[:, end + 1 - n_overlap : end + 1]
    b = s[:, end + 1 - n_overlap - YEAR : end + 1 - YEAR]
    a, b = a - a.mean(axis=1, keepdims=True), b - b.mean(axis=1, keepdims=True)
    den = np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))
    np.divide((a * b).sum(axis=1), den, out=out, where=den > 0)
    return out


def _moving(s: np.ndarray, end: int, med: np.ndarray, rule: StageRule) -> np.ndarray:
    """-1 falling, +1 rising or elevated, 0 flat at its usual level — at week ``end``."""
    g = _growth(s, end, rule.smooth)
    up = (g >= rule.rise) | (s[:, end] >= rule.peak_k * med) & (med > 0)
    out: np.ndarray = np.where(up, 1, np.where(g <= rule.fall, -1, 0))
    return out


def seasonal_matches(value: np.ndarray, *, rule: StageRule = STAGE_RULE) -> np.ndarray:
    """[series, years back] — the curve at the same week 1, 2 … years earlier moved the way
    it moves at its last week (up/elevated or falling), and its last year correlates with
    the year before."""
    n, T = value.shape
    years = max(0, (T - rule.smooth - 1) // YEAR)
    out = np.zeros((n, years), dtype=bool)
    if YEAR + 2 * rule.smooth > T:
        return out
    s = trailing_mean(value, rule.smooth)
    end = T - 1
    med_now = np.median(value[:, max(0, T - rule.history - rule.smooth) : T - rule.smooth], axis=1)
    now = _moving(s, end, med_now, rule)
    cyclic = _yearly_corr(s, end) >= rule.seasonal_corr
    for k in range(years):
        e = end - YEAR * (k + 1)
        lo = max(0, e + 1 - rule.history - rule.smooth)
        med = np.median(value[:, lo : max(lo + 1, e + 1 - rule.smooth)], axis=1)
        out[:, k] = (now != 0) & (_moving(s, e, med, rule) == now) & cyclic
    return out


def seasonal_years(value: np.ndarray, *, rule: StageRule = STAGE_RULE) -> np.ndarray:
    """How many earlier years moved like the last week does (0, 1, 2 …), per series."""
    count: np.ndarray = seasonal_matches(value, rule=rule).sum(axis=1)
    return count


def _spikes(value: np.ndarray, med: np.ndarray, rule: StageRule) -> np.ndarray:
    """A jump straight from the usual level, short-lived and falling back (module docstring)."""
    n, T = value.shape
    lo = max(0, T - rule.spike_weeks - rule.spike_len)
    recent = value[:, lo:]
    high = recent >= 1.5 * med[:, None]
    first = high.argmax(axis=1) + lo  # the first high week of the window
    before = value[np.arange(n), np.maximum(first - 1, 0)]
    peak = recent.max(axis=1)
    out: np.ndarray = (
        (med > 0)
        & high.any(axis=1)
        & (first > 0)
        & (first >= T - rule.spike_weeks)
        & (peak >= rule.spike_k * med)
        & (before < 1.3 * med)  # straight from the usual level
        & (high.sum(axis=1) <= rule.spike_len)
        & (value[:, -1] <= 0.8 * peak)  # falling back
    )
    return out


def stages(
    value: np.ndarray, mentions: np.ndarray | None = None, *, rule: StageRule = STAGE_RULE
) -> np.ndarray:
    """Lifecycle stage of every series at its last week (see module docstring)."""
    n, T = value.shape
    if T == 0:
        return np.full(n, "dormant", dtype=object)
    w = rule.smooth
    s = trailing_mean(value, w)
    cur = s[:, -1]
    g = _growth(s, T - 1, w)
    med = np.median(value[:, max(0, T - rule.history - w) : max(1, T - w)], axis=1)
    top = s[:, max(0, T - rule.top_weeks) :].max(axis=1)
    enough = (
        np.ones(n, bool) if mentions is None else mentions[:, -w:].sum(axis=1) >= rule.min_mentions
    )
    out = np.full(n, "dormant", dtype=object)
    up = (g >= rule.rise) & enough
    down = ~up & (g <= rule.fall) & (cur < rule.off_top * top) & (top > 0)
    peak = ~up & ~down & (cur >= rule.peak_k * med) & (cur >= rule.near_top * top) & (cur > 0)
    out[peak] = "peaking"
    out[down] = "declining"
    out[up & (cur < rule.breakout_k * med)] = "emerging"
    out[up & (cur >= rule.breakout_k * med)] = "rising"
    out[(seasonal_years(value, rule=rule) > 0) & (up | down | peak)] = "seasonal"
    out[_spikes(value, med, rule) & enough] = "one-off spike"
    return out


def stage_of(y: np.ndarray) -> str:
    """Lifecycle stage of one curve at its last point."""
    return str(stages(np.asarray(y, float)[None, :])[0])
