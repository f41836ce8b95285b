"""The straightforward polars share of voice (one ``group_by`` per grouping set on String
keys, ``n_unique`` authors): the reference the fast path must equal, row for row.

It is the aggregation ``tag`` ran before the integer-keyed path
(:mod:`infimate.signals.cells`); tests compare the two exactly (values, dtypes, order).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.elements.tagging import prepare_posts
from infimate.signals.share_of_voice import GROUPING_SETS, SIGNAL_COLUMNS


def rollup(frame: pl.LazyFrame, by: Sequence[str], aggs: list[pl.Expr]) -> pl.LazyFrame:
    """Aggregate over every grouping set; segment columns outside the set become "all"."""
    parts = [
        frame.group_by([*by, *gs])
        .agg(aggs)
        .with_columns(pl.col(c).cast(pl.String) for c in gs)
        .with_columns(pl.lit("all").alias(c) for c in SEGMENT_COLS if c not in gs)
        .select(*by, *SEGMENT_COLS, *(a.meta.output_name() for a in aggs))
        for gs in GROUPING_SETS
    ]
    return pl.concat(parts, how="vertical")


def segment_weeks(posts: pl.DataFrame) -> pl.DataFrame:
    df = (posts if "week" in posts.columns else prepare_posts(posts)).rename({"week": "date"})
    df = df.with_columns(pl.col(c).cast(pl.String).fill_null("unknown") for c in SEGMENT_COLS)
    aggs = [pl.len().cast(pl.Int64).alias("posts"), pl.col("engagement").sum().alias("engagement")]
    return rollup(df.lazy(), ["date"], aggs).collect().sort("date", *SEGMENT_COLS)


def post_signals(mentions: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    denom = segment_weeks(posts)
    m = mentions.rename({"week": "date", "element_id": "element"}).with_columns(
        pl.col(c).cast(pl.String).fill_null("unknown") for c in SEGMENT_COLS
    )
    aggs = [
        pl.len().cast(pl.Int64).alias("mentions"),
        (pl.col("author_tier") == "kol").sum().cast(pl.Int64).alias("kol_mentions"),
        pl.col("engagement").sum().alias("eng"),
        pl.col("author_id").n_unique().cast(pl.Int64).alias("authors"),
    ]
    keys = ["date", *SEGMENT_COLS]
    counted = rollup(m.lazy(), ["date", "element"], aggs).join(denom.lazy(), on=keys, how="left")
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
        .collect()
    )
