"""The lexicon's colours as a pixel palette: every sRGB colour → a colour family, then a name.

A colour's **family** is the root of its ``parent`` chain in the lexicon
(:func:`infimate.elements.labels.colour_family`: navy → blue, skin → nude → beige). A
photographed colour is not its catalogue swatch: shading darkens and greys it, black
fabric photographs as a dark grey and white as a light grey. So a pixel's family is
decided first, perceptually, from its CIELAB lightness L*, chroma C* and hue angle h
(:class:`ColourRegions`), and only then is it named — the family's lexicon colour nearest
to it (CIEDE2000):

* **neutrals**: C* below :attr:`~ColourRegions.neutral_chroma` (less in the dark, where
  no colour can be vivid) — black below a lightness, white above one, grey between;
* **earth tones**: warm hues (orange to yellow) of low chroma — brown when dark, beige
  when light, off-white/cream when very light;
* **hue sectors** for the chromatic families, with light reds read as pink and dark pinks
  as red (maroon, burgundy);
* the families that a single pixel cannot show — metallic (a sheen, not a hue) and multi
  (a mix) — are never a pixel's family.

The palette is a look-up table over sRGB quantised to 5 bits per channel (32,768 cells),
so reading a photo costs one table look-up per pixel. A lexicon without some family (a
custom, smaller lexicon) names those cells by the nearest colour it has.

Example
-------
>>> from infimate.elements.lexicon import builtin_lexicon
>>> pal = photo_palette(builtin_lexicon())
>>> pal.name((10, 186, 181)), pal.family_of("tiffany_blue")
('tiffany_blue', 'blue')
>>> pal.name((128, 126, 131)), pal.name((25, 27, 31))  # a tinted grey; photographed black
('grey', 'black')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import polars as pl

from infimate.elements.colorspace import ciede2000, hex_to_rgb, srgb_to_lab
from infimate.elements.labels import colour_family

#: Families read from pixels as neutrals (achromatic).
NEUTRAL_FAMILIES = ("black", "grey", "white")
#: Families no single pixel can show: a metal's sheen, a print's mix.
METALLIC_FAMILY = "metallics"
MULTI_FAMILY = "multicolour"
#: Earth tones: like the neutrals, they differ only in lightness, which shading changes.
EARTH_FAMILIES = ("brown", "beige")
_GROUP = {**dict.fromkeys(NEUTRAL_FAMILIES, "neutral"), **dict.fromkeys(EARTH_FAMILIES, "earth")}
#: Below this CIELAB chroma (at L* >= 50) a colour reads as a neutral (grey, black, white).
NEUTRAL_CHROMA = 6.0
BITS = 5  # per channel: 32,768 cells, at most 4 levels (ΔE00 ≈ 1) from any colour
_SHIFT = 8 - BITS


@dataclass(frozen=True)
class ColourRegions:
    """Where each colour family sits in CIELAB LCh (L* 0–100, chroma C*, hue h in degrees)
    for photographed colours (see the module docstring).

    ``neutral_chroma``/``dark_chroma_floor``: the neutral cut (:func:`neutral_cut`);
    neutrals are black below ``black_lightness``, white above ``white_lightness``.
    ``earth_hues`` (from, to) with C* below ``earth_chroma`` are earth tones: brown below
    ``beige_lightness``, white above ``cream_lightness``, beige between. ``hues`` lists
    ``(start angle, family)`` in increasing angle; a sector runs to the next start and the
    last wraps around to the first (the starts sit halfway between the lexicon's families).
    Reds lighter than ``pink_lightness`` are pink, pinks darker than
    ``dark_pink_lightness`` red. The lightness and chroma thresholds were chosen on the
    even-numbered photos of a catalogue and checked on the odd ones
    (``python -m infimate bench photos``).
    """

    neutral_chroma: float = NEUTRAL_CHROMA
    black_lightness: float = 25.0
    white_lightness: float = 85.0
    earth_hues: tuple[float, float] = (30.0, 100.0)
    earth_chroma: float = 30.0
    beige_lightness: float = 50.0
    cream_lightness: float = 90.0
    dark_chroma_floor: float = 30.0
    pink_lightness: float = 65.0
    dark_pink_lightness: float = 40.0
    hues: tuple[tuple[float, str], ...] = (
        (15.0, "red"),
        (42.0, "orange"),
        (75.0, "yellow"),
        (105.0, "green"),
        (176.0, "blue"),
        (305.0, "purple"),
        (337.0, "pink"),
    )


def neutral_cut(
    lightness: np.ndarray | float, chroma_cut: float = NEUTRAL_CHROMA, dark_floor: float = 30.0
) -> np.ndarray:
    """The chroma below which a colour of this CIELAB lightness reads as a neutral:
    ``chroma_cut`` from L* = 50 up, in proportion to L* below (a dark colour cannot be
    vivid, so a dark brown's small chroma is still brown) down to L* = ``dark_floor``
    (below it a camera's noise and colour cast tint black pixels as much as a colour)."""
    light = np.clip(np.asarray(lightness, dtype=np.float64), dark_floor, 50)
    out: np.ndarray = chroma_cut * light / 50
    return out


def lch(lab: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lightness, chroma and hue angle (degrees, 0–360) of ``(..., 3)`` CIELAB colours."""
    lab = np.asarray(lab, dtype=np.float64)
    hue = np.degrees(np.arctan2(lab[..., 2], lab[..., 1])) % 360
    return lab[..., 0], np.hypot(lab[..., 1], lab[..., 2]), hue


def region_names(regions: ColourRegions = ColourRegions()) -> tuple[str, ...]:
    """The families :func:`region_codes` numbers: the neutrals, the earth tones, then the
    hue sectors' families."""
    base = ("black", "grey", "white", "brown", "beige", "red", "pink")
    return tuple(dict.fromkeys([*base, *(f for _, f in regions.hues)]))


def region_codes(lab: np.ndarray, regions: ColourRegions = ColourRegions()) -> np.ndarray:
    """The family of each ``(..., 3)`` CIELAB colour, as an index into
    :func:`region_names` (see the module docstring and :class:`ColourRegions`)."""
    black, grey, white, brown, beige, red, pink = range(7)
    pos = {n: i for i, n in enumerate(region_names(regions))}
    light, chroma, hue = lch(lab)
    starts = np.array([s for s, _ in regions.hues])
    sector = np.array([pos[f] for _, f in regions.hues])
    out = sector[(np.searchsorted(starts, hue, side="right") - 1) % len(starts)]
    out = np.where((out == red) & (light > regions.pink_lightness), pink, out)
    out = np.where((out == pink) & (light < regions.dark_pink_lightness), red, out)
    lo, hi = regions.earth_hues
    earth = (hue >= lo) & (hue < hi) & (chroma < regions.earth_chroma)
    earth_code = np.where(light < regions.beige_lightness, brown, beige)
    earth_code = np.where(light > regions.cream_lightness, white, earth_code)
    out = np.where(earth, earth_code, out)
    neutral = chroma < neutral_cut(light, regions.neutral_chroma, regions.dark_chroma_floor)
    shade = np.where(light < regions.black_lightness, black, grey)
    shade = np.where(light > regions.white_lightness, white, shade)
    codes: np.ndarray = np.where(neutral, shade, out)
    return codes


def region_family(lab: np.ndarray, regions: ColourRegions = ColourRegions()) -> np.ndarray:
    """The family (black, grey, white, brown, beige or a name from
    :attr:`ColourRegions.hues`) of each ``(..., 3)`` CIELAB colour, as a string array."""
    names: np.ndarray = np.array(region_names(regions))[region_codes(lab, regions)]
    return names


def cell_index(rgb: np.ndarray) -> np.ndarray:
    """The look-up cell of each ``(..., 3)`` uint8 RGB pixel."""
    q = rgb.astype(np.int32) >> _SHIFT
    idx: np.ndarray = (q[..., 0] << (2 * BITS)) | (q[..., 1] << BITS) | q[..., 2]
    return idx


@functools.cache
def cell_lab() -> np.ndarray:
    """CIELAB of every cell's centre, ``(32768, 3)`` float32."""
    levels = (np.arange(1 << BITS) << _SHIFT) + (1 << _SHIFT) // 2
    r, g, b = np.meshgrid(levels, levels, levels, indexing="ij")
    rgb = np.stack([r.ravel(), g.ravel(), b.ravel()], axis=1)
    return srgb_to_lab(rgb).astype(np.float32)


@dataclass(frozen=True)
class PhotoPalette:
    """Named colours for pixels: ``ids``/``hexes``/``families`` (one per colour), ``lab``
    ``(n, 3)``, and ``cell`` — the index into ``ids`` of every look-up cell."""

    ids: tuple[str, ...]
    hexes: tuple[str, ...]
    families: tuple[str, ...]
    lab: np.ndarray
    cell: np.ndarray
    family: dict[str, str]
    regions: ColourRegions = ColourRegions()

    def name(self, rgb: tuple[int, int, int]) -> str:
        """The palette colour an sRGB colour is read as."""
        return self.ids[int(self.cell[int(cell_index(np.array(rgb, dtype=np.uint8)))])]

    def hex_of(self, element_id: str) -> str | None:
        """The hex code of a palette colour (None for a colour not in the palette)."""
        return self._hex.get(element_id)

    @functools.cached_property
    def _hex(self) -> dict[str, str]:
        return dict(zip(self.ids, self.hexes, strict=True))

    def family_of(self, element_id: str) -> str | None:
        """The family of any lexicon colour (None for an unknown id)."""
        return self.family.get(element_id)

    @functools.cached_property
    def family_names(self) -> tuple[str, ...]:
        """The families of the palette, sorted."""
        return tuple(sorted(set(self.families)))

    @functools.cached_property
    def family_index(self) -> np.ndarray:
        """Index into :attr:`family_names` of each palette colour."""
        pos = {f: i for i, f in enumerate(self.family_names)}
        return np.array([pos[f] for f in self.families], dtype=np.int32)

    @functools.cached_property
    def groups(self) -> tuple[str, ...]:
        """Families that differ only in lightness read as one colour in other light: the
        neutrals (black, grey, white) and the earth tones (brown, beige) are one group
        each, every other family is its own group. Sorted names."""
        return tuple(sorted({_GROUP.get(f, f) for f in self.families}))

    @functools.cached_property
    def family_group(self) -> np.ndarray:
        """Index into :attr:`groups` of each of :attr:`family_names`."""
        pos = {g: i for i, g in enumerate(self.groups)}
        return np.array([pos[_GROUP.get(f, f)] for f in self.family_names], dtype=np.int32)

    @functools.cached_property
    def group_index(self) -> np.ndarray:
        """Index into :attr:`groups` of each palette colour."""
        pos = {g: i for i, g in enumerate(self.groups)}
        return np.array([pos[_GROUP.get(f, f)] for f in self.families], dtype=np.int32)

    @functools.cached_property
    def _region_family(self) -> np.ndarray:
        """Index into :attr:`family_names` of each of :func:`region_names` (-1: none)."""
        pos = {f: i for i, f in enumerate(self.family_names)}
        return np.array([pos.get(f, -1) for f in region_names(self.regions)], dtype=np.int32)

    def families_of(self, rgb: np.ndarray, lab: np.ndarray | None = None) -> np.ndarray:
        """Index into :attr:`family_names` of each ``(n, 3)`` uint8 sRGB pixel: its region,
        from its exact CIELAB colour ``lab`` (computed when not given; the look-up cells
        are too coarse for dark colours), else — for a family the palette lacks — the
        family of the colour it is read as."""
        lab = srgb_to_lab(rgb) if lab is None else lab
        fam = self._region_family[region_codes(lab, self.regions)]
        missing = fam < 0
        if missing.any():
            fam[missing] = self.family_index[self.cell[cell_index(rgb[missing])]]
        out: np.ndarray = fam
        return out

    def group_family(
        self, group: int, lab: np.ndarray, weight: np.ndarray, fams: np.ndarray
    ) -> str:
        """The family of a group's pixels taken together: ``lab`` (CIELAB), ``weight`` and
        ``fams`` (index into :attr:`family_names`) of each pixel. It is the region of their
        weighted median lightness and mean hue (a black T-shirt's grey folds and highlights
        are still black), or the group's heaviest family when that region is not in the
        group."""
        members = {self.families[i] for i in np.flatnonzero(self.group_index == group)}
        if len(members) == 1:
            return members.pop()
        order = np.argsort(lab[:, 0], kind="stable")
        cum = np.cumsum(weight[order])
        light = lab[order[int(np.searchsorted(cum, cum[-1] / 2))], 0]
        a, b = weight @ lab[:, 1:] / weight.sum()
        found = str(region_family(np.array([light, a, b]), self.regions))
        if found in members:
            return found
        heaviest = np.bincount(fams, weights=weight, minlength=len(self.family_names))
        return self.family_names[int(np.argmax(heaviest))]

    def nearest_in_families(self, lab: np.ndarray, families: list[str]) -> list[int]:
        """For each CIELAB colour ``lab[i]``: the index of the colour of ``families[i]``
        nearest to it (CIEDE2000)."""
        d = ciede2000(lab[:, None, :], self.lab[None, :, :])
        fams = np.array(self.families)
        return [
            int(np.argmin(np.where(fams == f, row, np.inf)))
            for row, f in zip(d, families, strict=True)
        ]


def _name_cells(lab: np.ndarray, fams: tuple[str, ...], regions: ColourRegions) -> np.ndarray:
    """For every cell: the palette index it is read as — the nearest colour (CIEDE2000)
    of its region's family, or of the whole palette when the palette lacks that family."""
    cells = cell_lab().astype(np.float64)
    region = region_family(cells, regions)
    fam_arr = np.array(fams)
    out = np.empty(len(cells), dtype=np.int16)
    everything = np.arange(len(lab))
    for fam in np.unique(region):
        rows = np.flatnonzero(region == fam)
        allowed = np.flatnonzero(fam_arr == fam)
        allowed = allowed if len(allowed) else everything
        for s in range(0, len(rows), 2048):  # bounded memory: 2048 × n distances at a time
            part = rows[s : s + 2048]
            d = ciede2000(cells[part, None, :], lab[None, allowed, :])
            out[part] = allowed[np.argmin(d, axis=1)]
    return out


@functools.lru_cache(maxsize=8)
def _palette(rows: tuple[tuple[str, str, str], ...], regions: ColourRegions) -> PhotoPalette:
    ids = tuple(r[0] for r in rows)
    hexes = tuple(r[1] for r in rows)
    fams = tuple(r[2] for r in rows)
    lab = srgb_to_lab(np.array([hex_to_rgb(h) for h in hexes], dtype=np.float64))
    return PhotoPalette(ids, hexes, fams, lab, _name_cells(lab, fams, regions), {}, regions)


def photo_palette(
    lexicon: pl.DataFrame, *, regions: ColourRegions = ColourRegions()
) -> PhotoPalette:
    """The pixel palette of a lexicon's colours (cached per set of colours and regions).

    Raises ``ValueError`` when the lexicon has no flat colour with a hex code.
    """
    family = colour_family(lexicon)
    cols = lexicon.filter(
        (pl.col("type") == "color") & pl.col("hex").str.contains(r"^#[0-9A-Fa-f]{6}$")
    )
    rows = tuple(
        (e, h, family.get(e, e))
        for e, h in cols.select("element_id", "hex").rows()
        if family.get(e, e) not in (METALLIC_FAMILY, MULTI_FAMILY)
    )
    if not rows:
        raise ValueError("the lexicon has no colour with a hex code to read photos with")
    pal = _palette(tuple(sorted(rows)), regions)
    return PhotoPalette(pal.ids, pal.hexes, pal.families, pal.lab, pal.cell, family, regions)
