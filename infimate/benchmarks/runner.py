"""The benchmark registry and runner: run one by name, add machine facts, save on request.

Each benchmark is a function ``bench_<name>(args) -> dict`` in
``infimate.benchmarks.<name>``, registered in :data:`REGISTRY` as a lazily imported
``"module:function"`` string (importing this module stays cheap). :func:`run_one` adds
machine information (CPU count, platform, Python and polars versions, date) and writes
``bench/results/NAME.json`` atomically only when asked (``save=True``, ``bench --save``),
so running a benchmark never dirties the git tree by itself. Timing lives here, never
in tests.

Example
-------
>>> sorted(REGISTRY)  # doctest: +NORMALIZE_WHITESPACE
['aggregation', 'alerts', 'backtest', 'catalogue', 'forecast', 'photos', 'render', 'scale',
 'spark', 'tagging']
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from infimate.data.datasets import atomic_write_bytes
from infimate.errors import InfimateError

REGISTRY: dict[str, str] = {
    "tagging": "infimate.benchmarks.tagging:bench_tagging",
    "aggregation": "infimate.benchmarks.aggregation:bench_aggregation",
    "alerts": "infimate.benchmarks.alerts:bench_alerts",
    "backtest": "infimate.benchmarks.backtest:bench_backtest",
    "catalogue": "infimate.benchmarks.catalogue:bench_catalogue",
    "photos": "infimate.benchmarks.photos:bench_photos",
    "forecast": "infimate.benchmarks.forecast:bench_forecast",
    "render": "infimate.benchmarks.render:bench_render",
    "scale": "infimate.benchmarks.scale:bench_scale",
    "spark": "infimate.benchmarks.spark:bench_spark",
}
# long-running benchmarks that only run when named (the 20M-post scale run takes ~40 min)
EXPLICIT_ONLY = frozenset({"scale", "spark"})  # spark: needs pyspark + Java
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


def run_one(
    name: str,
    args: argparse.Namespace | None,
    *,
    save: bool = False,
    results_dir: Path = RESULTS_DIR,
) -> dict[str, Any]:
    """Run one registered benchmark and add machine info; with ``save``, write
    ``results_dir/NAME.json``."""
    if name not in REGISTRY:
        raise InfimateError(
            f"unknown benchmark {name!r}; choose from {', '.join(sorted(REGISTRY))}"
        )
    module, func = REGISTRY[name].split(":", 1)
    result = dict(getattr(importlib.import_module(module), func)(args))
    result.setdefault("name", name)
    result["machine"] = machine_info()
    if save:
        text = json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n"
        atomic_write_bytes(results_dir / f"{name}.json", text.encode("utf-8"))
    return result


def default_names() -> list[str]:
    """The benchmarks ``bench`` runs without a NAME (all but the explicit-only ones)."""
    return [n for n in REGISTRY if n not in EXPLICIT_ONLY]
