"""Smoke test of the tagging benchmark and the bench dispatcher (tiny N; no timing asserts)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from infimate.benchmarks import REGISTRY, run_one
from infimate.benchmarks.tagging import bench_tagging, generate_posts
from infimate.errors import InfimateError


def test_generated_posts_are_deterministic() -> None:
    a, b = generate_posts(200), generate_posts(200)
    assert a["text"].to_list() == b["text"].to_list()
    assert a["text"].str.contains(r"[\u4e00-\u9fff]").any()
    assert a["text"].str.contains(r"[A-Za-z]").any()


def test_bench_tagging_output_keys() -> None:
    r = bench_tagging(argparse.Namespace(posts=300, baseline_posts=100))
    for key in ("posts", "elements", "seconds", "baseline_seconds", "speedup", "agreement"):
        assert key in r, key
    assert r["posts"] == 300 and r["elements"] >= 300
    assert r["mentions"] > 0 and 0 < r["agreement"] <= 1


def test_dispatcher_writes_json_with_machine_info(tmp_path: Path) -> None:
    r = run_one("tagging", argparse.Namespace(posts=200, baseline_posts=50), results_dir=tmp_path)
    saved = json.loads((tmp_path / "tagging.json").read_text(encoding="utf-8"))
    assert saved["posts"] == 200 == r["posts"]
    assert {"cpu_count", "platform", "python", "polars", "date"} <= set(saved["machine"])


def test_unknown_benchmark_is_a_user_error(tmp_path: Path) -> None:
    assert set(REGISTRY) >= {"tagging", "aggregation", "alerts", "forecast", "render"}
    with pytest.raises(InfimateError, match="unknown benchmark 'nope'"):
        run_one("nope", None, results_dir=tmp_path)
