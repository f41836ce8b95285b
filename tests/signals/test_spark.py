"""Spark job (infimate.signals.spark + spark_rollup): same signals as the polars path, exactly.

The Spark tests need Java 17+ and pyspark (requirements-spark.txt), which ``make test``
installs. Without them they skip with the reason — except under ``CI=true``, where a
missing pyspark or Java fails them, so CI cannot silently stop running Spark. One
SparkSession (``local[2]``) serves the whole module; the data is 5,000 posts.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.cli.main import main
from infimate.data.schema import SEGMENT_COLS
from infimate.elements.lexicon import load_lexicon
from infimate.elements.tagging import tag_posts
from infimate.errors import InfimateError
from infimate.signals.share_of_voice import GROUPING_SETS, post_signals, segment_weeks
from infimate.signals.spark import package_zip, parse_conf, run_spark_job
from infimate.signals.spark_rollup import batch_rows, grouping_sets_sql

SAMPLE_POSTS = 5_000


def _missing(reason: str) -> None:
    """Skip locally; fail under CI=true (make test installs pyspark and Java there)."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{reason} (CI=true: make test must install it)", pytrace=False)
    pytest.skip(reason)


def test_package_zip_has_the_tagger(tmp_path):
    names = zipfile.ZipFile(package_zip(tmp_path)).namelist()
    assert "infimate/elements/tagging.py" in names
    assert "infimate/signals/spark_rollup.py" in names
    assert "infimate/elements/lexicon.csv" in names
    assert not any("__pycache__" in n for n in names)


def test_grouping_sets_sql_lists_every_set():
    sql = grouping_sets_sql("v", ["date"], "sum(n) AS posts")
    assert sql.count("CASE WHEN grouping(") == len(SEGMENT_COLS)
    assert "(date)" in sql  # the all-segments set
    assert "(date, market, crowd, scene)" in sql
    assert sql.count("), (") == len(GROUPING_SETS) - 1


def test_batch_rows_counts_posts_and_distinct_authors():
    from infimate.data import samples

    posts = samples.posts(["red dress", "red top", "blue"], authors=["u", "u", "v"])
    rows = batch_rows(posts, load_lexicon())
    post_rows = rows.filter(pl.col("element").is_null())
    assert post_rows["n"].sum() == 3
    assert post_rows["author_id"].null_count() == post_rows.height
    red = rows.filter(element="red")
    assert red.select("author_id", "n").rows() == [("u", 2)]  # one row per author


def test_parse_conf_rejects_a_pair_without_value_sign():
    assert parse_conf(["a.b=1", "c = x=y"]) == {"a.b": "1", "c": "x=y"}
    with pytest.raises(InfimateError, match="KEY=VALUE"):
        parse_conf(["spark.executor.memory"])


def test_missing_pyspark_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(InfimateError, match=r"requirements-spark\.txt"):
        run_spark_job(str(tmp_path), str(tmp_path / "out"))


@pytest.fixture(scope="module")
def spark() -> Any:
    if shutil.which("java") is None:
        _missing("Java 17+ not found on PATH: the Spark job needs a JVM")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        _missing("pyspark not installed: pip install -r requirements-spark.txt")
    from infimate.signals.spark import DEFAULT_CONF

    builder = SparkSession.builder.master("local[2]").appName("infimate-tests")
    settings = {**DEFAULT_CONF, "spark.sql.shuffle.partitions": "4", "spark.ui.enabled": "false"}
    for key, value in settings.items():
        builder = builder.config(key, value)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYSPARK_PYTHON", sys.executable)  # workers run this venv's Python
        mp.setenv("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


@pytest.fixture(scope="module")
def posts_dir(tmp_path_factory) -> tuple[Path, pl.DataFrame]:
    from infimate.benchmarks.tagging import generate_posts

    posts = generate_posts(SAMPLE_POSTS, seed=5).with_columns(
        # few authors, so distinct-author counts are really tested
        (pl.col("author_id").cast(pl.Int64) % 97).cast(pl.String).alias("author_id"),
        pl.Series(
            "author_tier",
            ["kol", "consumer", "koc"] * (SAMPLE_POSTS // 3) + ["kol"] * (SAMPLE_POSTS % 3),
        ),
    )
    root = tmp_path_factory.mktemp("spark")
    (root / "in").mkdir()
    posts.head(SAMPLE_POSTS // 2).write_parquet(root / "in" / "a.parquet")
    posts.slice(SAMPLE_POSTS // 2).write_parquet(root / "in" / "b.parquet")
    return root, posts


@pytest.fixture(scope="module")
def spark_run(spark, posts_dir) -> tuple[Path, pl.DataFrame, dict[str, Any]]:
    """The CLI end to end on the module's session: ``spark-tag ... --conf ... --json``."""
    root, posts = posts_dir
    out = root / "out"
    args = ["spark-tag", "--input", str(root / "in"), "--output", str(out)]
    args += ["--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=3", "--json"]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(args) == 0
    return out, posts, json.loads(buf.getvalue())


@pytest.mark.spark
def test_spark_tag_reports_what_it_wrote(spark_run):
    out, _, report = spark_run
    assert report["posts"] == SAMPLE_POSTS
    assert report["partitions"] == 3  # --conf reached the job
    assert report["signals_rows"] == pl.read_parquet(out / "signals.parquet").height


@pytest.mark.spark
def test_spark_signals_equal_polars_path(spark_run):
    out, posts, _ = spark_run
    expected = post_signals(tag_posts(posts, load_lexicon()), posts)
    got = pl.read_parquet(out / "signals.parquet")  # a directory of part files
    keys = ["element", "date", *SEGMENT_COLS]
    assert got.height > 1000
    assert (got["authors"] < got["mentions"]).any()  # authors repeat: distinct matters
    assert_frame_equal(got, expected.sort(keys))  # same rows, same order as written


@pytest.mark.spark
def test_spark_segments_equal_polars_path(spark_run):
    out, posts, _ = spark_run
    keys = ["date", *SEGMENT_COLS]
    got = pl.read_parquet(out / "segments.parquet")
    assert_frame_equal(got, segment_weeks(posts).sort(keys))
    assert (out / "segments.parquet").is_dir()  # written by executors as part files
    assert not any(p.name.endswith(".crc") for p in (out / "segments.parquet").iterdir())


@pytest.mark.spark
def test_mention_aggregates_need_no_shuffle_beyond_the_first(spark, posts_dir):
    """Every grouping set holds (date, element): one hash shuffle serves all 18 group-bys."""
    from infimate.signals.spark_rollup import ROW_SCHEMA, _mention_counts, tag_partition

    root, _ = posts_dir
    rows = (
        spark.read.parquet(str(root / "in"))
        .mapInArrow(tag_partition(load_lexicon()), ROW_SCHEMA)
        .repartition(3, "date", "element")
    )
    plan = _mention_counts(rows)._jdf.queryExecution().executedPlan().toString()
    assert "hashpartitioning(date#" in plan and "REPARTITION_BY_NUM" in plan  # the one shuffle
    assert plan.count("HashAggregate") >= 2 * len(GROUPING_SETS)
    assert "ENSURE_REQUIREMENTS" not in plan  # no shuffle added for any group-by


@pytest.mark.spark
def test_spark_tag_bad_input_is_one_line(spark, tmp_path, capsys):
    code = main(["spark-tag", "--input", str(tmp_path / "nope"), "--output", str(tmp_path / "o")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


@pytest.mark.spark
def test_spark_tag_names_a_missing_column(spark, posts_dir, tmp_path):
    _, posts = posts_dir
    (tmp_path / "in").mkdir()
    posts.drop("text").head(10).write_parquet(tmp_path / "in" / "a.parquet")
    with pytest.raises(InfimateError, match=r"missing column.*text"):
        run_spark_job(str(tmp_path / "in"), str(tmp_path / "out"))
