"""The walk-forward backtest of early-signal alerts against breakouts, beside a naive baseline.

History is replayed week by week (:func:`infimate.trends.early_signal.replay`): at week
*t* the scorer sees the panel cut at *t* only. Alerts are matched to the breakouts of the
documented rule (:mod:`infimate.trends.breakouts`) within ``horizon_days``; precision,
recall, lead time and false alarms per series-year are reported for the alert score and
for the naive level threshold measured in the same run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
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
from infimate.trends.scorecard import (
    Point,
    at_precision,
    breakout_kinds,
    by_half,
    by_kind,
    by_market,
    false_alarms,
    missed_breakouts,
    stage_counts,
)


# ---------------------------------------------------------------------------- backtest
@dataclass(frozen=True)
class AlertBacktest:
    """Walk-forward backtest of the scorer and the naive baseline on the same series, with
    the merchandiser's reading of it (:mod:`infimate.trends.scorecard`)."""

    model: MatchScore
    baseline: MatchScore
    horizon_days: int
    rule: AlertRule
    breakout_rule: dict[str, Any]
    alerts: pl.DataFrame
    breakouts: pl.DataFrame
    kinds: dict[str, dict[str, Any]] = field(default_factory=dict)
    model_sweep: tuple[Point, ...] = ()
    naive_sweep: tuple[Point, ...] = ()
    markets: tuple[dict[str, Any], ...] = ()
    false: pl.DataFrame = field(default_factory=pl.DataFrame)
    missed: pl.DataFrame = field(default_factory=pl.DataFrame)
    halves: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def baseline_at_matched_precision(self) -> dict[str, Any] | None:
        """The naive threshold at the alert score's precision (its recall and lead)."""
        return at_precision(self.naive_sweep, self.model.precision)

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
            "baseline_at_matched_precision": self.baseline_at_matched_precision,
            "by_kind": self.kinds,
            "sweep": {
                "model": [asdict(p) for p in self.model_sweep],
                "naive": [asdict(p) for p in self.naive_sweep],
            },
            "by_market": list(self.markets),
            "by_half": self.halves,
            "false_alarms_by_stage": stage_counts(self.false),
            "false_alarms": _listed(self.false),
            "missed_breakouts_by_stage": stage_counts(self.missed),
            "missed_breakouts": _listed(self.missed),
            "alert_rule": asdict(self.rule),
            "breakout_rule": self.breakout_rule,
        }


def _listed(rows: pl.DataFrame) -> list[dict[str, Any]]:
    """The first ``FALSE_LISTED`` rows (false alarms, missed breakouts) as JSON objects."""
    if not rows.height:
        return []
    cols = [c for c in ("element", "market", "date", "stage", "kind") if c in rows.columns]
    return (
        rows.head(FALSE_LISTED).select(cols).with_columns(pl.col("date").cast(pl.String)).to_dicts()
    )


def backtest_panel(
    panel: Panel,
    *,
    horizon_days: int = 84,
    breakouts: pl.DataFrame | None = None,
    rule: AlertRule = ALERT_RULE,
    naive: NaiveRule = NAIVE_RULE,
    corroboration: np.ndarray | None = None,
    sweep: bool = True,
) -> AlertBacktest:
    """Replay the scorer and the naive baseline over ``panel`` and match both to breakouts.

    ``breakouts`` (keys + date) defaults to the breakout rule applied to each series. With
    ``sweep`` both rules are also replayed over a range of thresholds (matched precision).
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
    kw: dict[str, Any] = {
        "keys": join_keys,
        "horizon_days": horizon_days,
        "series_years": years,
        "end": end,
    }

    def score_alerts(alerts: pl.DataFrame, truth: pl.DataFrame) -> MatchScore:
        return match_alerts(
            alerts,
            truth,
            keys=join_keys,
            horizon_days=horizon_days,
            series_years=years,
            n_series=panel.keys.height,
            end=end,
        )

    breakouts = breakout_kinds(panel, breakouts, join_keys)
    model_sweep: tuple[Point, ...] = ()
    naive_sweep: tuple[Point, ...] = ()
    if sweep:
        model_sweep = tuple(
            _point(
                threshold,
                score_alerts(replay(panel, rule=r, corroboration=corroboration), breakouts),
            )
            for threshold, r in _swept(rule, counts=panel.counts)
        )
        naive_sweep = tuple(
            _point(k, score_alerts(replay(panel, rule=rule, naive=replace(naive, k=k)), breakouts))
            for k in NAIVE_KS
        )
    markets: tuple[dict[str, Any], ...] = ()
    halves: dict[str, dict[str, Any]] = {}
    if "market" in join_keys:
        n_series = dict(panel.keys.group_by("market").len().rows())
        markets = tuple(by_market(model, breakouts, n_series=n_series, **kw))
        halves = by_half(model, breakouts, n_series=n_series, **kw)
    return AlertBacktest(
        model=score_alerts(model, breakouts),
        baseline=score_alerts(base, breakouts),
        horizon_days=horizon_days,
        rule=rule,
        breakout_rule=brule.as_dict(),
        alerts=model,
        breakouts=breakouts,
        kinds=by_kind(model, breakouts, n_series=panel.keys.height, **kw),
        model_sweep=model_sweep,
        naive_sweep=naive_sweep,
        markets=markets,
        false=false_alarms(panel, model, breakouts, keys=join_keys, horizon_days=horizon_days),
        missed=missed_breakouts(panel, model, breakouts, keys=join_keys, horizon_days=horizon_days),
        halves=halves,
    )


#: Thresholds swept for the matched-precision comparison: the alert score's (as factors of
#: the rule's; for imported series the evidence's chance) and the naive level threshold's
#: (× the usual level).
MODEL_FACTORS = (0.5, 0.75, 1.0, 1.5, 2.0)
CHANCES = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
NAIVE_KS = (1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0)
#: False alarms and missed breakouts listed in the JSON (all are counted by stage).
FALSE_LISTED = 50


def _swept(rule: AlertRule, *, counts: bool) -> list[tuple[float, AlertRule]]:
    """The alert rule at each swept threshold: the score for post-derived series, the
    evidence's chance for imported ones."""
    if counts:
        return [(rule.score * f, replace(rule, score=rule.score * f)) for f in MODEL_FACTORS]
    ev, out = rule.evidence, []
    for c in CHANCES:  # the threshold without breadth moves with the one with it
        alone = max(0.0, c + ev.threshold_alone - ev.threshold)
        out.append((c, replace(rule, evidence=replace(ev, threshold=c, threshold_alone=alone))))
    return out


def _point(threshold: float, s: MatchScore) -> Point:
    return Point(round(threshold, 3), s.precision, s.recall, s.median_lead_days)


def backtest_signals(
    signals: pl.DataFrame,
    *,
    horizon_days: int = 84,
    segments: pl.DataFrame | None = None,
    sweep: bool = True,
) -> AlertBacktest:
    """Backtest on element × market series: post-derived when there are any, else imported."""
    panels = panels_by_kind(market_level(signals), segments=segments)
    if not panels:
        raise InfimateError("no series to backtest (the signals are empty)")
    if "posts" in panels:
        corr = corroboration_for(panels["posts"], panels.get("imported"))
        return backtest_panel(
            panels["posts"], horizon_days=horizon_days, corroboration=corr, sweep=sweep
        )
    return backtest_panel(panels["imported"], horizon_days=horizon_days, sweep=sweep)
