"""Benchmark verb: ``bench [NAME] [--json] [--save] [--markdown]``."""

from __future__ import annotations

import argparse
import json

from infimate.benchmarks.render_table import render_markdown
from infimate.benchmarks.runner import RESULTS_DIR, default_names, run_one
from infimate.benchmarks.table import render_tables
from infimate.cli.output import print_json
from infimate.errors import DataFileError


def _markdown(name: str | None) -> str:
    """The saved results as Markdown (the render table for ``render``), without a run."""
    if name != "render":
        return render_tables(RESULTS_DIR)
    path = RESULTS_DIR / "render.json"
    if not path.exists():
        raise DataFileError(path, "no saved render result (python -m infimate bench render --save)")
    return render_markdown(json.loads(path.read_text(encoding="utf-8")))


def run_bench(args: argparse.Namespace) -> int:
    """Run NAME (or every default benchmark), print the results; ``--save`` writes the JSON."""
    if args.markdown:
        print(_markdown(args.name), end="")
        return 0
    names = [args.name] if args.name else default_names()
    results = {n: run_one(n, args, save=args.save) for n in names}
    if args.json:
        print_json(results[names[0]] if len(names) == 1 else results)
        return 0
    for n, r in results.items():
        keys = [k for k in ("seconds", "speedup", "posts") if k in r]
        summary = ", ".join(f"{k}={r[k]}" for k in keys)
        where = f" -> {RESULTS_DIR / (n + '.json')}" if args.save else ""
        print(f"{n}: {summary}{where}")
    return 0
