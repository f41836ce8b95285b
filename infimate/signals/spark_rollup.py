"""The Spark plan of the share-of-voice job: tagged rows on executors, exact roll-ups in Spark.

Used by :func:`infimate.signals.spark.run_spark_job`; pyspark is only imported inside
functions (it is optional).

1. **Tagging on executors** (:func:`tag_partition`, run by ``mapInArrow``): each Arrow batch
   of posts is prepared and tagged with the polars tagger
   (:func:`infimate.elements.tagging.tag_posts`, the code of the single-machine path) and
   reduced within the batch to two kinds of rows (:data:`ROW_SCHEMA`):

   * a **post row** (``element`` null) per week × segment: ``n`` posts, ``eng`` their engagement;
   * a **mention row** per week × element × segment × author: ``n`` posts of that author
     mentioning the element, ``kol`` of them by KOL-tier authors, ``eng`` their engagement.

2. **One shuffle** (:func:`spark_signals`): the rows are hash-partitioned by
   ``(date, element)`` and kept (``persist``, memory then disk) so tagging runs once.
   Every grouping set of :data:`infimate.signals.share_of_voice.GROUPING_SETS` holds date and
   element, so each set's aggregates run inside those partitions with no further shuffle:

   * ``groupBy(date, element, set…, author_id)`` then ``groupBy(date, element, set…)``:
     mentions, KOL mentions and engagement are sums, ``authors`` is the **exact** number of
     distinct authors (the rows of the first group-by; no ``approx_count_distinct``);
   * the denominators (posts, engagement per week × set) are ``GROUP BY GROUPING SETS``
     over the post rows (Spark's partial aggregation makes them small before they move).

   Share of voice is then computed as
   :func:`infimate.signals.share_of_voice.post_signals` does (mentions ÷ posts; engagement
   share 0 when a segment's engagement is 0); segment columns outside a set read "all".

3. **Sorted output**: the signals are kept once computed, then sorted by element, date,
   segment (the denominators by date, segment) — the order ``scale-tag`` writes; the sort's
   sampling pass reads the kept rows instead of aggregating twice.

Example (not run: needs pyspark and a Java runtime)
---------------------------------------------------
>>> plan = spark_signals(spark.read.parquet("posts/"), load_lexicon(), partitions=8)  # doctest: +SKIP
>>> plan.signals.columns == list(SIGNAL_COLUMNS)                     # doctest: +SKIP
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.elements.tagging import POST_INPUT_COLUMNS, REQUIRED_POST_COLUMNS
from infimate.errors import InfimateError
from infimate.signals.share_of_voice import GROUPING_SETS, SIGNAL_COLUMNS

#: What :func:`tag_partition` emits (Spark DDL): post rows have a null element and author.
ROW_SCHEMA = (
    "date date, element string, market string, crowd string, scene string, "
    "platform string, author_id string, n long, kol long, eng long"
)
_SEG = list(SEGMENT_COLS)


def batch_rows(posts: pl.DataFrame, lexicon: pl.DataFrame) -> pl.DataFrame:
    """Post rows + mention rows (:data:`ROW_SCHEMA`) of one batch of posts.

    Example
    -------
    >>> from infimate.data import samples
    >>> from infimate.elements.lexicon import load_lexicon
    >>> rows = batch_rows(samples.posts(["red dress", "red top"], authors=["u", "u"]),
    ...     load_lexicon())
    >>> rows.filter(pl.col("element").is_null())["n"].sum()  # posts
    2
    >>> rows.filter(element="red").select("author_id", "n").rows()  # one author, two posts
    [('u', 2)]
    """
    from infimate.elements.tagging import prepare_posts, tag_posts

    prepared = prepare_posts(posts)
    mentions = tag_posts(prepared, lexicon)
    seg = [pl.col(c).cast(pl.String) for c in _SEG]
    post_rows = (
        prepared.group_by(pl.col("week").alias("date"), *seg)
        .agg(pl.len().cast(pl.Int64).alias("n"), pl.col("engagement").sum().alias("eng"))
        .select(
            "date",
            pl.lit(None, dtype=pl.String).alias("element"),
            *_SEG,
            pl.lit(None, dtype=pl.String).alias("author_id"),
            "n",
            pl.lit(0, dtype=pl.Int64).alias("kol"),
            pl.col("eng").cast(pl.Int64),
        )
    )
    mention_rows = (
        mentions.group_by(
            pl.col("week").alias("date"),
            pl.col("element_id").cast(pl.String).alias("element"),
            *(c.fill_null("unknown") for c in seg),  # as post_signals does
            pl.col("author_id").cast(pl.String),
        )
        .agg(
            pl.len().cast(pl.Int64).alias("n"),
            (pl.col("author_tier") == "kol").sum().cast(pl.Int64).alias("kol"),
            pl.col("engagement").sum().cast(pl.Int64).alias("eng"),
        )
        .select(post_rows.columns)
    )
    return pl.concat([post_rows, mention_rows])


def tag_partition(lexicon: pl.DataFrame) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The ``mapInArrow`` function: Arrow batches of posts -> :func:`batch_rows` batches."""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        target = pa.schema(
            [
                ("date", pa.date32()),
                *((c, pa.string()) for c in ("element", *SEGMENT_COLS, "author_id")),
                *((c, pa.int64()) for c in ("n", "kol", "eng")),
            ]
        )
        for batch in batches:
            if batch.num_rows == 0:
                continue
            frame = pl.from_arrow(pa.Table.from_batches([batch]))
            assert isinstance(frame, pl.DataFrame)  # a Table gives a DataFrame, not a Series
            rows = batch_rows(frame, lexicon)
            table = rows.to_arrow(compat_level=pl.CompatLevel.oldest()).cast(target)
            yield from table.to_batches(max_chunksize=65_536)

    return run


def grouping_sets_sql(view: str, by: list[str], aggs: str) -> str:
    """One ``GROUP BY GROUPING SETS`` query; segment columns outside a set become "all".

    Example
    -------
    >>> sql = grouping_sets_sql("v", ["date"], "sum(n) AS posts")
    >>> sql.count("), (") + 1 == len(GROUPING_SETS)
    True
    """
    sets = ", ".join("(" + ", ".join([*by, *gs]) + ")" for gs in GROUPING_SETS)
    segs = ", ".join(
        f"CASE WHEN grouping({c}) = 1 THEN 'all' ELSE {c} END AS {c}" for c in SEGMENT_COLS
    )
    cols = ", ".join([*by, *SEGMENT_COLS])
    return (
        f"SELECT {', '.join(by)}, {segs}, {aggs} FROM {view} GROUP BY {cols} GROUPING SETS ({sets})"
    )


def _mention_counts(mentions: Any) -> Any:
    """Per grouping set: two group-bys inside the (date, element) partitions, then a union."""
    from pyspark.sql import functions as F

    parts = []
    for gs in GROUPING_SETS:
        keys = ["date", "element", *gs]
        per_author = mentions.groupBy(*keys, "author_id").agg(
            F.sum("n").alias("n"), F.sum("kol").alias("kol"), F.sum("eng").alias("eng")
        )
        counted = per_author.groupBy(*keys).agg(
            F.sum("n").alias("mentions"),
            F.sum("kol").alias("kol_mentions"),
            F.sum("eng").alias("eng"),
            F.count(F.lit(1)).alias("authors"),  # one row per distinct author: exact
        )
        parts.append(
            counted.select(
                "date",
                "element",
                *(F.col(c) if c in gs else F.lit("all").alias(c) for c in SEGMENT_COLS),
                "mentions",
                "kol_mentions",
                "eng",
                "authors",
            )
        )
    out = parts[0]
    for part in parts[1:]:
        out = out.unionByName(part)
    return out


class SparkSignals(NamedTuple):
    """The job's lazy Spark DataFrames, and those it keeps (``unpersist`` them when done)."""

    signals: Any
    segments: Any
    kept: list[Any]


def spark_signals(posts: Any, lexicon: pl.DataFrame, *, partitions: int) -> SparkSignals:
    """Signals and segments (lazy Spark DataFrames) from a Spark DataFrame of posts.

    ``partitions`` is the number of ``(date, element)`` hash partitions of the tagged rows
    (each executor task aggregates one). The tagged rows, the denominators and the
    unsorted signals are kept (memory, then local disk) until unpersisted.

    Example (not run: needs pyspark and a Java runtime)
    ---------------------------------------------------
    >>> plan = spark_signals(spark.read.parquet("posts/"), load_lexicon(),
    ...     partitions=8)                                                # doctest: +SKIP
    >>> plan.signals.write.parquet("out/signals.parquet")                # doctest: +SKIP
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    missing = [c for c in REQUIRED_POST_COLUMNS if c not in posts.columns]
    if missing:
        raise InfimateError(f"posts are missing column(s) {', '.join(missing)}")
    spark = posts.sparkSession
    cols = [c for c in POST_INPUT_COLUMNS if c in posts.columns]
    rows = (
        posts.select(*cols)
        .mapInArrow(tag_partition(lexicon), ROW_SCHEMA)
        .repartition(partitions, "date", "element")
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    view = "infimate_post_rows"
    rows.filter(F.col("element").isNull()).createOrReplaceTempView(view)
    segments = spark.sql(
        grouping_sets_sql(view, ["date"], "sum(n) AS posts, sum(eng) AS engagement")
    ).persist(StorageLevel.MEMORY_AND_DISK)
    counted = _mention_counts(rows.filter(F.col("element").isNotNull()))
    signals = (
        counted.join(segments, on=["date", *SEGMENT_COLS], how="left")
        .withColumn("source", F.lit("posts"))
        .withColumn("metric", F.lit("share"))
        .withColumn("value", F.col("mentions").cast("double") / F.col("posts").cast("double"))
        .withColumn(
            "eng_share",
            F.when(
                F.col("engagement") > 0,
                F.col("eng").cast("double") / F.col("engagement").cast("double"),
            ).otherwise(F.lit(0.0)),
        )
        .select(*SIGNAL_COLUMNS)
        # kept, so the sort's sampling pass reads them instead of aggregating twice
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    return SparkSignals(
        signals=signals.orderBy("element", "date", *SEGMENT_COLS),  # the order scale-tag writes
        segments=segments.orderBy("date", *SEGMENT_COLS),
        kept=[rows, segments, signals],
    )
