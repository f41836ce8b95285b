"""Breakouts: the documented ground-truth rule, and matching alerts to breakouts.

**Breakout rule** (DESIGN.md "Definitions"). Week *t* of a weekly series is a breakout when

1. the mean of the ``window`` weeks ending at *t* (default 4) is above ``k`` (default 2)
   × the median of the trailing ``history`` weeks before that window (default 52; at least
   ``min_history`` = 26 weeks must exist, so a series needs half a year of history), and
2. that mean is above an absolute ``floor`` (share of voice 1.5 %, a Google Trends index
   of 10, or whatever the metric needs), and
3. conditions 1–2 did not hold in any of the previous ``refractory`` weeks (default 26):
   one breakout per rise, not one per week of it.

Only data up to week *t* is used, so the same rule can label history and run live.

**Lead time** is breakout date − first alert date (days) for alerts fired within
``horizon_days`` before the breakout. **Precision** = alerts followed by a breakout of the
same series within the horizon ÷ alerts; **recall** = breakouts preceded by an alert within
the horizon ÷ breakouts.

Example
-------
>>> import numpy as np
>>> y = np.r_[np.full(40, 1.0), np.full(12, 5.0)]
>>> breakout_weeks(y, BreakoutRule(floor=0.5))
[41]
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import polars as pl

FLOORS: dict[str, float] = {"share": 0.015, "index": 10.0, "mentions": 5.0}


@dataclass(frozen=True)
class BreakoutRule:
    """Parameters of the breakout rule (see module docstring)."""

    k: float = 2.0
    window: int = 4
    history: int = 52
    min_history: int = 26
    floor: float = 0.015
    refractory: int = 26

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    def describe(self) -> str:
        """The rule in plain words, with its numbers.

        >>> BreakoutRule().describe()
        'breakout = 4-week mean > 2× the median of the 52 weeks before it, above a floor'
        """
        return (
            f"breakout = {self.window}-week mean > {self.k:g}× the median of the "
            f"{self.history} weeks before it, above a floor"
        )

    @staticmethod
    def for_metric(metric: str | None) -> BreakoutRule:
        """The default rule with the floor suited to a metric (share, index, mentions)."""
        return BreakoutRule(floor=FLOORS.get(metric or "", FLOORS["share"]))


def _rolling_mean(y: np.ndarray, w: int) -> np.ndarray:
    c = np.cumsum(np.r_[0.0, y])
    out = np.full(len(y), np.nan)
    if len(y) >= w:
        out[w - 1 :] = (c[w:] - c[:-w]) / w
    return out


def trailing_median(y: np.ndarray, *, history: int, gap: int) -> np.ndarray:
    """Median of ``y[t-gap-history+1 : t-gap+1]`` for every t (NaN-padded at the start).

    ``gap`` = window: the history ends just before the ``window`` weeks ending at t.
    """
    y = np.asarray(y, dtype=float)
    pad = np.r_[np.full(history + gap, np.nan), y]
    win = np.lib.stride_tricks.sliding_window_view(pad, history)[: len(y)]
    # win[t] covers pad[t : t+history] = y[t-history-gap : t-gap]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN windows at the start
        med: np.ndarray = np.nanmedian(win, axis=1)
    return med


def breakout_condition(y: np.ndarray, rule: BreakoutRule) -> np.ndarray:
    """Boolean per week: conditions 1 and 2 of the rule hold (no refractory)."""
    y = np.asarray(y, dtype=float)
    n = len(y)
    mean_w = _rolling_mean(y, rule.window)
    base = trailing_median(y, history=rule.history, gap=rule.window - 1)
    ok = np.zeros(n, dtype=bool)
    first = rule.window + rule.min_history - 1
    if n > first:
        m, b = mean_w[first:], base[first:]
        ok[first:] = (m > rule.k * b) & (m > rule.floor)
    return ok


def breakout_weeks(y: np.ndarray, rule: BreakoutRule | None = None) -> list[int]:
    """Indices of breakout weeks in one series (conditions + refractory period)."""
    rule = rule or BreakoutRule()
    cond = breakout_condition(y, rule)
    out: list[int] = []
    last_true = -(10**9)  # last week the condition held
    for t in np.flatnonzero(cond):
        if t - last_true > rule.refractory:
            out.append(int(t))
        last_true = int(t)
    return out


def broke_out_a_year_ago(value: np.ndarray, rule: BreakoutRule, ahead: int = 12) -> np.ndarray:
    """The breakout condition held at some week from a year ago to ``ahead`` weeks after it."""
    T = value.shape[1]
    out = np.zeros(len(value), dtype=bool)
    for e in range(T - 1 - 52, min(T - 1, T - 1 - 52 + ahead) + 1):
        if e + 1 >= rule.window + rule.min_history:
            mean_w = value[:, e + 1 - rule.window : e + 1].mean(axis=1)
            hist = value[:, max(0, e + 1 - rule.window - rule.history) : e + 1 - rule.window]
            out |= (mean_w > rule.k * np.median(hist, axis=1)) & (mean_w > rule.floor)
    return out


def series_breakouts(
    series: pl.DataFrame, *, keys: list[str], rule: BreakoutRule | None = None
) -> pl.DataFrame:
    """Breakouts of every series in a long frame (keys + ``date`` + ``value``).

    Weeks missing inside a series are treated as 0 (no mentions that week). Returns the
    keys plus ``date`` of each breakout.
    """
    rows: list[dict[str, Any]] = []
    for key, g in series.sort("date").group_by(keys, maintain_order=True):
        dates = g["date"].to_list()
        y = g["value"].to_numpy()
        rule_i = rule or BreakoutRule.for_metric(g["metric"][0] if "metric" in g.columns else None)
        for t in breakout_weeks(y, rule_i):
            rows.append({**dict(zip(keys, key, strict=True)), "date": dates[t]})
    schema = {k: series.schema[k] for k in keys} | {"date": pl.Date}
    return pl.DataFrame(rows, schema=schema)


@dataclass(frozen=True)
class MatchScore:
    """How alerts fared against breakouts (see module docstring for definitions)."""

    series: int
    breakouts: int
    alerts: int
    true_alerts: int
    detected: int
    precision: float | None
    recall: float | None
    median_lead_days: float | None
    lead_days: tuple[int, ...]
    false_alarms_per_series_year: float | None
    pending: int = 0

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["lead_days"] = list(self.lead_days)
        return d


def match_alerts(
    alerts: pl.DataFrame,
    breakouts: pl.DataFrame,
    *,
    keys: list[str],
    horizon_days: int = 84,
    series_years: float,
    n_series: int,
    end: date | None = None,
) -> MatchScore:
    """Match alert weeks to breakouts of the same series within ``horizon_days``.

    An alert is *true* when a breakout of its series falls in [alert date, alert date +
    horizon]; a breakout is *detected* when at least one alert precedes it within the
    horizon, and its lead is measured from the first such alert. With ``end`` (the last
    date of the data), an unmatched alert less than a horizon before the end is *pending*
    — its outcome is not known yet — and is left out of precision and false alarms.
    """
    a = alerts.select([*keys, pl.col("date").alias("alert_date")]).unique()
    b = breakouts.select([*keys, pl.col("date").alias("breakout_date")]).with_row_index("bid")
    pairs = a.join(b, on=keys, how="inner").filter(
        (pl.col("breakout_date") >= pl.col("alert_date"))
        & (pl.col("breakout_date") <= pl.col("alert_date") + timedelta(days=horizon_days))
    )
    matched = pairs.select([*keys, "alert_date"]).unique()
    if end is not None:
        cutoff = end - timedelta(days=horizon_days)
        unmatched = a.join(matched, on=[*keys, "alert_date"], how="anti")
        pending = unmatched.filter(pl.col("alert_date") > cutoff).height
    else:
        pending = 0
    leads = (
        pairs.group_by("bid")
        .agg(pl.col("alert_date").min(), pl.col("breakout_date").first())
        .with_columns(
            (pl.col("breakout_date") - pl.col("alert_date")).dt.total_days().alias("lead")
        )
    )
    lead_days = tuple(sorted(int(x) for x in leads["lead"].to_list()))
    n_alerts = a.height - pending
    true_alerts, n_breakouts = matched.height, b.height
    false_alarms = n_alerts - true_alerts
    return MatchScore(
        series=n_series,
        breakouts=n_breakouts,
        alerts=n_alerts,
        true_alerts=true_alerts,
        detected=leads.height,
        precision=round(true_alerts / n_alerts, 4) if n_alerts else None,
        recall=round(leads.height / n_breakouts, 4) if n_breakouts else None,
        median_lead_days=float(np.median(lead_days)) if lead_days else None,
        lead_days=lead_days,
        false_alarms_per_series_year=(
            round(false_alarms / series_years, 4) if series_years > 0 else None
        ),
        pending=pending,
    )


def week_start(d: date) -> date:
    """Monday of the week containing ``d``."""
    return d - timedelta(days=d.weekday())
