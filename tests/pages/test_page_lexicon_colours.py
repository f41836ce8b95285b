"""Lexicon page: colour families, and a post or product whose colour was read from its photo."""

from __future__ import annotations

import datetime as dt

import polars as pl
from PIL import Image, ImageDraw

from infimate.data.datasets import Dataset
from infimate.data.ingest import ingest_frame
from infimate.signals.build import tag_dataset
from tests.pages.conftest import open_page


def _frames(at) -> list[pl.DataFrame]:
    return [pl.from_pandas(d.value) for d in at.dataframe]


def test_families_and_photo_colours_show(empty_dataset):
    ds = Dataset(empty_dataset)
    img = Image.new("RGB", (60, 80), "white")
    ImageDraw.Draw(img).rectangle((15, 20, 44, 69), fill="#002FA7")
    (ds.path / "images").mkdir()
    img.save(ds.path / "images" / "p1.png")
    posts = pl.DataFrame(
        {
            "post_id": ["p1", "p2"],
            "ts": [dt.datetime(2026, 11, 2, tzinfo=dt.UTC)] * 2,
            "platform": ["tiktok"] * 2,
            "market": ["US"] * 2,
            "author_id": ["a", "b"],
            "text": ["new drop", "red dress"],
            "image_path": ["images/p1.png", None],
        }
    )
    assert ingest_frame(ds, "posts", posts, source="posts.csv").photos == (("in the dataset", 1),)
    tag_dataset(ds)
    at = open_page("pages/lexicon.py")
    lexicon, families, photos = _frames(at)
    assert lexicon.filter(pl.col("element_id") == "navy")["family"].item() == "blue"
    assert len(families) == 14 and families["family"].n_unique() == 14
    blue = families.filter(pl.col("family") == "blue").row(0, named=True)
    assert blue["photo_mentions"] == 1 and "Klein blue" in blue["members"]
    red = families.filter(pl.col("family") == "red").row(0, named=True)
    assert red["text_mentions"] == 1 and red["photo_mentions"] == 0
    assert photos.rows() == [("post", "p1", "Klein blue · 克莱因蓝")]
    assert [s.value for s in at.subheader][-2:] == ["Colour families", "Colours read from photos"]


def test_no_photo_yet_says_so(empty_dataset):
    at = open_page("pages/lexicon.py")
    assert len(at.dataframe) == 2
    assert any("No post or product" in c.value for c in at.caption)
