"""Alerts for people: the current feed, each alert's evidence, and the alerts/backtest CLI.

Evidence of an alert (element × segment × week): the numbers behind the score, the top
posts (untrusted text — shown as plain text, never HTML), the first KOL mention, the
spread across authors, platforms and markets, the combined forecast, and the retail
calendar events ahead (context, not a trigger).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl

from infimate.calendar import RetailEvent, events_between
from infimate.datasets import Dataset
from infimate.errors import InfimateError
from infimate.signals import (
    SCORE_FIELDS,
    backtest_panel,
    confidence,
    corroboration_for,
    market_level,
    panels_by_kind,
    recent_alerts,
)
from infimate.trends import SEGMENT_COLS, Segment, curve


@dataclass(frozen=True)
class Evidence:
    """Everything behind one alert."""

    element: str
    segment: Segment
    date: date
    numbers: tuple[tuple[str, float | None], ...]
    top_posts: pl.DataFrame  # post_id, ts, platform, author_tier, engagement, text
    first_kol: pl.DataFrame  # zero or one row, same columns
    spread: tuple[tuple[str, int], ...]  # (what, count) e.g. ("authors", 31)
    events: tuple[RetailEvent, ...]
    confidence: str

    def number(self, name: str) -> float | None:
        return dict(self.numbers).get(name)


def _segment(row: dict[str, Any]) -> Segment:
    return Segment(*(row.get(c) or "all" for c in SEGMENT_COLS))


def _mention_posts(
    dataset: Dataset, element: str, seg: Segment, since: date, until: date
) -> pl.DataFrame:
    mentions, posts = dataset.scan("mentions"), dataset.scan("posts")
    if mentions is None or posts is None:
        return pl.DataFrame()
    m = mentions.filter(
        (pl.col("element_id") == element)
        & pl.col("week").is_between(since, until)
        & seg.member_filter()
    ).select("post_id", "author_id", "author_tier", "platform", "market", "week")
    return m.join(posts.select("post_id", "ts", "text", "engagement"), on="post_id").collect()


def _number(v: Any) -> float | None:
    """A score field, rounded; None when missing or NaN (imported series have no counts)."""
    return None if v is None or not math.isfinite(v) else round(float(v), 4)


def evidence(dataset: Dataset, alert: dict[str, Any]) -> Evidence:
    """Evidence for one alert row of :func:`current_alerts`."""
    seg = _segment(alert)
    d: date = alert["date"]
    numbers = tuple((k, _number(alert[k])) for k in SCORE_FIELDS if k in alert)
    recent = _mention_posts(dataset, alert["element"], seg, d - timedelta(days=27), d)
    cols = ["post_id", "ts", "platform", "author_tier", "engagement", "text"]
    top = (
        recent.sort("engagement", descending=True).head(5).select(cols)
        if recent.height
        else pl.DataFrame()
    )
    earlier = _mention_posts(dataset, alert["element"], seg, d - timedelta(weeks=12), d)
    first_kol = (
        earlier.filter(pl.col("author_tier") == "kol").sort("ts").head(1).select(cols)
        if earlier.height
        else pl.DataFrame()
    )
    spread: tuple[tuple[str, int], ...] = ()
    if recent.height:
        spread = (
            ("authors", recent["author_id"].n_unique()),
            ("platforms", recent["platform"].n_unique()),
            ("markets", recent["market"].n_unique()),
        )
    events = tuple(events_between(d, d + timedelta(weeks=12), market=seg.market))
    return Evidence(
        alert["element"],
        seg,
        d,
        numbers,
        top,
        first_kol,
        spread,
        events,
        confidence(float(alert.get("score") or 0.0)),
    )


def current_alerts(dataset: Dataset, *, asof: date | None = None) -> pl.DataFrame:
    """Alerts fired in the 4 weeks up to ``asof`` over every stored segment, strongest first."""
    signals = dataset.read("signals")
    if signals is None:
        raise InfimateError(
            f"{dataset.path}: no signals yet — ingest posts and run `tag`, or import a series"
        )
    return recent_alerts(signals, asof=asof, segments=dataset.read("segments"))


def alert_forecast(dataset: Dataset, alert: dict[str, Any]):
    """The combined forecast of the alerted curve (lazy: only for alerts someone opens)."""
    from infimate.forecast import forecast_series

    sig = dataset.read("signals")
    c = curve(sig, alert["element"], _segment(alert), segments=dataset.read("segments"))
    return forecast_series(c.select("date", "value"), horizon=12) if c.height else None


def run_alerts(args) -> int:
    """CLI: ``python -m infimate alerts --dataset DIR [--asof DATE] [--json]``."""
    from infimate.cli import option_date, print_json

    ds = Dataset(args.dataset)
    if not ds.path.exists():
        raise InfimateError(f"{ds.path}: no such dataset directory")
    alerts = current_alerts(ds, asof=option_date(args.asof, "--asof"))
    if args.json:
        rows = []
        for r in alerts.head(50).iter_rows(named=True):
            ev = evidence(ds, r)
            rows.append(
                {
                    **{
                        k: r[k]
                        for k in ("element", *SEGMENT_COLS, "source", "date", "score", "confidence")
                    },
                    "numbers": dict(ev.numbers),
                    "top_posts": ev.top_posts.head(3).to_dicts(),
                    "first_kol": ev.first_kol.to_dicts(),
                    "events": [{"name": e.name, "day": str(e.day)} for e in ev.events],
                }
            )
        print_json({"asof": str(alerts["date"].max()) if alerts.height else None, "alerts": rows})
        return 0
    if alerts.is_empty():
        print("no alerts in the 4 weeks up to the as-of date")
        return 0
    print(f"{alerts.height} alerts (strongest first)")
    for r in alerts.head(30).iter_rows(named=True):
        seg = _segment(r).label()
        print(
            f"  {r['date']}  {r['element']:<22} {seg:<40} score {r['score']:.1f} ({r['confidence']})"
        )
    return 0


def backtest_signals(
    signals: pl.DataFrame, *, horizon_days: int = 84, segments: pl.DataFrame | None = None
):
    """Backtest on element × market series: post-derived when there are any, else imported."""
    panels = panels_by_kind(market_level(signals), segments=segments)
    if not panels:
        raise InfimateError("no series to backtest (the signals are empty)")
    if "posts" in panels:
        corr = corroboration_for(panels["posts"], panels.get("imported"))
        return backtest_panel(panels["posts"], horizon_days=horizon_days, corroboration=corr)
    return backtest_panel(panels["imported"], horizon_days=horizon_days)


def run_backtest(args) -> int:
    """CLI: ``python -m infimate backtest (--dataset DIR | --signals F) [--horizon-days N] [--json]``."""
    from infimate.cli import print_json

    if args.dataset:
        ds = Dataset(args.dataset)
        signals = ds.read("signals")
        if signals is None:
            raise InfimateError(
                f"{ds.path}: no signals.parquet — run `python -m infimate tag` first"
            )
        bt = backtest_signals(signals, horizon_days=args.horizon_days, segments=ds.read("segments"))
    else:
        from infimate.ingest import read_signals_typed

        bt = backtest_signals(read_signals_typed(args.signals), horizon_days=args.horizon_days)
    d = bt.as_dict()
    if args.json:
        print_json(d)
        return 0
    b = d["baseline"]
    print(
        f"walk-forward backtest: {d['series']} series, {d['breakouts']} breakouts, horizon {d['horizon_days']} days"
    )
    print(
        f"{'':24}{'alerts':>8}{'precision':>11}{'recall':>8}{'median lead':>13}{'false/series-yr':>17}"
    )
    for name, x in (("early-signal score", d), ("naive level threshold", b)):
        print(
            f"{name:24}{x['alerts']:>8}{_f(x['precision']):>11}{_f(x['recall']):>8}{_f(x['median_lead_days'], 'd'):>13}{_f(x['false_alarms_per_series_year']):>17}"
        )
    return 0


def _f(x: float | None, unit: str = "") -> str:
    return "—" if x is None else (f"{x:.0f}{unit}" if unit else f"{x:.3f}")
