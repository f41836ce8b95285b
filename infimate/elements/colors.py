"""Image colours: dominant colours of a picture and the nearest named lexicon colours.

Pipeline: decode (Pillow) -> downscale to at most ``MAX_SIDE`` px -> drop background
pixels (fully/mostly transparent, near-white: CIELAB L* >= 90 and chroma <= 10, or a
uniform neutral backdrop connected to the border) ->
median-cut quantisation (Pillow ``quantize``, deterministic) -> merge clusters closer
than ``MERGE_DELTA_E`` (CIEDE2000) -> shares of the non-background pixels.

Colour difference is **CIEDE2000** (Sharma, Wu & Dalal 2005) on CIELAB (D65, sRGB),
implemented in :mod:`infimate.elements.colorspace` (its functions stay importable from here).
As a rule of thumb ΔE00 < 1 is invisible, 2–10 is "similar at a glance", > 12 is a
different named colour. :func:`image_color_report` / :func:`image_color_mentions` read
items' photos product-first with :mod:`infimate.elements.photo_colour` (background, skin
and hair set aside, the centre weighed most, colours named by family).

Example
-------
>>> from PIL import Image
>>> img = Image.new("RGB", (40, 40), "#0ABAB5")
>>> dominant_colors(img, k=1)[0].hex
'#0ABAB5'
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from PIL import Image

from infimate.data.photos import inside
from infimate.elements.colorspace import ciede2000, hex_to_rgb, rgb_to_hex, srgb_to_lab
from infimate.elements.photo_colour import MIN_SHARE, background, photo_palette
from infimate.elements.photo_tags import tag_photos

MAX_SIDE = 128
MERGE_DELTA_E = 6.0
BACKGROUND_MIN_L = 90.0
BACKGROUND_MAX_CHROMA = 10.0
ALPHA_MIN = 128


@dataclass(frozen=True)
class ColorShare:
    """One dominant colour: ``rgb`` (0–255), ``hex`` (``#RRGGBB``) and ``share`` of the
    non-background pixels (0–1)."""

    rgb: tuple[int, int, int]
    hex: str
    share: float


@dataclass(frozen=True)
class ColorMatch:
    """A lexicon colour near a query colour, with its CIEDE2000 distance ``delta_e``."""

    element_id: str
    name_en: str
    name_zh: str
    hex: str
    delta_e: float


@dataclass(frozen=True)
class ImageColorReport:
    """Result of :func:`image_color_report`.

    ``mentions``: id, element_id, type ("color"), share, delta_e, rank (1 = the image's
    main colour), confidence (of the image's reading, 0–1).
    ``skipped``: id, image_path, reason — items whose image could not be used.
    """

    mentions: pl.DataFrame
    n_items: int
    n_read: int
    skipped: pl.DataFrame

    @property
    def n_skipped(self) -> int:
        return self.skipped.height


# ---- images -------------------------------------------------------------------------
def _open(image: Image.Image | str | os.PathLike[str]) -> Image.Image:
    if isinstance(image, Image.Image):
        return image
    img = Image.open(image)
    img.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))  # cheap JPEG downscale on decode
    img.load()
    return img


def _foreground_pixels(img: Image.Image, *, ignore_background: bool) -> np.ndarray:
    """(N, 3) uint8 RGB pixels after downscaling and background removal."""
    img = img.convert("RGBA")
    if max(img.size) > MAX_SIDE:
        img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.NEAREST)  # no blended edge colours
    arr = np.asarray(img, dtype=np.uint8)
    keep = arr[..., 3] >= ALPHA_MIN
    if ignore_background:
        lab = srgb_to_lab(arr[..., :3])
        chroma = np.hypot(lab[..., 1], lab[..., 2])
        keep &= ~((lab[..., 0] >= BACKGROUND_MIN_L) & (chroma <= BACKGROUND_MAX_CHROMA))
        keep &= ~background(lab, arr[..., 3] >= ALPHA_MIN)  # a grey studio backdrop too
    return arr[keep][:, :3]


def dominant_colors(
    image: Image.Image | str | os.PathLike[str],
    *,
    k: int = 5,
    ignore_background: bool = True,
) -> tuple[ColorShare, ...]:
    """The ``k`` dominant colours of an image, largest share first.

    Parameters
    ----------
    image
        A Pillow image or a path to one.
    k
        Maximum number of colours returned.
    ignore_background
        Drop near-white (L* >= 90, chroma <= 10) and transparent pixels, and a uniform
        neutral backdrop connected to the border (a grey studio background,
        :func:`infimate.elements.photo_colour.background`) first; shares are then of the
        remaining (foreground) pixels.

    Returns
    -------
    tuple[ColorShare, ...]
        Empty when no foreground pixel is left (e.g. an all-white image).

    Example
    -------
    >>> from PIL import Image
    >>> img = Image.new("RGB", (20, 10), "#F6E27F")
    >>> [(c.hex, c.share) for c in dominant_colors(img, k=2)]
    [('#F6E27F', 1.0)]
    """
    if k < 1:
        raise ValueError("k must be >= 1")
    px = _foreground_pixels(_open(image), ignore_background=ignore_background)
    if px.shape[0] == 0:
        return ()
    strip = Image.fromarray(np.ascontiguousarray(px.reshape(1, -1, 3)))
    q = strip.quantize(
        colors=max(2 * k, 8), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    idx = np.asarray(q, dtype=np.int64).reshape(-1)
    n_idx = int(idx.max()) + 1
    counts = np.bincount(idx, minlength=n_idx).astype(np.float64)
    sums = np.stack([np.bincount(idx, weights=px[:, c], minlength=n_idx) for c in range(3)], axis=1)
    used = counts > 0
    counts, means = counts[used], sums[used] / counts[used, None]
    centers, weights = _merge_close(means, counts)
    order = np.argsort(-weights, kind="stable")[:k]
    total = float(px.shape[0])
    return tuple(
        ColorShare(
            rgb=tuple(int(np.rint(v)) for v in centers[i]),  # type: ignore[arg-type]
            hex=rgb_to_hex(centers[i]),
            share=round(float(weights[i]) / total, 6),
        )
        for i in order
    )


def _merge_close(means: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Greedily merge clusters closer than ``MERGE_DELTA_E`` (largest cluster absorbs)."""
    order = np.argsort(-counts, kind="stable")
    means, counts = means[order].copy(), counts[order].copy()
    alive = np.ones(len(counts), dtype=bool)
    for i in range(len(counts)):  # at most 2k clusters
        if not alive[i]:
            continue
        d = ciede2000(srgb_to_lab(means[i]), srgb_to_lab(means))
        absorb = alive & (d < MERGE_DELTA_E)
        absorb[i] = False
        if absorb.any():
            w = np.concatenate([[counts[i]], counts[absorb]])
            means[i] = np.average(np.vstack([means[i], means[absorb]]), axis=0, weights=w)
            counts[i] = w.sum()
            alive &= ~absorb
    return means[alive], counts[alive]


# ---- lexicon matching ---------------------------------------------------------------
def lexicon_colors(lexicon: pl.DataFrame) -> pl.DataFrame:
    """Colour rows of a lexicon with a valid hex, plus L, A, B (CIELAB) columns."""
    cols = lexicon.filter((pl.col("type") == "color") & pl.col("hex").is_not_null())
    cols = cols.filter(pl.col("hex").str.contains(r"^#?[0-9A-Fa-f]{6}$"))
    if cols.height == 0:
        return cols.with_columns(
            L=pl.lit(None, pl.Float64), A=pl.lit(None, pl.Float64), B=pl.lit(None, pl.Float64)
        )
    lab = srgb_to_lab(np.array([hex_to_rgb(h) for h in cols["hex"].to_list()]))
    return cols.with_columns(
        pl.Series("L", lab[:, 0]), pl.Series("A", lab[:, 1]), pl.Series("B", lab[:, 2])
    )


def _nearest(lab: np.ndarray, palette: pl.DataFrame, top: int) -> tuple[ColorMatch, ...]:
    if palette.height == 0:
        return ()
    d = ciede2000(lab, palette.select("L", "A", "B").to_numpy())
    order = np.argsort(d, kind="stable")[:top]
    ids, en, zh, hx = (palette[c].to_list() for c in ("element_id", "name_en", "name_zh", "hex"))
    return tuple(
        ColorMatch(
            element_id=ids[i],
            name_en=en[i] or "",
            name_zh=zh[i] or "",
            hex=hx[i],
            delta_e=round(float(d[i]), 4),
        )
        for i in order
    )


def nearest_lexicon_color(
    rgb: tuple[int, int, int] | str,
    lexicon: pl.DataFrame,
    *,
    top: int = 3,
) -> tuple[ColorMatch, ...]:
    """The ``top`` lexicon colours nearest to ``rgb`` (or a hex code) by CIEDE2000.

    Example
    -------
    >>> lex = pl.DataFrame({"element_id": ["tiffany_blue", "black"], "type": ["color"] * 2,
    ...     "name_en": ["Tiffany blue", "black"], "name_zh": ["蒂芙尼蓝", "黑色"],
    ...     "hex": ["#0ABAB5", "#000000"]})
    >>> nearest_lexicon_color((12, 180, 178), lex, top=1)[0].element_id
    'tiffany_blue'
    """
    if isinstance(rgb, str):
        rgb = hex_to_rgb(rgb)
    return _nearest(srgb_to_lab(rgb), lexicon_colors(lexicon), top)


def image_color_report(
    items: pl.DataFrame,
    base_dir: str | os.PathLike[str],
    lexicon: pl.DataFrame,
    *,
    min_share: float = MIN_SHARE,
    max_delta_e: float | None = None,
) -> ImageColorReport:
    """Colour mentions for items (posts/products) with an ``image_path``, plus a report.

    Each image is read product-first by :func:`infimate.elements.photo_colour.photo_colours`
    (background, skin and hair set aside, the centre weighed most): up to 3 colours, main
    first. ``items`` has columns ``id`` and ``image_path`` (relative to ``base_dir``; null
    or empty paths are ignored, not counted as skipped). An unreadable, missing, huge or
    out-of-dataset image is skipped with a reason — never a crash. ``max_delta_e`` drops
    colours whose mean pixel is further (CIEDE2000) than that from the named colour.

    Example
    -------
    >>> rep = image_color_report(pl.DataFrame({"id": ["p1"], "image_path": ["nope.png"]}),
    ...     ".", pl.DataFrame({"element_id": ["red"], "type": ["color"], "name_en": ["red"],
    ...     "name_zh": ["红色"], "hex": ["#C8102E"], "parent": [None]}))
    >>> rep.n_skipped, rep.skipped["reason"][0]
    (1, 'file not found')
    """
    base = Path(base_dir)
    palette = photo_palette(lexicon)
    todo = (
        items.select(pl.col("id").cast(pl.String), pl.col("image_path").cast(pl.String))
        .with_row_index("_row")
        .filter(pl.col("image_path").is_not_null() & (pl.col("image_path").str.strip_chars() != ""))
    )
    paths = [inside(base, rel) for rel in todo["image_path"].to_list()]
    outside = pl.Series([p is None for p in paths], dtype=pl.Boolean)
    tags = tag_photos(
        todo.filter(~outside).select(
            "id", pl.Series("path", [str(p) for p in paths if p is not None], dtype=pl.String)
        ),
        lexicon,
    )
    rows: list[tuple[str, str, float, float, int, float]] = []
    read = tags.filter(pl.col("error").is_null())
    for item_id, colours, shares, hexes, confidence in read.select(
        "id", "colours", "shares", "hexes", "confidence"
    ).iter_rows():
        rank = 0
        for eid, share, hx in zip(colours, shares, hexes, strict=True):
            de = _delta_e(hx, palette.hex_of(eid))
            if share < min_share or (max_delta_e is not None and de > max_delta_e):
                continue
            rank += 1
            rows.append((item_id, eid, share, de, rank, confidence))
    mentions = pl.DataFrame(
        rows,
        schema={
            "id": pl.String,
            "element_id": pl.String,
            "share": pl.Float64,
            "delta_e": pl.Float64,
            "rank": pl.Int32,
            "confidence": pl.Float64,
        },
        orient="row",
    ).select(
        "id", "element_id", pl.lit("color").alias("type"), pl.all().exclude("id", "element_id")
    )
    failed = (
        todo.filter(~outside)
        .with_columns(tags["error"].alias("reason"))
        .filter(pl.col("reason").is_not_null())
    )
    skipped_df = (
        pl.concat(
            [
                todo.filter(outside).with_columns(reason=pl.lit("path outside the dataset")),
                failed,
            ]
        )
        .sort("_row")
        .select("id", "image_path", "reason")
    )
    return ImageColorReport(
        mentions=mentions,
        n_items=todo.height,
        n_read=tags.height - failed.height,
        skipped=skipped_df,
    )


def _delta_e(hex_a: str, hex_b: str | None) -> float:
    """CIEDE2000 between two hex colours (0 when either is missing)."""
    if not hex_a or not hex_b:
        return 0.0
    lab = srgb_to_lab(np.array([hex_to_rgb(hex_a), hex_to_rgb(hex_b)], dtype=np.float64))
    return round(float(ciede2000(lab[0], lab[1])), 3)


def image_color_mentions(
    items: pl.DataFrame,
    base_dir: str | os.PathLike[str],
    lexicon: pl.DataFrame,
    *,
    min_share: float = MIN_SHARE,
    max_delta_e: float | None = None,
) -> pl.DataFrame:
    """Colour mentions (id, element_id, type="color", share, delta_e, rank, confidence) for
    items with images; ``rank`` 1 is the image's main colour.

    Same as ``image_color_report(...).mentions``; skipped images are announced with a
    ``UserWarning`` naming how many (use :func:`image_color_report` for the list).

    Example
    -------
    >>> image_color_mentions(pl.DataFrame({"id": [], "image_path": []}), ".",
    ...     pl.DataFrame({"element_id": ["red"], "type": ["color"], "name_en": ["red"],
    ...     "name_zh": ["红色"], "hex": ["#C8102E"], "parent": [None]})).height
    0
    """
    rep = image_color_report(items, base_dir, lexicon, min_share=min_share, max_delta_e=max_delta_e)
    if rep.n_skipped:
        warnings.warn(
            f"{rep.n_skipped} of {rep.n_items} images skipped (unreadable or missing)",
            UserWarning,
            stacklevel=2,
        )
    return rep.mentions


def swatch(hex_code: str, *, size: tuple[int, int] = (48, 48)) -> Image.Image:
    """A solid RGB swatch image for ``hex_code`` (the UI shows swatches as images, not HTML).

    Example
    -------
    >>> swatch("#0ABAB5", size=(4, 2)).getpixel((0, 0))
    (10, 186, 181)
    """
    return Image.new("RGB", size, hex_to_rgb(hex_code))
