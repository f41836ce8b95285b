"""Evaluation: the walk-forward alert backtest on the demo world against its planted truth.

``python -m infimate bench backtest --json``. This is the one place outside tests that
reads ``truth.json`` — to *score* alerts; no feature reads it. Series are element ×
market (crowd, scene, platform "all"), the level at which the demo plants breakouts.
Also reports the same backtest against rule-detected breakouts on the real Google Trends
file when ``../shared/data`` is present, and that file scored one market at a time (each
market's series alone, as a single-country search export: no breadth to measure).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import polars as pl

from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.trends.backtest import backtest_panel
from infimate.trends.breakouts import match_alerts
from infimate.trends.curves import market_level
from infimate.trends.early_signal import panels_by_kind

SHARED = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "google-trends-garments-32-countries.csv"
)


def demo_truth_backtest(path: Path) -> dict[str, Any]:
    """Backtest on a demo dataset scored against its planted breakouts."""
    ds = Dataset(path)
    signals = ds.read("signals")
    if signals is None or not (path / "truth.json").exists():
        raise InfimateError(f"{path}: not a demo world with truth.json — run `make demo`")
    sig = market_level(signals).filter(pl.col("market") != "all")
    panel = panels_by_kind(sig, segments=ds.read("segments"))["posts"]
    truth = json.loads((path / "truth.json").read_text())
    planted = pl.DataFrame(truth["breakouts"]).select(
        "element", "market", pl.col("date").str.to_date()
    )
    return backtest_panel(panel, breakouts=planted).as_dict()


def bench_backtest(args: Any) -> dict[str, Any]:
    path = Path(os.environ.get("INFIMATE_DATA", "data/demo"))
    t0 = time.perf_counter()
    out: dict[str, Any] = {"dataset": str(path), "demo_vs_planted": demo_truth_backtest(path)}
    out["demo_seconds"] = round(time.perf_counter() - t0, 2)
    if SHARED.exists():
        from infimate.data.ingest import read_signals_typed
        from infimate.trends.backtest import backtest_signals

        t0 = time.perf_counter()
        out["google_trends_vs_rule"] = backtest_signals(read_signals_typed(str(SHARED))).as_dict()
        out["google_trends_seconds"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        out["google_trends_one_market_at_a_time"] = one_market_at_a_time(
            read_signals_typed(str(SHARED))
        )
        out["google_trends_one_market_seconds"] = round(time.perf_counter() - t0, 2)
    return out


def one_market_at_a_time(signals: pl.DataFrame) -> dict[str, Any]:
    """Backtest each market's series on their own (no other markets: no breadth), pooled:
    precision, recall and median lead overall and on the even / odd halves of the markets."""
    from infimate.trends.scorecard import by_half

    alerts, breakouts, n_series, weeks = [], [], {}, []
    for market in sorted(signals["market"].unique().to_list()):
        panel = panels_by_kind(market_level(signals.filter(pl.col("market") == market)))
        bt = backtest_panel(panel["imported"], sweep=False)
        alerts.append(bt.alerts.select("element", "market", "date"))
        breakouts.append(bt.breakouts.select("element", "market", "date"))
        n_series[market] = panel["imported"].keys.height
        weeks.append(panel["imported"].weeks)
    a, b = pl.concat(alerts), pl.concat(breakouts)
    years = sum(n * len(w) for n, w in zip(n_series.values(), weeks, strict=True)) / 52.18
    kw: dict[str, Any] = {
        "keys": ["element", "market"],
        "horizon_days": 84,
        "end": max(w[-1] for w in weeks),
        "series_years": years,
    }
    s = match_alerts(a, b, n_series=sum(n_series.values()), **kw)
    keys = ("series", "breakouts", "alerts", "precision", "recall", "median_lead_days")
    return {**{k: getattr(s, k) for k in keys}, "by_half": by_half(a, b, n_series=n_series, **kw)}
