"""Products read from their text: item, colours, and elements where none were given."""

from __future__ import annotations

import polars as pl

from infimate.data.contract import validate
from infimate.data.datasets import Dataset
from infimate.data.ingest import ingest
from infimate.elements.lexicon import builtin_lexicon
from infimate.elements.products import read_products, tag_products
from infimate.errors import DataFileError

LEX = builtin_lexicon()


def test_given_elements_are_kept_and_empty_ones_are_read_from_the_text():
    p = pl.DataFrame(
        {
            "sku": ["a", "b", "c"],
            "elements": [["tweed"], [], None],
            "name": ["Navy blouse", "Women Navy Blue Puff Sleeve Blouse", None],
            "description": [None, "Soft chiffon. Hand wash.", "A red blouse with a bow."],
        }
    )
    r = read_products(p, LEX)
    assert r["elements"].to_list() == [
        ["tweed"],
        ["blouse", "navy", "puff_sleeve", "chiffon"],
        ["blouse", "red", "bow"],
    ]
    assert r["item"].to_list() == ["blouse", "blouse", "blouse"]
    assert r["colours"].to_list() == [["navy"], ["navy"], ["red"]]
    assert r["elements_from_text"].to_list() == [False, True, True]


def test_reading_again_with_a_new_lexicon_updates_what_was_read_not_what_was_given():
    p = pl.DataFrame({"sku": ["a", "b"], "elements": [["tweed"], None], "name": ["Red blouse"] * 2})
    first = read_products(p, LEX)
    smaller = LEX.filter(pl.col("element_id") != "red")
    again = read_products(first, smaller)
    assert again["elements"].to_list() == [["tweed"], ["blouse"]]
    assert again.columns == first.columns  # no duplicated columns on a re-read


def test_a_product_with_neither_elements_nor_text_is_quarantined():
    rows = pl.DataFrame(
        {
            "sku": ["a", "b"],
            "launch_date": ["2026-01-05"] * 2,
            "category": ["tops"] * 2,
            "name": ["Puff sleeve blouse", " "],
        }
    )
    v = validate("products", rows)
    assert v.good["sku"].to_list() == ["a"]
    assert v.bad["reason"].to_list() == ["missing elements"]


def test_products_without_elements_or_text_columns_name_what_is_missing():
    rows = pl.DataFrame({"sku": ["a"], "launch_date": ["2026-01-05"], "category": ["tops"]})
    try:
        validate("products", rows, file="p.csv")
    except DataFileError as exc:
        assert "elements (or name/description)" in str(exc)
    else:
        raise AssertionError("no error for products without elements or text")


def test_an_ingested_catalogue_gets_the_tags(tmp_path):
    f = tmp_path / "catalogue.csv"
    f.write_text(
        "sku,launch_date,category,name,description\n"
        "s1,2026-03-02,tops,Women Butter Yellow Blouse,Puff sleeves and a bow.\n"
        "s2,2026-03-02,tops,Tweed blazer,\n"
    )
    ds = Dataset(tmp_path / "ds").create()
    assert ingest(ds, "products", f).accepted == 2
    tags = tag_products(ds)
    assert tags is not None and (tags.products, tags.filled) == (2, 2)
    got = ds.read("products").sort("sku")
    assert got["elements"].to_list()[0][:2] == ["blouse", "butter_yellow"]
    assert "puff_sleeve" in got["elements"].to_list()[0]
    assert "tweed" in got["elements"].to_list()[1]
    assert got["colours"].to_list()[0] == ["butter_yellow"]


def test_a_dataset_without_products_is_left_alone(tmp_path):
    assert tag_products(Dataset(tmp_path / "ds").create()) is None
