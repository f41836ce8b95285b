"""Command line: ``python -m infimate <command> ...`` (stable interface, see DESIGN.md).

Each sub-command is implemented by a ``run_<command>(args) -> int`` function in the
module that owns the domain; this file only declares arguments and dispatches, so
importing it stays cheap. Errors the user can fix (``InfimateError``) print one line
to stderr and exit with code 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import date

import polars as pl

from infimate.errors import InfimateError

# command -> (module, function)
_HANDLERS: dict[str, tuple[str, str]] = {
    "demo": ("infimate.demo", "run_demo"),
    "ingest": ("infimate.ingest", "run_ingest"),
    "tag": ("infimate.tagging", "run_tag"),
    "discover": ("infimate.discovery", "run_discover"),
    "alerts": ("infimate.alerts", "run_alerts"),
    "backtest": ("infimate.alerts", "run_backtest"),
    "forecast-eval": ("infimate.forecast", "run_forecast_eval"),
    "hit-eval": ("infimate.hit_eval", "run_hit_eval"),
    "score": ("infimate.hit_eval", "run_score"),
    "copy": ("infimate.copywriting.cli", "run_copy"),
    "report": ("infimate.report", "run_report"),
    "bench": ("infimate.benchmarks", "run_bench"),
    "bestie": ("infimate.bestie.cli", "run_bestie"),
    "scale-tag": ("infimate.scale", "run_scale_tag"),
    "spark-tag": ("infimate.spark", "run_spark_tag"),
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m infimate", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("demo", help="generate the synthetic demo world")
    s.add_argument("--out", required=True, help="dataset directory to create")
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--posts", type=int, default=700_000)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("ingest", help="validate and add a file to a dataset")
    s.add_argument("--dataset", required=True)
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--posts")
    g.add_argument("--signals")
    g.add_argument("--products")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("tag", help="tag posts into mentions + post-derived signals")
    s.add_argument("--dataset", required=True)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("discover", help="rank coined terms not in the lexicon")
    s.add_argument("--dataset", required=True)
    s.add_argument("--asof", default=None)
    s.add_argument("--top", type=int, default=20)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("alerts", help="early-signal alerts as of a date")
    s.add_argument("--dataset", required=True)
    s.add_argument("--asof", default=None)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("backtest", help="walk-forward backtest of alerts vs breakouts")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--dataset")
    g.add_argument("--signals")
    s.add_argument("--horizon-days", type=int, default=84)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("forecast-eval", help="rolling-origin forecast evaluation")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--dataset")
    g.add_argument("--signals")
    s.add_argument("--horizon", type=int, default=12)
    s.add_argument("--origins", type=int, default=5)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("hit-eval", help="time-split evaluation of the hit-rate model")
    s.add_argument("--dataset")
    s.add_argument("--products")
    s.add_argument("--signals")
    s.add_argument("--test-from", default=None)
    s.add_argument("--lead-days", type=int, default=45)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("score", help="score a lineup of candidate styles")
    s.add_argument("--dataset", required=True)
    s.add_argument("--lineup", required=True)
    s.add_argument("--out", default=None)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("copy", help="selling copy for an element or a style")
    s.add_argument("--dataset", required=True)
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--element")
    g.add_argument("--sku")
    s.add_argument("--voice", default="top-streamer")
    s.add_argument("--fmt", default="live-script")
    s.add_argument("--lang", choices=["en", "zh"], default="en")
    s.add_argument("--provider", choices=["offline", "openai"], default="offline")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("report", help="brand-partner briefing (HTML or PDF)")
    s.add_argument("--dataset", required=True)
    s.add_argument("--out", required=True)
    for seg in ("market", "crowd", "scene"):
        s.add_argument(f"--{seg}", default="all", help=f"segment {seg} (default: all)")

    s = sub.add_parser("bestie", help="shopper agent: outfits, cheapest checkout, when to buy")
    s.add_argument("--dataset", required=True)
    s.add_argument("--profile", required=True, help="profile JSON (see infimate.bestie.profile)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("bench", help="run benchmarks, write bench/results/NAME.json")
    s.add_argument("name", nargs="?", default=None)
    s.add_argument("--posts", type=int, default=None)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("scale-tag", help="out-of-core incremental tagging of a Parquet dir")
    s.add_argument("--input", required=True, help="directory of post Parquet files")
    s.add_argument("--output", required=True, help="signals/segments/state output dir")
    s.add_argument("--batch-rows", type=int, default=1_000_000)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("spark-tag", help="tag + aggregate posts with Apache Spark")
    s.add_argument("--input", required=True, help="post Parquet file or directory")
    s.add_argument("--output", required=True, help="output directory (local, hdfs://, s3a://)")
    s.add_argument("--master", default=None, help="e.g. local[4], yarn, k8s://https://...")
    s.add_argument("--json", action="store_true")
    return p


def option_date(value: str | None, flag: str) -> date | None:
    """The date given to a ``--flag YYYY-MM-DD`` option (None when not given).

    >>> option_date("2026-11-30", "--asof")
    datetime.date(2026, 11, 30)
    """
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InfimateError(f"{flag} {value!r} is not a date (use YYYY-MM-DD)") from exc


def print_json(obj: object) -> None:
    """Print one JSON object (the ``--json`` contract)."""
    print(json.dumps(obj, ensure_ascii=False, default=str))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module, func = _HANDLERS[args.command]
    try:
        handler = getattr(importlib.import_module(module), func)
        return int(handler(args) or 0)
    except InfimateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError, pl.exceptions.PolarsError) as exc:
        # input the validators did not anticipate: still one line, never a traceback
        # (set INFIMATE_DEBUG=1 to see the traceback when debugging)
        if os.environ.get("INFIMATE_DEBUG"):
            raise
        print(f"error: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
