"""Weighted evidence of a coming breakout on imported series (search, Google Trends, sales).

Imported series have no posts behind them, so no KOL signal and no counts to test; what a
merchandiser can still read from them, at week *t* and from data up to *t* only:

* **ratio** — the last 4 weeks' mean over the series' usual level (the median of the 52
  weeks before them, the breakout rule's baseline), and the same ratio a week earlier:
  how far the rise has come, and whether it is still growing (*persistence*);
* **breadth** — the share of the element's other markets whose ratio is ≥ 1.35 now (a
  trend in several markets at once), where the element has ≥ 3 other markets;
* **seasonal** — the breakout condition held at the coming 12 weeks one year earlier
  (the rise came at these weeks last year);
* **common shock** — the share of *all* series (every element and market) whose ratio is
  ≥ 1.35: when everything rises at once (a holiday, a pandemic, a change in how the source
  counts) one series rising says less about that series;
* **projection** — last year's 4-week level in the coming 12 weeks over today's usual
  level: where the curve will be if this year repeats last year;
* **surprise** — the robust z-score of the last 4 weeks against the 16 before them (the
  early-signal score of an imported series): a rise far outside the series' own noise.

``chance`` is a logistic weighing of the first four (:class:`EvidenceRule` holds the
weights). An alert fires when ``chance ≥ threshold``, or when the projection is ≥
``projection_k`` (a seasonal return on its way), in both cases with a ratio ≥
``min_ratio`` — or, on its own, when the surprise is ≥ ``surprise_z`` with a ratio ≥
``surprise_ratio`` that is still growing. Where breadth or the common shock cannot be measured (one market; fewer
than ``shock_series`` series) they take a neutral value, so a single search term is
judged on its own curve; without breadth the evidence is thinner, and the alert fires
from ``threshold_alone``.

The weights and thresholds were chosen on half of the markets of a real Google Trends
file (even positions of the sorted ISO codes) and checked on the other half; the README
("Early-signal alerts") gives both.

Example
-------
>>> import numpy as np
>>> from infimate.trends.curves import Panel
>>> from infimate.trends.breakouts import BreakoutRule
>>> import datetime as dt, polars as pl
>>> weeks = tuple(dt.date(2020, 1, 6) + dt.timedelta(weeks=i) for i in range(60))
>>> y = np.r_[np.full(54, 10.0), 14.0, 18.0, 22.0, 26.0, 30.0, 34.0][None, :]
>>> p = Panel(pl.DataFrame({"element": ["x"], "market": ["US"]}), weeks, y)
>>> ev = evidence(p, breakout=BreakoutRule(floor=10.0))
>>> round(float(ev.ratio[0]), 1), bool(fires(ev)[0])
(2.8, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from infimate.trends.breakouts import BreakoutRule, broke_out_a_year_ago
from infimate.trends.confidence import HOLD_K, RECENT_WEEKS, market_groups, usual_level
from infimate.trends.curves import Panel
from infimate.trends.stages import YEAR


@dataclass(frozen=True)
class EvidenceRule:
    """Weights of the evidence (log-odds per unit) and the alert's thresholds."""

    intercept: float = -3.6
    ratio: float = 5.0  # × log(ratio)
    ratio_prev: float = -1.4  # × log(ratio a week earlier): a rise still growing weighs more
    breadth: float = 1.9
    seasonal: float = 1.3
    shock: float = -2.1
    threshold: float = 0.4
    threshold_alone: float = 0.3  # where breadth cannot be measured (one market)
    min_ratio: float = 1.35
    projection_k: float = 2.3
    surprise_z: float = 6.0
    surprise_ratio: float = 1.7
    breadth_markets: int = 3
    shock_series: int = 10
    neutral_breadth: float = 0.3
    neutral_shock: float = 0.2
    usual_floor: float = 0.05  # × the breakout floor: the least usual level a ratio divides by

    def describe(self) -> str:
        """The imported-series alert in plain words, with this rule's numbers.

        >>> EVIDENCE_RULE.describe()[:60]
        'Imported series (Google Trends, search, sales) have no menti'
        """
        return (
            "Imported series (Google Trends, search, sales) have no mentions: they alert when "
            f"the evidence — how far the last {RECENT_WEEKS} weeks are above the usual level "
            "and still growing, other markets rising too, a breakout at these weeks last year, "
            f"less when every series rises at once — gives a chance of ≥ {self.threshold:.0%} "
            f"(≥ {self.threshold_alone:.0%} with no other markets to compare), or last year's "
            f"level in the coming 12 weeks is ≥ {self.projection_k:g}x today's usual level, "
            f"with the curve ≥ {self.min_ratio:g}x its usual level; or when a rise far outside "
            f"the series' own noise (robust z ≥ {self.surprise_z:g}) is ≥ "
            f"{self.surprise_ratio:g}x and still growing."
        )


EVIDENCE_RULE = EvidenceRule()


@dataclass(frozen=True)
class Evidence:
    """The evidence of every series of a panel at its last week (module docstring)."""

    ratio: np.ndarray
    ratio_prev: np.ndarray
    breadth: np.ndarray
    shock: np.ndarray
    breadth_known: np.ndarray  # bool: the element has enough other markets to measure it
    seasonal: np.ndarray  # bool: broke out at the coming weeks a year earlier
    projection: np.ndarray
    surprise: np.ndarray
    chance: np.ndarray  # 0 where the ratio is below ``min_ratio`` (no alert can fire)


def _ratio(value: np.ndarray, least: float) -> np.ndarray:
    level = value[:, -RECENT_WEEKS:].mean(axis=1)
    r: np.ndarray = level / np.maximum(usual_level(value), least)
    return r


def _projection(value: np.ndarray, least: float, ahead: int = 12) -> np.ndarray:
    """Last year's 4-week mean at weeks t−51 … t−52+ahead over today's usual level."""
    T = value.shape[1]
    if T < YEAR + 1:
        return np.zeros(len(value))
    c = np.cumsum(np.c_[np.zeros(len(value)), value], axis=1)
    ends = np.arange(T - YEAR + 1, min(T, T - YEAR + ahead + 1))  # exclusive end indices
    ends = ends[ends >= RECENT_WEEKS]
    if len(ends) == 0:
        return np.zeros(len(value))
    means = (c[:, ends] - c[:, ends - RECENT_WEEKS]) / RECENT_WEEKS
    proj: np.ndarray = means.max(axis=1) / np.maximum(usual_level(value), least)
    return proj


def evidence(
    p: Panel,
    *,
    breakout: BreakoutRule,
    rule: EvidenceRule = EVIDENCE_RULE,
    groups: np.ndarray | None = None,
    surprise: np.ndarray | None = None,
) -> Evidence:
    """The evidence of every series of ``p`` at its last week, from ``p`` only (``breakout``:
    the rule whose floor and condition the evidence is measured against; ``surprise``: the
    series' robust z-scores, :func:`infimate.trends.early_signal.score_last_week`)."""
    v, n = p.value, p.keys.height
    least = rule.usual_floor * breakout.floor
    ratio = _ratio(v, least)
    up = (ratio >= HOLD_K).astype(float)
    g = market_groups(p.keys) if groups is None else groups
    size = np.bincount(g, minlength=g.max() + 1 if n else 0)[g] - 1
    share = (np.bincount(g, weights=up)[g] - up) / np.maximum(size, 1)
    known = size >= rule.breadth_markets
    breadth = np.where(known, share, rule.neutral_breadth)
    shock = np.full(n, up.mean() if n >= rule.shock_series else rule.neutral_shock)
    # the rest only where an alert can fire (ratio ≥ min_ratio): the medians cost time
    rows = np.flatnonzero(ratio >= rule.min_ratio)
    ratio_prev, seasonal = ratio.copy(), np.zeros(n, dtype=bool)
    projection, chance = np.zeros(n), np.zeros(n)
    if len(rows):
        sub = v[rows]
        if v.shape[1] > RECENT_WEEKS:
            ratio_prev[rows] = _ratio(sub[:, :-1], least)
        seasonal[rows] = broke_out_a_year_ago(sub, breakout)
        projection[rows] = _projection(sub, least)
        logit = (
            rule.intercept
            + rule.ratio * np.log(np.clip(ratio[rows], 0.05, 20))
            + rule.ratio_prev * np.log(np.clip(ratio_prev[rows], 0.05, 20))
            + rule.breadth * breadth[rows]
            + rule.seasonal * seasonal[rows]
            + rule.shock * shock[rows]
        )
        chance[rows] = 1 / (1 + np.exp(-logit))
    z = np.zeros(n) if surprise is None else surprise
    return Evidence(ratio, ratio_prev, breadth, shock, known, seasonal, projection, z, chance)


def fires(ev: Evidence, rule: EvidenceRule = EVIDENCE_RULE) -> np.ndarray:
    """Where the evidence calls an alert (before the level floor, history and cooldown)."""
    threshold = np.where(ev.breadth_known, rule.threshold, rule.threshold_alone)
    out: np.ndarray = (ev.ratio >= rule.min_ratio) & (
        (ev.chance >= threshold) | (ev.projection >= rule.projection_k)
    ) | (ev.surprise >= rule.surprise_z) & (ev.ratio >= rule.surprise_ratio) & (
        ev.ratio > ev.ratio_prev
    )
    return out
