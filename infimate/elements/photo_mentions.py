"""Colour mentions from post photos, beside the colours the post text names.

:func:`with_photo_colours` adds to the text mentions of :func:`~infimate.elements.tagging.tag_posts`
the colours read from each post's ``image_path`` (relative to the dataset, confined to it:
:func:`~infimate.elements.colors.image_color_report`) and a ``source`` column: ``text``
for what the words say, ``image`` for a colour only the photo shows. A colour both name
stays one mention (source ``text``), so share of voice counts a post once; where the text
and the photo disagree, both are kept.

Example
-------
>>> import datetime as dt, tempfile
>>> from PIL import Image
>>> from infimate.elements.lexicon import builtin_lexicon
>>> from infimate.elements.tagging import prepare_posts, tag_posts
>>> posts = prepare_posts(pl.DataFrame({"post_id": ["a", "b"], "text": ["red dress", ""],
...     "ts": [dt.datetime(2026, 11, 25)] * 2, "market": ["US"] * 2,
...     "platform": ["tiktok"] * 2, "author_id": ["u", "v"],
...     "image_path": [None, "images/b.png"]}))
>>> with tempfile.TemporaryDirectory() as tmp:
...     (Path(tmp) / "images").mkdir()
...     img = Image.new("RGB", (60, 80), "white")
...     img.paste(Image.new("RGB", (30, 40), "#002FA7"), (15, 20))
...     img.save(Path(tmp) / "images" / "b.png")
...     lex = builtin_lexicon()
...     m = with_photo_colours(tag_posts(posts, lex), posts, tmp, lex)
>>> m.select("post_id", "element_id", "source").rows()
[('a', 'red', 'text'), ('b', 'klein_blue', 'image')]
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import polars as pl

from infimate.elements.colors import image_color_report

SOURCES = ("text", "image")


def with_photo_colours(
    mentions: pl.DataFrame,
    posts: pl.DataFrame,
    base_dir: str | os.PathLike[str],
    lexicon: pl.DataFrame,
) -> pl.DataFrame:
    """``mentions`` plus a ``source`` column and the colours of the posts' photos.

    ``posts`` are the tagged posts (with the mention columns, e.g. from
    :func:`~infimate.elements.tagging.prepare_posts`). Photos that cannot be read are
    skipped with a ``UserWarning`` naming how many; without an ``image_path`` column the
    mentions only gain ``source``.
    """
    out = mentions.with_columns(pl.lit("text", pl.String).alias("source"))
    if "image_path" not in posts.columns or posts["image_path"].null_count() == posts.height:
        return out
    items = posts.select(pl.col("post_id").cast(pl.String).alias("id"), "image_path")
    report = image_color_report(items, Path(base_dir), lexicon)
    if report.n_skipped:
        warnings.warn(
            f"{report.n_skipped} of {report.n_items} post images skipped "
            f"(first: {report.skipped['image_path'][0]}: {report.skipped['reason'][0]})",
            UserWarning,
            stacklevel=2,
        )
    said = out.select(pl.col("post_id", "element_id").cast(pl.String))
    seen = report.mentions.select(pl.col("id").alias("post_id"), "element_id", "type").join(
        said, on=["post_id", "element_id"], how="anti"
    )
    if seen.is_empty():
        return out
    meta = posts.select(
        [c for c in mentions.columns if c not in ("element_id", "type")]
    ).with_columns(pl.col("post_id").cast(pl.String))
    added = seen.join(meta, on="post_id", how="inner").with_columns(
        pl.lit("image", pl.String).alias("source")
    )
    return pl.concat([out, added.select(out.columns).cast(out.schema)], how="vertical")
