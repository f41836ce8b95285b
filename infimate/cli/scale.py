"""Scale verbs: ``scale-tag`` (out-of-core, one machine) and ``spark-tag`` (Apache Spark)."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from infimate.cli.output import print_json
from infimate.signals.scale import tag_directory
from infimate.signals.spark import run_spark_job


def run_scale_tag(args: argparse.Namespace) -> int:
    """CLI: ``python -m infimate scale-tag --input DIR --output DIR [--batch-rows N] [--json]``."""

    report = tag_directory(args.input, args.output, batch_rows=args.batch_rows)
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
    """CLI: ``python -m infimate spark-tag --input DIR --output DIR [--master URL] [--json]``."""

    report = run_spark_job(args.input, args.output, master=args.master)
    if getattr(args, "json", False):
        print_json(asdict(report))
    else:
        print(
            f"spark ({report.master}): {report.posts:,} posts -> {report.signals_rows:,} "
            f"signal rows in {report.output} ({report.seconds} s)"
        )
    return 0
