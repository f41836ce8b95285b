"""Scale verbs: ``scale-tag`` (out-of-core, one machine) and ``spark-tag`` (Apache Spark)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import asdict

from infimate.cli.output import print_json
from infimate.signals.scale import tag_directory
from infimate.signals.spark import parse_conf, run_spark_job


def _progress() -> Callable[[float, str], None]:
    """Progress lines on stderr (elapsed seconds, share done, step), as ``bench scale``'s
    worker prints them; stdout keeps the result (plain or ``--json``)."""
    t0 = time.perf_counter()

    def say(frac: float, msg: str) -> None:
        print(f"{time.perf_counter() - t0:8.1f}s {frac:4.0%} {msg}", file=sys.stderr, flush=True)

    return say


def run_scale_tag(args: argparse.Namespace) -> int:
    """CLI: ``python -m infimate scale-tag --input DIR --output DIR [--batch-rows N] [--json]``."""

    report = tag_directory(
        args.input, args.output, batch_rows=args.batch_rows, progress=_progress()
    )
    if args.json:
        print_json(asdict(report))
    else:
        print(
            f"{report.files_tagged} file(s) tagged ({report.posts_tagged:,} posts, "
            f"{report.mentions_tagged:,} mentions), {report.files_skipped} unchanged, "
            f"{report.files_removed} removed; {report.posts_total:,} posts in total -> "
            f"{report.signals_rows:,} signal rows in {report.output} ({report.seconds} s)"
        )
    return 0


def run_spark_tag(args: argparse.Namespace) -> int:
    """CLI: ``python -m infimate spark-tag --input PATH --output PATH [--master URL]
    [--driver-memory SIZE] [--conf KEY=VALUE ...] [--json]``."""

    report = run_spark_job(
        args.input,
        args.output,
        master=args.master,
        driver_memory=getattr(args, "driver_memory", None),
        conf=parse_conf(getattr(args, "conf", None) or []),
    )
    if getattr(args, "json", False):
        print_json(asdict(report))
    else:
        print(
            f"spark ({report.master}): {report.posts:,} posts -> {report.signals_rows:,} "
            f"signal rows, {report.segments_rows:,} segment rows in {report.output} "
            f"({report.seconds} s)"
        )
    return 0
