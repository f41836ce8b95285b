"""Aggregation benchmark: 10M mentions -> weekly share of voice at the finest grain.

The measured query is the finest grain only: week × element × market × crowd × scene ×
platform, with the columns of :func:`infimate.tagging.post_signals` — mentions,
kol_mentions, eng (engagement of mentioning posts), distinct authors (exact) — plus the
post denominators (posts, engagement per week × segment, aggregated from the posts in
the same timed step) for ``value`` = mentions ÷ posts and ``eng_share``.

**Input dtypes are the tagger's.** :func:`synthetic_frames` casts the generated columns
to the schema :func:`infimate.tagging.tag_posts` really returns (mentions) and
:func:`infimate.tagging.prepare_posts` returns (posts), read off a one-post sample at run
time: market, crowd, scene, platform and author_tier are ``pl.Categorical``; element_id,
author_id and post_id are String; week is a Date (``input_dtypes`` in the JSON).
``seconds`` / ``cpu_seconds`` time :func:`finest_sov` on those in-memory frames — all of
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
grouping sets, i.e. :func:`infimate.tagging.post_signals` itself) on the first
``rollup_mentions`` (1M) mentions, for reference only (not scaled, not in the acceptance).

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
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import polars as pl

from infimate.lexicon import builtin_lexicon
from infimate.tagging import SEGMENT_COLS, post_signals, prepare_posts, tag_posts

DEFAULT_MENTIONS = 10_000_000
BASELINE_MENTIONS = 2_000_000
ROLLUP_MENTIONS = 1_000_000
RUNS = 3  # best of: the machine is shared, so the least-disturbed run is reported
MAX_KEY_BITS = 40  # packed group key bits (beside the row number and author hash bits)
MIN_HASH_BITS = 8  # fewer author-hash bits than this: plain group_by instead
_CHUNK = 1 << 20  # rows per chunk of the key building and run scans
_DENSE_SPAN = 1 << 26  # largest code range mapped through a lookup array
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
KEYS = ["week", "element_id", *SEGMENT_COLS]
_PACK = ["element_id", "week", *SEGMENT_COLS]  # most significant first: dk = key % R
_U64 = np.uint64


def _pick(rng: np.random.Generator, values: tuple[str, ...] | list[str], n: int) -> pl.Series:
    return pl.Series(values, dtype=pl.String).gather(rng.integers(0, len(values), n))


def tagger_schemas() -> tuple[pl.Schema, pl.Schema]:
    """``(mentions, posts)`` schemas the product's tagger really produces.

    Read off :func:`infimate.tagging.tag_posts` and :func:`infimate.tagging.prepare_posts`
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


def _finish(counted: pl.DataFrame | pl.LazyFrame) -> Any:
    return counted.with_columns(
        (pl.col("mentions") / pl.col("posts")).alias("value"),
        pl.when(pl.col("engagement") > 0)
        .then(pl.col("eng") / pl.col("engagement"))
        .otherwise(0.0)
        .alias("eng_share"),
    )


def finest_sov_groupby(mentions: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    """Reference for :func:`finest_sov`: plain polars ``group_by`` on the key columns as given.

    Example
    -------
    >>> m, p = synthetic_frames(1000)
    >>> finest_sov_groupby(m, p).columns[:6] == KEYS
    True
    """
    seg = ["week", *SEGMENT_COLS]
    posts = posts.with_columns(pl.col(c).cast(mentions.schema[c]) for c in seg)
    denom = (
        posts.lazy()
        .group_by(seg)
        .agg(pl.len().cast(pl.Int64).alias("posts"), pl.col("engagement").sum())
    )
    counted = (
        mentions.lazy()
        .group_by(KEYS)
        .agg(
            pl.len().cast(pl.Int64).alias("mentions"),
            (pl.col("author_tier") == "kol").sum().cast(pl.Int64).alias("kol_mentions"),
            pl.col("engagement").sum().alias("eng"),
            pl.col("author_id").n_unique().cast(pl.Int64).alias("authors"),
        )
    )
    return _finish(counted.join(denom, on=seg, how="left")).collect()


def as_strings(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every Categorical/Enum column cast to String."""
    return frame.with_columns(
        pl.col(c).cast(pl.String)
        for c, t in frame.schema.items()
        if isinstance(t, pl.Categorical | pl.Enum)
    )


def _coded(s: pl.Series, like: pl.DataType | None = None) -> pl.Series:
    """A key column in a dtype with integer codes (``.to_physical()``).

    Categorical/Enum (the tagger's), Date (days) and integers stay as they are; other
    dtypes (String) become ``pl.Categorical``. Posts columns are cast to ``like``, the
    mentions' dtype. Polars recycles the codes of categories nothing refers to any
    more, so callers keep the returned Series alive while they compare codes across
    Series: equal strings have equal codes only among live Categorical Series.
    """
    dt = like or s.dtype
    keep = dt == pl.Date or dt.is_integer() or isinstance(dt, pl.Categorical | pl.Enum)
    target = dt if keep else pl.Categorical
    return s if s.dtype == target else s.cast(target, strict=False)


def _space(codes: pl.Series, *, compact: bool) -> tuple[int, np.ndarray | None, int]:
    """``(lo, lut, radix)``: value v gets code ``v - lo`` (radix = the value range) or, when
    compacting, ``lut[v - lo]`` (radix = distinct values; -1 for absent values)."""
    lo, hi = int(codes.min()), int(codes.max())
    if not compact or hi - lo >= _DENSE_SPAN:
        return lo, None, hi - lo + 1
    present = np.zeros(hi - lo + 1, dtype=bool)
    present[codes.to_numpy() - lo] = True
    lut = np.cumsum(present, dtype=np.int64) - 1
    lut[~present] = -1
    return lo, lut, int(lut[-1]) + 1


def _unsigned(a: np.ndarray) -> np.ndarray:
    """Non-negative integer array viewed as unsigned (so uint64 arithmetic stays integer)."""
    return a.view(a.dtype.str.replace("i", "u")) if a.dtype.kind == "i" else a


def _pack(
    phys: list[pl.Series], spaces: list[Any], *, own: bool = False
) -> tuple[np.ndarray, np.ndarray | None]:
    """Mixed-radix key of columns of codes (first = most significant; uint32 when it fits,
    else uint64) and a mask of the rows whose values are all inside ``spaces`` (None:
    every row is). ``own``: the spaces were computed from these very codes."""
    wide = math.prod(sp[2] for sp in spaces) > 1 << 32
    dt = _U64 if wide else np.uint32
    key = np.zeros(len(phys[0]), dtype=dt)
    offset, ok = 0, None
    for s, (lo, lut, radix) in zip(phys, spaces, strict=True):
        span = radix if lut is None else len(lut)
        key *= dt(radix)
        offset *= radix
        inside = own or (not s.null_count() and lo <= (s.min() or 0) and (s.max() or 0) < lo + span)
        if inside and lut is None and lo >= 0:  # the codes as they are; lo comes off at the end
            np.add(key, _unsigned(s.to_numpy()), out=key, casting="unsafe")
            offset += lo
            continue
        codes = s.cast(pl.Int64).fill_null(lo - 1).to_numpy() - lo
        miss = None if inside else (codes < 0) | (codes >= span)
        if miss is not None:
            codes[miss] = 0
        if lut is not None:
            codes = lut[codes]
            miss = codes < 0 if miss is None else miss | (codes < 0)
            codes[codes < 0] = 0
        if miss is not None and miss.any():
            ok = ~miss if ok is None else ok & ~miss
        np.add(key, codes.astype(dt), out=key)
    key -= dt(offset % (1 << (64 if wide else 32)))  # unsigned arithmetic wraps: exact
    return key, ok


def _extra_authors(
    ordered: np.ndarray, dups: np.ndarray, author: pl.Series, starts: np.ndarray, rbits: int
) -> tuple[np.ndarray, np.ndarray]:
    """``(group, extra)``: authors hidden behind a repeated (key, hash bits) prefix.

    ``dups`` are the sorted positions whose prefix (all but the kol and row bits) equals
    the previous one; each prefix run was counted once. Its rows are contiguous; their
    author strings are compared exactly (``n_unique``), so distinct authors stay exact
    whatever the hash does.
    """
    pos = np.unique(np.concatenate([dups - 1, dups]))
    at = ordered[pos]
    extra = (
        pl.DataFrame(
            {
                "p": at >> _U64(rbits + 1),
                "g": np.searchsorted(starts, pos, side="right") - 1,
                "a": author.gather(pl.Series((at & _U64((1 << rbits) - 1)).view(np.int64))),
            }
        )
        .group_by("p")
        .agg(pl.col("g").first(), (pl.col("a").n_unique() - 1).alias("extra"))
        .filter(pl.col("extra") > 0)
    )
    return extra["g"].to_numpy(), extra["extra"].to_numpy().astype(np.int64)


def _decode(
    mentions: pl.DataFrame, element: np.ndarray, dk: np.ndarray, first: np.ndarray
) -> dict[str, pl.Series]:
    """Key columns of each group from its element code and week × segment code ``dk``.

    Both come from small tables (one row per element code, one per ``dk``, each taken
    from a group's first row), not from gathers over all mentions.
    """
    out: dict[str, pl.Series] = {}
    for cols, code in ((["element_id"], element), (KEYS[:1] + list(SEGMENT_COLS), dk)):
        size = int(code.max()) + 1
        if size > min(len(code), 2**31):  # a table would be bigger than the output
            out |= mentions.select(cols).gather(first).to_dict()
            continue
        rep = np.zeros(size, dtype=np.int64)
        rep[code] = first
        index = pl.Series(code, dtype=pl.UInt32)  # polars' own index type: no conversion
        out |= mentions.select(cols).gather(rep).gather(index).to_dict()
    return out


def _denominators(
    posts: pl.DataFrame, like: pl.Schema, spaces: list[Any], bits: int
) -> pl.DataFrame | tuple[np.ndarray, np.ndarray]:
    """``(posts, engagement)`` per week × segment code ``0 .. 2**bits - 1`` (``np.bincount``),
    or a ``group_by`` frame when the codes are too wide for arrays or sums could lose
    digits. Posts with a value the mentions never had are left out (no group needs them)."""
    coded = [_coded(posts[c], like[c]) for c in _PACK[1:]]  # alive until packed
    dk, ok = _pack([c.to_physical() for c in coded], spaces)
    eng = posts["engagement"].cast(pl.Int64).fill_null(0).to_numpy()
    if ok is not None:
        dk, eng = dk[ok], eng[ok]
    dk = dk.astype(np.int64) if dk.dtype == np.uint32 else dk.view(np.int64)
    if bits <= 26 and float(np.abs(eng).max(initial=0)) * len(eng) < 2.0**53:
        idx = dk
        size = 1 << bits
        return np.bincount(idx, minlength=size), np.bincount(idx, eng, size).astype(np.int64)
    frame = pl.DataFrame({"_dk": dk, "engagement": eng})
    return frame.group_by("_dk").agg(
        pl.len().cast(pl.Int64).alias("posts"), pl.col("engagement").sum()
    )


def _layout(phys: list[pl.Series], n: int) -> tuple[list[Any], int, int] | None:
    """Code spaces and the bit widths ``(element bits, week × segment bits)`` of the key,
    or None when key + :data:`MIN_HASH_BITS` + kol bit + row bits exceed 64."""
    rbits = max(1, (n - 1).bit_length())
    for compact in (False, True):
        spaces = [_space(p, compact=compact) for p in phys]
        ebits = max(1, (spaces[0][2] - 1).bit_length())
        sbits = max(1, (math.prod(s[2] for s in spaces[1:]) - 1).bit_length())
        if ebits + sbits <= min(MAX_KEY_BITS, 63 - rbits - MIN_HASH_BITS):
            return spaces, ebits, sbits
    return None


def finest_sov(mentions: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    """Weekly SoV at the finest grain (week × element × market × crowd × scene × platform).

    Same result as :func:`finest_sov_groupby` (row order aside), from **one sort of 64-bit
    integers** instead of a high-cardinality hash group-by:

    1. The key columns become integer codes — physical codes of the tagger's Categorical
       columns, days for the week, a Categorical cast for String columns (element_id) —
       packed as ``element << s | dk``, ``dk`` the mixed-radix week × segment code
       (``s`` bits; dense lookups when the raw code ranges do not fit).
    2. Each mention becomes ``key | author hash bits | kol | row`` (64 bits). After one
       sort every group is a run: mentions = run lengths, kol_mentions = kol bits per
       run, eng = run sums of the engagement of the rows; distinct authors = changes of
       ``key | hash`` in the run, made exact by comparing author strings wherever a
       ``key | hash`` repeats (:func:`_extra_authors`).
    3. Key columns come back through small tables (:func:`_decode`).
    4. Denominators: posts packed with the same codes and counted with ``np.bincount``
       (:func:`_denominators`), looked up by ``dk``.

    Independent steps (author hash, denominators, decoding, engagement sums) run in a
    second thread. Falls back to :func:`finest_sov_groupby` when a key column has nulls
    or the key does not leave :data:`MIN_HASH_BITS` hash bits even with dense codes.

    Example
    -------
    >>> m, p = synthetic_frames(1000)
    >>> finest_sov(m, p).height == finest_sov_groupby(m, p).height
    True
    """
    n = mentions.height
    if n == 0 or sum(mentions.select(pl.col(KEYS).null_count()).row(0)):
        return finest_sov_groupby(mentions, posts)
    with ThreadPoolExecutor(max_workers=2) as pool:
        coded = [_coded(mentions[c]) for c in _PACK]  # alive to the end: see _coded
        phys = [c.to_physical() for c in coded]
        layout = _layout(phys, n)
        if layout is None:
            return finest_sov_groupby(mentions, posts)
        spaces, _, sbits = layout
        denom = pool.submit(_denominators, posts, mentions.schema, spaces[1:], sbits)
        counted = _counted(mentions, phys, layout, pool)
        denom = denom.result()
    if isinstance(denom, pl.DataFrame):  # codes too wide for lookup arrays: join
        return _finish(counted.join(denom, on="_dk", how="left").drop("_dk"))
    dk = counted["_dk"].to_numpy()
    n_posts, engagement = denom[0][dk], denom[1][dk]
    if not n_posts.all():  # no posts in the segment: null, as the left join gives
        return _finish(
            counted.drop("_dk")
            .with_columns(pl.Series("posts", n_posts), pl.Series("engagement", engagement))
            .with_columns(
                pl.when(pl.col("posts") > 0).then(pl.col(c)).alias(c)
                for c in ("posts", "engagement")
            )
        )
    mentions_n, eng = counted["mentions"].to_numpy(), counted["eng"].to_numpy()
    share = np.divide(eng, engagement, out=np.zeros(len(eng)), where=engagement > 0)
    return counted.drop("_dk").with_columns(
        pl.Series("posts", n_posts, dtype=pl.Int64),
        pl.Series("engagement", engagement, dtype=pl.Int64),
        pl.Series("value", mentions_n / n_posts),
        pl.Series("eng_share", share),
    )


def _counted(
    mentions: pl.DataFrame,
    phys: list[pl.Series],
    layout: tuple[list[Any], int, int],
    pool: ThreadPoolExecutor,
) -> pl.DataFrame:
    """The mention side of :func:`finest_sov`: key columns, counts and ``_dk`` per group.

    Works in chunks of :data:`_CHUNK` rows around the one full-size array (the sort
    keys, turned into row numbers in place at the end): fewer, smaller temporaries mean
    fewer fresh pages for the kernel to fault in, which on this machine cost as much as
    the arithmetic.
    """
    spaces, ebits, sbits = layout
    n = mentions.height
    rbits = max(1, (n - 1).bit_length())
    kbits = ebits + sbits
    hbits = 63 - kbits - rbits
    kol = (mentions["author_tier"] == "kol").fill_null(False)
    author = mentions["author_id"]
    key = np.empty(n, dtype=_U64)

    def fill(a: int) -> None:  # key rows a .. a + _CHUNK (chunks run in both threads)
        k = key[a : a + _CHUNK]
        np.left_shift(
            _pack([p.slice(a, len(k)) for p in phys[:1]], spaces[:1], own=True)[0],
            _U64(sbits),
            out=k,
        )
        k |= _pack([p.slice(a, len(k)) for p in phys[1:]], spaces[1:], own=True)[0]
        k <<= _U64(64 - kbits)
        t = author.slice(a, len(k)).hash(seed=0).to_numpy() >> _U64(64 - hbits)
        t <<= _U64(rbits + 1)
        k |= t
        t[:] = kol.slice(a, len(k)).to_numpy()
        t <<= _U64(rbits)
        k |= t
        k |= np.arange(a, a + len(k), dtype=_U64)

    def scan(a: int) -> tuple[np.ndarray, ...]:  # run starts, repeats, kol rows in a chunk
        lo, hi = max(a - 1, 0), min(a + _CHUNK, n)
        step = key[lo + 1 : hi] ^ key[lo : hi - 1]  # highest differing bit vs the row before
        return (
            np.flatnonzero(step >= _U64(1 << (64 - kbits))) + lo + 1,
            np.flatnonzero(step < _U64(1 << (rbits + 1))) + lo + 1,  # same key|hash
            np.flatnonzero(key[a:hi] & _U64(1 << rbits)) + a,
        )

    chunks = range(0, n, _CHUNK)
    list(pool.map(fill, chunks))
    key.sort()  # numpy's in-place (SIMD) sort: the least CPU on a shared box
    found = list(pool.map(scan, chunks))
    starts, dups, kols = (
        np.concatenate([np.zeros(1, dtype=np.int64)] * (i == 0) + [f[i] for f in found])
        for i in range(3)
    )
    element = np.take(key, starts)  # in place below: sort key -> group key -> element code
    first = (element & _U64((1 << rbits) - 1)).view(np.int64)
    element >>= _U64(64 - kbits)
    dk = (element & _U64((1 << sbits) - 1)).view(np.int64)
    element >>= _U64(sbits)
    columns = pool.submit(_decode, mentions, element.view(np.int64), dk, first)
    counts = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = n - starts[-1]
    authors = counts.copy()
    if len(dups):
        np.subtract.at(authors, np.searchsorted(starts, dups, side="right") - 1, 1)
        at, extra = _extra_authors(key, dups, mentions["author_id"], starts, rbits)
        np.add.at(authors, at, extra)
    np.bitwise_and(key, _U64((1 << rbits) - 1), out=key)  # the sort keys become row numbers
    eng = pool.submit(_run_sums, mentions["engagement"], key.view(np.int64), starts)
    kols = np.bincount(np.searchsorted(starts, kols, side="right") - 1, minlength=len(starts))
    out, eng = columns.result(), eng.result()
    return pl.DataFrame(
        [
            *(out[c] for c in KEYS),
            pl.Series("mentions", counts),
            pl.Series("kol_mentions", kols, dtype=pl.Int64),
            pl.Series("eng", eng),
            pl.Series("authors", authors),
            pl.Series("_dk", dk),
        ]
    )


def _run_sums(values: pl.Series, rows: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sums of ``values`` taken in ``rows`` order over the runs beginning at ``starts``
    (``np.add.reduceat`` chunk by chunk; rows before a chunk's first run start finish
    the previous run)."""
    v = values.cast(pl.Int64).fill_null(0).to_numpy()
    n = len(rows)
    out = np.empty(len(starts), dtype=np.int64)
    buf = np.empty(min(n, _CHUNK), dtype=np.int64)
    j = 0
    for a in range(0, n, _CHUNK):
        t = buf[: min(_CHUNK, n - a)]
        np.take(v, rows[a : a + _CHUNK], out=t, mode="clip")
        j2 = int(np.searchsorted(starts, a + len(t)))
        local = starts[j:j2] - a
        head = local[0] if len(local) else len(t)
        if head:  # starts[0] == 0, so the first chunk has no head
            out[j - 1] += t[:head].sum()
        if len(local):
            np.add.reduceat(t, local, out=out[j:j2])
        j = j2
    return out


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
    got = got.select(fast.columns).cast(dict(as_strings(fast).schema))
    return _same(got, fast)


def bench_aggregation(args: Any) -> dict[str, Any]:
    """Run the aggregation benchmark; returns the figures (the dispatcher writes JSON)."""
    n = int(getattr(args, "posts", None) or DEFAULT_MENTIONS)
    n_base = min(n, int(getattr(args, "baseline_mentions", None) or BASELINE_MENTIONS))
    runs = max(1, int(getattr(args, "runs", None) or RUNS))
    mentions, posts = synthetic_frames(n)

    load = os.getloadavg()[0]
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fine = finest_sov(mentions, posts)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
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
    base_walls, base_cpus = [], []
    for _ in range(runs):  # best of as many runs as the fast path got
        t0, c0 = time.perf_counter(), time.process_time()
        base = pandas_sov(pm, pp)
        base_walls.append(time.perf_counter() - t0)
        base_cpus.append(time.process_time() - c0)
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
