"""Scale benchmark: out-of-core ``scale-tag`` at 5M and 50M posts, and adding a file at 20M.

Synthetic posts (the tagging benchmark's generator, fixed seeds) are written once as
Parquet files of ``file_rows`` posts (1M by default; 51 files for 50M) under
``/tmp/infimate_scale/posts`` — never into the repository. Each post gets a unique id,
an author from one pool shared by all files (so authors recur across files and distinct
author counts really need the exact merge), a crowd and an author tier. Timestamps are
spread over the whole ~100-week range in every file: the worst case for merging, since
every file adds to every week.

Every measured run is :func:`infimate.signals.scale.tag_directory` **in a fresh
subprocess** (its own peak RSS, ``getrusage(RUSAGE_SELF).ru_maxrss``, and CPU time;
progress lines go to ``worker.log``):

* ``sizes``: 1/10 of the largest size (5M) and the largest (50M), each from an empty
  output directory — tag every file, merge, write. ``seconds_per_million`` of both and
  their ratio (``per_million_ratio``, target ≤ 1.3: the run stays linear); the same in
  CPU seconds (``cpu_per_million_ratio``), steadier on this shared machine.
* ``add_file``: a 2/5-size state (20M) is built, then one more 1M-post file is added to
  a copy of it (``add_file.seconds``: only that file is tagged, then the totals and the
  outputs are updated); ``file_alone`` is ``scale-tag`` of that same file into an empty
  output. The two alternate ``add_runs`` (3) times; the fastest of each is reported
  (all in ``*_seconds_runs``). ``add_file_ratio`` = add ÷ alone (target ≤ 2);
  ``add_file_ratio_to_tagging`` divides by the alone run's tagging step only
  (``tag_seconds``).

Peak RSS target: ≤ 4 GB for every run (``peak_rss_gb``, the largest). Partial results go
to ``/tmp/infimate_scale/progress.json`` as runs finish; each run's output directory is
deleted after it is measured (the post files are kept for the next run; delete
``/tmp/infimate_scale`` to free the disk).

Example (not run: a long benchmark; it writes under /tmp/infimate_scale)
------------------------------------------------------------------------
>>> import argparse
>>> r = bench_scale(argparse.Namespace(posts=500_000))         # doctest: +SKIP
>>> [s["posts"] for s in r["sizes"]], r["add_file"]["posts_tagged"]  # doctest: +SKIP
([50000, 500000], 10000)
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

DEFAULT_POSTS = 50_000_000
FILE_ROWS = 1_000_000
ADD_RUNS = 3
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
        # the name holds everything the content depends on (the author pool comes from
        # ``files``), so a file reused from an earlier run is the file this run would write
        path = out_dir / f"posts-{file_rows}x{files}-{i:03d}.parquet"
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


def _run_child(input_dir: Path, output_dir: Path, label: str) -> dict[str, Any]:
    """One ``tag_directory`` run in a fresh process: its report, peak RSS and CPU."""
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    log, result = WORK_DIR / "worker.log", WORK_DIR / "worker-result.json"
    result.unlink(missing_ok=True)
    with open(log, "a", encoding="utf-8") as err:
        err.write(f"--- {label}: {input_dir} -> {output_dir}\n")
        err.flush()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "infimate.benchmarks.scale",
                str(input_dir),
                str(output_dir),
                str(result),
            ],
            stdout=err,
            stderr=err,
            check=False,
            cwd=Path(__file__).resolve().parents[2],
        )
    if proc.returncode != 0 or not result.exists():
        raise RuntimeError(f"scale worker failed, see {log}")
    child: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    child["process_wall_seconds"] = round(time.perf_counter() - t0, 3)
    child["load_average_1min_before"] = round(load, 2)
    child["peak_rss_gb"] = round(child["maxrss_bytes"] / 1024**3, 3)
    return child


def _size_run(files: list[Path], label: str) -> dict[str, Any]:
    inp = _link_dir(WORK_DIR / f"in-{label}", files)
    out = WORK_DIR / f"out-{label}"
    shutil.rmtree(out, ignore_errors=True)
    row = _run_child(inp, out, label)
    row["files"] = len(files)
    row["seconds_per_million"] = round(row["seconds"] / (row["posts_total"] / 1e6), 3)
    row["cpu_seconds_per_million"] = round(row["cpu_seconds"] / (row["posts_total"] / 1e6), 3)
    shutil.rmtree(out, ignore_errors=True)
    return row


def bench_scale(args: Any) -> dict[str, Any]:
    """Run the 5M / 50M sizes and the add-a-file runs; returns the figures (JSON)."""
    largest = int(getattr(args, "posts", None) or DEFAULT_POSTS)
    file_rows = min(FILE_ROWS, max(1, largest // 50))
    n_files = max(2, largest // file_rows)
    small, mid = max(1, n_files // 10), max(1, n_files * 2 // 5)
    files = write_post_files(WORK_DIR / "posts", files=n_files + 1, file_rows=file_rows)
    body: dict[str, Any] = {"file_rows": file_rows, "sizes": []}

    def save_progress() -> None:
        (WORK_DIR / "progress.json").write_text(json.dumps(body, indent=1) + "\n", "utf-8")

    body["sizes"].append(_size_run(files[:small], f"{small * file_rows}"))
    save_progress()
    # a mid-size state, then one more file added to a copy of it; and that file on its
    # own: best of ``add_runs`` each (the two alternate, so both see the same load)
    inp = _link_dir(WORK_DIR / "in-add", files[:mid])
    state = WORK_DIR / "out-add"
    shutil.rmtree(state, ignore_errors=True)
    body["add_file_state"] = _run_child(inp, state, f"state {mid * file_rows}")
    added = _link_dir(WORK_DIR / "in-added", [*files[:mid], files[n_files]])
    adds, alones = [], []
    for _ in range(max(1, int(getattr(args, "add_runs", None) or ADD_RUNS))):
        copy = WORK_DIR / "out-added"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(state, copy, symlinks=True)
        adds.append(_run_child(added, copy, "add one file"))
        shutil.rmtree(copy, ignore_errors=True)
        alones.append(_size_run([files[n_files]], "alone"))
    shutil.rmtree(state, ignore_errors=True)
    body["add_file"] = min(adds, key=lambda r: r["seconds"])
    body["file_alone"] = min(alones, key=lambda r: r["seconds"])
    body["add_file_seconds_runs"] = [r["seconds"] for r in adds]
    body["file_alone_seconds_runs"] = [r["seconds"] for r in alones]
    save_progress()
    body["sizes"].append(_size_run(files[:n_files], f"{n_files * file_rows}"))
    save_progress()
    lo, hi = body["sizes"][0], body["sizes"][-1]
    runs = [*body["sizes"], body["add_file_state"], body["add_file"], body["file_alone"]]
    peak = max(r["maxrss_bytes"] for r in runs)
    add, alone = body["add_file"], body["file_alone"]
    return {
        "name": "scale",
        "posts": hi["posts_total"],
        "seconds": hi["seconds"],
        "posts_per_second": round(hi["posts_total"] / hi["seconds"]),
        "peak_rss_gb": round(peak / 1024**3, 3),
        "rss_ok": peak <= RSS_TARGET_BYTES,
        "per_million_ratio": round(hi["seconds_per_million"] / lo["seconds_per_million"], 3),
        "cpu_per_million_ratio": round(
            hi["cpu_seconds_per_million"] / lo["cpu_seconds_per_million"], 3
        ),
        "add_file_state_posts": body["add_file_state"]["posts_total"],
        "add_file_ratio": round(add["seconds"] / alone["seconds"], 3),
        "add_file_ratio_to_tagging": round(add["seconds"] / alone["tag_seconds"], 3),
        **body,
        "targets": {
            "peak_rss_gb_max": 4.0,
            "per_million_ratio_max": 1.3,
            "add_file_ratio_max": 2.0,
            "posts": DEFAULT_POSTS,
        },
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
    usage = resource.getrusage(resource.RUSAGE_SELF)
    body = asdict(report) | {
        "maxrss_bytes": usage.ru_maxrss * 1024,
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
    }
    Path(result).write_text(json.dumps(body), encoding="utf-8")


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2], sys.argv[3])
