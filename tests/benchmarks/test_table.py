"""README results tables (infimate.benchmarks.table) render benchmark JSON deterministically."""

from __future__ import annotations

import json

from infimate.benchmarks.table import render_result, render_tables


def test_table_renders_results_deterministically(tmp_path):
    result = {
        "name": "scale",
        "posts": 20_000_000,
        "peak_rss_gb": 3.5,
        "rss_ok": True,
        "sizes": [{"posts": 1_000_000, "seconds": 9.5}, {"posts": 5_000_000, "seconds": 40.25}],
        "targets": {"peak_rss_gb_max": 4.0},
        "machine": {"cpu_count": 2, "polars": "x"},
    }
    (tmp_path / "scale.json").write_text(json.dumps(result))
    text = render_tables(tmp_path)
    assert text == render_tables(tmp_path)
    assert "| posts | 20,000,000 |" in text
    assert "| targets.peak_rss_gb_max | 4 |" in text
    assert "| 5,000,000 | 40.25 |" in text
    assert render_result(result, name="scale").startswith("## scale")
