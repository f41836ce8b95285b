"""Products read from their own text: item, colours, and elements where none were given.

A products table may come with the merchant's ``elements`` or only with a ``name`` (title)
and ``description``. :func:`read_products` reads the text with
:func:`~infimate.elements.catalogue.tag_catalogue` and adds

* ``item`` — what the product *is* (element id, null when the text names none);
* ``colours`` — its colours, main colour first;
* ``elements_from_text`` — True where ``elements`` was empty and is now the text's
  item + colours + details (re-read on the next run, so a new lexicon takes effect);
* ``image_colours`` — the colours read from the product's photo (``image_path``, relative
  to the dataset: :func:`~infimate.elements.colors.image_color_report`), main first;
* ``main_colour`` — the text's first colour (the shop's own words), else the first colour
  of the given ``elements``, else the photo's main colour, else null. Where text and photo disagree both are kept: ``colours`` and
  ``image_colours``. The hit features and the Bestie catalogue use it
  (:func:`elements_with_main_colour`).

Given elements are never replaced. :func:`tag_products` does this to a dataset's
``products.parquet`` (after an ingest and on ``python -m infimate tag``), so the hit predictor
and the Bestie catalogue see the same tags as ``tag-catalogue``.

Example
-------
>>> from infimate.elements.lexicon import builtin_lexicon
>>> p = pl.DataFrame({"sku": ["a", "b"], "elements": [["tweed"], None],
...                   "name": ["Tweed jacket", "Women Navy Blue Puff Sleeve Blouse"]})
>>> read_products(p, builtin_lexicon()).select("elements", "item", "colours").rows()
[(['tweed'], 'jacket', []), (['blouse', 'navy', 'puff_sleeve'], 'blouse', ['navy'])]
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

import polars as pl

from infimate.data.datasets import Dataset, atomic_write_parquet
from infimate.elements.catalogue import tag_catalogue
from infimate.elements.colors import image_color_report
from infimate.elements.lexicon import load_lexicon

#: Product columns read as text, in this order (joined as sentences).
TEXT_COLUMNS = ("name", "description")
ADDED = ("item", "colours", "elements_from_text", "image_colours", "main_colour")


def product_text(products: pl.DataFrame) -> pl.Expr:
    """The text a product is read from: its name, then its description."""
    cols = [pl.col(c).cast(pl.String) for c in TEXT_COLUMNS if c in products.columns]
    if not cols:
        return pl.lit("", pl.String)
    parts = (
        pl.concat_list(cols)
        .list.drop_nulls()
        .list.eval(pl.element().filter(pl.element().str.strip_chars() != ""))
    )
    return parts.list.join(". ")


def photo_colours_of(
    products: pl.DataFrame, image_dir: str | os.PathLike[str] | None, lexicon: pl.DataFrame
) -> pl.Series:
    """``image_colours`` of each product (empty without a readable photo or ``image_dir``)."""
    empty = pl.Series("image_colours", [[]] * products.height, dtype=pl.List(pl.String))
    if image_dir is None or "image_path" not in products.columns:
        return empty
    items = products.select(pl.int_range(pl.len()).cast(pl.String).alias("id"), "image_path")
    with warnings.catch_warnings():  # unreadable photos are counted by the caller's report
        warnings.simplefilter("ignore")
        found = image_color_report(items, image_dir, lexicon).mentions
    per = found.sort("id", "rank").group_by("id", maintain_order=True).agg("element_id")
    got = dict(zip(per["id"].to_list(), per["element_id"].to_list(), strict=True))
    return pl.Series(
        "image_colours", [got.get(str(i), []) for i in range(products.height)], pl.List(pl.String)
    )


def elements_with_main_colour(products: pl.DataFrame) -> pl.Expr:
    """``elements`` (a list) with the product's ``main_colour`` added when it is missing —
    what the hit features and the Bestie catalogue read."""
    if "main_colour" not in products.columns:
        return pl.col("elements")
    add = pl.col("main_colour").is_not_null() & ~pl.col("elements").list.contains(
        pl.col("main_colour")
    )
    return (
        pl.when(add)
        .then(pl.concat_list(pl.col("elements").fill_null([]), pl.col("main_colour")))
        .otherwise(pl.col("elements"))
        .alias("elements")
    )


def read_products(
    products: pl.DataFrame,
    lexicon: pl.DataFrame,
    *,
    image_dir: str | os.PathLike[str] | None = None,
) -> pl.DataFrame:
    """``products`` with ``item``, ``colours`` and, where empty, ``elements`` from its text;
    ``image_colours`` and ``main_colour`` from its photo when ``image_dir`` is given."""
    base = products.drop(ADDED, strict=False)
    derived = pl.Series("elements_from_text", [False] * base.height, dtype=pl.Boolean)
    if "elements_from_text" in products.columns:  # re-read what was read before
        derived = products["elements_from_text"].fill_null(False)
    elements = (
        base["elements"].cast(pl.List(pl.String))
        if "elements" in base.columns
        else pl.Series("elements", [None] * base.height, dtype=pl.List(pl.String))
    )
    empty = elements.is_null() | (elements.list.len() == 0) | derived
    texts = base.select(pl.int_range(pl.len()).alias("id"), product_text(base).alias("text"))
    tags = tag_catalogue(texts, lexicon)
    from_text = pl.concat_list(
        pl.when(pl.col("item").is_null())
        .then(pl.lit([], pl.List(pl.String)))
        .otherwise(pl.concat_list("item")),
        "colours",
        "details",
    ).list.unique(maintain_order=True)
    read = tags.select(from_text.alias("text_elements"), "item", "colours")
    filled = (
        pl.when(pl.Series(empty) & (read["text_elements"].list.len() > 0))
        .then(read["text_elements"])
        .otherwise(elements)
    )
    photo = photo_colours_of(base, image_dir, lexicon)
    colour_ids = lexicon.filter(pl.col("type") == "color")["element_id"].implode()
    given = elements.list.eval(pl.element().filter(pl.element().is_in(colour_ids))).list.first()
    main = pl.select(
        pl.coalesce(read["colours"].list.first(), given, photo.list.first()).alias("main_colour")
    ).to_series()
    return base.with_columns(
        elements=pl.select(filled).to_series(),
        item=read["item"],
        colours=read["colours"],
        elements_from_text=pl.Series(empty) & (read["text_elements"].list.len() > 0),
        image_colours=photo,
        main_colour=main,
    )


@dataclass(frozen=True)
class ProductTags:
    """What :func:`tag_products` did: products, with an item, filled from their text."""

    products: int
    with_item: int
    filled: int
    with_photo_colour: int = 0

    def summary(self) -> str:
        return (
            f"products: {self.products:,} read, {self.with_item:,} with an item, "
            f"{self.filled:,} given elements from their text, "
            f"{self.with_photo_colour:,} with a colour from their photo"
        )


def tag_products(dataset: Dataset) -> ProductTags | None:
    """Read a dataset's products from their text and rewrite ``products.parquet`` (atomic).

    None when the dataset has no products table.
    """
    products = dataset.read("products")
    if products is None:
        return None
    read = read_products(products, load_lexicon(dataset), image_dir=dataset.path)
    atomic_write_parquet(dataset.table_path("products"), read)
    return ProductTags(
        products=read.height,
        with_item=int(read["item"].is_not_null().sum()),
        filled=int(read["elements_from_text"].sum()),
        with_photo_colour=int((read["image_colours"].list.len() > 0).sum()),
    )
