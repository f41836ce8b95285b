"""The aggregation benchmark (infimate.benchmarks.aggregation): a small run times the function
``tag`` calls and its pandas baseline agrees with it."""

from __future__ import annotations

import argparse
from pathlib import Path

from infimate.benchmarks.aggregation import FUNCTION, bench_aggregation
from infimate.signals import build


def test_benchmark_times_the_function_tag_calls_and_checks_pandas():
    r = bench_aggregation(argparse.Namespace(posts=20_000, baseline_mentions=8_000, runs=1))
    module, name = FUNCTION.rsplit(".", 1)
    assert r["function"] == FUNCTION == "infimate.signals.share_of_voice.signals_and_segments"
    # tag_dataset imports and calls exactly this function
    source = Path(build.__file__).read_text(encoding="utf-8")
    assert f"from {module} import {name}" in source
    assert r["baseline_matches_on_sample"]
    assert r["input_dtypes"]["market"] == r["input_dtypes"]["element_id"] == "Categorical"
    assert r["signals_rows"] > r["segments_rows"] > 0 and r["seconds"] > 0
    # the JSON rounds seconds to 3 decimals and the speedup to 1: allow exactly that error
    b, s, half = r["baseline_seconds"], r["seconds"], 0.0005
    assert (b - half) / (s + half) - 0.05 <= r["speedup"] <= (b + half) / max(s - half, 1e-9) + 0.05
