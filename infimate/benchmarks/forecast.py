"""Forecast benchmark: backtest + combination on the real Google Trends file.

Measures, in one run, on ``../shared/data/google-trends-garments-32-countries.csv``
(or on 1,070 simulated local-level series when that file is absent — labelled so):

* ``forecast_eval`` over every series (5 origins + 2 warm-up, all models): seconds, seconds
  per 1,000 series, mean MASE per model, beats-naive shares, interval coverage;
* the statsmodels reference engines (``ETSModel``, ``ThetaModel``) against the numpy ones on
  the same backtest of a small subset: seconds per series and mean MASE of each.

Returns the figures; ``bench forecast --save`` writes ``bench/results/forecast.json``.

Example (not run: a long benchmark, about half a minute)
-------------------------------------------------------
>>> figures = bench_forecast(None)                     # doctest: +SKIP
>>> figures["seconds_per_1000_series"]                 # doctest: +SKIP
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from infimate.forecast.backtest import WARMUP_ORIGINS, backtest
from infimate.forecast.evaluate import forecast_eval
from infimate.forecast.models import DampedETS, Naive, Theta
from infimate.forecast.weekly import weekly_series

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "data" / "google-trends-garments-32-countries.csv"


def _signals() -> tuple[pl.DataFrame, str]:
    if REAL.exists():
        return pl.read_csv(REAL, try_parse_dates=True), str(REAL.name)
    rng = np.random.default_rng(0)
    n, T = 1070, 156
    vals = 200 + np.cumsum(rng.normal(0, 1, (n, T)), axis=1) + rng.normal(0, 2, (n, T))
    start = pl.date(2017, 4, 24)
    df = pl.DataFrame({"element": [f"sim{i}" for i in range(n)], "value": vals.tolist()})
    df = df.explode("value").with_columns(
        date=pl.int_range(0, T).over("element").cast(pl.Int32).map_batches(lambda s: s * 7)
    )
    df = df.with_columns(date=start + pl.duration(days=pl.col("date")))
    return df, "simulated local-level series (real file absent)"


def _engine_comparison(df: pl.DataFrame, *, n: int, horizon: int, origins: int) -> dict[str, Any]:
    _, values = weekly_series(df)
    sub = values[:: max(1, len(values) // n)][:n]
    out: dict[str, Any] = {"series": len(sub)}
    for engine in ("numpy", "statsmodels"):
        models = (Naive(), DampedETS(engine=engine), Theta(engine=engine))
        t0 = time.perf_counter()
        bt = backtest(sub, horizon=horizon, origins=origins, models=models, recent=False)
        secs = time.perf_counter() - t0
        ev = bt.mase[:, :, WARMUP_ORIGINS:].mean(axis=2).mean(axis=0)
        out[engine] = {
            "seconds": round(secs, 3),
            "seconds_per_series": round(secs / len(sub), 4),
            "mase": {m: round(float(v), 4) for m, v in zip(bt.models, ev, strict=True)},
        }
    return out


def bench_forecast(args: Any) -> dict[str, Any]:
    """Run the forecast benchmark; returns the figures (the runner saves them on request)."""
    df, source = _signals()
    horizon, origins = 12, 5
    load = os.getloadavg()[0]
    cpu0 = time.process_time()
    ev = forecast_eval(df, horizon=horizon, origins=origins)
    cpu = time.process_time() - cpu0
    js = ev.to_json()
    mase = js["mase"]
    figures: dict[str, Any] = {
        "name": "forecast",
        "source": source,
        **js,
        "seconds_per_1000_series": round(ev.seconds / ev.series * 1000, 2),
        "cpu_seconds": round(cpu, 2),
        "load_average_1min_before": round(load, 2),
        "combined_vs_best_single": round(
            mase["combined"] / min(v for k, v in mase.items() if k != "combined"), 4
        ),
        "combined_vs_naive": round(mase["combined"] / mase["naive"], 4),
        "skipped": ev.skipped,
        "engine_comparison": _engine_comparison(
            df, n=12, horizon=horizon, origins=origins + WARMUP_ORIGINS
        ),
    }
    return figures
