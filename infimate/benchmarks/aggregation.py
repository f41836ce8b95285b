"""Aggregation benchmark: 10M mentions -> weekly share of voice at the finest grain.

The measured query is the finest grain only: week × element × market × crowd × scene ×
platform, with the columns of :func:`infimate.signals.share_of_voice.post_signals` — mentions,
kol_mentions, eng (engagement of mentioning posts), distinct authors (exact) — plus the
post denominators (posts, engagement per week × segment, aggregated from the posts in
the same timed step) for ``value`` = mentions ÷ posts and ``eng_share``.

**Input dtypes are the tagger's.** :func:`synthetic_frames` casts the generated columns
to the schema :func:`infimate.elements.tagging.tag_posts` really returns (mentions) and
:func:`infimate.elements.tagging.prepare_posts` returns (posts), read off a one-post sample at run
time: market, crowd, scene, platform and author_tier are ``pl.Categorical``; element_id,
author_id and post_id are String; week is a Date (``input_dtypes`` in the JSON).
``seconds`` / ``cpu_seconds`` time :func:`infimate.benchmarks.packed_sov.finest_sov` (how
it works is documented there) on those in-memory frames — all of
it: the Categorical cast of element_id, codes, the sort, run sums, exact distinct
authors, denominators, lookup, value/eng_share — best of ``runs`` (all runs listed;
``cpu_seconds`` is process CPU of all threads, user + system, and is reported beside wall
time with the 1-minute load average because this 2-core machine is shared).
``groupby_seconds`` times plain polars ``group_by`` (:func:`finest_sov_groupby`) on the
same frames once; ``equals_groupby`` checks the fast result equals it and
``equals_groupby_on_strings`` that it equals a plain polars ``group_by`` on the **String**
versions of every key column (categoricals cast to String, untimed), exactly.

Baseline: the same computation in pandas (``groupby().agg`` with ``nunique``, then
``merge``; :func:`pandas_sov`), best of as many runs, on the first ``baseline_mentions``
mentions (2M by default) with posts sampled in the same proportion, given the *same*
frames via ``to_pandas()`` (the Categorical columns arrive as pandas ``category``, grouped
with ``observed=True``; element_id/author_id as pandas strings), scaled per row to the
full size (``baseline_seconds``, ``baseline_cpu_seconds``); ``speedup`` =
baseline_seconds / seconds, ``cpu_speedup`` the same for CPU seconds.
``baseline_matches_on_sample`` compares the pandas result with :func:`finest_sov` on the
sample, every column. ``rollup_seconds`` additionally times the stored roll-ups (all nine
grouping sets, i.e. :func:`infimate.signals.share_of_voice.post_signals` itself) on the first
``rollup_mentions`` (1M) mentions, for reference only (not scaled, not in the acceptance).

Data are synthetic (fixed seed): 104 weeks, the 360-element built-in lexicon with
Zipf-distributed popularity (the k-th element drawn ∝ 1/k), 5 markets,
5 crowds, 9 scenes, 4 platforms, 1M authors, 5% KOL mentions; posts = mentions / 2.
Acceptance: ``seconds`` ≤ 2 and ``speedup`` ≥ 5.

Example
-------
>>> import argparse
>>> r = bench_aggregation(argparse.Namespace(posts=2000, runs=1))  # tiny: 2,000 mentions
>>> r["mentions"], r["equals_groupby"], r["equals_groupby_on_strings"], r["baseline_matches_on_sample"]
(2000, True, True, True)
"""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import polars as pl

from infimate.benchmarks.packed_sov import KEYS, finest_sov, finest_sov_groupby
from infimate.benchmarks.runner import best_of
from infimate.data.schema import SEGMENT_COLS
from infimate.elements.lexicon import builtin_lexicon
from infimate.elements.tagging import prepare_posts, tag_posts
from infimate.signals.share_of_voice import post_signals

DEFAULT_MENTIONS = 10_000_000
BASELINE_MENTIONS = 2_000_000
ROLLUP_MENTIONS = 1_000_000
RUNS = 3  # best of: the machine is shared, so the least-disturbed run is reported
_VALUES = {
    "market": ("US", "GB", "CN", "ID", "FR"),
    "crowd": ("gen_z", "young_career_women", "moms", "women_35_plus", "unknown"),
    "scene": (
        "office",
        "lounge_home",
        "party",
        "vacation",
        "date_night",
        "athleisure",
        "wedding_guest",
        "campus",
        "unknown",
    ),
    "platform": ("tiktok", "instagram", "xiaohongshu", "douyin"),
}


def _pick(rng: np.random.Generator, values: tuple[str, ...] | list[str], n: int) -> pl.Series:
    return pl.Series(values, dtype=pl.String).gather(rng.integers(0, len(values), n))


def tagger_schemas() -> tuple[pl.Schema, pl.Schema]:
    """``(mentions, posts)`` schemas the product's tagger really produces.

    Read off :func:`infimate.elements.tagging.tag_posts` and :func:`infimate.elements.tagging.prepare_posts`
    on a one-post sample, so the benchmark input follows the tagger if it changes.
    """
    sample = pl.DataFrame(
        {
            "post_id": ["1"],
            "text": ["red dress"],
            "ts": [datetime(2026, 11, 25)],
            "market": ["US"],
            "platform": ["tiktok"],
            "author_id": ["a"],
        }
    )
    prepared = prepare_posts(sample)
    return tag_posts(prepared, builtin_lexicon()).schema, prepared.schema


def synthetic_frames(n_mentions: int, *, seed: int = 9) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(mentions, posts)`` with the columns :func:`post_signals` reads, in tagger dtypes."""
    rng = np.random.default_rng(seed)
    weeks = [date(2024, 1, 1) + timedelta(weeks=w) for w in range(104)]
    elements = builtin_lexicon()["element_id"].to_list()
    n_posts = max(1, n_mentions // 2)
    zipf = 1.0 / np.arange(1, len(elements) + 1)
    zipf /= zipf.sum()
    m_schema, p_schema = tagger_schemas()

    def segs(n: int) -> dict[str, pl.Series]:
        out = {"date": pl.Series(weeks, dtype=pl.Date).gather(rng.integers(0, 104, n))}
        return out | {c: _pick(rng, v, n) for c, v in _VALUES.items()}

    mentions = pl.DataFrame(
        {
            "post_id": pl.Series(rng.integers(0, n_posts, n_mentions)).cast(pl.String),
            "element_id": pl.Series(elements, dtype=pl.String).gather(
                rng.choice(len(elements), n_mentions, p=zipf)
            ),
            **segs(n_mentions),
            "author_id": pl.Series(rng.integers(0, 1_000_000, n_mentions)).cast(pl.String),
            "author_tier": _pick(rng, ("kol",) + ("consumer",) * 19, n_mentions),
            "engagement": pl.Series(rng.integers(0, 5000, n_mentions), dtype=pl.Int64),
        }
    ).rename({"date": "week"})
    posts = pl.DataFrame(
        {**segs(n_posts), "engagement": pl.Series(rng.integers(0, 5000, n_posts), dtype=pl.Int64)}
    ).rename({"date": "week"})
    return (
        mentions.cast({c: m_schema[c] for c in mentions.columns}),
        posts.cast({c: p_schema[c] for c in posts.columns}),
    )


def pandas_sov(mentions: Any, posts: Any) -> Any:
    """The pandas reference of :func:`finest_sov` (same columns)."""
    seg = ["week", *SEGMENT_COLS]
    denom = posts.groupby(seg, sort=False, observed=True).agg(
        posts=("engagement", "size"), engagement=("engagement", "sum")
    )
    m = mentions.assign(kol=mentions["author_tier"].eq("kol"))
    counted = m.groupby(KEYS, sort=False, observed=True).agg(
        mentions=("kol", "size"),
        kol_mentions=("kol", "sum"),
        eng=("engagement", "sum"),
        authors=("author_id", "nunique"),
    )
    out = counted.reset_index().merge(denom.reset_index(), on=seg, how="left")
    out["value"] = out["mentions"] / out["posts"]
    out["eng_share"] = (out["eng"] / out["engagement"]).where(out["engagement"] > 0, 0.0)
    return out


def _same(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    """Equal frames after casting categoricals to String and sorting by the keys."""
    a, b = as_strings(a).sort(KEYS), as_strings(b).sort(KEYS)
    return a.columns == b.columns and a.equals(b)


def _pandas_matches(base: Any, fast: pl.DataFrame) -> bool:
    """pandas result equals the fast path on the same sample (every column, exactly)."""
    got = as_strings(pl.from_pandas(base.astype({c: str for c in KEYS if c != "week"})))
    got = got.select(fast.columns).cast(as_strings(fast).schema)
    return _same(got, fast)


def bench_aggregation(args: Any) -> dict[str, Any]:
    """Run the aggregation benchmark; returns the figures (the dispatcher writes JSON)."""
    n = int(getattr(args, "posts", None) or DEFAULT_MENTIONS)
    n_base = min(n, int(getattr(args, "baseline_mentions", None) or BASELINE_MENTIONS))
    runs = max(1, int(getattr(args, "runs", None) or RUNS))
    mentions, posts = synthetic_frames(n)

    load = os.getloadavg()[0]
    fine, walls, cpus = best_of(runs, lambda: finest_sov(mentions, posts))
    seconds, cpu = min(walls), min(cpus)
    load_after = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    plain = finest_sov_groupby(mentions, posts)
    groupby_seconds, groupby_cpu = time.perf_counter() - t0, time.process_time() - c0
    same_as_groupby = _same(fine, plain)
    del plain
    on_strings = finest_sov_groupby(as_strings(mentions), as_strings(posts))
    same_as_string_groupby = _same(fine, on_strings)
    del on_strings

    m_sample = mentions.head(n_base)
    p_sample = posts.head(max(1, posts.height * n_base // n))
    pm, pp = m_sample.to_pandas(), p_sample.to_pandas()
    # best of as many runs as the fast path got
    base, base_walls, base_cpus = best_of(runs, lambda: pandas_sov(pm, pp))
    base_sample_seconds, base_sample_cpu = min(base_walls), min(base_cpus)
    baseline_seconds = base_sample_seconds * n / n_base
    same = _pandas_matches(base, finest_sov(m_sample, p_sample))

    n_roll = min(n, ROLLUP_MENTIONS)
    posts_full = posts.head(max(1, posts.height * n_roll // n)).with_columns(
        pl.int_range(pl.len()).cast(pl.String).alias("post_id"),
        pl.col("week").cast(pl.Datetime("us")).alias("ts"),
        pl.lit("a").alias("author_id"),
        pl.lit("").alias("text"),
    )
    t0 = time.perf_counter()
    rolled = post_signals(mentions.head(n_roll), posts_full)
    rollup_seconds = time.perf_counter() - t0
    return {
        "name": "aggregation",
        "grain": "week x element x market x crowd x scene x platform (finest only)",
        "input_dtypes": {c: str(t) for c, t in mentions.schema.items()},
        "mentions": n,
        "posts": posts.height,
        "groups": fine.height,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "runs": runs,
        "seconds_runs": [round(w, 3) for w in walls],
        "cpu_seconds_runs": [round(c, 3) for c in cpus],
        "load_average_1min_before": round(load, 2),
        "load_average_1min_after": round(load_after, 2),
        "mentions_per_second": round(n / seconds),
        "groupby_seconds": round(groupby_seconds, 3),
        "groupby_cpu_seconds": round(groupby_cpu, 3),
        "equals_groupby": same_as_groupby,
        "equals_groupby_on_strings": same_as_string_groupby,
        "baseline": "pandas groupby/agg(nunique)/merge on the same frames (to_pandas: "
        "category columns, observed=True), sample scaled per row",
        "baseline_mentions": n_base,
        "baseline_sample_seconds": round(base_sample_seconds, 3),
        "baseline_sample_cpu_seconds": round(base_sample_cpu, 3),
        "baseline_sample_seconds_runs": [round(w, 3) for w in base_walls],
        "baseline_seconds": round(baseline_seconds, 3),
        "baseline_cpu_seconds": round(base_sample_cpu * n / n_base, 3),
        "speedup": round(baseline_seconds / seconds, 1),
        "cpu_speedup": round(base_sample_cpu * n / n_base / cpu, 1),
        "baseline_matches_on_sample": same,
        "rollup_mentions": n_roll,
        "rollup_seconds": round(rollup_seconds, 3),
        "rollup_rows": rolled.height,
        "targets": {"seconds_max": 2.0, "speedup_min": 5, "mentions": DEFAULT_MENTIONS},
    }


def as_strings(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every Categorical/Enum column cast to String."""
    return frame.with_columns(
        pl.col(c).cast(pl.String)
        for c, t in frame.schema.items()
        if isinstance(t, pl.Categorical | pl.Enum)
    )
