"""Apache Spark job: the tag + aggregate pipeline beyond one machine (optional pyspark).

The job reads post Parquet files (DESIGN.md posts contract) into a Spark DataFrame.
Each partition runs the polars tagger (:func:`infimate.elements.tagging.tag_posts`, the same code
as the local path) inside ``mapInArrow``, emitting one row per post (element null: the
SoV denominators) and one row per (post, element) mention. Spark then aggregates every
grouping set of :data:`infimate.signals.share_of_voice.GROUPING_SETS` — posts, engagement, mentions,
KOL mentions, engagement of mentioning posts and **exact** distinct authors
(``countDistinct``) — and computes share of voice exactly as
:func:`infimate.signals.share_of_voice.post_signals` does (the test asserts equality).

pyspark is optional (``pip install -r requirements-spark.txt``; Java 17+); it is only
imported inside functions. Polars and pyarrow must be installed on the executors too.

Run locally::

    python -m infimate spark-tag --input posts_dir/ --output out/ [--master local[4]]

Run on a cluster (YARN or Kubernetes). Executors need Python with polars + pyarrow + this
package, so ship a packed virtual environment and the code::

    python -m venv env && env/bin/pip install . polars pyarrow venv-pack
    env/bin/venv-pack -o infimate_env.tar.gz
    spark-submit --master yarn --deploy-mode cluster \\
        --archives infimate_env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        -m infimate spark-tag --input hdfs:///posts/ --output hdfs:///infimate/out/
    # Kubernetes: --master k8s://https://<api-server>:443 with an image that has the env;
    # a plain-Python driver script can call run_spark_job(...) via spark-submit script.py.

(``spark-submit`` needs a script, not ``-m``: submit a one-line ``job.py`` containing
``from infimate.cli.main import main; raise SystemExit(main())`` followed by the arguments; the
package is also added to the job with ``--py-files infimate.zip`` if it is not inside the
env — :func:`package_zip` builds that zip.)

Outputs: ``OUT/signals/`` and ``OUT/segments/`` (Spark Parquet directories). For a local
output directory the driver also merges them into single files ``OUT/signals.parquet``
and ``OUT/segments.parquet`` (polars streaming), which load into a dataset with
``python -m infimate ingest --dataset D --signals OUT/signals.parquet`` (or copy
``OUT/signals.parquet`` to ``D/signals.parquet``). For HDFS/S3 outputs copy the
directory down and run ``pl.scan_parquet("signals/*.parquet").sink_parquet(...)``.

Example (not run: needs pyspark and a Java runtime)
---------------------------------------------------
>>> report = run_spark_job("posts/", "out/", master="local[2]")   # doctest: +SKIP
>>> report.signals_rows > 0                                        # doctest: +SKIP
True
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.elements.tagging import POST_INPUT_COLUMNS, REQUIRED_POST_COLUMNS
from infimate.errors import InfimateError
from infimate.signals.share_of_voice import GROUPING_SETS, SIGNAL_COLUMNS

_ROW_SCHEMA = (
    "date date, element string, market string, crowd string, scene string, "
    "platform string, author_id string, kol boolean, engagement long"
)


@dataclass(frozen=True)
class SparkReport:
    """What :func:`run_spark_job` did."""

    posts: int
    signals_rows: int
    segments_rows: int
    seconds: float
    output: str
    master: str


def _require_pyspark() -> Any:
    try:
        import pyspark
    except ImportError as exc:
        raise InfimateError(
            "pyspark is not installed: pip install -r requirements-spark.txt (needs Java 17+)"
        ) from exc
    return pyspark


def package_zip(dest_dir: str | Path) -> Path:
    """Zip the ``infimate`` package (for ``--py-files`` / ``addPyFile``)."""
    root = Path(__file__).resolve().parents[1]  # the infimate package
    out = Path(dest_dir) / "infimate.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            if (
                path.is_file()
                and "__pycache__" not in path.parts
                and path.suffix in (".py", ".csv")
            ):
                zf.write(path, Path("infimate") / path.relative_to(root))
    return out


def tag_partition(lexicon: pl.DataFrame) -> Any:
    """The ``mapInArrow`` function: Arrow batches of posts -> post rows + mention rows."""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from infimate.elements.tagging import prepare_posts, tag_posts

        target = pa.schema(
            [
                ("date", pa.date32()),
                ("element", pa.string()),
                *((c, pa.string()) for c in (*SEGMENT_COLS, "author_id")),
                ("kol", pa.bool_()),
                ("engagement", pa.int64()),
            ]
        )
        for batch in batches:
            if batch.num_rows == 0:
                continue
            frame = pl.from_arrow(pa.Table.from_batches([batch]))
            assert isinstance(frame, pl.DataFrame)  # a Table gives a DataFrame, not a Series
            prepared = prepare_posts(frame)
            mentions = tag_posts(prepared, lexicon)
            seg = [pl.col(c) for c in (*SEGMENT_COLS, "author_id")]
            rows = pl.concat(
                [
                    prepared.select(
                        pl.col("week").alias("date"),
                        pl.lit(None, dtype=pl.String).alias("element"),
                        *seg,
                        pl.lit(False).alias("kol"),
                        "engagement",
                    ),
                    mentions.select(
                        pl.col("week").alias("date"),
                        pl.col("element_id").alias("element"),
                        *seg,
                        (pl.col("author_tier") == "kol").alias("kol"),
                        "engagement",
                    ),
                ]
            )
            table = rows.to_arrow(compat_level=pl.CompatLevel.oldest()).cast(target)
            yield from table.to_batches()

    return run


def _grouping_sets_sql(view: str, by: list[str], aggs: str) -> str:
    """One ``GROUP BY GROUPING SETS`` query; segment columns outside a set become "all"."""
    sets = ", ".join("(" + ", ".join([*by, *gs]) + ")" for gs in GROUPING_SETS)
    segs = ", ".join(
        f"CASE WHEN grouping({c}) = 1 THEN 'all' ELSE {c} END AS {c}" for c in SEGMENT_COLS
    )
    cols = ", ".join([*by, *SEGMENT_COLS])
    return (
        f"SELECT {', '.join(by)}, {segs}, {aggs} FROM {view} GROUP BY {cols} GROUPING SETS ({sets})"
    )


def spark_signals(posts: Any, lexicon: pl.DataFrame) -> tuple[Any, Any]:
    """``(signals, segments)`` Spark DataFrames from a Spark DataFrame of posts.

    Tagging runs per partition (``mapInArrow``); each aggregate is one Spark SQL
    ``GROUPING SETS`` query over the tagged rows (one shuffle, not one per set).

    Example (not run: needs pyspark and a Java runtime)
    ---------------------------------------------------
    >>> sig, seg = spark_signals(spark.read.parquet("posts/"), load_lexicon())  # doctest: +SKIP
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    missing = [c for c in REQUIRED_POST_COLUMNS if c not in posts.columns]
    if missing:
        raise InfimateError(f"posts are missing column(s) {', '.join(missing)}")
    spark = posts.sparkSession
    cols = [c for c in POST_INPUT_COLUMNS if c in posts.columns]
    rows = posts.select(*cols).mapInArrow(tag_partition(lexicon), _ROW_SCHEMA)
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    rows.filter(F.col("element").isNull()).createOrReplaceTempView("infimate_posts")
    rows.filter(F.col("element").isNotNull()).createOrReplaceTempView("infimate_mentions")
    segments = spark.sql(
        _grouping_sets_sql(
            "infimate_posts",
            ["date"],
            "count(1) AS posts, sum(engagement) AS engagement",
        )
    )
    counted = spark.sql(
        _grouping_sets_sql(
            "infimate_mentions",
            ["date", "element"],
            "count(1) AS mentions, sum(CAST(kol AS BIGINT)) AS kol_mentions, "
            "sum(engagement) AS eng, count(DISTINCT author_id) AS authors",
        )
    )
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
    )
    return signals, segments


def _is_local(path: str) -> bool:
    return "://" not in path or path.startswith("file://")


def _single_file(spark_dir: Path, target: Path, sort: list[str]) -> int:
    from infimate.data.datasets import atomic_write_parquet

    frame = pl.read_parquet(spark_dir / "*.parquet").sort(sort)
    atomic_write_parquet(target, frame)
    return frame.height


def run_spark_job(
    input_path: str,
    output_path: str,
    *,
    master: str | None = None,
    lexicon: pl.DataFrame | None = None,
    ship_code: bool = True,
    shuffle_partitions: int | None = None,
) -> SparkReport:
    """Tag + aggregate posts with Spark; write ``signals``/``segments`` under ``output_path``.

    ``master`` defaults to the spark-submit master (or ``local[*]`` when run directly).
    ``ship_code`` adds a zip of this package to the job so executors can import it.
    ``shuffle_partitions`` sets ``spark.sql.shuffle.partitions`` (default: Spark's 200 on
    a cluster, 8 for ``local`` masters, where 200 tiny tasks per shuffle dominate).

    Example (not run: needs pyspark and a Java runtime)
    ---------------------------------------------------
    >>> run_spark_job("posts/", "out/", master="local[2]").posts       # doctest: +SKIP
    5000
    """
    _require_pyspark()
    from pyspark.sql import SparkSession

    from infimate.elements.lexicon import load_lexicon

    t0 = time.perf_counter()
    lex = lexicon if lexicon is not None else load_lexicon()
    builder = (
        SparkSession.builder.appName("infimate-spark-tag")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "100000")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master:
        builder = builder.master(master)
    # without --master, spark-submit (which sets PYSPARK_GATEWAY_PORT) decides the master
    local = master.startswith("local") if master else "PYSPARK_GATEWAY_PORT" not in os.environ
    if local and "PYSPARK_PYTHON" not in os.environ:
        # local workers must run this interpreter (polars, pyarrow); pyspark reads the
        # worker interpreter from the environment when the context starts
        os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = builder.getOrCreate()
    if shuffle_partitions or spark.sparkContext.master.startswith("local"):
        spark.conf.set("spark.sql.shuffle.partitions", str(shuffle_partitions or 8))
    try:
        with tempfile.TemporaryDirectory(prefix="infimate-spark-") as tmp:
            if ship_code:
                spark.sparkContext.addPyFile(str(package_zip(tmp)))
            posts = spark.read.parquet(input_path)
            signals, segments = spark_signals(posts, lex)
            out = output_path.rstrip("/")
            signals.write.mode("overwrite").parquet(f"{out}/signals")
            segments.write.mode("overwrite").parquet(f"{out}/segments")
        used_master = spark.sparkContext.master
    finally:
        spark.stop()
    n_sig = n_seg = n_posts = -1
    if _is_local(output_path):
        base = Path(output_path.removeprefix("file://"))
        n_sig = _single_file(
            base / "signals", base / "signals.parquet", ["element", "date", *SEGMENT_COLS]
        )
        n_seg = _single_file(base / "segments", base / "segments.parquet", ["date", *SEGMENT_COLS])
        n_posts = int(
            pl.scan_parquet(base / "segments.parquet")
            .filter(*(pl.col(c) == "all" for c in SEGMENT_COLS))
            .select(pl.col("posts").sum())
            .collect()
            .item()
        )
    return SparkReport(
        posts=n_posts,
        signals_rows=n_sig,
        segments_rows=n_seg,
        seconds=round(time.perf_counter() - t0, 3),
        output=output_path,
        master=used_master,
    )
