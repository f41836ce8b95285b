"""Many photos → colour tags, one row per photo, a clear reason for each that cannot be read.

:func:`tag_photos` reads each photo with
:func:`~infimate.elements.photo_colour.photo_colours` (the palette is built once) and
returns ``id``, ``colours`` (element ids, main first), ``families``, ``shares``,
``hexes`` (each colour's mean pixel), ``confidence`` and ``error`` — null when the photo was read, else why not ("file not
found", "not an image", "image too large: …"). One bad file never stops the others.
:func:`image_files` lists the photos of a folder for ``python -m infimate tag-images --dir``.

Example
-------
>>> import tempfile
>>> from PIL import Image
>>> from infimate.elements.lexicon import builtin_lexicon
>>> with tempfile.TemporaryDirectory() as tmp:
...     Image.new("RGB", (30, 40), "#0ABAB5").save(f"{tmp}/a.png")
...     _ = open(f"{tmp}/b.jpg", "wb").write(b"not a photo")
...     tags = tag_photos(image_files(tmp), builtin_lexicon())
>>> tags.select("id", "colours", "error").rows()
[('a', ['tiffany_blue'], None), ('b', [], 'not an image')]
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from infimate.data.photos import IMAGE_SUFFIXES
from infimate.elements.photo_colour import PhotoError, photo_colours, photo_palette
from infimate.elements.photo_palette import PhotoPalette

TAG_SCHEMA = pl.Schema(
    {
        "id": pl.String(),
        "colours": pl.List(pl.String()),
        "families": pl.List(pl.String()),
        "shares": pl.List(pl.Float64()),
        "hexes": pl.List(pl.String()),
        "confidence": pl.Float64(),
        "error": pl.String(),
    }
)


@dataclass(frozen=True)
class PhotoTags:
    """What :func:`tag_photos` read: the tags frame and the seconds it took."""

    tags: pl.DataFrame
    seconds: float

    @property
    def n_read(self) -> int:
        return int(self.tags["error"].is_null().sum())

    @property
    def errors(self) -> pl.DataFrame:
        """id and error of each photo that could not be read."""
        return self.tags.filter(pl.col("error").is_not_null()).select("id", "error")

    @property
    def photos_per_second(self) -> float:
        return round(self.tags.height / self.seconds, 1) if self.seconds > 0 else 0.0


def image_files(folder: str | os.PathLike[str]) -> pl.DataFrame:
    """``id`` and ``path`` of every photo under ``folder`` (sorted): the id is the path
    relative to the folder without its ending (``10092.jpg`` → ``10092``)."""
    root = Path(folder)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    return pl.DataFrame(
        {
            "id": [p.relative_to(root).with_suffix("").as_posix() for p in files],
            "path": [str(p) for p in files],
        },
        schema={"id": pl.String, "path": pl.String},
    )


def _read(paths: list[str | None], palette: PhotoPalette) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for path in paths:  # one file per photo: decode-bound, not a frame loop
        if not path:
            rows.append(([], [], [], [], 0.0, "no image path"))
            continue
        if not Path(path).is_file():
            rows.append(([], [], [], [], 0.0, "file not found"))
            continue
        try:
            pc = photo_colours(path, palette)
        except PhotoError as exc:
            rows.append(([], [], [], [], 0.0, str(exc)))
            continue
        colours, families, shares = list(pc.colours), list(pc.families), list(pc.shares)
        rows.append((colours, families, shares, list(pc.hexes), pc.confidence, None))
    return rows


def tag_photos(items: pl.DataFrame, lexicon: pl.DataFrame) -> pl.DataFrame:
    """Colour tags of photos: ``items`` has ``id`` and ``path``; see the module docstring."""
    return timed_tag_photos(items, lexicon).tags


def timed_tag_photos(items: pl.DataFrame, lexicon: pl.DataFrame) -> PhotoTags:
    """:func:`tag_photos` with the wall seconds it took to read the photos (photos per
    second; the palette, built once per lexicon, is not counted)."""
    palette = photo_palette(lexicon)
    t0 = time.perf_counter()
    rows = _read(items["path"].cast(pl.String).to_list(), palette)
    ids = items["id"].cast(pl.String).to_list()
    tags = pl.DataFrame(
        [(i, *r) for i, r in zip(ids, rows, strict=True)], schema=TAG_SCHEMA, orient="row"
    )
    return PhotoTags(tags, time.perf_counter() - t0)
