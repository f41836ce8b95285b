"""Aggregation benchmark: 10M mentions -> weekly share of voice at the finest grain.

The measured query is the finest grain only: week × element × market × crowd × scene ×
platform, with the columns of :func:`infimate.tagging.post_signals` — mentions,
kol_mentions, eng (engagement of mentioning posts), distinct authors — joined to the
post denominators (posts, engagement per week × segment, aggregated from the posts in
the same timed step) for ``value`` = mentions ÷ posts and ``eng_share``. ``seconds`` is
:func:`finest_sov` (dictionary-encode the keys, one sort of a packed 64-bit key, run
sums; see its docstring) from in-memory frames with string columns, as
:func:`infimate.tagging.tag_posts` produces them; ``groupby_seconds`` is the plain
polars ``group_by`` (:func:`finest_sov_groupby`) in the same run and ``equals_groupby``
checks both give the same frame. ``cpu_seconds`` (process CPU, all threads) is reported
beside wall time because this machine is shared (``load_average_1min_before``).

Baseline: the same computation in pandas (``groupby().agg`` with ``nunique``, then
``merge``) in the same run, on the first ``baseline_mentions`` mentions (2M by default)
with posts sampled in the same proportion, scaled per row to the full size
(``baseline_seconds``); ``speedup`` = baseline_seconds / seconds. ``rollup_seconds``
additionally times the stored roll-ups (all nine grouping sets, i.e.
:func:`infimate.tagging.post_signals` itself) on the first ``rollup_mentions`` (1M)
mentions, for reference only (not scaled, not part of the acceptance).

Data are synthetic (fixed seed): 104 weeks, the 360-element built-in lexicon with
Zipf-distributed popularity (the k-th element drawn ∝ 1/k), 5 markets,
5 crowds, 9 scenes, 4 platforms, 1M authors, 5% KOL mentions; posts = mentions / 2.
Acceptance: ``seconds`` ≤ 2 and ``speedup`` ≥ 5.

Example
-------
>>> import argparse
>>> r = bench_aggregation(argparse.Namespace(posts=200_000))   # doctest: +SKIP
>>> r["mentions"]                                              # doctest: +SKIP
200000
"""

from __future__ import annotations

import math
import os
import time
from datetime import date, timedelta
from typing import Any

import numpy as np
import polars as pl

from infimate.lexicon import builtin_lexicon
from infimate.tagging import SEGMENT_COLS, post_signals

DEFAULT_MENTIONS = 10_000_000
BASELINE_MENTIONS = 2_000_000
ROLLUP_MENTIONS = 1_000_000
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
KEYS = ["date", "element", *SEGMENT_COLS]


def _pick(rng: np.random.Generator, values: tuple[str, ...] | list[str], n: int) -> pl.Series:
    return pl.Series(values, dtype=pl.String).gather(rng.integers(0, len(values), n))


def synthetic_frames(n_mentions: int, *, seed: int = 9) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(mentions, posts)`` with the columns :func:`post_signals` reads."""
    rng = np.random.default_rng(seed)
    weeks = [date(2024, 1, 1) + timedelta(weeks=w) for w in range(104)]
    elements = builtin_lexicon()["element_id"].to_list()
    n_posts = max(1, n_mentions // 2)
    zipf = 1.0 / np.arange(1, len(elements) + 1)
    zipf /= zipf.sum()

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
    return mentions, posts


def finest_sov_groupby(mentions: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    """Reference for :func:`finest_sov`: plain polars ``group_by`` on the string keys."""
    denom = (
        posts.lazy()
        .group_by(["week", *SEGMENT_COLS])
        .agg(pl.len().cast(pl.Int64).alias("posts"), pl.col("engagement").sum())
    )
    counted = (
        mentions.lazy()
        .group_by(["week", "element_id", *SEGMENT_COLS])
        .agg(
            pl.len().cast(pl.Int64).alias("mentions"),
            (pl.col("author_tier") == "kol").sum().cast(pl.Int64).alias("kol_mentions"),
            pl.col("engagement").sum().alias("eng"),
            pl.col("author_id").n_unique().cast(pl.Int64).alias("authors"),
        )
    )
    return (
        counted.join(denom, on=["week", *SEGMENT_COLS], how="left")
        .with_columns(
            (pl.col("mentions") / pl.col("posts")).alias("value"),
            pl.when(pl.col("engagement") > 0)
            .then(pl.col("eng") / pl.col("engagement"))
            .otherwise(0.0)
            .alias("eng_share"),
        )
        .collect()
    )


def _dense_codes(s: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Codes of ``s`` (Int64) and the values they index.

    Strings: 0..k-1 over the sorted distinct values (an Enum). Dates: days since the
    first date, decoded by adding them back (no hashing at all).
    """
    if s.dtype == pl.Date:
        lo = s.min()
        span = (s.max() - lo).days + 1
        return (s.to_physical() - s.to_physical().min()).cast(pl.Int64), pl.date_range(
            lo, lo + timedelta(days=span - 1), eager=True
        )
    cats = s.unique().sort()
    return s.cast(pl.Enum(cats)).to_physical().cast(pl.Int64), cats


def _encode_like(s: pl.Series, cats: pl.Series) -> pl.Series:
    """Codes of ``s`` against ``cats`` from :func:`_dense_codes`; null where absent."""
    if s.dtype == pl.Date:
        return (s.to_physical() - cats.to_physical()[0]).cast(pl.Int64)
    return s.cast(pl.Enum(cats), strict=False).to_physical().cast(pl.Int64)


def _mixed_radix(codes: list[pl.Series], radix: list[int]) -> pl.Series:
    key = codes[0]
    for c, r in zip(codes[1:], radix[1:], strict=True):
        key = key * r + c
    return key


def finest_sov(mentions: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    """Weekly SoV at the finest grain (week × element × market × crowd × scene × platform).

    Same result as :func:`finest_sov_groupby` (row order aside), computed by one sort
    instead of a high-cardinality hash group-by: the six keys are dictionary-encoded and
    packed into one integer (``b`` bits), the top ``64 - b`` bits of a 64-bit hash of the
    author into the rest. After sorting that 64-bit pair every group is a contiguous run:
    counts and sums are differences of cumulative sums at the run boundaries, distinct
    authors the number of pair changes within a run. Distinct authors stay **exact**:
    equal pairs whose author strings differ (a hash collision) are detected on the few
    adjacent duplicates and those groups are recounted with ``n_unique``. Falls back to
    the group-by when keys have nulls or the packed key needs more than 40 bits.

    Example
    -------
    >>> m, p = synthetic_frames(1000)
    >>> finest_sov(m, p).height == finest_sov_groupby(m, p).height
    True
    """
    keys = ["week", "element_id", *SEGMENT_COLS]
    if mentions.height == 0 or sum(mentions.select(pl.col(keys).null_count()).row(0)):
        return finest_sov_groupby(mentions, posts)
    enc = {c: _dense_codes(mentions[c]) for c in keys}
    radix = [len(enc[c][1]) for c in keys]
    kbits = max(1, math.ceil(math.log2(math.prod(radix))))
    if kbits > 40:
        return finest_sov_groupby(mentions, posts)
    key = _mixed_radix([enc[c][0] for c in keys], radix).cast(pl.UInt64)
    author = mentions["author_id"]
    pair = key * 2 ** (64 - kbits) + author.hash(seed=0) // 2**kbits
    order = pair.arg_sort()
    pair = pair.gather(order)
    k = pair // 2 ** (64 - kbits)
    starts = (k != k.shift(1)).fill_null(True).arg_true().cast(pl.Int64)
    ends = starts.shift(-1, fill_value=len(pair)) - 1

    def run_sum(col: pl.Series) -> pl.Series:
        c = col.cum_sum()
        return c.gather(ends) - c.gather(starts) + col.gather(starts)

    same = (pair == pair.shift(1)).fill_null(False)
    dup = same.arg_true()
    clash = author.gather(order.gather(dup)) != author.gather(order.gather(dup - 1))
    rest = k.gather(starts).cast(pl.Int64)
    codes: dict[str, pl.Series] = {}
    for c, r in zip(reversed(keys), reversed(radix), strict=True):
        codes[c], rest = rest % r, rest // r
    seg = ["week", *SEGMENT_COLS]
    counted = pl.DataFrame(
        {
            **{c: enc[c][1].gather(codes[c]) for c in keys},
            "mentions": ends - starts + 1,
            "kol_mentions": run_sum(
                (mentions["author_tier"] == "kol").cast(pl.Int64).gather(order)
            ),
            "eng": run_sum(mentions["engagement"].cast(pl.Int64).gather(order)),
            "authors": run_sum((~same).cast(pl.Int64)),
            "_dk": _mixed_radix([codes[c] for c in seg], [len(enc[c][1]) for c in seg]),
        }
    )
    if clash.any():  # recount the (rare) groups where two authors share a hash prefix
        bad = k.gather(dup.filter(clash)).unique()
        exact = (
            mentions.filter(key.is_in(bad.implode()))
            .group_by(keys)
            .agg(pl.col("author_id").n_unique().cast(pl.Int64).alias("_exact"))
        )
        counted = (
            counted.join(exact, on=keys, how="left")
            .with_columns(pl.coalesce("_exact", "authors").alias("authors"))
            .drop("_exact")
        )
    pcodes = [_encode_like(posts[c], enc[c][1]) for c in seg]
    denom = (
        pl.DataFrame(
            {
                "_dk": _mixed_radix(pcodes, [len(enc[c][1]) for c in seg]),
                "engagement": posts["engagement"].cast(pl.Int64),
            }
        )
        .drop_nulls("_dk")
        .group_by("_dk")
        .agg(pl.len().cast(pl.Int64).alias("posts"), pl.col("engagement").sum())
    )
    return (
        counted.join(denom, on="_dk", how="left")
        .drop("_dk")
        .with_columns(
            (pl.col("mentions") / pl.col("posts")).alias("value"),
            pl.when(pl.col("engagement") > 0)
            .then(pl.col("eng") / pl.col("engagement"))
            .otherwise(0.0)
            .alias("eng_share"),
        )
    )


def pandas_sov(mentions: Any, posts: Any) -> Any:
    """The pandas reference of :func:`finest_sov` (same columns)."""
    seg = ["week", *SEGMENT_COLS]
    denom = posts.groupby(seg, sort=False, observed=True).agg(
        posts=("engagement", "size"), engagement=("engagement", "sum")
    )
    m = mentions.assign(kol=mentions["author_tier"].eq("kol"))
    counted = m.groupby(["week", "element_id", *SEGMENT_COLS], sort=False, observed=True).agg(
        mentions=("kol", "size"),
        kol_mentions=("kol", "sum"),
        eng=("engagement", "sum"),
        authors=("author_id", "nunique"),
    )
    out = counted.reset_index().merge(denom.reset_index(), on=seg, how="left")
    out["value"] = out["mentions"] / out["posts"]
    out["eng_share"] = (out["eng"] / out["engagement"]).where(out["engagement"] > 0, 0.0)
    return out


def bench_aggregation(args: Any) -> dict[str, Any]:
    """Run the aggregation benchmark; returns the figures (the dispatcher writes JSON)."""
    n = int(getattr(args, "posts", None) or DEFAULT_MENTIONS)
    n_base = min(n, int(getattr(args, "baseline_mentions", None) or BASELINE_MENTIONS))
    mentions, posts = synthetic_frames(n)

    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    fine = finest_sov(mentions, posts)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    plain = finest_sov_groupby(mentions, posts)
    groupby_seconds, groupby_cpu = time.perf_counter() - t0, time.process_time() - c0
    order = ["week", "element_id", *SEGMENT_COLS]
    same_as_groupby = fine.sort(order).equals(plain.sort(order))
    del plain

    m_sample = mentions.head(n_base)
    p_sample = posts.head(max(1, posts.height * n_base // n))
    pm, pp = m_sample.to_pandas(), p_sample.to_pandas()
    t0 = time.perf_counter()
    base = pandas_sov(pm, pp)
    base_sample_seconds = time.perf_counter() - t0
    baseline_seconds = base_sample_seconds * n / n_base
    check = finest_sov(m_sample, p_sample)  # the pandas sample vs the fast path
    same = bool(
        len(base) == check.height and int(base["authors"].sum()) == int(check["authors"].sum())
    )

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
        "mentions": n,
        "posts": posts.height,
        "groups": fine.height,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "load_average_1min_before": round(load, 2),
        "mentions_per_second": round(n / seconds),
        "groupby_seconds": round(groupby_seconds, 3),
        "groupby_cpu_seconds": round(groupby_cpu, 3),
        "equals_groupby": same_as_groupby,
        "baseline": "pandas groupby/agg(nunique)/merge, sample scaled per row",
        "baseline_mentions": n_base,
        "baseline_sample_seconds": round(base_sample_seconds, 3),
        "baseline_seconds": round(baseline_seconds, 3),
        "speedup": round(baseline_seconds / seconds, 1),
        "baseline_matches_on_sample": same,
        "rollup_mentions": n_roll,
        "rollup_seconds": round(rollup_seconds, 3),
        "rollup_rows": rolled.height,
        "targets": {"seconds_max": 2.0, "speedup_min": 5, "mentions": DEFAULT_MENTIONS},
    }
