"""Spark benchmark: ``spark-tag --master local[2]`` against ``scale-tag`` on the same posts.

Posts are the scale benchmark's (:func:`infimate.benchmarks.scale.write_post_files`:
unique ids, authors recurring across files, crowds and tiers), written once as Parquet
files of up to 1M posts under ``/tmp/infimate_spark/posts`` — never into the repository.
Both verbs run as the CLI in fresh subprocesses, one after the other, with **default
settings** (no ``--driver-memory``, no ``--conf``): ``scale-tag`` from an empty output
directory, then ``spark-tag --master local[2]``. Each is timed from the parent (wall
seconds of the process, JVM start included for Spark) and reports its own figures as
JSON. Then both outputs (``signals.parquet``, ``segments.parquet``) are read with polars
and compared with ``polars.testing.assert_frame_equal``, sorted and as written.

Acceptance (issue #26): at 5M posts the Spark run finishes with default settings and its
output equals ``scale-tag``'s. The machine is shared (2 cores): the JSON records the load
average before and after each run.

Example (not run: a long benchmark; needs pyspark and Java; writes under /tmp/infimate_spark)
--------------------------------------------------------------------------------------------
>>> import argparse
>>> r = bench_spark(argparse.Namespace(posts=200_000))        # doctest: +SKIP
>>> r["signals_equal"], r["segments_equal"]                    # doctest: +SKIP
(True, True)
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from infimate.benchmarks.scale import write_post_files
from infimate.data.schema import SEGMENT_COLS

DEFAULT_POSTS = 5_000_000
FILE_ROWS = 1_000_000
WORK_DIR = Path("/tmp/infimate_spark")
_SORT = {
    "signals": ["element", "date", *SEGMENT_COLS],
    "segments": ["date", *SEGMENT_COLS],
}


def _run_cli(args: list[str], log: Path) -> dict[str, Any]:
    """``python -m infimate ARGS --json`` in a subprocess: its JSON + wall/CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.run(
            [sys.executable, "-m", "infimate", *args, "--json"],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parents[2],
        )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{args[0]} failed (exit {proc.returncode}), see {log}")
    report: dict[str, Any] = json.loads(proc.stdout)
    return {
        "process_wall_seconds": round(wall, 3),
        # the Python process (for Spark: the driver; the JVM's CPU time is not counted)
        "python_cpu_seconds": round(
            after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 3
        ),
        "load_average_1min_before": round(load, 2),
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        "report": report,
    }


def compare_outputs(expected: Path, got: Path) -> dict[str, Any]:
    """Compare ``signals``/``segments`` of two output directories (file or dataset dir).

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for sub in ("a", "b"):
    ...         (Path(tmp) / sub).mkdir()
    ...         for name, keys in _SORT.items():
    ...             pl.DataFrame({k: ["x"] for k in keys}).write_parquet(
    ...                 Path(tmp) / sub / f"{name}.parquet")
    ...     compare_outputs(Path(tmp) / "a", Path(tmp) / "b")["signals_equal"]
    True
    """
    out: dict[str, Any] = {}
    for name, keys in _SORT.items():
        a = pl.read_parquet(expected / f"{name}.parquet")
        b = pl.read_parquet(got / f"{name}.parquet")
        out[f"{name}_rows"] = [a.height, b.height]
        out[f"{name}_same_order"] = a.equals(b)
        try:
            assert_frame_equal(a.sort(keys), b.sort(keys))
            out[f"{name}_equal"] = True
        except AssertionError as exc:
            out[f"{name}_equal"] = False
            out[f"{name}_difference"] = str(exc).splitlines()[0][:300]
    return out


def bench_spark(args: Any) -> dict[str, Any]:
    """Generate posts, run ``scale-tag`` and ``spark-tag --master local[2]``, compare."""
    posts = int(getattr(args, "posts", None) or DEFAULT_POSTS)
    file_rows = min(FILE_ROWS, max(1, posts // 5))
    files = max(1, posts // file_rows)
    inp = WORK_DIR / f"in-{files * file_rows}"
    paths = write_post_files(WORK_DIR / "posts", files=files, file_rows=file_rows)
    shutil.rmtree(inp, ignore_errors=True)
    inp.mkdir(parents=True)
    for f in paths:
        (inp / f.name).symlink_to(f)
    scale_out, spark_out = WORK_DIR / "out-scale", WORK_DIR / "out-spark"
    for d in (scale_out, spark_out):
        shutil.rmtree(d, ignore_errors=True)
    scale = _run_cli(
        ["scale-tag", "--input", str(inp), "--output", str(scale_out)], WORK_DIR / "scale.log"
    )
    spark = _run_cli(
        ["spark-tag", "--master", "local[2]", "--input", str(inp), "--output", str(spark_out)],
        WORK_DIR / "spark.log",
    )
    same = compare_outputs(scale_out, spark_out)
    return {
        "name": "spark",
        "posts": files * file_rows,
        "files": files,
        "master": "local[2]",
        "settings": "defaults (no --driver-memory, no --conf)",
        "scale_tag_seconds": scale["process_wall_seconds"],
        "spark_tag_seconds": spark["process_wall_seconds"],
        "spark_over_scale": round(spark["process_wall_seconds"] / scale["process_wall_seconds"], 2),
        **same,
        "equal": bool(same["signals_equal"] and same["segments_equal"]),
        "scale_tag": scale,
        "spark_tag": spark,
        "targets": {"posts": DEFAULT_POSTS, "equal": True, "finishes_with_defaults": True},
    }
