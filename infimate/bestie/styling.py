"""Styling rules: what flatters a body shape and height, which colours suit a colouring.

Body shape → lexicon elements (silhouettes, details, items) that flatter and ones to
avoid. A product carrying an *avoid* element is never recommended; each *flatter*
element it carries adds to its score (see :mod:`infimate.bestie.outfits`).

=================  ====================================================  ==========================================
shape              flatters                                              avoid
=================  ====================================================  ==========================================
pear               a_line, fit_and_flare, wide_leg_trousers,             bodycon, pencil_skirt, skinny_jeans,
                   square_neckline, boat_neck, puff_sleeve,              mermaid, leggings
                   off_shoulder, high_waisted
apple              empire_waist, wrap_silhouette, v_neck, a_line,        bodycon, crop_top, cinched_waist,
                   straight_leg, flutter_sleeve                          low_rise, peplum
hourglass          wrap_silhouette, cinched_waist, fit_and_flare,        boxy, oversized, cocoon, drop_waist
                   v_neck, sweetheart_neckline, pencil_skirt,
                   high_waisted
rectangle          peplum, ruffles, tiered, cinched_waist,               boxy, drop_waist
                   wrap_silhouette, sweetheart_neckline, balloon_sleeve
inverted_triangle  a_line, v_neck, halter_neck, wide_leg_trousers,      shoulder_pads, puff_sleeve, boat_neck,
                   flared, tiered, maxi_skirt                            off_shoulder, balloon_sleeve
=================  ====================================================  ==========================================

Height adds: *petite* flatters high_waisted, cropped, v_neck and avoids oversized,
maxi_skirt; *tall* flatters maxi_dress, wide_leg_trousers, flared; *average* adds nothing.

Colouring → colour families. Each family has an anchor colour; a lexicon colour belongs
to the shopper's palette when its CIEDE2000 ΔE to an anchor of a family that suits the
undertone *and* depth is ≤ ``MAX_DELTA_E`` (10: "similar at a glance", see
:mod:`infimate.elements.colors`); it is reported with its nearest family and ΔE.

=========  ==================  =======  ==================
undertone  family              anchor   depths
=========  ==================  =======  ==================
warm       warm yellow         #F3D36B  light, medium
warm       peach & coral       #FFA07A  light, medium
warm       camel               #C19A6B  light, medium, deep
warm       warm ivory          #FBF3DC  light, medium
warm       olive               #7A7A3A  medium, deep
warm       rust & terracotta   #C0582F  medium, deep
warm       chocolate           #5C3A1E  medium, deep
cool       icy blue            #A9C8E8  light, medium
cool       lavender            #B490D8  light, medium
cool       rose pink           #E8A8C0  light, medium
cool       cool grey           #8E8E9A  light, medium, deep
cool       jewel blue          #2350C0  medium, deep
cool       berry               #B0205E  medium, deep
cool       emerald             #00896B  medium, deep
cool       blue-red            #C8102E  medium, deep
neutral    soft white          #F4F0E6  light, medium
neutral    dusty rose          #C9A0A0  light, medium
neutral    sage                #9CAF88  light, medium, deep
neutral    taupe               #A39382  light, medium, deep
neutral    soft teal           #3E8E8A  light, medium, deep
neutral    jade                #3FA07A  medium, deep
neutral    navy                #1F2A44  medium, deep
=========  ==================  =======  ==================

With the built-in lexicon, e.g. warm → butter_yellow (ΔE 4.5 to warm yellow), camel,
olive_green; cool → powder_blue, digital_lavender, cobalt_blue; neutral → sage_green,
dusty_rose, navy (the tests pin these).

Example
-------
>>> from infimate.elements.lexicon import builtin_lexicon
>>> pal = palette(Profile(undertone="warm", depth="light"), builtin_lexicon())
>>> "butter_yellow" in pal["element_id"].to_list()
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from infimate.bestie.profile import Profile
from infimate.elements.colors import lexicon_colors
from infimate.elements.colorspace import ciede2000, hex_to_rgb, srgb_to_lab

MAX_DELTA_E = 10.0


@dataclass(frozen=True)
class BodyRule:
    """Elements that flatter / to avoid for one body shape (or height band)."""

    key: str
    flatter: tuple[str, ...]
    avoid: tuple[str, ...]


BODY_RULES: tuple[BodyRule, ...] = (
    BodyRule(
        "pear",
        (
            "a_line",
            "fit_and_flare",
            "wide_leg_trousers",
            "square_neckline",
            "boat_neck",
            "puff_sleeve",
            "off_shoulder",
            "high_waisted",
        ),
        ("bodycon", "pencil_skirt", "skinny_jeans", "mermaid", "leggings"),
    ),
    BodyRule(
        "apple",
        ("empire_waist", "wrap_silhouette", "v_neck", "a_line", "straight_leg", "flutter_sleeve"),
        ("bodycon", "crop_top", "cinched_waist", "low_rise", "peplum"),
    ),
    BodyRule(
        "hourglass",
        (
            "wrap_silhouette",
            "cinched_waist",
            "fit_and_flare",
            "v_neck",
            "sweetheart_neckline",
            "pencil_skirt",
            "high_waisted",
        ),
        ("boxy", "oversized", "cocoon", "drop_waist"),
    ),
    BodyRule(
        "rectangle",
        (
            "peplum",
            "ruffles",
            "tiered",
            "cinched_waist",
            "wrap_silhouette",
            "sweetheart_neckline",
            "balloon_sleeve",
        ),
        ("boxy", "drop_waist"),
    ),
    BodyRule(
        "inverted_triangle",
        ("a_line", "v_neck", "halter_neck", "wide_leg_trousers", "flared", "tiered", "maxi_skirt"),
        ("shoulder_pads", "puff_sleeve", "boat_neck", "off_shoulder", "balloon_sleeve"),
    ),
)
HEIGHT_RULES: tuple[BodyRule, ...] = (
    BodyRule("petite", ("high_waisted", "cropped", "v_neck"), ("oversized", "maxi_skirt")),
    BodyRule("average", (), ()),
    BodyRule("tall", ("maxi_dress", "wide_leg_trousers", "flared"), ()),
)


@dataclass(frozen=True)
class ColorFamily:
    """A colour family that suits an undertone at some skin depths."""

    undertone: str
    name: str
    hex: str
    depths: tuple[str, ...]


_LMD, _MD, _LM = ("light", "medium", "deep"), ("medium", "deep"), ("light", "medium")
COLOR_FAMILIES: tuple[ColorFamily, ...] = (
    ColorFamily("warm", "warm yellow", "#F3D36B", _LM),
    ColorFamily("warm", "peach & coral", "#FFA07A", _LM),
    ColorFamily("warm", "camel", "#C19A6B", _LMD),
    ColorFamily("warm", "warm ivory", "#FBF3DC", _LM),
    ColorFamily("warm", "olive", "#7A7A3A", _MD),
    ColorFamily("warm", "rust & terracotta", "#C0582F", _MD),
    ColorFamily("warm", "chocolate", "#5C3A1E", _MD),
    ColorFamily("cool", "icy blue", "#A9C8E8", _LM),
    ColorFamily("cool", "lavender", "#B490D8", _LM),
    ColorFamily("cool", "rose pink", "#E8A8C0", _LM),
    ColorFamily("cool", "cool grey", "#8E8E9A", _LMD),
    ColorFamily("cool", "jewel blue", "#2350C0", _MD),
    ColorFamily("cool", "berry", "#B0205E", _MD),
    ColorFamily("cool", "emerald", "#00896B", _MD),
    ColorFamily("cool", "blue-red", "#C8102E", _MD),
    ColorFamily("neutral", "soft white", "#F4F0E6", _LM),
    ColorFamily("neutral", "dusty rose", "#C9A0A0", _LM),
    ColorFamily("neutral", "sage", "#9CAF88", _LMD),
    ColorFamily("neutral", "taupe", "#A39382", _LMD),
    ColorFamily("neutral", "soft teal", "#3E8E8A", _LMD),
    ColorFamily("neutral", "jade", "#3FA07A", _MD),
    ColorFamily("neutral", "navy", "#1F2A44", _MD),
)


@dataclass(frozen=True)
class BodyAdvice:
    """Flatter / avoid element ids for a profile (body shape + height combined)."""

    shape: str
    height: str
    flatter: tuple[str, ...]
    avoid: tuple[str, ...]


def rule_elements() -> tuple[str, ...]:
    """Every element id the body and height rules name (checked against the lexicon)."""
    ids = {e for r in (*BODY_RULES, *HEIGHT_RULES) for e in (*r.flatter, *r.avoid)}
    return tuple(sorted(ids))


def missing_rule_elements(lexicon: pl.DataFrame) -> tuple[str, ...]:
    """Rule element ids the lexicon does not have (must be empty for the built-in one)."""
    have = set(lexicon["element_id"].to_list())
    return tuple(e for e in rule_elements() if e not in have)


def body_advice(profile: Profile) -> BodyAdvice:
    """Combine the shape rule and the height rule; a shape's *avoid* wins over height.

    Example
    -------
    >>> "a_line" in body_advice(Profile(body_shape="pear")).flatter
    True
    """
    shape = next(r for r in BODY_RULES if r.key == profile.body_shape)
    height = next(r for r in HEIGHT_RULES if r.key == profile.height)
    avoid = tuple(dict.fromkeys((*shape.avoid, *height.avoid)))
    flatter = tuple(e for e in dict.fromkeys((*shape.flatter, *height.flatter)) if e not in avoid)
    return BodyAdvice(profile.body_shape, profile.height, flatter, avoid)


def families(profile: Profile) -> tuple[ColorFamily, ...]:
    """Colour families suiting the profile's undertone and depth."""
    return tuple(
        f for f in COLOR_FAMILIES if f.undertone == profile.undertone and profile.depth in f.depths
    )


def palette(
    profile: Profile, lexicon: pl.DataFrame, *, max_delta_e: float = MAX_DELTA_E
) -> pl.DataFrame:
    """Lexicon colours that suit the profile, each with its nearest family and ΔE00.

    Columns: element_id, name_en, hex, family, anchor, delta_e (sorted by delta_e).
    Disliked colours are left out.

    Example
    -------
    >>> from infimate.elements.lexicon import builtin_lexicon
    >>> palette(Profile(undertone="cool"), builtin_lexicon()).columns[:4]
    ['element_id', 'name_en', 'hex', 'family']
    """
    fams = families(profile)
    cols = lexicon_colors(lexicon)
    schema = {
        "element_id": pl.Utf8,
        "name_en": pl.Utf8,
        "hex": pl.Utf8,
        "family": pl.Utf8,
        "anchor": pl.Utf8,
        "delta_e": pl.Float64,
    }
    if not fams or cols.is_empty():
        return pl.DataFrame(schema=schema)
    anchors = srgb_to_lab(np.array([hex_to_rgb(f.hex) for f in fams]))
    d = ciede2000(cols.select("L", "A", "B").to_numpy()[:, None, :], anchors[None, :, :])
    best = d.argmin(axis=1)
    out = cols.select("element_id", "name_en", "hex").with_columns(
        pl.Series("family", [fams[i].name for i in best], dtype=pl.Utf8),
        pl.Series("anchor", [fams[i].hex for i in best], dtype=pl.Utf8),
        pl.Series("delta_e", d.min(axis=1).round(1)),
    )
    return (
        out.filter(
            (pl.col("delta_e") <= max_delta_e) & ~pl.col("element_id").is_in(list(profile.dislikes))
        )
        .sort("delta_e", "element_id")
        .select(list(schema))
    )
