"""Lifecycle stages of a curve: emerging, rising, peaking, declining, dormant.

From the trailing ``smooth``-week mean ``s`` of the curve, its growth over ``smooth``
weeks ``g = s[t] / s[t - smooth] - 1`` and the element's own history (median ``med`` of
the previous ``history`` weeks, max ``top`` of the last ``top_weeks``), by
:class:`StageRule` (its :meth:`~StageRule.describe` is the text the UI shows):

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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

STAGES = ("emerging", "rising", "peaking", "declining", "dormant")
Stage = Literal["emerging", "rising", "peaking", "declining", "dormant"]


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

    def describe(self) -> str:
        """The stages in plain words, with this rule's numbers.

        >>> STAGE_RULE.describe()[:46]
        'Stages from the smoothed (4-week) curve — shar'
        """
        w = self.smooth
        return (
            f"Stages from the smoothed ({w}-week) curve — share of voice, or the imported "
            f"value — against the element's own history: emerging = {self.rise:+.0%} in {w} "
            f"weeks, below {self.breakout_k:g}x its usual level; rising = {self.rise:+.0%} "
            f"and at least {self.breakout_k:g}x; peaking = elevated and flat; declining = "
            f"{self.fall:+.0%} and below {self.off_top:.0%} of its recent top; "
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
    prev = s[:, -(w + 1)] if w + 1 <= T else s[:, 0]
    g = np.divide(cur, prev, out=np.where(cur > 0, np.inf, 0.0), where=prev > 0) - 1
    med = np.median(value[:, max(0, T - rule.history - w) : max(1, T - w)], axis=1)
    top = s[:, max(0, T - rule.top_weeks) :].max(axis=1)
    enough = (
        np.ones(n, bool) if mentions is None else mentions[:, -w:].sum(axis=1) >= rule.min_mentions
    )
    out = np.full(n, "dormant", dtype=object)
    up = (g >= rule.rise) & enough
    out[up & (cur < rule.breakout_k * med)] = "emerging"
    out[up & (cur >= rule.breakout_k * med)] = "rising"
    down = ~up & (g <= rule.fall) & (cur < rule.off_top * top) & (top > 0)
    out[down] = "declining"
    peak = ~up & ~down & (cur >= rule.peak_k * med) & (cur >= rule.near_top * top) & (cur > 0)
    out[peak] = "peaking"
    return out


def stage_of(y: np.ndarray) -> str:
    """Lifecycle stage of one curve at its last point."""
    return str(stages(np.asarray(y, float)[None, :])[0])
