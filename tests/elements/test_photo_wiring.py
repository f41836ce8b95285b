"""Photos wired in: ingest keeps them under the dataset (paths confined), ``tag`` adds
image-sourced colour mentions beside the text's, products get ``image_colours`` and a
``main_colour`` that prefers the shop's words, and the hit features and Bestie read it."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from PIL import Image, ImageDraw

from infimate.bestie.catalog import build_catalog
from infimate.data.datasets import Dataset
from infimate.data.ingest import ingest
from infimate.hit.features import normalise_products
from infimate.signals.build import tag_dataset


def _photo(path, hex_code: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", (60, 80), "white")
    ImageDraw.Draw(img).rectangle((15, 20, 44, 69), fill=hex_code)
    img.save(path)


@pytest.fixture
def tagged(tmp_path):
    up = tmp_path / "upload"
    _photo(up / "img" / "klein.png", "#002FA7")
    _photo(up / "img" / "butter.png", "#F6E27F")
    _photo(tmp_path / "outside.png", "#C8102E")
    (up / "posts.csv").write_text(
        "post_id,ts,platform,market,author_id,text,image_path\n"
        "p1,2026-11-02,tiktok,US,a1,love this look,img/klein.png\n"  # the photo alone
        "p2,2026-11-03,tiktok,US,a2,a red dress,img/butter.png\n"  # text and photo disagree
        "p3,2026-11-03,tiktok,US,a3,butter yellow top,img/butter.png\n"  # they agree
        "p4,2026-11-04,tiktok,US,a4,tweed jacket,../outside.png\n"  # escapes: cleared
        "p5,2026-11-04,tiktok,US,a5,puff sleeves,img/missing.png\n",
        encoding="utf-8",
    )
    (up / "products.csv").write_text(
        "sku,launch_date,category,elements,name,price,units,image_path\n"
        "S1,2026-10-05,top,tweed,Tweed top,30,100,img/klein.png\n"  # no colour in words
        "S2,2026-10-05,top,,Women Red Blouse,25,80,img/klein.png\n",  # words win
        encoding="utf-8",
    )
    ds = Dataset(tmp_path / "ds").create()
    posts = ingest(ds, "posts", up / "posts.csv")
    products = ingest(ds, "products", up / "products.csv")
    report = tag_dataset(ds)  # ingest cleared the bad paths: every photo left is readable
    return ds, posts, products, report


def test_ingest_keeps_photos_inside_the_dataset(tagged):
    ds, posts, products, _ = tagged
    assert dict(posts.photos) == {
        "copied into the dataset": 3,
        "outside the upload's folder": 1,
        "not found": 1,
    }
    assert "photos: 3 copied into the dataset" in posts.summary()
    stored = ds.read("posts").sort("post_id")["image_path"].to_list()
    assert stored[3:] == [None, None]
    assert stored[1] == stored[2] and stored[0] != stored[1]  # one copy per photo
    for rel in stored[:3]:
        assert rel.startswith("images/posts/") and (ds.path / rel).is_file()
    assert dict(products.photos) == {"copied into the dataset": 2}


def test_tag_adds_image_colour_mentions_beside_text(tagged):
    ds, *_ = tagged
    m = ds.read("mentions").select("post_id", "element_id", "source").sort("post_id", "source")
    rows = set(m.rows())
    assert ("p1", "klein_blue", "image") in rows  # the photo adds a colour the text lacks
    assert {("p2", "red", "text"), ("p2", "butter_yellow", "image")} <= rows  # both kept
    assert m.filter(pl.col("post_id") == "p3").rows() == [("p3", "butter_yellow", "text")]
    assert not m.filter(
        pl.col("post_id").is_in(["p4", "p5"]) & (pl.col("source") == "image")
    ).height
    sig = ds.read("signals").filter(pl.col("element") == "klein_blue")
    assert sig.height > 0  # photo colours count in share of voice like words


def test_product_main_colour_prefers_words_then_photo(tagged):
    ds, _, _, report = tagged
    p = ds.read("products").sort("sku")
    assert p["image_colours"].to_list() == [["klein_blue"], ["klein_blue"]]
    assert p["main_colour"].to_list() == ["klein_blue", "red"]
    assert report.products is not None and report.products.with_photo_colour == 2
    feats = normalise_products(p)
    assert "klein_blue" in feats.filter(pl.col("sku") == "S1")["elements"][0]
    assert "klein_blue" not in feats.filter(pl.col("sku") == "S2")["elements"][0]
    cat = build_catalog(p, None, asof=date(2026, 11, 30)).sort("sku")
    assert "klein_blue" in cat["elements"][0].to_list()
