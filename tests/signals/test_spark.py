"""Spark job (infimate.signals.spark): same signals as the polars path, exactly.

The end-to-end test needs Java 17+ and pyspark (optional: ``pip install -r
requirements-spark.txt``; ``make test`` does not install it, so it skips there with the
reason). The other tests need neither.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.data.schema import SEGMENT_COLS
from infimate.elements.lexicon import load_lexicon
from infimate.elements.tagging import tag_posts
from infimate.errors import InfimateError
from infimate.signals.share_of_voice import GROUPING_SETS, post_signals, segment_weeks
from infimate.signals.spark import _grouping_sets_sql, package_zip, run_spark_job

SAMPLE_POSTS = 5_000


def test_package_zip_has_the_tagger(tmp_path):
    names = zipfile.ZipFile(package_zip(tmp_path)).namelist()
    assert "infimate/elements/tagging.py" in names
    assert "infimate/elements/lexicon.csv" in names
    assert not any("__pycache__" in n for n in names)


def test_grouping_sets_sql_lists_every_set():
    sql = _grouping_sets_sql("v", ["date"], "count(1) AS posts")
    assert sql.count("CASE WHEN grouping(") == len(SEGMENT_COLS)
    assert "(date)" in sql  # the all-segments set
    assert "(date, market, crowd, scene)" in sql
    assert sql.count("), (") == len(GROUPING_SETS) - 1


def test_missing_pyspark_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(InfimateError, match=r"requirements-spark\.txt"):
        run_spark_job(str(tmp_path), str(tmp_path / "out"))


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory) -> tuple[Path, pl.DataFrame]:
    if shutil.which("java") is None:
        pytest.skip("Java 17+ not found on PATH: the Spark job needs a JVM")
    pytest.importorskip(
        "pyspark",
        reason="pyspark not installed (optional, ~456 MB): pip install -r requirements-spark.txt",
    )
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
    report = run_spark_job(str(root / "in"), str(root / "out"), master="local[2]")
    assert report.posts == SAMPLE_POSTS
    return root / "out", posts


@pytest.mark.slow
def test_spark_signals_equal_polars_path(spark_run):
    out, posts = spark_run
    expected = post_signals(tag_posts(posts, load_lexicon()), posts)
    got = pl.read_parquet(out / "signals.parquet")
    keys = ["element", "date", *SEGMENT_COLS]
    assert got.height > 1000
    assert_frame_equal(got.sort(keys), expected.sort(keys))


@pytest.mark.slow
def test_spark_segments_equal_polars_path(spark_run):
    out, posts = spark_run
    keys = ["date", *SEGMENT_COLS]
    got = pl.read_parquet(out / "segments.parquet").sort(keys)
    assert_frame_equal(got, segment_weeks(posts).sort(keys))
    assert (out / "signals").is_dir()  # the Spark part-file directory is kept too
