"""Share of voice: weekly post-derived signals per element × segment, from tagged posts.

**Share of voice** (SoV, DESIGN.md "Definitions") = posts in a week × segment that
mention an element ÷ all posts in that week × segment. Beside it, per row: mentions,
the denominator, KOL mentions, the engagement-weighted share and distinct authors.
Every figure is computed for each grouping set of :data:`GROUPING_SETS` over the
segment columns (:data:`infimate.data.schema.SEGMENT_COLS`); a segment column outside
the set reads "all".

This module holds the aggregation only: :func:`segment_weeks` (the denominators,
stored as ``segments.parquet``), :func:`post_signals` (the signals rows, columns of
:data:`SIGNAL_COLUMNS`), :func:`finish_signals` (counts → signals columns, shared
with the out-of-core path in :mod:`infimate.signals.partials`) and :func:`rollup` (one
aggregation over every grouping set). Posts are prepared and tagged by
:mod:`infimate.elements.tagging`, whose ``tag_dataset`` writes these tables.

Example
-------
>>> len(GROUPING_SETS), "value" in SIGNAL_COLUMNS   # see post_signals for a worked example
(9, True)
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.elements.tagging import prepare_posts

__all__ = [
    "GROUPING_SETS",
    "SIGNAL_COLUMNS",
    "finish_signals",
    "post_signals",
    "rollup",
    "segment_weeks",
]

#: Segment columns each aggregate is grouped by (the rest read "all"); spark.py's SQL
#: ``GROUPING SETS`` and the out-of-core merge use the same list.
GROUPING_SETS: tuple[tuple[str, ...], ...] = (
    (),
    ("market",),
    ("crowd",),
    ("scene",),
    ("platform",),
    ("market", "crowd"),
    ("market", "scene"),
    ("crowd", "scene"),
    ("market", "crowd", "scene"),
)
SIGNAL_COLUMNS = (
    "date",
    "element",
    *SEGMENT_COLS,
    "source",
    "metric",
    "value",
    "mentions",
    "posts",
    "kol_mentions",
    "eng_share",
    "authors",
)


def rollup(frame: pl.LazyFrame, by: Sequence[str], aggs: list[pl.Expr]) -> pl.LazyFrame:
    """Aggregate over every grouping set; segment columns outside the set become "all".

    Segment columns of a set are cast to String (the tagger's ``pl.Categorical`` codes
    are per process; a no-op on String input such as the stored partial aggregates).

    Example
    -------
    >>> f = pl.LazyFrame({"date": [1, 1], "market": ["US", "GB"], "crowd": ["x", "x"],
    ...     "scene": ["s", "s"], "platform": ["p", "p"]})
    >>> r = rollup(f, ["date"], [pl.len().alias("n")]).collect()
    >>> r.filter(pl.all_horizontal(pl.col(SEGMENT_COLS) == "all"))["n"].item()
    2
    >>> r.height  # 9 grouping sets: 1 row each, 2 where the set holds market
    13
    """
    parts = [
        frame.group_by([*by, *gs])
        .agg(aggs)
        .with_columns(pl.col(c).cast(pl.String) for c in gs)  # Categorical -> String
        .with_columns(pl.lit("all").alias(c) for c in SEGMENT_COLS if c not in gs)
        .select(*by, *SEGMENT_COLS, *(a.meta.output_name() for a in aggs))
        for gs in GROUPING_SETS
    ]
    return pl.concat(parts, how="vertical")


def segment_weeks(posts: pl.DataFrame) -> pl.DataFrame:
    """Posts and engagement per week × segment, for every grouping set (the SoV denominators).

    Columns: date (Monday), market, crowd, scene, platform, posts, engagement. Stored as
    ``segments.parquet`` so trend curves can fill weeks in which an element had no
    mentions with a true zero.

    Example
    -------
    >>> import datetime as dt
    >>> p = pl.DataFrame({"post_id": ["1", "2"], "text": ["a", "b"],
    ...     "ts": [dt.datetime(2026, 11, 25)] * 2, "market": ["US", "GB"],
    ...     "platform": ["tiktok"] * 2, "author_id": ["u", "v"], "scene": ["office"] * 2})
    >>> segment_weeks(p).filter(pl.col("market") == "all", pl.col("crowd") == "all",
    ...     pl.col("scene") == "all", pl.col("platform") == "all")["posts"].item()
    2
    """
    df = prepare_posts(posts).rename({"week": "date"})
    aggs = [pl.len().cast(pl.Int64).alias("posts"), pl.col("engagement").sum().alias("engagement")]
    return rollup(df.lazy(), ["date"], aggs).collect().sort("date", *SEGMENT_COLS)


def post_signals(
    mentions: pl.DataFrame, posts: pl.DataFrame, *, segments: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Weekly share of voice per element × segment from tagged posts.

    ``value`` (metric "share") = posts in the week × segment mentioning the element ÷
    posts in that week × segment. Extra columns: ``mentions`` (posts mentioning),
    ``posts`` (denominator), ``kol_mentions`` (mentions by KOL-tier authors),
    ``eng_share`` (engagement of mentioning posts ÷ all engagement in the week ×
    segment; 0 when that is 0) and ``authors`` (distinct authors mentioning). Rows exist
    only where mentions > 0; zeros are implied wherever :func:`segment_weeks` has posts.
    Pass ``segments`` (the output of :func:`segment_weeks` for the same posts) to skip
    recomputing the denominators.

    Example
    -------
    >>> import datetime as dt
    >>> from infimate.elements.lexicon import load_lexicon
    >>> from infimate.elements.tagging import tag_posts
    >>> p = pl.DataFrame({"post_id": ["1", "2"], "text": ["red", "blue"],
    ...     "ts": [dt.datetime(2026, 11, 25)] * 2, "market": ["US"] * 2,
    ...     "platform": ["tiktok"] * 2, "author_id": ["u", "v"]})
    >>> s = post_signals(tag_posts(p, load_lexicon()), p)
    >>> s.filter(pl.col("element") == "red", pl.col("market") == "all")["value"].to_list()[0]
    0.5
    """
    denom = segment_weeks(posts) if segments is None else segments
    m = mentions.rename({"week": "date", "element_id": "element"}).with_columns(
        pl.col(c).fill_null("unknown")
        if mentions.schema[c] == pl.Categorical
        else pl.col(c).cast(pl.String).fill_null("unknown")
        for c in SEGMENT_COLS
    )
    aggs = [
        pl.len().cast(pl.Int64).alias("mentions"),
        (pl.col("author_tier") == "kol").sum().cast(pl.Int64).alias("kol_mentions"),
        pl.col("engagement").sum().alias("eng"),
        pl.col("author_id").n_unique().cast(pl.Int64).alias("authors"),
    ]
    keys = ["date", *SEGMENT_COLS]
    counted = rollup(m.lazy(), ["date", "element"], aggs).join(denom.lazy(), on=keys, how="left")
    return finish_signals(counted).collect()


def finish_signals(counted: pl.LazyFrame) -> pl.LazyFrame:
    """Counts (mentions, posts, eng, engagement, …) → the post-derived signals columns."""
    return (
        counted.with_columns(
            pl.lit("posts").alias("source"),
            pl.lit("share").alias("metric"),
            (pl.col("mentions") / pl.col("posts")).alias("value"),
            pl.when(pl.col("engagement") > 0)
            .then(pl.col("eng") / pl.col("engagement"))
            .otherwise(0.0)
            .alias("eng_share"),
        )
        .select(SIGNAL_COLUMNS)
        .sort("element", "date", *SEGMENT_COLS)
    )
