"""The aggregation benchmark (infimate.benchmarks.aggregation): a small run reports its checks."""

from __future__ import annotations

import argparse

from infimate.benchmarks.aggregation import bench_aggregation


def test_benchmark_small_run_reports_checks_and_dtypes():
    r = bench_aggregation(argparse.Namespace(posts=20_000, baseline_mentions=8_000))
    assert r["equals_groupby"] and r["equals_groupby_on_strings"]
    assert r["baseline_matches_on_sample"]
    assert r["input_dtypes"]["market"] == "Categorical"
    assert r["groups"] > 0 and r["seconds"] > 0 and r["cpu_seconds"] >= 0
    # the JSON rounds seconds to 3 decimals and the speedup to 1: allow exactly that error
    b, s, half = r["baseline_seconds"], r["seconds"], 0.0005
    assert (b - half) / (s + half) - 0.05 <= r["speedup"] <= (b + half) / max(s - half, 1e-9) + 0.05
