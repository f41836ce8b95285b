"""The bench dispatcher (infimate.benchmarks.runner): JSON with machine info, unknown names."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from infimate.benchmarks.runner import REGISTRY, run_one
from infimate.errors import InfimateError


def test_dispatcher_writes_json_with_machine_info(tmp_path: Path) -> None:
    r = run_one(
        "tagging", argparse.Namespace(posts=200, baseline_posts=50), save=True, results_dir=tmp_path
    )
    saved = json.loads((tmp_path / "tagging.json").read_text(encoding="utf-8"))
    assert saved["posts"] == 200 == r["posts"]
    assert {"cpu_count", "platform", "python", "polars", "date"} <= set(saved["machine"])


def test_unknown_benchmark_is_a_user_error(tmp_path: Path) -> None:
    assert set(REGISTRY) >= {"tagging", "aggregation", "alerts", "forecast", "render"}
    with pytest.raises(InfimateError, match="unknown benchmark 'nope'"):
        run_one("nope", None, results_dir=tmp_path)
