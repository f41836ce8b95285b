"""Forecast verb: ``forecast-eval``."""

from __future__ import annotations

import argparse
from pathlib import Path

from infimate.cli.output import print_json
from infimate.data.datasets import Dataset
from infimate.data.ingest import read_signals_typed
from infimate.errors import DataFileError
from infimate.forecast.evaluate import forecast_eval


# --------------------------------------------------------------------------- CLI
def run_forecast_eval(args: argparse.Namespace) -> int:
    """``python -m infimate forecast-eval (--dataset DIR | --signals F) [--json]``."""

    if args.dataset:
        df = Dataset(args.dataset).read("signals")
        if df is None:
            raise DataFileError(Path(args.dataset) / "signals.parquet", "not found")
    else:
        df = read_signals_typed(args.signals)
    ev = forecast_eval(df, horizon=args.horizon, origins=args.origins)
    if args.json:
        print_json(ev.to_json())
        return 0
    print(
        f"{ev.series} series ({ev.skipped} skipped: too short), horizon {ev.horizon}, "
        f"{ev.origins} origins, {ev.seconds:.1f} s"
    )
    for r in ev.summary.sort("mase").iter_rows(named=True):
        print(
            f"  {r['model']:<13} MASE {r['mase']:.3f}  beats naive on {r['beats_naive_share']:.0%}"
        )
    print(f"  interval coverage: 80% -> {ev.coverage_80:.1%}, 95% -> {ev.coverage_95:.1%}")
    return 0
