"""tag_dataset (infimate.signals.build): tables written, imported signals kept, dataset lexicon."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from infimate.data.datasets import Dataset
from infimate.elements.lexicon import load_lexicon
from infimate.signals.build import tag_dataset
from tests.fixtures.tiny_posts import posts_frame


def test_tag_dataset_writes_tables_and_keeps_imported_signals(tmp_path: Path) -> None:
    ds = Dataset(tmp_path)
    ds.write("posts", posts_frame(["red dress", "泡泡袖", "hello"]))
    imported = pl.DataFrame(
        {
            "date": [dt.date(2026, 1, 5)],
            "element": ["red"],
            "value": [40.0],
            "source": ["google_trends"],
            "metric": ["index"],
        }
    )
    stale = imported.with_columns(pl.lit("posts").alias("source"), pl.lit("zzz").alias("element"))
    ds.write("signals", pl.concat([imported, stale]))
    report = tag_dataset(ds)
    assert (report.posts, report.mentions, report.elements_seen) == (3, 2, 2)
    sig = ds.read("signals")
    assert report.signals_rows == sig.height
    assert "zzz" not in set(sig["element"])
    assert sig.filter(pl.col("source") == "google_trends").height == 1
    assert ds.read("mentions").height == 2
    assert ds.read("segments")["posts"].max() == 3
    assert {"mentions", "segments", "signals"} <= set(ds.manifest()["tables"])
    # imported rows keep their values beside the posts' rows in one file
    gt = sig.filter(pl.col("source") == "google_trends").row(0, named=True)
    assert (gt["element"], gt["value"], gt["market"]) == ("red", 40.0, None)
    assert set(sig.filter(pl.col("source") == "posts")["element"]) == {"red", "puff_sleeve"}


def test_text_stored_as_dictionaries_and_read_as_strings(tmp_path: Path) -> None:
    ds = Dataset(tmp_path)
    ds.write("posts", posts_frame(["red dress", "泡泡袖"]))
    ds.write(
        "signals",
        pl.DataFrame(
            {
                "date": [dt.date(2026, 1, 5)],
                "element": ["tweed"],
                "value": [1.0],
                "source": ["google_trends"],
            }
        ),
    )
    tag_dataset(ds)
    for table, cols in (
        ("signals", ["element", "market"]),
        ("mentions", ["element_id", "type"]),
        ("segments", ["market", "platform"]),
    ):
        raw = pl.read_parquet(ds.table_path(table)).schema
        assert all(raw[c] == pl.Categorical for c in cols), (table, raw)
        read, scanned = ds.read(table), ds.scan(table)
        assert read is not None and scanned is not None
        assert all(read.schema[c] == pl.String for c in cols)
        assert all(scanned.collect_schema()[c] == pl.String for c in cols)
    assert not {"ts", "author_id"} & set(ds.read("mentions").columns)  # both in posts.parquet
    assert set(ds.read("signals")["element"]) == {"red", "puff_sleeve", "tweed"}


def test_tag_dataset_uses_dataset_lexicon(tmp_path: Path) -> None:
    ds = Dataset(tmp_path)
    ds.write("posts", posts_frame(["latte beige coat"]))
    ds.lexicon_path.write_text(
        "element_id,type,name_en,name_zh,aliases,hex,parent\n"
        "latte_brown,color,latte brown,拿铁棕,latte beige,#B38B6D,brown\n",
        encoding="utf-8",
    )
    assert "latte_brown" in set(load_lexicon(ds)["element_id"])
    tag_dataset(ds)
    assert ds.read("mentions")["element_id"].to_list() == ["latte_brown"]


def test_a_table_with_enum_text_reads_as_strings(tmp_path: Path) -> None:
    """A file polars wrote from Enum columns (e.g. an upload copied in) reads as String too."""
    ds = Dataset(tmp_path)
    frame = pl.DataFrame({"market": ["US", "GB"], "scene": ["office", "party"]})
    frame = frame.with_columns(
        pl.col("market").cast(pl.Enum(["GB", "US"])), pl.col("scene").cast(pl.Categorical)
    )
    ds.write("signals", frame)
    got = ds.scan("signals")
    assert got is not None
    assert got.filter(pl.col("market") == "GB").collect().rows() == [("GB", "party")]
    assert ds.read("signals").schema == pl.Schema({"market": pl.String, "scene": pl.String})
