"""Weekly share of voice at the finest grain from one sort of packed 64-bit integers.

:func:`finest_sov` aggregates tagged mentions (the output of
:func:`infimate.elements.tagging.tag_posts`) to week × element × market × crowd × scene ×
platform with mentions, kol_mentions, eng, exact distinct authors, the post
denominators (posts, engagement per week × segment), ``value`` = mentions ÷ posts and
``eng_share`` — the same frame as plain polars ``group_by``
(:func:`infimate.benchmarks.packed_sov.finest_sov_groupby`),
row order aside, without a hash table over millions of groups. Measured by
:mod:`infimate.benchmarks.aggregation`.

Example
-------
>>> import datetime as dt
>>> w = dt.date(2026, 11, 23)
>>> m = pl.DataFrame({"week": [w, w], "element_id": ["red", "red"], "market": ["US"] * 2,
...     "crowd": ["c"] * 2, "scene": ["s"] * 2, "platform": ["tiktok"] * 2,
...     "author_id": ["u", "v"], "author_tier": ["kol", "consumer"], "engagement": [1, 2]})
>>> p = m.select("week", "market", "crowd", "scene", "platform", "engagement")
>>> finest_sov(m, p).select("mentions", "authors", "kol_mentions", "posts", "value").row(0)
(2, 2, 1, 2, 1.0)
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np
import polars as pl

from infimate.benchmarks.packed_keys import CHUNK, U64, code_column, key_layout, pack_keys
from infimate.data.schema import SEGMENT_COLS

KEYS = ["week", "element_id", *SEGMENT_COLS]
_PACK = ["element_id", "week", *SEGMENT_COLS]  # most significant first
FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


def finish(counted: FrameT) -> FrameT:
    return counted.with_columns(
        (pl.col("mentions") / pl.col("posts")).alias("value"),
        pl.when(pl.col("engagement") > 0)
        .then(pl.col("eng") / pl.col("engagement"))
        .otherwise(0.0)
        .alias("eng_share"),
    )


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
                "p": at >> U64(rbits + 1),
                "g": np.searchsorted(starts, pos, side="right") - 1,
                "a": author.gather(pl.Series((at & U64((1 << rbits) - 1)).view(np.int64))),
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
    coded = [code_column(posts[c], like[c]) for c in _PACK[1:]]  # alive until packed
    dk, ok = pack_keys([c.to_physical() for c in coded], spaces)
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

    Key chunks are built and scanned by two threads; denominators, decoding and the
    engagement sums run beside the main thread's work. Falls back to :func:`finest_sov_groupby` when a key column has nulls
    or the key does not leave :data:`MIN_HASH_BITS` hash bits even with dense codes.

    Example
    -------
    >>> from infimate.benchmarks.aggregation import synthetic_frames
    >>> m, p = synthetic_frames(1000)
    >>> finest_sov(m, p).height == finest_sov_groupby(m, p).height
    True
    """
    n = mentions.height
    if n == 0 or sum(mentions.select(pl.col(KEYS).null_count()).row(0)):
        return finest_sov_groupby(mentions, posts)
    with ThreadPoolExecutor(max_workers=2) as pool:
        coded = [code_column(mentions[c], pool=pool) for c in _PACK]  # alive to the end
        phys = [c.to_physical() for c in coded]
        layout = key_layout(phys, n)
        if layout is None:
            return finest_sov_groupby(mentions, posts)
        spaces, _, sbits = layout
        denom_job = pool.submit(_denominators, posts, mentions.schema, spaces[1:], sbits)
        counted = _counted(mentions, phys, layout, pool)
        denom = denom_job.result()
    if isinstance(denom, pl.DataFrame):  # codes too wide for lookup arrays: join
        return finish(counted.join(denom, on="_dk", how="left").drop("_dk"))
    dk = counted["_dk"].to_numpy()
    n_posts, engagement = denom[0][dk], denom[1][dk]
    if not n_posts.all():  # no posts in the segment: null, as the left join gives
        return finish(
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

    Works in chunks of :data:`CHUNK` rows around the one full-size array (the sort
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
    key = np.empty(n, dtype=U64)

    def fill(a: int) -> None:  # key rows a .. a + CHUNK (chunks run in both threads)
        k = key[a : a + CHUNK]
        np.left_shift(
            pack_keys([p.slice(a, len(k)) for p in phys[:1]], spaces[:1], own=True)[0],
            U64(sbits),
            out=k,
        )
        k |= pack_keys([p.slice(a, len(k)) for p in phys[1:]], spaces[1:], own=True)[0]
        k <<= U64(64 - kbits)
        t = author.slice(a, len(k)).hash(seed=0).to_numpy() >> U64(64 - hbits)
        t <<= U64(rbits + 1)
        k |= t
        t[:] = kol.slice(a, len(k)).to_numpy()
        t <<= U64(rbits)
        k |= t
        k |= np.arange(a, a + len(k), dtype=U64)

    def scan(a: int) -> tuple[np.ndarray, ...]:  # run starts, repeats, kol rows in a chunk
        lo, hi = max(a - 1, 0), min(a + CHUNK, n)
        step = key[lo + 1 : hi] ^ key[lo : hi - 1]  # highest differing bit vs the row before
        return (
            np.flatnonzero(step >= U64(1 << (64 - kbits))) + lo + 1,
            np.flatnonzero(step < U64(1 << (rbits + 1))) + lo + 1,  # same key|hash
            np.flatnonzero(key[a:hi] & U64(1 << rbits)) + a,
        )

    chunks = range(0, n, CHUNK)
    list(pool.map(fill, chunks))
    key.sort()  # numpy's in-place (SIMD) sort: the least CPU on a shared box
    found = list(pool.map(scan, chunks))
    starts, dups, kols = (
        np.concatenate([np.zeros(1, dtype=np.int64)] * (i == 0) + [f[i] for f in found])
        for i in range(3)
    )
    element = np.take(key, starts)  # in place below: sort key -> group key -> element code
    first = (element & U64((1 << rbits) - 1)).view(np.int64)
    element >>= U64(64 - kbits)
    dk = (element & U64((1 << sbits) - 1)).view(np.int64)
    element >>= U64(sbits)
    columns = pool.submit(_decode, mentions, element.view(np.int64), dk, first)
    counts = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = n - starts[-1]
    authors = counts.copy()
    if len(dups):
        np.subtract.at(authors, np.searchsorted(starts, dups, side="right") - 1, 1)
        at, extra = _extra_authors(key, dups, mentions["author_id"], starts, rbits)
        np.add.at(authors, at, extra)
    np.bitwise_and(key, U64((1 << rbits) - 1), out=key)  # the sort keys become row numbers
    eng_job = pool.submit(_run_sums, mentions["engagement"], key.view(np.int64), starts)
    kols = np.bincount(np.searchsorted(starts, kols, side="right") - 1, minlength=len(starts))
    out, eng = columns.result(), eng_job.result()
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
    buf = np.empty(min(n, CHUNK), dtype=np.int64)
    j = 0
    for a in range(0, n, CHUNK):
        t = buf[: min(CHUNK, n - a)]
        np.take(v, rows[a : a + CHUNK], out=t, mode="clip")
        j2 = int(np.searchsorted(starts, a + len(t)))
        local = starts[j:j2] - a
        head = local[0] if len(local) else len(t)
        if head:  # starts[0] == 0, so the first chunk has no head
            out[j - 1] += t[:head].sum()
        if len(local):
            np.add.reduceat(t, local, out=out[j:j2])
        j = j2
    return out


def finest_sov_groupby(mentions: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    """Reference for :func:`finest_sov`: plain polars ``group_by`` on the key columns as given.

    Example
    -------
    >>> from infimate.benchmarks.aggregation import synthetic_frames
    >>> finest_sov_groupby(*synthetic_frames(1000)).columns[:6] == KEYS
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
    return finish(counted.join(denom, on=seg, how="left")).collect()
