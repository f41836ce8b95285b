"""Colour families for the Lexicon page, and the colours a dataset read from its photos.

A colour's **family** is the root of its ``parent`` chain
(:func:`infimate.elements.labels.colour_family`). :func:`families` counts, per family, its
colours and the dataset's colour mentions by source (``text`` / ``image``:
:func:`infimate.elements.photo_mentions.with_photo_colours`) and the products whose main
colour came from their photo; :func:`photo_rows` lists posts and products with a colour
read from a photo. Both are cached on the dataset's content.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.elements.labels import colour_family
from infimate.ui.cached import cache_stamp, lexicon

FAMILY_COLUMNS = ("hex", "family", "n_colours", "members", "text_mentions", "photo_mentions")


def family_of(lex: pl.DataFrame) -> pl.DataFrame:
    """element_id → family (colour rows only)."""
    fam = colour_family(lex)
    return pl.DataFrame(
        {"element_id": list(fam), "family": list(fam.values())},
        schema={"element_id": pl.String, "family": pl.String},
    )


@st.cache_data(show_spinner=False)
def _families(path: str, stamp: str, lang: str) -> pl.DataFrame:
    lex = lexicon(path)
    name = "name_zh" if lang == "zh" else "name_en"
    names = dict(lex.select("element_id", name).rows())
    colours = family_of(lex).join(lex.select("element_id", "hex"), on="element_id")
    counts = pl.DataFrame(schema={"element_id": pl.String, "source": pl.String, "n": pl.UInt32})
    m = Dataset(path).scan("mentions")
    if m is not None and "source" in m.collect_schema().names():
        counts = (
            m.filter(pl.col("type") == "color").group_by("element_id", "source").len("n").collect()
        )
    per = colours.join(counts, on="element_id", how="left")
    out = (
        per.group_by("family")
        .agg(
            pl.col("element_id").n_unique().alias("n_colours"),
            pl.col("element_id").unique().sort().alias("members"),
            pl.col("n").filter(pl.col("source") == "text").sum().alias("text_mentions"),
            pl.col("n").filter(pl.col("source") == "image").sum().alias("photo_mentions"),
        )
        .join(lex.select(pl.col("element_id").alias("family"), "hex"), on="family", how="left")
        .with_columns(
            pl.col("members").list.eval(pl.element().replace(names)).list.join(", "),
            pl.col("family").replace(names),
        )
        .sort("n_colours", descending=True)
    )
    return out.select(FAMILY_COLUMNS)


def families(path: str, lang: str) -> pl.DataFrame:
    """One row per colour family: hex (its root's), family, n_colours, members (names in
    ``lang``), text_mentions and photo_mentions in the dataset's mentions."""
    return _families(path, cache_stamp(path), lang)


@st.cache_data(show_spinner=False)
def _photo_rows(path: str, stamp: str, limit: int) -> pl.DataFrame:
    ds = Dataset(path)
    parts = []
    m = ds.scan("mentions")
    if m is not None and "source" in m.collect_schema().names():
        parts.append(
            m.filter(pl.col("source") == "image")
            .select(
                pl.lit("post").alias("photo_of"),
                pl.col("post_id").alias("post_or_product"),
                "element_id",
            )
            .head(limit)
            .collect()
        )
    p = ds.read("products")
    if p is not None and "image_colours" in p.columns:
        parts.append(
            p.filter(pl.col("image_colours").list.len() > 0)
            .select(
                pl.lit("product").alias("photo_of"),
                pl.col("sku").alias("post_or_product"),
                pl.col("image_colours").list.first().alias("element_id"),
            )
            .head(limit)
        )
    empty = pl.DataFrame(
        schema={"photo_of": pl.String, "post_or_product": pl.String, "element_id": pl.String}
    )
    return pl.concat([empty, *parts], how="vertical_relaxed")


def photo_rows(path: str, *, limit: int = 20) -> pl.DataFrame:
    """Up to ``limit`` posts (colour mentions only their photo shows) and ``limit``
    products (main colour of their photo): photo_of, post_or_product, element_id."""
    return _photo_rows(path, cache_stamp(path), limit)
