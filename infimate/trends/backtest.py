"""The walk-forward backtest of early-signal alerts against breakouts, beside a naive baseline.

History is replayed week by week (:func:`infimate.trends.early_signal.replay`): at week
*t* the scorer sees the panel cut at *t* only. Alerts are matched to the breakouts of the
documented rule (:mod:`infimate.trends.breakouts`) within ``horizon_days``; precision,
recall, lead time and false alarms per series-year are reported for the alert score and
for the naive level threshold measured in the same run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

import numpy as np
import polars as pl

from infimate.errors import InfimateError
from infimate.trends.breakouts import BreakoutRule, MatchScore, match_alerts
from infimate.trends.curves import Panel, market_level
from infimate.trends.early_signal import (
    ALERT_RULE,
    NAIVE_RULE,
    AlertRule,
    NaiveRule,
    _metric,
    corroboration_for,
    panels_by_kind,
    replay,
)


# ---------------------------------------------------------------------------- backtest
@dataclass(frozen=True)
class AlertBacktest:
    """Walk-forward backtest of the scorer and the naive baseline on the same series."""

    model: MatchScore
    baseline: MatchScore
    horizon_days: int
    rule: AlertRule
    breakout_rule: dict[str, Any]
    alerts: pl.DataFrame
    breakouts: pl.DataFrame

    def as_dict(self) -> dict[str, Any]:
        """The ``backtest --json`` object (keys in DESIGN.md), plus the lead distribution."""

        def keys(s: MatchScore) -> dict[str, Any]:
            d = {
                k: getattr(s, k)
                for k in (
                    "series",
                    "breakouts",
                    "alerts",
                    "precision",
                    "recall",
                    "median_lead_days",
                    "false_alarms_per_series_year",
                )
            }
            lead = np.array(s.lead_days) if s.lead_days else None
            d["lead_days_quartiles"] = (
                None if lead is None else [float(np.percentile(lead, q)) for q in (25, 50, 75)]
            )
            d["pending_alerts"] = s.pending
            return d

        return {
            **keys(self.model),
            "horizon_days": self.horizon_days,
            "baseline": keys(self.baseline),
            "alert_rule": asdict(self.rule),
            "breakout_rule": self.breakout_rule,
        }


def backtest_panel(
    panel: Panel,
    *,
    horizon_days: int = 84,
    breakouts: pl.DataFrame | None = None,
    rule: AlertRule = ALERT_RULE,
    naive: NaiveRule = NAIVE_RULE,
    corroboration: np.ndarray | None = None,
) -> AlertBacktest:
    """Replay the scorer and the naive baseline over ``panel`` and match both to breakouts.

    ``breakouts`` (keys + date) defaults to the breakout rule applied to each series.
    """
    from infimate.trends.breakouts import breakout_weeks

    brule = BreakoutRule.for_metric(_metric(panel))
    key_cols = list(panel.keys.columns)
    if breakouts is None:
        rows = [
            {**panel.keys.row(i, named=True), "date": panel.weeks[t]}
            for i in range(panel.keys.height)
            for t in breakout_weeks(panel.value[i], brule)
        ]
        schema = {**dict(panel.keys.schema), "date": pl.Date()}
        breakouts = pl.DataFrame(rows, schema=schema)
    join_keys = [c for c in key_cols if c in breakouts.columns]
    model = replay(panel, rule=rule, corroboration=corroboration)
    base = replay(panel, rule=rule, naive=naive)
    years = panel.keys.height * len(panel.weeks) / 52.18
    end = panel.weeks[-1] if panel.weeks else None
    score_alerts = partial(
        match_alerts,
        keys=join_keys,
        horizon_days=horizon_days,
        series_years=years,
        n_series=panel.keys.height,
        end=end,
    )
    return AlertBacktest(
        model=score_alerts(model, breakouts),
        baseline=score_alerts(base, breakouts),
        horizon_days=horizon_days,
        rule=rule,
        breakout_rule=brule.as_dict(),
        alerts=model,
        breakouts=breakouts,
    )


def backtest_signals(
    signals: pl.DataFrame, *, horizon_days: int = 84, segments: pl.DataFrame | None = None
) -> AlertBacktest:
    """Backtest on element × market series: post-derived when there are any, else imported."""
    panels = panels_by_kind(market_level(signals), segments=segments)
    if not panels:
        raise InfimateError("no series to backtest (the signals are empty)")
    if "posts" in panels:
        corr = corroboration_for(panels["posts"], panels.get("imported"))
        return backtest_panel(panels["posts"], horizon_days=horizon_days, corroboration=corr)
    return backtest_panel(panels["imported"], horizon_days=horizon_days)
