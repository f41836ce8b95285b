"""Benchmark: score every element × segment of a dataset for one week.

``python -m infimate bench alerts [--json]`` on ``INFIMATE_DATA`` (default data/demo):
builds the panel of all stored post-derived series once (timed separately), then times
scoring the last week (``score_last_week`` + the breakout condition) — what the Alerts
page needs on each new week — best of 5 runs.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.trends.breakouts import BreakoutRule
from infimate.trends.early_signal import _breakout_now, panels_by_kind, score_last_week


def bench_alerts(args: Any) -> dict[str, Any]:
    path = Path(os.environ.get("INFIMATE_DATA", "data/demo"))
    ds = Dataset(path)
    signals = ds.read("signals")
    if signals is None:
        raise InfimateError(f"{path}: no signals — run `make demo` first")
    t0 = time.perf_counter()
    panel = panels_by_kind(signals, segments=ds.read("segments"))["posts"]
    build = time.perf_counter() - t0
    rule = BreakoutRule.for_metric("share")
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        ws = score_last_week(panel)
        _breakout_now(panel, rule)
        runs.append(time.perf_counter() - t0)
    return {
        "dataset": str(path),
        "series": panel.keys.height,
        "weeks": len(panel.weeks),
        "elements": panel.keys["element"].n_unique(),
        "panel_build_seconds": round(build, 3),
        "seconds": round(min(runs), 4),
        "seconds_runs": [round(r, 4) for r in runs],
        "max_score": float(ws.score.max()),
        "target_seconds": 2.0,
    }
