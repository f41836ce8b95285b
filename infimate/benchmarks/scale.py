"""Scale benchmark: out-of-core tagging + aggregation at 1M, 5M and 20M posts.

Synthetic posts (the tagging benchmark's generator, fixed seeds) are written once as
Parquet files of ``file_rows`` posts (1M by default; 20 files for 20M) under
``/tmp/infimate_scale/posts`` — never into the repository. Each post gets a unique id,
an author from one pool shared by all files (so authors recur across files and distinct
author counts really need the exact merge), a crowd and an author tier. Timestamps are
spread over the whole ~100-week range in every file: the worst case for merging, since
every file contributes partials to every week.

For each size the first ``size / file_rows`` files are linked into their own input
directory and :func:`infimate.signals.scale.tag_directory` runs **in a fresh subprocess** from
an empty output directory (tag every file + merge). The child reports its own peak RSS
(``getrusage(RUSAGE_SELF).ru_maxrss``) and CPU time; the parent also records
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` after the child exits (max over children so
far; the largest size runs first, so for smaller sizes only the child's own figure
is theirs). Partial results go to ``/tmp/infimate_scale/progress.json`` as sizes finish. Throughput = posts / wall seconds of tag + merge.
Two incremental runs follow on the largest size: **no change** (hash check only) and
**one new file** added (only that file is tagged, then the merge re-runs).
Acceptance: the largest size (20M posts) with peak RSS ≤ 4 GB.

Example (not run: a long benchmark; it writes under /tmp/infimate_scale)
------------------------------------------------------------------------
>>> import argparse
>>> r = bench_scale(argparse.Namespace(posts=40_000))          # doctest: +SKIP
>>> [s["posts"] for s in r["sizes"]]                           # doctest: +SKIP
[2000, 10000, 40000]
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

import numpy as np
import polars as pl

DEFAULT_POSTS = 20_000_000
FILE_ROWS = 1_000_000
WORK_DIR = Path("/tmp/infimate_scale")
RSS_TARGET_BYTES = 4 * 1024**3
_CROWDS = ("gen_z", "young_career_women", "moms", "women_35_plus", "unknown")
_TIERS = ("kol", "koc", "consumer", "consumer", "consumer", "consumer", "consumer")


def write_post_files(out_dir: Path, *, files: int, file_rows: int, seed: int = 2026) -> list[Path]:
    """Write (or reuse) ``files`` Parquet files of ``file_rows`` synthetic posts each."""
    from infimate.benchmarks.tagging import generate_posts

    out_dir.mkdir(parents=True, exist_ok=True)
    authors = max(1, files * file_rows // 5)
    paths = []
    for i in range(files):
        path = out_dir / f"posts-{file_rows}-{i:03d}.parquet"
        paths.append(path)
        if path.exists():
            continue
        rng = np.random.default_rng(seed + i)
        df = generate_posts(file_rows, seed=seed + i).with_columns(
            (pl.lit(f"f{i}-") + pl.col("post_id")).alias("post_id"),
            pl.Series("author_id", rng.integers(0, authors, file_rows)).cast(pl.String),
            pl.Series("crowd", _CROWDS, dtype=pl.String).gather(rng.integers(0, 5, file_rows)),
            pl.Series("author_tier", _TIERS, dtype=pl.String).gather(
                rng.integers(0, len(_TIERS), file_rows)
            ),
        )
        tmp = path.with_suffix(".tmp")
        df.write_parquet(tmp, compression="zstd")
        tmp.replace(path)
    return paths


def _link_dir(target: Path, files: list[Path]) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for f in files:
        (target / f.name).symlink_to(f)
    return target


def _run_child(input_dir: Path, output_dir: Path) -> dict[str, Any]:
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    log, result = WORK_DIR / "worker.log", WORK_DIR / "worker-result.json"
    result.unlink(missing_ok=True)
    with open(log, "a", encoding="utf-8") as err:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "infimate.benchmarks.scale",
                *map(str, (input_dir, output_dir, result)),
            ],
            stdout=err,
            stderr=err,
            check=False,
            cwd=Path(__file__).resolve().parents[2],
        )
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not result.exists():
        raise RuntimeError(f"scale worker failed, see {log}")
    child: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    child["process_wall_seconds"] = round(wall, 3)
    child["rusage_children_maxrss_bytes"] = (
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    )
    child["load_average_1min_before"] = round(load, 2)
    return child


def bench_scale(args: Any) -> dict[str, Any]:
    """Run the size curve + incremental runs; returns the figures (dispatcher writes JSON)."""
    largest = int(getattr(args, "posts", None) or DEFAULT_POSTS)
    file_rows = min(FILE_ROWS, max(1, largest // 20))
    n_files = max(1, largest // file_rows)
    sizes = sorted({max(1, n_files // 20), max(1, n_files // 4), n_files})
    files = write_post_files(WORK_DIR / "posts", files=n_files + 1, file_rows=file_rows)
    rows: list[dict[str, Any]] = []
    extra: dict[str, Any] = {}

    def save_progress() -> None:
        body = {"sizes": sorted(rows, key=lambda x: x["posts"]), **extra}
        (WORK_DIR / "progress.json").write_text(json.dumps(body, indent=1) + "\n", "utf-8")

    # largest first (the acceptance figure), then the incremental runs on its output
    for k in [sizes[-1], *sizes[:-1]]:
        inp = _link_dir(WORK_DIR / f"in-{k * file_rows}", files[:k])
        out = WORK_DIR / f"out-{k * file_rows}"
        shutil.rmtree(out, ignore_errors=True)
        r = _run_child(inp, out)
        r["files"] = k
        r["posts"] = k * file_rows
        r["posts_per_second"] = round(r["posts"] / r["seconds"])
        r["peak_rss_gb"] = round(r["maxrss_bytes"] / 1024**3, 3)
        rows.append(r)
        save_progress()
        if k == n_files:
            extra["incremental_unchanged"] = _run_child(inp, out)
            (inp / files[n_files].name).symlink_to(files[n_files])
            extra["incremental_one_new_file"] = _run_child(inp, out)
            save_progress()
    rows.sort(key=lambda x: x["posts"])
    largest_row = rows[-1]
    return {
        "name": "scale",
        "posts": largest_row["posts"],
        "file_rows": file_rows,
        "seconds": largest_row["seconds"],
        "posts_per_second": largest_row["posts_per_second"],
        "peak_rss_gb": largest_row["peak_rss_gb"],
        "rss_ok": largest_row["maxrss_bytes"] <= RSS_TARGET_BYTES,
        "sizes": rows,
        **extra,
        "targets": {"peak_rss_gb_max": 4.0, "posts": DEFAULT_POSTS},
    }


def _worker(input_dir: str, output_dir: str, result: str) -> None:
    """The measured child process: tag, then write its figures as JSON to ``result``
    (progress lines go to stderr, which the parent sends to ``worker.log``)."""
    from dataclasses import asdict

    from infimate.signals.scale import tag_directory

    t0 = time.perf_counter()

    def say(frac: float, msg: str) -> None:
        sys.stderr.write(f"{time.perf_counter() - t0:8.1f}s {frac:4.0%} {msg}\n")
        sys.stderr.flush()

    report = tag_directory(input_dir, output_dir, progress=say)
    self_usage = resource.getrusage(resource.RUSAGE_SELF)
    body = asdict(report) | {
        "maxrss_bytes": self_usage.ru_maxrss * 1024,
        "cpu_seconds": round(self_usage.ru_utime + self_usage.ru_stime, 3),
    }
    Path(result).write_text(json.dumps(body), encoding="utf-8")


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2], sys.argv[3])
