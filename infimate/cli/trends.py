"""Trend verbs: ``alerts`` (the current feed with evidence) and ``backtest``."""

from __future__ import annotations

import argparse

from infimate.cli.output import option_date, print_json
from infimate.data.datasets import Dataset
from infimate.data.ingest import read_signals_typed
from infimate.data.schema import SEGMENT_COLS
from infimate.errors import InfimateError
from infimate.trends.alerts import _segment, current_alerts, evidence
from infimate.trends.backtest import backtest_signals


def run_alerts(args: argparse.Namespace) -> int:
    """CLI: ``python -m infimate alerts --dataset DIR [--asof DATE] [--json]``."""

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
                        for k in (
                            "element",
                            *SEGMENT_COLS,
                            "source",
                            "date",
                            "score",
                            "confidence",
                            "kind",
                            "seasonal_in",
                            "history_weeks",
                            "why",
                        )
                        if k in r
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
        if r.get("why"):
            print(f"      {r['why']}")
    return 0


def run_backtest(args: argparse.Namespace) -> int:
    """CLI: ``python -m infimate backtest (--dataset DIR | --signals F) [--horizon-days N] [--json]``."""

    if args.dataset:
        ds = Dataset(args.dataset)
        signals = ds.read("signals")
        if signals is None:
            raise InfimateError(
                f"{ds.path}: no signals.parquet — run `python -m infimate tag` first"
            )
        bt = backtest_signals(signals, horizon_days=args.horizon_days, segments=ds.read("segments"))
    else:
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
