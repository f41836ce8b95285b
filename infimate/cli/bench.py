"""Benchmark verb: ``bench [NAME] [--json] [--save]``."""

from __future__ import annotations

import argparse

from infimate.benchmarks.runner import RESULTS_DIR, default_names, run_one
from infimate.cli.output import print_json


def run_bench(args: argparse.Namespace) -> int:
    """Run NAME (or every default benchmark), print the results; ``--save`` writes the JSON."""
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
