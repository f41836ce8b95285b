"""Synthetic photos for the demo world: a garment in a known colour on a white backdrop.

Some demo posts and products get a tiny PNG (60×80 px, a T-shirt or dress silhouette
with a shaded side, a few hundred bytes) under ``images/`` in the dataset and an
``image_path`` naming it, so tagging reads colours from photos as it would from a shop's
catalogue (``source`` "image" in the mentions, ``image_colours`` / ``main_colour`` on
products):

* posts: half of the chosen posts show a colour their text names (text and photo agree),
  the other half a colour the text does not name (the photo adds a mention);
* products: half show their own colour; the other half have no colour in their words,
  so their main colour comes from the photo.

Example
-------
>>> img = garment_photo("#0ABAB5", shape="dress")
>>> img.size, img.getpixel((0, 0)), img.getpixel((30, 45))
((60, 80), (255, 255, 255), (10, 186, 181))
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
from PIL import Image, ImageDraw

from infimate.data.datasets import atomic_write_bytes
from infimate.elements.colorspace import hex_to_rgb

SIZE = (60, 80)
POST_PHOTOS = 120
PRODUCT_PHOTOS = 80
_SHAPES = {
    "tshirt": [(18, 12), (42, 12), (56, 24), (48, 32), (44, 28), (44, 70), (16, 70), (16, 28),
               (12, 32), (4, 24)],
    "dress": [(22, 8), (38, 8), (40, 26), (52, 74), (8, 74), (20, 26)],
}  # fmt: skip


def garment_photo(hex_code: str, *, shape: str = "tshirt") -> Image.Image:
    """A 60×80 RGB photo: the garment in ``hex_code`` on white, its right side shaded."""
    img = Image.new("RGB", SIZE, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    rgb = hex_to_rgb(hex_code)
    draw.polygon(_SHAPES[shape], fill=rgb)
    shade = tuple(int(c * 0.8) for c in rgb)
    mask = Image.new("L", SIZE, 0)
    ImageDraw.Draw(mask).polygon(_SHAPES[shape], fill=255)
    mask.paste(0, (0, 0, 40, SIZE[1]))  # the fold: the right third is darker
    img.paste(Image.new("RGB", SIZE, shade), (0, 0), mask)
    return img


def _save(folder: Path, name: str, img: Image.Image) -> str:
    import io

    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    atomic_write_bytes(folder / name, buf.getvalue())
    return f"images/{folder.name}/{name}"


def _colour_hex(lexicon: pl.DataFrame) -> dict[str, str]:
    cols = lexicon.filter(pl.col("type") == "color").select("element_id", "hex")
    return {e: h for e, h in cols.rows() if h}


def with_post_photos(
    posts: pl.DataFrame,
    planted: pl.DataFrame,
    root: Path,
    lexicon: pl.DataFrame,
    *,
    seed: int,
    n: int = POST_PHOTOS,
) -> pl.DataFrame:
    """``posts`` with ``image_path`` set for ``n`` of them (see the module docstring)."""
    rng = np.random.default_rng(seed + 31)
    hexes = _colour_hex(lexicon)
    named = planted.filter(pl.col("element").is_in(list(hexes)))
    said = named.group_by("post_id").agg(pl.col("element").first()).sort("post_id")
    agree = said.sample(min(n // 2, said.height), seed=seed) if said.height else said
    quiet = posts.select("post_id").join(named.select("post_id").unique(), on="post_id", how="anti")
    other = quiet.sample(min(n - agree.height, quiet.height), seed=seed + 1)
    palette = sorted(hexes)
    pick = rng.integers(0, len(palette), other.height)
    chosen = pl.concat(
        [
            agree.rename({"element": "colour"}),
            other.with_columns(pl.Series("colour", [palette[i] for i in pick], dtype=pl.String)),
        ]
    )
    folder = root / "images" / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        pid: _save(folder, f"{pid}.png", garment_photo(hexes[c], shape=("tshirt", "dress")[k % 2]))
        for k, (pid, c) in enumerate(chosen.rows())
    }
    return posts.with_columns(
        pl.col("post_id")
        .replace_strict(paths, default=None, return_dtype=pl.String)
        .alias("image_path")
    )


def with_product_photos(
    products: pl.DataFrame, root: Path, lexicon: pl.DataFrame, *, seed: int, n: int = PRODUCT_PHOTOS
) -> pl.DataFrame:
    """``products`` with ``image_path`` for ``n`` launched ones (see the module docstring)."""
    rng = np.random.default_rng(seed + 37)
    hexes = _colour_hex(lexicon)
    els = products["elements"]
    els = els.str.split(";") if els.dtype == pl.String else els
    own = [next((e for e in (x or []) if e in hexes), None) for x in els.to_list()]
    launched = products["units"].is_not_null().to_list() if "units" in products.columns else []
    coloured = [i for i, c in enumerate(own) if c and (not launched or launched[i])]
    plain = [i for i, c in enumerate(own) if not c and (not launched or launched[i])]
    take = list(rng.permutation(coloured)[: n // 2]) + list(rng.permutation(plain)[: n - n // 2])
    palette = sorted(hexes)
    folder = root / "images" / "products"
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[str | None] = [None] * products.height
    for k, i in enumerate(take):
        colour = own[i] or palette[int(rng.integers(0, len(palette)))]
        sku = str(products["sku"][int(i)])
        img = garment_photo(hexes[colour], shape=("tshirt", "dress")[k % 2])
        paths[int(i)] = _save(folder, f"{sku}.png", img)
    return products.with_columns(pl.Series("image_path", paths, dtype=pl.String))
