"""Product-first colour of a photo: up to 3 named colours with shares, and a confidence.

A catalogue or social photo shows more than the product: a white or grey studio
background, the model's skin and hair, the jeans under the T-shirt. The steps, each a
general rule with one explainable threshold:

1. **Background.** Transparent pixels, and the region connected to the image border whose
   colour is within :data:`BACKGROUND_DELTA_E` (CIELAB ΔE76) of the border's median colour,
   when that colour is a neutral (white, light grey, a grey studio backdrop) shared by at
   least half of the border. Near-white pixels enclosed by the product (the gap between an
   arm and the body) go with it when the backdrop is white. A photo whose border is the
   product itself (a close crop, a flat swatch) keeps every pixel.
2. **Person in shot.** Skin-toned pixels (the YCbCr rule of Chai & Ngan, 1999) in the top
   sixth of the foreground mean a head and neck. The person's skin is then the skin-toned
   pixels within :data:`FACE_DELTA_E` of the face's median colour (a peach shirt is
   skin-toned too, but not this face's colour), and their hair the dark pixels of that
   head band. Skin-toned regions that run off the frame are a body cut by the crop (bare
   legs, a torso in underwear), with or without a head in shot, unless they are nearly
   all of the product. All of these weigh :data:`PERSON_WEIGHT` of a product pixel.
3. **Centre.** Each pixel weighs a Gaussian of its distance to the centre of the
   foreground (σ = :data:`CENTRE_SIGMA` of its width and height): the product sits in the
   middle, props and cut-off limbs at the edges.
4. **Colours.** Each pixel's family comes from where its colour lies in CIELAB LCh
   (:class:`~infimate.elements.photo_palette.ColourRegions`: photographed black is a dark
   grey, shading turns beige into brown). Families that differ only in lightness form one
   group — the neutrals (black, grey, white) and the earth tones (brown, beige) — since
   shading moves a product's pixels between them; weights add up per group, and a group's
   family is that of its pixels' weighted median lightness and mean hue (a black T-shirt
   with grey folds is black). The largest groups (share ≥ :data:`MIN_SHARE`, up to 3) are
   the colours, each named by its family's colour nearest to its pixels' weighted mean.
   When no group holds :data:`DOMINANT_SHARE` of the weight and three or more each hold
   :data:`MIN_SHARE`, the photo is **multi** (the ``multicolour`` element first).
5. **Confidence** is the main colour's share of the weighted pixels (0–1).

Example
-------
>>> from PIL import Image
>>> from infimate.elements.lexicon import builtin_lexicon
>>> img = Image.new("RGB", (60, 80), "white")
>>> img.paste(Image.new("RGB", (30, 40), "#002FA7"), (15, 20))
>>> pc = photo_colours(img, photo_palette(builtin_lexicon()))
>>> pc.colours, pc.shares, pc.confidence
(('klein_blue',), (1.0,), 1.0)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

from infimate.elements.colorspace import rgb_to_hex, srgb_to_lab
from infimate.elements.photo_palette import (
    MULTI_FAMILY,
    PhotoPalette,
    cell_index,
    cell_lab,
    photo_palette,
)

__all__ = ["PhotoColours", "PhotoError", "photo_colours", "photo_palette", "read_photo"]

MAX_SIDE = 96  # px: catalogue thumbnails are read as they are, larger photos downscaled
MAX_PIXELS = 50_000_000  # a larger image is refused before decoding (decompression bombs)
ALPHA_MIN = 128
BACKGROUND_DELTA_E = 6.0
BACKDROP_CHROMA = 0.12  # a backdrop is neutral when its C* is below 0.12 × its L*
PERSON_WEIGHT = 0.15
CENTRE_SIGMA = 0.35
FACE_DELTA_E = 20.0
MIN_SHARE = 0.12
DOMINANT_SHARE = 0.25


class PhotoError(ValueError):
    """A photo cannot be read: not an image, truncated, or too large."""


@dataclass(frozen=True)
class PhotoColours:
    """Colours of one photo, main first: ``colours`` (lexicon element ids), ``families``,
    ``shares`` of the weighted product pixels, ``hexes`` (each colour's mean pixel),
    ``confidence`` (0–1) and ``person`` (a person was found in shot)."""

    colours: tuple[str, ...]
    families: tuple[str, ...]
    shares: tuple[float, ...]
    hexes: tuple[str, ...]
    confidence: float
    person: bool = False

    @property
    def main(self) -> str | None:
        """The main colour's element id (None when no product pixel was found)."""
        return self.colours[0] if self.colours else None


EMPTY = PhotoColours((), (), (), (), 0.0)


def read_photo(image: Image.Image | str | os.PathLike[str]) -> Image.Image:
    """Open and decode a photo (downscaled on decode when it is a JPEG).

    Raises :class:`PhotoError` with the reason when the file is not a readable image or
    has more than :data:`MAX_PIXELS` pixels (checked from the header, before decoding).
    """
    if isinstance(image, Image.Image):
        return image
    try:
        img = Image.open(image)
        w, h = img.size
        if w * h > MAX_PIXELS:
            raise PhotoError(f"image too large: {w}×{h} px (limit {MAX_PIXELS:,} pixels)")
        img.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))  # cheap JPEG downscale on decode
        img.load()
    except PhotoError:
        raise
    except FileNotFoundError as exc:
        raise PhotoError("file not found") from exc
    except Image.DecompressionBombError as exc:
        raise PhotoError(f"image too large ({exc})") from exc
    except (OSError, ValueError, SyntaxError) as exc:  # UnidentifiedImageError is an OSError
        reason = "not an image" if "cannot identify" in str(exc) else f"cannot decode ({exc})"
        raise PhotoError(reason) from exc
    return img


def _pixels(img: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """(h, w, 3) uint8 RGB and (h, w) opaque mask, downscaled to at most MAX_SIDE."""
    img = img.convert("RGBA")
    if max(img.size) > MAX_SIDE:
        img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BOX)
    arr = np.asarray(img, dtype=np.uint8)
    return arr[..., :3], arr[..., 3] >= ALPHA_MIN


def _border(a: np.ndarray) -> np.ndarray:
    """The outermost ring of a 2-D (or 3-D) array, as rows."""
    return np.concatenate([a[0], a[-1], a[1:-1, 0], a[1:-1, -1]])


def background(lab: np.ndarray, opaque: np.ndarray) -> np.ndarray:
    """(h, w) mask of background pixels (see step 1 of the module docstring)."""
    bg = ~opaque
    ring_ok = _border(opaque)
    if ring_ok.mean() < 0.5:  # a cut-out: transparency is the background
        return bg
    ring = _border(lab)[ring_ok]
    ref = np.median(ring, axis=0)
    if np.hypot(ref[1], ref[2]) >= BACKDROP_CHROMA * max(float(ref[0]), 20.0):
        return bg  # a coloured border is the product (close crop, flat swatch)
    if (np.linalg.norm(ring - ref, axis=1) <= BACKGROUND_DELTA_E).mean() < 0.5:
        return bg  # no uniform backdrop
    like = opaque & (np.linalg.norm(lab - ref, axis=-1) <= BACKGROUND_DELTA_E)
    parts, _ = ndimage.label(like)
    edge = np.zeros(int(parts.max()) + 1, dtype=bool)
    edge[_border(parts)] = True
    edge[0] = False
    bg |= edge[parts]
    if ref[0] >= 90:  # white backdrop: enclosed near-white gaps are backdrop too
        bg |= like
    return bg


def skin(rgb: np.ndarray) -> np.ndarray:
    """Skin-toned pixels: Cb in [77, 127] and Cr in [133, 173] (Chai & Ngan, 1999)."""
    r, g, b = (rgb[..., i].astype(np.float32) for i in range(3))
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    out: np.ndarray = (cb >= 77) & (cb <= 127) & (cr >= 133) & (cr <= 173)
    return out


def _weights(rgb: np.ndarray, lab: np.ndarray, fg: np.ndarray) -> tuple[np.ndarray, bool]:
    """Per-pixel weight of the foreground (0 elsewhere) and whether a person is in shot."""
    ys, xs = np.nonzero(fg)
    top, bottom, left, right = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    h, w = bottom - top, right - left
    yy, xx = np.mgrid[0 : fg.shape[0], 0 : fg.shape[1]]
    cy, cx = (top + bottom - 1) / 2, (left + right - 1) / 2
    weight = np.exp(
        -0.5 * (((yy - cy) / (CENTRE_SIGMA * h)) ** 2 + ((xx - cx) / (CENTRE_SIGMA * w)) ** 2)
    )
    tone = skin(rgb) & fg
    head = (yy < top + max(1, h // 6)) & fg
    person = bool(
        h >= 0.8 * fg.shape[0]  # a model stands or sits across the frame
        and head.any()
        and tone[head].mean() >= 0.3  # a face and neck at the top
        and np.ptp(xx[head]) + 1 <= 0.6 * w  # a head is narrower than the shoulders
    )
    if person:
        face = np.median(lab[tone & head], axis=0)  # this person's skin, from the face
        own = tone & (np.linalg.norm(lab - face, axis=-1) <= FACE_DELTA_E)
        hair = head & (lab[..., 0] < 30)
        return np.where(fg, np.where(own | hair, weight * PERSON_WEIGHT, weight), 0.0), True
    parts, _ = ndimage.label(tone)  # skin running off the frame: a body cut by the crop
    edge = np.zeros(int(parts.max()) + 1, dtype=bool)
    edge[_border(parts)] = True
    edge[0] = False
    body = edge[parts]
    if body.any() and body.sum() < 0.9 * fg.sum():
        weight = np.where(body, weight * PERSON_WEIGHT, weight)
    return np.where(fg, weight, 0.0), person


def photo_colours(
    image: Image.Image | str | os.PathLike[str],
    palette: PhotoPalette,
    *,
    top: int = 3,
) -> PhotoColours:
    """The product's colours in a photo (see the module docstring), main colour first.

    Raises :class:`PhotoError` when the image cannot be read. An image with no product
    pixel (all background) gives no colour and confidence 0.
    """
    rgb, opaque = _pixels(read_photo(image))
    cells = cell_index(rgb)
    lab = cell_lab()[cells]
    fg = opaque & ~background(lab, opaque)
    if not fg.any():
        return EMPTY
    weight, person = _weights(rgb, lab, fg)
    w = weight[fg]
    px = rgb[fg]
    px_lab = srgb_to_lab(px)  # exact: the look-up cells are too coarse for dark colours
    fam = palette.families_of(px, px_lab)
    group = palette.family_group[fam]
    gw = np.bincount(group, weights=w, minlength=len(palette.groups))
    if gw.sum() <= 0:
        return EMPTY
    share = gw / gw.sum()
    order = [int(i) for i in np.argsort(-share, kind="stable") if share[i] >= MIN_SHARE][:top]
    order = order or [int(np.argmax(share))]
    families, means = [], []
    for g in order:
        inside = group == g
        gw_i = w[inside]
        means.append(gw_i @ px[inside] / gw_i.sum())
        families.append(palette.group_family(g, px_lab[inside], gw_i, fam[inside]))
    fmean_rgb = np.array(means)
    picks = palette.nearest_in_families(srgb_to_lab(fmean_rgb), families)  # exact
    colours = [palette.ids[k] for k in picks]
    shares = [round(float(share[i]), 3) for i in order]
    hexes = [rgb_to_hex(c) for c in fmean_rgb]
    confidence = shares[0]
    if shares[0] < DOMINANT_SHARE and len(shares) >= 3 and MULTI_FAMILY in palette.family:
        confidence = round(sum(shares), 3)  # a mix: the listed colours together
        colours.insert(0, MULTI_FAMILY)
        families.insert(0, MULTI_FAMILY)
        shares.insert(0, confidence)
        hexes.insert(0, hexes[0])
    return PhotoColours(
        tuple(colours[:top]),
        tuple(families[:top]),
        tuple(shares[:top]),
        tuple(hexes[:top]),
        confidence=confidence,
        person=person,
    )
