"""What a merchandiser reads from an alert backtest, beyond the headline precision and recall.

* **By kind** — precision of "seasonal return" and "new rise" alerts, and recall of the
  breakouts of each kind (a breakout is a seasonal return when its curve moved the same way
  at the same weeks of an earlier year, :func:`~infimate.trends.stages.seasonal_matches`,
  judged from the curve up to the breakout — never from the score);
* **At matched precision** — both rules swept over their thresholds: the naive level
  threshold at the precision the alert score reaches, with its recall and lead (a rule
  that fires later can always be more precise; the question is what lead each buys);
* **By market**, where the series have markets;
* **False alarms** — alerts no breakout followed, with the stage the curve was in when
  the alert fired (what the score confused: a spike, a seasonal wobble …);
* **Missed breakouts** — breakouts no alert preceded, with the stage the curve was in the
  week before (a jump from nowhere, a rise the score thought seasonal …);
* **Halves** — the same scores on two halves of the markets (sorted codes, even and odd
  positions): the imported evidence's thresholds were chosen on the even half, so the odd
  half is data they never saw.

Example
-------
>>> import datetime as dt
>>> pts = [Point(1.5, 0.30, 0.7, 14.0), Point(1.7, 0.46, 0.6, 14.0), Point(2.0, 0.9, 0.1, 7.0)]
>>> at_precision(pts, 0.45)
{'threshold': 1.7, 'precision': 0.46, 'recall': 0.6, 'median_lead_days': 14.0, 'reaches': True}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

import polars as pl

from infimate.trends.breakouts import match_alerts
from infimate.trends.curves import Panel
from infimate.trends.stages import seasonal_matches, stages

KINDS = ("seasonal return", "new rise")


@dataclass(frozen=True)
class Point:
    """One threshold of a swept rule and what it reached."""

    threshold: float
    precision: float | None
    recall: float | None
    median_lead_days: float | None


def at_precision(points: Sequence[Point], precision: float | None) -> dict[str, Any] | None:
    """The least strict point reaching ``precision`` (``reaches`` False: the most precise one)."""
    known = [p for p in points if p.precision is not None]
    if precision is None or not known:
        return None
    ok = [p for p in known if p.precision is not None and p.precision >= precision]
    best = (
        min(ok, key=lambda p: p.threshold) if ok else max(known, key=lambda p: p.precision or 0.0)
    )
    return {**asdict(best), "reaches": bool(ok)}


def breakout_kinds(panel: Panel, breakouts: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """``breakouts`` with a ``kind`` column: seasonal return or new rise (from the curve)."""
    if breakouts.is_empty():
        return breakouts.with_columns(pl.lit(None, pl.String).alias("kind"))
    rows = {r: i for i, r in enumerate(panel.keys.select(keys).rows())}
    week = {w: t for t, w in enumerate(panel.weeks)}
    kinds = []
    for r in breakouts.select(*keys, "date").rows():
        i, t = rows.get(tuple(r[:-1])), week.get(r[-1])
        seasonal = (
            i is not None
            and t is not None
            and bool(seasonal_matches(panel.value[i : i + 1, : t + 1]).any())
        )
        kinds.append(KINDS[0] if seasonal else KINDS[1])
    return breakouts.with_columns(pl.Series("kind", kinds, dtype=pl.String))


def false_alarms(
    panel: Panel,
    alerts: pl.DataFrame,
    breakouts: pl.DataFrame,
    *,
    keys: list[str],
    horizon_days: int,
) -> pl.DataFrame:
    """Alerts no breakout of their series followed within the horizon (pending ones left out),
    with the curve's stage when the alert fired."""
    if alerts.is_empty():
        return alerts.with_columns(pl.lit(None, pl.String).alias("stage"))
    horizon = timedelta(days=horizon_days)
    false = _unmatched(alerts, breakouts, keys, timedelta(0), horizon)
    false = false.filter(pl.col("date") <= panel.weeks[-1] - horizon)
    stage = _stage_at(panel, false.select(*keys, "date").rows(), keys, 0)
    return false.with_columns(pl.Series("stage", stage, dtype=pl.String))


def _unmatched(
    rows: pl.DataFrame, others: pl.DataFrame, keys: list[str], start: timedelta, end: timedelta
) -> pl.DataFrame:
    """``rows`` with no row of ``others`` of the same series (``keys``) dated from the
    row's date + ``start`` to its date + ``end``, both included."""
    other = others.select(*keys, pl.col("date").alias("other"))
    date = pl.col("date")
    matched = (
        rows.select(*keys, "date")
        .join(other, on=keys)
        .filter(pl.col("other").is_between(date + start, date + end))
        .select(*keys, "date")
        .unique()
    )
    return rows.join(matched, on=[*keys, "date"], how="anti")


def _stage_at(panel: Panel, rows: list[tuple[Any, ...]], keys: list[str], offset: int) -> list[str]:
    """The stage of each (keys…, date) row's curve at its week + ``offset``."""
    index = {r: i for i, r in enumerate(panel.keys.select(keys).rows())}
    week = {w: t for t, w in enumerate(panel.weeks)}
    out = []
    for r in rows:
        i, t = index[tuple(r[:-1])], week[r[-1]] + offset
        out.append(str(stages(panel.value[i : i + 1, : max(t, 0) + 1])[0]))
    return out


def missed_breakouts(
    panel: Panel,
    alerts: pl.DataFrame,
    breakouts: pl.DataFrame,
    *,
    keys: list[str],
    horizon_days: int,
) -> pl.DataFrame:
    """Breakouts no alert of their series preceded within the horizon, with the curve's
    stage the week before the breakout."""
    horizon = timedelta(days=horizon_days)
    out = _unmatched(breakouts, alerts, keys, -horizon, timedelta(0)).sort("date", *keys)
    stage = _stage_at(panel, out.select(*keys, "date").rows(), keys, -1)
    return out.with_columns(pl.Series("stage", stage, dtype=pl.String))


def by_half(
    alerts: pl.DataFrame, breakouts: pl.DataFrame, *, n_series: dict[str, int], **kw: Any
) -> dict[str, dict[str, Any]]:
    """Scores on the markets at even and at odd positions of the sorted market codes."""
    codes = sorted(n_series)
    if len(codes) < 2:
        return {}
    out = {}
    for name, half in (("even", codes[0::2]), ("odd", codes[1::2])):
        n = sum(n_series[m] for m in half)
        a = alerts.filter(pl.col("market").is_in(half))
        b = breakouts.filter(pl.col("market").is_in(half))
        out[name] = {"markets": half, "series": n, **_score(a, b, **kw, n_series=n)}
    return out


def _score(alerts: pl.DataFrame, breakouts: pl.DataFrame, **kw: Any) -> dict[str, Any]:
    s = match_alerts(alerts, breakouts, **kw)
    return {
        "alerts": s.alerts,
        "breakouts": s.breakouts,
        "precision": s.precision,
        "recall": s.recall,
        "median_lead_days": s.median_lead_days,
    }


def by_kind(alerts: pl.DataFrame, breakouts: pl.DataFrame, **kw: Any) -> dict[str, dict[str, Any]]:
    """Per kind: precision of that kind's alerts, recall and lead of that kind's breakouts."""
    out = {}
    for k in KINDS:
        mine_a = alerts.filter(pl.col("kind") == k) if "kind" in alerts.columns else alerts.clear()
        mine_b = breakouts.filter(pl.col("kind") == k)
        prec = _score(mine_a, breakouts, **kw)
        rec = _score(alerts, mine_b, **kw)
        out[k] = {
            "alerts": prec["alerts"],
            "precision": prec["precision"],
            "breakouts": rec["breakouts"],
            "recall": rec["recall"],
            "median_lead_days": rec["median_lead_days"],
        }
    return out


def by_market(
    alerts: pl.DataFrame, breakouts: pl.DataFrame, *, n_series: dict[str, int], **kw: Any
) -> list[dict[str, Any]]:
    """One row per market (most breakouts first), when there is more than one market."""
    if len(n_series) < 2:
        return []
    rows = []
    for market, n in n_series.items():
        a = alerts.filter(pl.col("market") == market)
        b = breakouts.filter(pl.col("market") == market)
        rows.append({"market": market, "series": n, **_score(a, b, **kw, n_series=n)})
    return sorted(rows, key=lambda r: (-r["breakouts"], r["market"]))


def stage_counts(false: pl.DataFrame) -> dict[str, int]:
    """False alarms per stage at alert time, most first."""
    if false.is_empty():
        return {}
    counts = false.group_by("stage").len().sort(["len", "stage"], descending=[True, False])
    return {str(s): int(n) for s, n in counts.rows()}
