"""Benchmarks: ``python -m infimate bench [NAME] [--posts N] [--json]``.

Each benchmark is a function ``bench_<name>(args) -> dict`` in
``infimate.benchmarks.<name>``, registered below as a lazily imported
``"module:function"`` string (importing this package stays cheap). The dispatcher adds
machine information (CPU count, platform, Python and polars versions, date), writes
``bench/results/NAME.json`` atomically and prints it with ``--json``. With no NAME it
runs every registered benchmark whose module exists. Timing lives here, never in tests.

Example
-------
>>> sorted(REGISTRY)
['aggregation', 'alerts', 'backtest', 'forecast', 'render', 'scale', 'tagging']
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from infimate.datasets import atomic_write_bytes
from infimate.errors import InfimateError

REGISTRY: dict[str, str] = {
    "tagging": "infimate.benchmarks.tagging:bench_tagging",
    "aggregation": "infimate.benchmarks.aggregation:bench_aggregation",
    "alerts": "infimate.benchmarks.alerts:bench_alerts",
    "backtest": "infimate.benchmarks.backtest:bench_backtest",
    "forecast": "infimate.benchmarks.forecast:bench_forecast",
    "render": "infimate.benchmarks.render:bench_render",
    "scale": "infimate.benchmarks.scale:bench_scale",
}
# long-running benchmarks that only run when named (the 20M-post scale run takes ~40 min)
EXPLICIT_ONLY = frozenset({"scale"})
RESULTS_DIR = Path(__file__).resolve().parents[2] / "bench" / "results"


T = TypeVar("T")


def best_of(runs: int, fn: Callable[[], T]) -> tuple[T, list[float], list[float]]:
    """Call ``fn`` ``runs`` times (at least once): (last result, wall s per run, CPU s per run).

    Benchmarks report the fastest run (``min``): the machine is shared, and the
    least-disturbed run is the steadiest figure; the per-run lists go into the JSON too.

    >>> result, walls, cpus = best_of(2, lambda: 6 * 7)
    >>> result, len(walls), len(cpus)
    (42, 2, 2)
    """
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(max(1, runs)):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return result, walls, cpus


def machine_info() -> dict[str, Any]:
    """CPU count, platform, Python/polars versions and the UTC date of the run."""
    import polars as pl

    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "polars_threads": pl.thread_pool_size(),
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _module_exists(target: str) -> bool:
    module = target.split(":", 1)[0]
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def run_one(
    name: str, args: argparse.Namespace | None, *, results_dir: Path = RESULTS_DIR
) -> dict[str, Any]:
    """Run one registered benchmark, add machine info, write ``results_dir/NAME.json``."""
    if name not in REGISTRY:
        raise InfimateError(
            f"unknown benchmark {name!r}; choose from {', '.join(sorted(REGISTRY))}"
        )
    target = REGISTRY[name]
    if not _module_exists(target):
        raise InfimateError(f"benchmark {name!r} is registered but {target} is not available")
    module, func = target.split(":", 1)
    result = dict(getattr(importlib.import_module(module), func)(args))
    result.setdefault("name", name)
    result["machine"] = machine_info()
    text = json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n"
    atomic_write_bytes(results_dir / f"{name}.json", text.encode("utf-8"))
    return result


def run_bench(args: argparse.Namespace) -> int:
    """CLI entry: run NAME (or every available benchmark) and report."""
    names = (
        [args.name]
        if getattr(args, "name", None)
        else [n for n, t in REGISTRY.items() if _module_exists(t) and n not in EXPLICIT_ONLY]
    )
    results = {n: run_one(n, args) for n in names}
    if getattr(args, "json", False):
        from infimate.cli import print_json

        print_json(results[names[0]] if len(names) == 1 else results)
        return 0
    for n, r in results.items():
        keys = [k for k in ("seconds", "speedup", "posts") if k in r]
        summary = ", ".join(f"{k}={r[k]}" for k in keys)
        print(f"{n}: {summary} -> {RESULTS_DIR / (n + '.json')}", file=sys.stdout)
    return 0
