"""Markdown tables of benchmark results for the README.

``python -m infimate bench --markdown`` prints one section per
``bench/results/NAME.json`` (files in name order): a two-column table of the scalar
figures (nested dicts such as ``targets`` are flattened to ``targets.seconds_max``), one
table per list of records (e.g. the scale benchmark's size curve) and a machine line.
Output depends only on the JSON files (no clock, no environment), so it is
deterministic; paths (keys named ``output``) are left out.

Example
-------
>>> import tempfile
>>> result = {"name": "tagging", "seconds": 0.5, "output": "/tmp/x", "machine": {"cpu_count": 2}}
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (Path(tmp) / "tagging.json").write_text(json.dumps(result))
...     print(render_tables(tmp))
## tagging
<BLANKLINE>
| figure | value |
|---|---|
| seconds | 0.5 |
<BLANKLINE>
Machine: cpu_count 2
<BLANKLINE>
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from infimate.benchmarks.runner import RESULTS_DIR

CURVE_COLUMNS = (
    "posts",
    "files",
    "seconds",
    "tag_seconds",
    "merge_seconds",
    "posts_per_second",
    "cpu_seconds",
    "peak_rss_gb",
    "signals_rows",
    "load_average_1min_before",
)
_SKIP = {"name", "machine", "output"}


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else repr(value)
    return str(value).replace("|", "\\|")


def _scalars(record: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in record.items():
        if key in _SKIP:
            continue
        if isinstance(value, dict):
            rows.extend(_scalars(value, f"{prefix}{key}."))
        elif not isinstance(value, list):
            rows.append((prefix + key, value))
    return rows


def _curve(records: list[dict[str, Any]]) -> list[str]:
    cols = [c for c in CURVE_COLUMNS if any(c in r for r in records)]
    if not cols:
        cols = [
            k for k, v in records[0].items() if not isinstance(v, dict | list) and k not in _SKIP
        ]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(_fmt(r.get(c, "")) for c in cols) + " |" for r in records]
    return lines


def render_result(result: dict[str, Any], *, name: str) -> str:
    """One benchmark's Markdown section.

    Example
    -------
    >>> print(render_result({"seconds": 1.5, "posts": 1000}, name="x"))
    ## x
    <BLANKLINE>
    | figure | value |
    |---|---|
    | seconds | 1.5 |
    | posts | 1,000 |
    """
    lines = [f"## {name}", "", "| figure | value |", "|---|---|"]
    lines += [f"| {k} | {_fmt(v)} |" for k, v in _scalars(result)]
    for key, value in result.items():
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            lines += ["", f"**{key}**", "", *_curve(value)]
    machine = result.get("machine")
    if isinstance(machine, dict):
        keys = ("cpu_count", "machine", "python", "polars", "date")
        lines += ["", "Machine: " + ", ".join(f"{k} {machine[k]}" for k in keys if k in machine)]
    return "\n".join(lines)


def render_tables(results_dir: str | Path = RESULTS_DIR) -> str:
    """All ``results_dir/*.json`` as Markdown sections, in file-name order."""
    sections = []
    for path in sorted(Path(results_dir).glob("*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        sections.append(render_result(result, name=str(result.get("name", path.stem))))
    return "\n\n".join(sections) + "\n"
